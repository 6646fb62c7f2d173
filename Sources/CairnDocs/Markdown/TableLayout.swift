/// Lays out a GitHub table as a grid: columns as wide as their widest cell, narrowed (widest
/// first) when the table would not fit, cells cut with an ellipsis, the header row strong and
/// ruled off, each column aligned as its delimiter row says.
///
///     Name  │ Qty │  Note
///     ──────┼─────┼──────
///     apple │  3  │ fresh
struct TableLayout {
    struct Row {
        var cells: [[StyledSpan]]
        var isHeader: Bool
    }

    /// No column is narrowed below this (or its content, if narrower).
    static let minimumColumnWidth = 3

    var alignments: [MarkdownNode.ColumnAlignment]
    var rows: [Row]

    /// The table's lines, each at most `width` columns when the columns can be narrowed that far.
    func lines(width: Int, glyphs: MarkdownGlyphs) -> [[StyledSpan]] {
        let columnCount = max(alignments.count, rows.map(\.cells.count).max() ?? 0)
        guard columnCount > 0 else { return [] }
        let columnWidths = fittedWidths(columnCount: columnCount, width: width, separatorWidth: DisplayWidth.of(glyphs.tableColumnSeparator))
        var output: [[StyledSpan]] = []
        for (index, row) in rows.enumerated() {
            output.append(line(for: row, columnWidths: columnWidths, glyphs: glyphs))
            let nextIsHeader = index + 1 < rows.count && rows[index + 1].isHeader
            if row.isHeader, !nextIsHeader {
                let rule = columnWidths.map { String(repeating: glyphs.tableRule, count: $0) }
                    .joined(separator: glyphs.tableCrossing)
                output.append([StyledSpan(rule, .muted)])
            }
        }
        return output
    }

    private func fittedWidths(columnCount: Int, width: Int, separatorWidth: Int) -> [Int] {
        var natural = Array(repeating: 1, count: columnCount)
        for row in rows {
            for (column, cell) in row.cells.enumerated() where column < columnCount {
                natural[column] = max(natural[column], DisplayWidth.of(cell.map(\.text).joined()))
            }
        }
        let budget = width - separatorWidth * (columnCount - 1)
        guard natural.reduce(0, +) > budget else { return natural }
        // The largest cap such that the columns, each cut to it, fit the budget.
        func total(cappedAt cap: Int) -> Int { natural.reduce(0) { $0 + min($1, cap) } }
        var low = Self.minimumColumnWidth
        var high = natural.max() ?? low
        guard total(cappedAt: low) <= budget else { return natural.map { min($0, low) } }
        while low < high {
            let middle = (low + high + 1) / 2
            if total(cappedAt: middle) <= budget { low = middle } else { high = middle - 1 }
        }
        var widths = natural.map { min($0, low) }
        // Hand out what is left, a column at a time, to the columns that were cut.
        var spare = budget - widths.reduce(0, +)
        for column in widths.indices where spare > 0 && widths[column] < natural[column] {
            widths[column] += 1
            spare -= 1
        }
        return widths
    }

    private func line(for row: Row, columnWidths: [Int], glyphs: MarkdownGlyphs) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        for (column, columnWidth) in columnWidths.enumerated() {
            if column > 0 { spans.append(StyledSpan(glyphs.tableColumnSeparator, .muted)) }
            var cell = column < row.cells.count ? row.cells[column] : []
            if row.isHeader { cell = cell.map { StyledSpan($0.text, $0.style.union(.strong)) } }
            cell = truncated(cell, to: columnWidth, ellipsis: glyphs.ellipsis)
            let missing = columnWidth - DisplayWidth.of(cell.map(\.text).joined())
            let alignment = column < alignments.count ? alignments[column] : .left
            let leading = switch alignment {
            case .left: 0
            case .center: missing / 2
            case .right: missing
            }
            if leading > 0 { spans.append(StyledSpan(String(repeating: " ", count: leading))) }
            spans += cell
            if missing - leading > 0 { spans.append(StyledSpan(String(repeating: " ", count: missing - leading))) }
        }
        return spans
    }

    private func truncated(_ spans: [StyledSpan], to columns: Int, ellipsis: String) -> [StyledSpan] {
        guard DisplayWidth.of(spans.map(\.text).joined()) > columns else { return spans }
        let room = columns - DisplayWidth.of(ellipsis)
        var output: [StyledSpan] = []
        var used = 0
        outer: for span in spans {
            var text = ""
            for character in span.text {
                let characterWidth = DisplayWidth.of(character)
                if used + characterWidth > room {
                    if !text.isEmpty { output.append(StyledSpan(text, span.style)) }
                    break outer
                }
                text.append(character)
                used += characterWidth
            }
            if !text.isEmpty { output.append(StyledSpan(text, span.style)) }
        }
        // A wide character that did not fit leaves a column: pad so the grid stays straight.
        if used < room { output.append(StyledSpan(String(repeating: " ", count: room - used))) }
        output.append(StyledSpan(ellipsis, .muted))
        return output
    }
}
