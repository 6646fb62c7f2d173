import Foundation

/// The Sources screen: one row per configured source in precedence order (name, type,
/// entities, age of its data, state), and under it the selected source in full: what it reads,
/// where it was declared, its last attempt, notices and the whole error.
enum SourcesView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas, now: Date = Date()) {
        let glyphs = state.glyphs
        let screen = state.sources
        var counts = ["\(screen.sources.count)"]
        if screen.staleCount > 0 { counts.append("\(screen.staleCount) stale") }
        if screen.failedCount > 0 { counts.append("\(screen.failedCount) failed") }
        canvas.box(rect, glyphs: glyphs, role: .borderFocus, title: "Sources (\(counts.joined(separator: ", "))) \(glyphs.separator) first listed wins")
        let inner = rect.inner
        guard !screen.sources.isEmpty else {
            let text = screen.isLoaded
                ? "No sources: the catalog is read from local files only. Declare sources: in the config file (git, github, gitlab, backstage), or pass --catalog git+URL#REF."
                : "reading sources" + glyphs.ellipsis
            for (offset, line) in DetailContent.wrap(text, width: inner.width - 4, ellipsis: glyphs.ellipsis).enumerated() {
                canvas.put(line, x: inner.x + 2, y: inner.y + 1 + offset, role: .dim)
            }
            return
        }
        let columns = Columns(width: inner.width, sources: screen.sources)
        canvas.put("SOURCE", x: inner.x + columns.name, y: inner.y, role: .dim)
        canvas.put("TYPE", x: inner.x + columns.type, y: inner.y, role: .dim)
        canvas.put("ENTITIES", x: inner.x + columns.entities, y: inner.y, role: .dim)
        canvas.put("LAST SUCCESS", x: inner.x + columns.lastSuccess, y: inner.y, role: .dim)
        canvas.put("STATE", x: inner.x + columns.state, y: inner.y, role: .dim)
        let rows = Layout(state).sourceRows
        for offset in 0..<rows {
            let index = screen.top + offset
            guard screen.sources.indices.contains(index) else { break }
            drawRow(screen.sources[index], isSelected: screen.sources[index].name == screen.selectedName, state: state, columns: columns,
                    x: inner.x, y: inner.y + 1 + offset, width: inner.width, now: now, into: &canvas)
        }
        if screen.sources.count > rows {
            let more = "\(screen.top + 1)-\(min(screen.sources.count, screen.top + rows))/\(screen.sources.count)"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: inner.y + rows + 1, role: .dim)
        }
        drawDetail(state, x: inner.x, y: inner.y + 1 + rows, width: inner.width, bottom: inner.y + inner.height, now: now, into: &canvas)
    }

    /// Where each column starts, for a width and the names to fit.
    struct Columns {
        var name = 2
        var type: Int
        var entities: Int
        var entitiesWidth = 8
        var lastSuccess: Int
        var state: Int

        init(width: Int, sources: [SourceSummary]) {
            let longest = sources.map { TerminalText.width($0.name) }.max() ?? 0
            type = name + min(24, max(10, longest + 2))
            entities = type + 11
            lastSuccess = entities + entitiesWidth + 2
            state = lastSuccess + 14
        }
    }

    static func drawRow(_ source: SourceSummary, isSelected: Bool, state: AppState, columns: Columns, x: Int, y: Int, width: Int, now: Date,
                        into canvas: inout Canvas) {
        let glyphs = state.glyphs
        if isSelected { canvas.put(glyphs.selection, x: x, y: y, role: .accent) }
        canvas.put(source.name, x: x + columns.name, y: y, role: .title, maxWidth: columns.type - columns.name - 1, ellipsis: glyphs.ellipsis)
        canvas.put(source.kind, x: x + columns.type, y: y, role: .text, maxWidth: columns.entities - columns.type - 1, ellipsis: glyphs.ellipsis)
        let entities = source.lastSuccessAt == nil ? "-" : "\(source.entityCount)"
        canvas.put(entities, x: x + columns.entities + columns.entitiesWidth - TerminalText.width(entities), y: y, role: .text)
        canvas.put(lastSuccess(source, now: now), x: x + columns.lastSuccess, y: y, role: .dim)
        let badge = SourceBadge.of(source, glyphs: glyphs, now: now)
        canvas.put(badge.text, x: x + columns.state, y: y, role: badge.role, maxWidth: max(0, width - columns.state - 1), ellipsis: glyphs.ellipsis)
        if isSelected { canvas.paint(x: x + columns.name, y: y, width: width - columns.name - 1, role: .selection) }
    }

    /// "3m ago", or "never".
    static func lastSuccess(_ source: SourceSummary, now: Date) -> String {
        source.age(at: now).map(StatusLineView.age) ?? "never"
    }

    /// The selected source under the list: a rule with its name, then a line per fact, the
    /// error and notices wrapped in full.
    static func drawDetail(_ state: AppState, x: Int, y: Int, width: Int, bottom: Int, now: Date, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        guard let source = state.sources.selectedSource else { return }
        JobsView.rule("\(source.name) (\(source.kind)) \(glyphs.separator) r refreshes it, R every source", x: x, y: y, width: width, role: .border,
                      glyphs: glyphs, into: &canvas)
        let labelWidth = DetailContent.labelWidth
        let valueWidth = max(10, width - 2 - labelWidth - 1)
        var lines: [(label: String, text: String, role: StyleRole)] = []
        func add(_ label: String, _ text: String, _ role: StyleRole = .text, wrapped: Bool = false) {
            let pieces = wrapped ? DetailContent.breakingWrap(text, width: valueWidth) : [text]
            for (index, piece) in pieces.enumerated() { lines.append((index == 0 ? label : "", piece, role)) }
        }
        if !source.location.isEmpty { add("Reads", source.location) }
        let declared = source.declaredAt.isEmpty ? "" : source.declaredAt + " \(glyphs.separator) "
        add("Declared", declared + "refreshed every \(SourceBadge.duration(source.interval))", .dim)
        add("Entities", source.lastSuccessAt == nil ? "none yet" : "\(source.entityCount) in \(plural(source.fileCount, "file"))")
        add("Last ok", lastSuccess(source, now: now))
        if let attempted = source.lastAttemptAt {
            var text = StatusLineView.age(now.timeIntervalSince(attempted))
            if let seconds = source.seconds { text += " \(glyphs.separator) took \(JobsView.duration(seconds))" }
            add("Attempted", text, .dim)
        }
        let badge = SourceBadge.of(source, glyphs: glyphs, now: now)
        add("State", badge.text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? badge.text, badge.role)
        if let error = source.lastError {
            add("Error", error, .error, wrapped: true)
            if source.health == .stale { add("", "its last good entities stay in the catalog", .dim) }
        }
        for (index, notice) in source.notices.enumerated() { add(index == 0 ? "Notices" : "", notice, .dim, wrapped: true) }
        for (offset, line) in lines.enumerated() {
            let row = y + 1 + offset
            guard row < bottom else { break }
            canvas.put(TerminalText.pad(line.label, to: labelWidth), x: x + 2, y: row, role: .dim)
            canvas.put(line.text, x: x + 2 + labelWidth, y: row, role: line.role, maxWidth: max(0, width - 3 - labelWidth), ellipsis: glyphs.ellipsis)
        }
    }
}
