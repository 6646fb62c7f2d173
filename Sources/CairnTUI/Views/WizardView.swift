import CairnCatalog
import CairnScaffold
import Foundation

/// The new-project wizard: template picker, parameter pages, review with a dry-run preview,
/// the run's steps and its result.
enum WizardView {
    /// One line of the wizard's body: styled segments, and whether it belongs to the focus.
    struct Line {
        var segments: [(String, StyleRole)]
        var isFocus = false
        /// Column (in the line's text) of the text cursor, when this line holds it.
        var cursor: Int?
    }

    static let labelWidth = 20

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        guard let wizard = state.wizard else { return }
        let glyphs = state.glyphs
        canvas.box(rect, glyphs: glyphs, role: .borderFocus, title: title(wizard, state))
        let inner = rect.inner
        let lines = lines(wizard, state: state, width: inner.width - 2)
        // Keep the focused lines in view.
        var top = 0
        if case .page = wizard.stage, let first = lines.firstIndex(where: \.isFocus) {
            let last = lines.lastIndex(where: \.isFocus) ?? first
            if last >= inner.height { top = min(first, last - inner.height + 1) }
        } else {
            top = min(wizard.scroll, max(0, lines.count - inner.height))
        }
        for offset in 0..<inner.height {
            guard lines.indices.contains(top + offset) else { break }
            let line = lines[top + offset]
            var x = inner.x + 1
            let y = inner.y + offset
            for (text, role) in line.segments {
                x += canvas.put(text, x: x, y: y, role: role, maxWidth: max(0, inner.x + inner.width - x), ellipsis: glyphs.ellipsis)
            }
            if let cursor = line.cursor, inner.x + 1 + cursor < inner.x + inner.width {
                canvas.paint(x: inner.x + 1 + cursor, y: y, width: 1, role: .selection)
            }
        }
        if lines.count > inner.height {
            let more = "\(top + 1)-\(min(lines.count, top + inner.height))/\(lines.count)"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: rect.y + rect.height - 1, role: .dim)
        }
    }

    static func title(_ wizard: Wizard, _ state: AppState) -> String {
        let name = wizard.template.flatMap { state.catalog[$0] }.map { $0.title ?? $0.ref.name } ?? ""
        let separator = state.glyphs.separator
        switch wizard.stage {
        case .picker: return "New project \(separator) choose a template"
        case .page(let index):
            let pages = wizard.form?.pages ?? []
            let pageTitle = pages.indices.contains(index) ? pages[index].title : ""
            return "New \(name) \(separator) page \(index + 1) of \(pages.count): \(pageTitle)"
        case .review: return "New \(name) \(separator) review"
        case .running: return "New \(name) \(separator) running"
        case .done: return "New \(name) \(separator) done"
        case .failed: return "New \(name) \(separator) failed"
        }
    }

    static func lines(_ wizard: Wizard, state: AppState, width: Int) -> [Line] {
        switch wizard.stage {
        case .picker: return pickerLines(wizard, state: state)
        case .page: return pageLines(wizard, state: state, width: width)
        case .review: return reviewLines(wizard, state: state)
        case .running, .done, .failed: return runLines(wizard, state: state)
        }
    }

    static func pickerLines(_ wizard: Wizard, state: AppState) -> [Line] {
        var lines = [Line(segments: [("Golden paths: Enter starts one, Esc closes.", .dim)]), Line(segments: [])]
        for (index, ref) in wizard.templates.enumerated() {
            guard let entity = state.catalog[ref] else { continue }
            let isSelected = index == wizard.pickerSelection
            var facts = [ref.name]
            if let owner = entity.owner { facts.append("owner \(owner.name)") }
            if !entity.tags.isEmpty { facts.append(entity.tags.joined(separator: ", ")) }
            lines.append(Line(segments: [(isSelected ? state.glyphs.selection + " " : "  ", .accent), (entity.title ?? ref.name, isSelected ? .selection : .title),
                                         ("  " + facts.joined(separator: " \(state.glyphs.separator) "), .dim)], isFocus: isSelected))
            if let summary = entity.summary { lines.append(Line(segments: [("    " + summary, .text)], isFocus: isSelected)) }
            lines.append(Line(segments: []))
        }
        return lines
    }

    static func pageLines(_ wizard: Wizard, state: AppState, width: Int) -> [Line] {
        guard case .page(let index) = wizard.stage, let form = wizard.form, form.pages.indices.contains(index) else { return [] }
        let page = form.pages[index]
        let glyphs = state.glyphs
        var lines: [Line] = []
        if let description = page.description { lines.append(Line(segments: [(description, .dim)])) }
        lines.append(Line(segments: [("Tab/Shift-Tab between fields \(glyphs.separator) Enter next page \(glyphs.separator) Esc back", .dim)]))
        lines.append(Line(segments: []))
        let inputWidth = max(10, min(48, width - labelWidth - 4))
        for (position, field) in page.fields.enumerated() {
            let isFocused = position == wizard.field
            let label = TerminalText.pad(TerminalText.truncate(field.title + (field.isRequired ? " *" : ""), to: labelWidth - 2, ellipsis: glyphs.ellipsis), to: labelWidth)
            var segments: [(String, StyleRole)] = [(isFocused ? glyphs.selection + " " : "  ", .accent), (label, isFocused ? .title : .text)]
            var cursor: Int?
            switch field.kind {
            case .boolean:
                let on: Bool
                if case .bool(let flag) = wizard.values[field.key] { on = flag } else { on = false }
                segments.append((on ? "[x]" : "[ ]", isFocused ? .selection : .accent))
                segments.append(("  Space toggles", .dim))
            case .choice(let options):
                let chosen = options.first { $0.value == wizard.values[field.key] }?.label ?? "(choose)"
                segments.append(("\(glyphs == .unicode ? "◀" : "<") \(chosen) \(glyphs == .unicode ? "▶" : ">")", isFocused ? .selection : .accent))
                segments.append(("  \(options.count) choices, \(glyphs == .unicode ? "← →" : "Left Right") to change", .dim))
            case .multiChoice(let options) where !options.isEmpty:
                let chosen = wizard.values[field.key]?.arrayValue ?? []
                for (optionIndex, option) in options.enumerated() {
                    let mark = chosen.contains(option.value) ? "[x] " : "[ ] "
                    let isUnder = isFocused && optionIndex == wizard.option
                    segments.append((mark + option.label, isUnder ? .selection : .text))
                    segments.append(("  ", .text))
                }
            default:
                let text = wizard.texts[field.key] ?? ""
                var shown = field.isSecret ? String(repeating: "*", count: text.count) : text
                var cursorColumn = isFocused ? min(wizard.cursor, text.count) : nil
                // A long value scrolls so the cursor stays in the box (widths in columns: a
                // wide character takes two).
                if let column = cursorColumn {
                    var drop = 0
                    while drop < column, TerminalText.width(String(shown.dropFirst(drop).prefix(column - drop))) >= inputWidth - 1 { drop += 1 }
                    shown = String(shown.dropFirst(drop))
                    cursorColumn = column - drop
                }
                let padded = TerminalText.pad(TerminalText.truncate(shown, to: inputWidth, ellipsis: glyphs.ellipsis), to: inputWidth)
                segments.append(("[", .dim))
                segments.append((padded, isFocused ? .text : .accent))
                segments.append(("]", .dim))
                if let column = cursorColumn { cursor = 2 + labelWidth + 1 + TerminalText.width(String(shown.prefix(column))) }
            }
            lines.append(Line(segments: segments, isFocus: isFocused, cursor: cursor))
            let indent = String(repeating: " ", count: labelWidth + 2)
            if let error = wizard.errors[field.key] {
                lines.append(Line(segments: [(indent + (glyphs == .unicode ? "✖ " : "x ") + error, .error)], isFocus: isFocused))
            } else if let help = field.help ?? field.description {
                lines.append(Line(segments: [(indent + help, .dim)], isFocus: isFocused))
            }
            if isFocused, case .entity = field.kind, !wizard.suggestions.isEmpty {
                for (suggestionIndex, ref) in wizard.suggestions.enumerated() {
                    let title = state.catalog[ref]?.title.map { "  \($0)" } ?? ""
                    let isTaken = suggestionIndex == wizard.suggestion
                    lines.append(Line(segments: [(indent + (isTaken ? glyphs.arrow + " " : "  ") + ref.humanized, isTaken ? .selection : .accent), (title, .dim)], isFocus: true))
                }
                lines.append(Line(segments: [(indent + (glyphs == .unicode ? "↓ ↑" : "Down Up") + " take a suggestion", .dim)], isFocus: true))
            }
            lines.append(Line(segments: []))
        }
        return lines
    }

    static func reviewLines(_ wizard: Wizard, state: AppState) -> [Line] {
        var lines = [Line(segments: [("Enter runs it \(state.glyphs.separator) Esc goes back to change a value \(state.glyphs.separator) j/k scroll", .dim)]), Line(segments: []),
                     Line(segments: [("Values", .accent)])]
        for field in wizard.form?.fields ?? [] {
            let value = wizard.values[field.key]
            let text = field.isSecret && value != nil ? "(secret)" : value.map { AppState.text(of: $0).isEmpty ? JSONWriter.string($0) : AppState.text(of: $0) } ?? "-"
            let label = TerminalText.truncate(field.title, to: labelWidth - 1, ellipsis: state.glyphs.ellipsis)
            lines.append(Line(segments: [("  " + TerminalText.pad(label, to: labelWidth), .dim), (text, .text)]))
        }
        lines.append(Line(segments: []))
        guard let preview = wizard.preview else {
            lines.append(Line(segments: [("rendering a dry run" + state.glyphs.ellipsis, .dim)]))
            return lines
        }
        if let error = preview.error {
            lines.append(Line(segments: [("The dry run failed: " + error, .error)]))
            return lines
        }
        for step in preview.unavailable {
            lines.append(Line(segments: [("✖ step \(step) cannot run here", .error)]))
        }
        lines.append(Line(segments: [("Files (dry run: \(preview.files.count))", .accent)]))
        for line in treeLines(preview.files, glyphs: state.glyphs) { lines.append(Line(segments: [("  " + line, .text)])) }
        if let info = preview.catalogInfo {
            lines.append(Line(segments: []))
            lines.append(Line(segments: [("catalog-info.yaml", .accent)]))
            for line in info.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(Line(segments: [("  " + line, .dim)])) }
        }
        return lines
    }

    static func runLines(_ wizard: Wizard, state: AppState) -> [Line] {
        let glyphs = state.glyphs
        var lines: [Line] = []
        for step in wizard.steps {
            let mark: (String, StyleRole)
            switch step.status {
            case .running: mark = (glyphs == .unicode ? "▸ " : "> ", .jobRunning)
            case .done: mark = (glyphs == .unicode ? "✓ " : "+ ", .jobSucceeded)
            case .skipped: mark = ("- ", .dim)
            }
            lines.append(Line(segments: [mark, (step.title, .text)]))
            for log in step.log { lines.append(Line(segments: [("    " + log, .dim)])) }
        }
        switch wizard.stage {
        case .running:
            lines.append(Line(segments: [("running" + glyphs.ellipsis, .dim)]))
        case .done:
            lines.append(Line(segments: []))
            if let ref = wizard.result?.entityRef {
                lines.append(Line(segments: [("Created \(ref.humanized)", .jobSucceeded)]))
            } else {
                lines.append(Line(segments: [("Done", .jobSucceeded)]))
            }
            for link in wizard.result?.links ?? [] { lines.append(Line(segments: [("  " + link, .accent)])) }
            for text in wizard.result?.text ?? [] { lines.append(Line(segments: [("  " + text, .text)])) }
            lines.append(Line(segments: []))
            lines.append(Line(segments: [(wizard.result?.entityRef == nil ? "Esc or Enter: back to the catalog" : "Enter opens the new entity · Esc back to the catalog", .dim)]))
        case .failed(let message):
            lines.append(Line(segments: []))
            lines.append(Line(segments: [((glyphs == .unicode ? "✖ " : "x ") + message, .jobFailed)]))
            lines.append(Line(segments: [("Esc goes back to the review.", .dim)]))
        default: break
        }
        return lines
    }

    /// Paths as an indented tree.
    static func treeLines(_ paths: [String], glyphs: Glyphs) -> [String] {
        var lines: [String] = []
        var previous: [Substring] = []
        for path in paths.sorted() {
            let parts = path.split(separator: "/")
            var common = 0
            while common < min(previous.count, parts.count - 1), previous[common] == parts[common] { common += 1 }
            for depth in common..<max(common, parts.count - 1) {
                lines.append(String(repeating: "  ", count: depth) + parts[depth] + "/")
            }
            lines.append(String(repeating: "  ", count: parts.count - 1) + parts[parts.count - 1])
            previous = Array(parts.dropLast())
        }
        return lines
    }
}
