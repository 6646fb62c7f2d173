import CairnCatalog
import Foundation

/// `render(state) -> Canvas`: pure, so every screen is testable as text.
public func render(_ state: AppState, now: Date = Date()) -> Canvas {
    var canvas = Canvas(width: state.width, height: state.height, isASCII: !state.isUnicode)
    if state.isTooSmall {
        TooSmallView.draw(state, into: &canvas)
        return canvas
    }
    let layout = Layout(state)
    StatusLineView.draw(state, now: now, in: layout.statusLine, into: &canvas)
    switch state.screen {
    case .catalog:
        if let list = layout.list { ListView.draw(state, in: list, into: &canvas) }
        if let detail = layout.detail { DetailView.draw(state, in: detail, into: &canvas) }
    case .problems:
        ProblemsView.draw(state, in: layout.main, into: &canvas)
    }
    FooterView.draw(state, in: layout.footer, into: &canvas)
    switch state.overlay {
    case .none: break
    case .help: HelpView.draw(state, into: &canvas)
    case .palette: PaletteView.draw(state, into: &canvas)
    }
    return canvas
}

enum TooSmallView {
    static func draw(_ state: AppState, into canvas: inout Canvas) {
        let lines = [
            "terminal too small",
            "(need \(AppState.minimumWidth)x\(AppState.minimumHeight), have \(state.width)x\(state.height))",
            "enlarge it, or press q to quit",
        ]
        let top = max(0, state.height / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let x = max(0, (state.width - TerminalText.width(line)) / 2)
            canvas.put(line, x: x, y: top + offset, role: offset == 0 ? .error : .text)
        }
    }
}

enum StatusLineView {
    static func draw(_ state: AppState, now: Date, in rect: Rect, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        var x = rect.x
        x += canvas.put(" cairn ", x: x, y: rect.y, role: .title)
        var parts: [(String, StyleRole)] = []
        let total = state.catalog.entities.count
        let quarantined = state.catalog.quarantinedCount
        parts.append(("\(total) entities" + (quarantined > 0 ? ", \(quarantined) quarantined" : ""), quarantined > 0 ? .badgeWarn : .text))
        if !state.filter.text.isEmpty { parts.append(("filter: \(state.filter.text) (\(state.matchCount))", .accent)) }
        if state.grouping != .none { parts.append(("by \(state.grouping.rawValue)", .dim)) }
        if let source = state.source {
            var age = "\(source.origin.rawValue) \(Self.age(now.timeIntervalSince(source.builtAt)))"
            if source.isRefreshing { age += ", refreshing" + glyphs.ellipsis }
            parts.append((age, .dim))
        }
        if !state.identity.isEmpty { parts.append((state.identity, .dim)) }
        for (text, role) in parts {
            guard x < rect.width - 3 else { break }
            x += canvas.put(" \(glyphs.vertical) ", x: x, y: rect.y, role: .border)
            x += canvas.put(text, x: x, y: rect.y, role: role, maxWidth: rect.width - x)
        }
    }

    static func age(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        if seconds < 60 { return "\(seconds)s ago" }
        if seconds < 3600 { return "\(seconds / 60)m ago" }
        if seconds < 86_400 { return "\(seconds / 3600)h ago" }
        return "\(seconds / 86_400)d ago"
    }
}

enum ListView {
    struct Columns {
        var name: Int, kind: Int, owner: Int, lifecycle: Int, health: Int
    }

