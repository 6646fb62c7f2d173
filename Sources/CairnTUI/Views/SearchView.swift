import CairnCatalog

/// The search screen: the query as typed, then results best first, two rows each — the entity
/// and where (page › section), and the snippet with the matched words highlighted.
enum SearchView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        let search = state.search
        let glyphs = state.glyphs
        canvas.box(rect, glyphs: glyphs, role: .borderFocus, title: "Search docs, APIs and the catalog")
        let inner = rect.inner
        var x = inner.x + 2
        x += canvas.put("Search: ", x: x, y: inner.y, role: .dim)
        x += canvas.put(search.query, x: x, y: inner.y, role: .text, maxWidth: inner.width - 12)
        canvas.put(state.isUnicode ? "▏" : "_", x: x, y: inner.y, role: .accent)
        let status: String
        if search.query.trimmingCharacters(in: .whitespaces).isEmpty {
            status = "type to search every entity's metadata, docs pages and API operations"
        } else if search.resultsQuery != search.query {
            status = "searching…"
        } else {
            status = search.results.isEmpty ? "nothing matches; try fewer or shorter words" : "\(search.results.count) result\(search.results.count == 1 ? "" : "s")"
        }
        canvas.put(status, x: inner.x + 2, y: inner.y + 1, role: .dim, maxWidth: inner.width - 3, ellipsis: glyphs.ellipsis)
        let rows = max(1, (inner.height - 3) / 2)
        for offset in 0..<rows {
            let index = search.top + offset
            guard search.results.indices.contains(index) else { break }
            let result = search.results[index]
            let y = inner.y + 3 + offset * 2
            let isSelected = index == search.selection
            if isSelected { canvas.put(glyphs.selection, x: inner.x, y: y, role: .accent) }
            var column = inner.x + 2
            column += canvas.put(result.entityRef.humanized, x: column, y: y, role: .title, maxWidth: inner.width / 2, ellipsis: glyphs.ellipsis)
            let place = result.section.isEmpty ? result.title : result.title + " \(glyphs.separator) " + result.section
            canvas.put("  " + TerminalText.singleLine(place), x: column, y: y, role: .dim, maxWidth: inner.x + inner.width - column - 1, ellipsis: glyphs.ellipsis)
            if isSelected { canvas.paint(x: inner.x + 2, y: y, width: inner.width - 3, role: .selection) }
            drawSnippet(result.snippet, x: inner.x + 4, y: y + 1, width: inner.width - 6, state: state, into: &canvas)
        }
    }

    /// The snippet on one line, matched words (between U+0001 and U+0002) in the accent role.
    static func drawSnippet(_ snippet: String, x: Int, y: Int, width: Int, state: AppState, into canvas: inout Canvas) {
        var column = x
        var isMatch = false
        var run = ""
        func flush() {
            guard !run.isEmpty, column < x + width else { return }
            column += canvas.put(TerminalText.singleLine(run), x: column, y: y, role: isMatch ? .accent : .text, maxWidth: x + width - column,
                                 ellipsis: state.glyphs.ellipsis)
            run = ""
        }
        for character in snippet.replacingOccurrences(of: "\n", with: " ") {
            if character == "\u{1}" || character == "\u{2}" {
                flush()
                isMatch = character == "\u{1}"
            } else {
                run.append(character)
            }
        }
        flush()
    }
}