    /// Column widths for a pane `width` wide: the name keeps at least 18 columns, so the
    /// lifecycle, then the owner, then the kind give way on narrow panes.
    static func columns(width: Int) -> Columns {
        var columns = Columns(name: 0, kind: 11, owner: 16, lifecycle: 13, health: 7)
        func nameWidth() -> Int { width - 2 - columns.kind - columns.owner - columns.lifecycle - columns.health }
        if nameWidth() < 18 { columns.lifecycle = 0 }
        if nameWidth() < 18 { columns.owner = 0 }
        if nameWidth() < 18 { columns.kind = 0 }
        columns.name = max(10, nameWidth())
        return columns
    }

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        let isFocused = state.focus == .list
        var title = "Catalog"
        title += state.matchCount == state.catalog.entities.count ? " (\(state.matchCount))" : " (\(state.matchCount) of \(state.catalog.entities.count))"
        title += " \(state.glyphs.separator) by \(state.sort.rawValue)"
        canvas.box(rect, glyphs: state.glyphs, role: isFocused ? .borderFocus : .border, title: title)
        let inner = rect.inner
        let columns = columns(width: inner.width)
        var x = inner.x + 2
        for (label, width) in [("NAME", columns.name), ("KIND", columns.kind), ("OWNER", columns.owner), ("LIFECYCLE", columns.lifecycle), ("HEALTH", columns.health)] where width > 0 {
            canvas.put(label, x: x, y: inner.y, role: .dim, maxWidth: width - 1)
            x += width
        }
        let visible = max(0, inner.height - 1)
        if state.rows.isEmpty {
            let text = state.catalog.entities.isEmpty ? "the catalog is empty" : "nothing matches the filter; Esc clears it"
            canvas.put(text, x: inner.x + 2, y: inner.y + 1, role: .dim, maxWidth: inner.width - 2)
            return
        }
        for offset in 0..<visible {
            let row = state.listTop + offset
            guard state.rows.indices.contains(row) else { break }
            let y = inner.y + 1 + offset
            let isSelected = row == state.selection
            switch state.rows[row] {
            case .group(let title, let count):
                canvas.put("\(state.glyphs.groupOpen) \(title) (\(count))", x: inner.x, y: y, role: .accent, maxWidth: inner.width)
            case .entity(let position):
                let entity = state.catalog.entities[position]
                drawEntity(entity, state: state, columns: columns, x: inner.x, y: y, width: inner.width, isSelected: isSelected, isFocused: isFocused, into: &canvas)
            }
        }
    }

    static func drawEntity(_ entity: Entity, state: AppState, columns: Columns, x: Int, y: Int, width: Int,
                           isSelected: Bool, isFocused: Bool, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        if isSelected { canvas.put(glyphs.selection, x: x, y: y, role: .accent) }
        var column = x + 2
        var name = entity.ref.name
        if entity.isQuarantined { name = glyphs.quarantined + " " + name }
        canvas.put(name, x: column, y: y, role: entity.isQuarantined ? .error : .text, maxWidth: columns.name - 1)
        column += columns.name
        if columns.kind > 0 {
            canvas.put(entity.kind, x: column, y: y, role: .dim, maxWidth: columns.kind - 1)
            column += columns.kind
        }
        if columns.owner > 0 {
            canvas.put(entity.owner?.name ?? "", x: column, y: y, role: .text, maxWidth: columns.owner - 1)
            column += columns.owner
        }
        if columns.lifecycle > 0 {
            canvas.put(entity.lifecycle ?? "", x: column, y: y, role: .dim, maxWidth: columns.lifecycle - 1)
            column += columns.lifecycle
        }
        // Health arrives with the health poller; until then what can have health is unknown.
        if ["component", "resource", "api"].contains(entity.ref.kind) {
            canvas.put(state.isColor ? "?" : "[?]", x: column, y: y, role: .badgeUnknown, maxWidth: columns.health)
        }
        if isSelected { canvas.paint(x: x + 2, y: y, width: width - 2, role: isFocused ? .selection : .dim) }
    }
}

enum DetailView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        let isFocused = state.focus == .detail
        guard let entity = state.detailEntity, let content = state.detailContent else {
            canvas.box(rect, glyphs: state.glyphs, role: .border, title: "Detail")
            canvas.put("no entity selected", x: rect.x + 2, y: rect.y + 1, role: .dim, maxWidth: rect.width - 4)
            return
        }
        var title = entity.ref.description
        if !state.detail.history.isEmpty { title += " \(state.glyphs.separator) \(state.detail.history.count) back" }
        canvas.box(rect, glyphs: state.glyphs, role: isFocused ? .borderFocus : .border, title: title)
        let inner = rect.inner
        let links = content.linkLines
        let cursorLine = isFocused && links.indices.contains(state.detail.cursor) ? links[state.detail.cursor] : nil
        for offset in 0..<inner.height {
            let lineIndex = state.detail.scroll + offset
            guard content.lines.indices.contains(lineIndex) else { break }
            let y = inner.y + offset
            var x = inner.x + 2
            let line = content.lines[lineIndex]
            if lineIndex == cursorLine { canvas.put(state.glyphs.selection, x: inner.x, y: y, role: .accent) }
            for segment in line.segments {
                let role: StyleRole = line.link != nil && segment.role == .text ? .accent : segment.role
                x += canvas.put(segment.text, x: x, y: y, role: role, maxWidth: inner.x + inner.width - x, ellipsis: state.glyphs.ellipsis)
            }
            if lineIndex == cursorLine { canvas.paint(x: inner.x + 2, y: y, width: inner.width - 2, role: .selection) }
        }
        if content.lines.count > inner.height {
            let more = "\(state.detail.scroll + 1)-\(min(content.lines.count, state.detail.scroll + inner.height))/\(content.lines.count)"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: rect.y + rect.height - 1, role: .dim)
        }
    }
}

enum ProblemsView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        let problems = state.catalog.problems
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.filter { $0.severity == .warning }.count
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus,
                   title: "Problems: \(plural(errors, "error")), \(plural(warnings, "warning")), \(state.catalog.quarantinedCount) quarantined")
        let inner = rect.inner
        if problems.isEmpty {
            canvas.put("no problems: every entity is valid", x: inner.x + 2, y: inner.y, role: .badgePass)
            return
        }
        let locations = problems.map { "\($0.file):\($0.line):\($0.column)" }
        let locationWidth = min(max(20, inner.width / 3), (locations.map(TerminalText.width).max() ?? 20) + 2)
        canvas.put("LOCATION", x: inner.x + 2, y: inner.y, role: .dim)
        canvas.put("PROBLEM", x: inner.x + 2 + locationWidth, y: inner.y, role: .dim)
        let listHeight = Layout(state).problemRows
        for offset in 0..<listHeight {
            let index = state.problemTop + offset
            guard problems.indices.contains(index) else { break }
            let problem = problems[index]
            let y = inner.y + 1 + offset
            let isSelected = index == state.problemSelection
            if isSelected { canvas.put(state.glyphs.selection, x: inner.x, y: y, role: .accent) }
            let role: StyleRole = problem.severity == .error ? .error : (problem.severity == .warning ? .badgeWarn : .dim)
            canvas.put(locations[index], x: inner.x + 2, y: y, role: .text, maxWidth: locationWidth - 1)
            var x = inner.x + 2 + locationWidth
            x += canvas.put(problem.severity.rawValue + " ", x: x, y: y, role: role)
            if let ref = problem.entityRef { x += canvas.put(ref + ": ", x: x, y: y, role: .accent, maxWidth: inner.x + inner.width - x) }
            canvas.put(problem.message, x: x, y: y, role: .text, maxWidth: inner.x + inner.width - x)
            if isSelected { canvas.paint(x: inner.x + 2, y: y, width: inner.width - 2, role: .selection) }
        }
        // The selected problem in full under the list: long messages are cut above.
        guard problems.indices.contains(state.problemSelection) else { return }
        let problem = problems[state.problemSelection]
        let top = inner.y + 1 + listHeight
        for column in inner.x..<(inner.x + inner.width) { canvas.put(state.glyphs.horizontal, x: column, y: top, role: .border) }
        let text = "\(locations[state.problemSelection]): \(problem.severity.rawValue): " + (problem.entityRef.map { "\($0): " } ?? "") + problem.message
        for (offset, line) in DetailContent.wrap(text, width: inner.width - 4, ellipsis: state.glyphs.ellipsis).prefix(ProblemsView.fullMessageLines).enumerated() {
            canvas.put(line, x: inner.x + 2, y: top + 1 + offset, role: .text)
        }
    }

    /// Lines under the problem list that show the selected problem in full.
    static let fullMessageLines = 3
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

enum FooterView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        if state.filter.isEditing {
            let hint = "Enter keep \(state.glyphs.separator) Esc clear"
            let room = rect.width - TerminalText.width(hint) - 4
            var text = TerminalText.singleLine(state.filter.text)
            // A long filter shows its end, where the typing happens.
            if TerminalText.width(text) > room {
                while TerminalText.width(text) > room - 1, !text.isEmpty { text.removeFirst() }
                text = state.glyphs.ellipsis + text
            }
            var x = canvas.put("/", x: rect.x, y: rect.y, role: .accent)
            x += canvas.put(text, x: x, y: rect.y, role: .text)
            canvas.put(state.isUnicode ? "█" : "_", x: x, y: rect.y, role: .accent)
            canvas.put(hint, x: rect.width - TerminalText.width(hint) - 1, y: rect.y, role: .dim)
            return
        }
        if let message = state.message {
            canvas.put(message, x: rect.x, y: rect.y, role: state.messageIsError ? .error : .accent, maxWidth: rect.width)
            return
        }
        let hints = KeyHelp.footer(state)
        var x = rect.x
        for (key, label) in hints {
            guard x + TerminalText.width(key) + TerminalText.width(label) + 2 < rect.width else { break }
            x += canvas.put(key, x: x, y: rect.y, role: .accent)
            x += canvas.put(" " + label + "  ", x: x, y: rect.y, role: .dim)
        }
    }
}

enum HelpView {
    static func draw(_ state: AppState, into canvas: inout Canvas) {
        let sections = KeyHelp.sections(state)
        let lines = sections.reduce(0) { $0 + $1.keys.count + 2 }
        let width = min(state.width - 4, 100)
        let height = min(state.height - 2, lines + 2)
        let rect = Rect(x: (state.width - width) / 2, y: max(1, (state.height - height) / 2), width: width, height: height)
        canvas.fill(rect)
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: "Keys \(state.glyphs.separator) Esc closes")
        let inner = rect.inner
        var y = inner.y
        for section in sections {
            guard y < inner.y + inner.height else { break }
            canvas.put(section.title, x: inner.x + 1, y: y, role: .title, maxWidth: inner.width - 2)
            y += 1
            for (key, text) in section.keys {
                guard y < inner.y + inner.height else { break }
                canvas.put(key, x: inner.x + 3, y: y, role: .accent, maxWidth: 16)
                canvas.put(text, x: inner.x + 20, y: y, role: .text, maxWidth: inner.width - 21, ellipsis: state.glyphs.ellipsis)
                y += 1
            }
            y += 1
        }
    }
}

enum PaletteView {
    static func draw(_ state: AppState, into canvas: inout Canvas) {
        let completions = PaletteCommands.completions(for: state.palette.text, in: state)
        let width = min(state.width - 4, 96)
        let height = 3 + min(PaletteCommands.visibleCompletions, max(1, completions.count))
        let rect = Rect(x: (state.width - width) / 2, y: 3, width: width, height: height)
        canvas.fill(rect)
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: "Command \(state.glyphs.separator) Tab completes")
        let inner = rect.inner
        var x = canvas.put(":", x: inner.x + 1, y: inner.y, role: .accent)
        // A long line shows its end, where the typing happens.
        var typed = TerminalText.singleLine(state.palette.text)
        let room = inner.width - 4
        if TerminalText.width(typed) > room {
            while TerminalText.width(typed) > room - 1, !typed.isEmpty { typed.removeFirst() }
            typed = state.glyphs.ellipsis + typed
        }
        x += canvas.put(typed, x: inner.x + 1 + x, y: inner.y, role: .text, maxWidth: room)
        canvas.put(state.isUnicode ? "█" : "_", x: inner.x + 1 + x, y: inner.y, role: .accent)
        if completions.isEmpty {
            canvas.put("no completion; Enter runs the command", x: inner.x + 1, y: inner.y + 1, role: .dim, maxWidth: inner.width - 2)
            return
        }
        let shown = Array(completions.prefix(PaletteCommands.visibleCompletions))
        // The completion column is as wide as the longest completion (help text gives way).
        let completionWidth = min(inner.width - 4, (shown.map(TerminalText.width).max() ?? 0) + 2)
        for (offset, completion) in shown.enumerated() {
            let y = inner.y + 1 + offset
            let name = completion.split(separator: " ").first.map(String.init) ?? completion
            let help = completion.contains(" ") && !completion.hasSuffix(" ") ? "" : PaletteCommands.commands.first { $0.name == name }?.help ?? ""
            canvas.put(completion, x: inner.x + 3, y: y, role: .text, maxWidth: completionWidth)
            let helpX = inner.x + 3 + completionWidth + 1
            if helpX < inner.x + inner.width - 4 {
                canvas.put(help, x: helpX, y: y, role: .dim, maxWidth: inner.x + inner.width - helpX)
            }
            if offset == state.palette.selected {
                canvas.put(state.glyphs.selection, x: inner.x + 1, y: y, role: .accent)
                canvas.paint(x: inner.x + 3, y: y, width: inner.width - 3, role: .selection)
            }
        }
    }
}
