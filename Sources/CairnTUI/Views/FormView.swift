import CairnCatalog
import CairnScaffold
import Foundation

/// A page of a `FormEditor` as lines (label, input, inline reason or help, suggestions), and
/// the drawing of such lines in a box: shared by the new-project wizard and the provision
/// request, so both forms look and behave the same.
enum FormView {
    /// One line of a form screen: styled segments, and whether it belongs to the focus.
    struct Line {
        var segments: [(String, StyleRole)]
        var isFocus = false
        /// Column (in the line's text) of the text cursor, when this line holds it.
        var cursor: Int?
    }

    static let labelWidth = 20

    /// Draws `lines` inside `rect`'s border. With `followingFocus`, scrolls so the focused
    /// lines are in view; else from `scroll`. Shows "from-to/total" on the frame when cut.
    static func draw(_ lines: [Line], scroll: Int, followingFocus: Bool, in rect: Rect, glyphs: Glyphs, into canvas: inout Canvas) {
        let inner = rect.inner
        var top = 0
        if followingFocus, let first = lines.firstIndex(where: \.isFocus) {
            let last = lines.lastIndex(where: \.isFocus) ?? first
            if last >= inner.height { top = min(first, last - inner.height + 1) }
        } else {
            top = min(scroll, max(0, lines.count - inner.height))
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

    /// The lines of the editor's page on show.
    static func pageLines(_ editor: FormEditor, state: AppState, width: Int) -> [Line] {
        guard editor.form.pages.indices.contains(editor.page) else { return [] }
        let page = editor.form.pages[editor.page]
        let glyphs = state.glyphs
        var lines: [Line] = []
        if let description = page.description { lines.append(Line(segments: [(description, .dim)])) }
        lines.append(Line(segments: [("Tab/Shift-Tab between fields \(glyphs.separator) Enter next page \(glyphs.separator) Esc back", .dim)]))
        lines.append(Line(segments: []))
        let inputWidth = max(10, min(48, width - labelWidth - 4))
        for (position, field) in page.fields.enumerated() {
            let isFocused = position == editor.field
            let label = TerminalText.pad(TerminalText.truncate(field.title + (field.isRequired ? " *" : ""), to: labelWidth - 2, ellipsis: glyphs.ellipsis), to: labelWidth)
            var segments: [(String, StyleRole)] = [(isFocused ? glyphs.selection + " " : "  ", .accent), (label, isFocused ? .title : .text)]
            var cursor: Int?
            switch field.kind {
            case .boolean:
                let on: Bool
                if case .bool(let flag) = editor.values[field.key] { on = flag } else { on = false }
                segments.append((on ? "[x]" : "[ ]", isFocused ? .selection : .accent))
                segments.append(("  Space toggles", .dim))
            case .choice(let options):
                let chosen = options.first { $0.value == editor.values[field.key] }?.label ?? "(choose)"
                segments.append(("\(glyphs == .unicode ? "◀" : "<") \(chosen) \(glyphs == .unicode ? "▶" : ">")", isFocused ? .selection : .accent))
                segments.append(("  \(plural(options.count, "choice")), \(glyphs == .unicode ? "← →" : "Left Right") to change", .dim))
            case .multiChoice(let options) where !options.isEmpty:
                let chosen = editor.values[field.key]?.arrayValue ?? []
                for (optionIndex, option) in options.enumerated() {
                    let mark = chosen.contains(option.value) ? "[x] " : "[ ] "
                    let isUnder = isFocused && optionIndex == editor.option
                    segments.append((mark + option.label, isUnder ? .selection : .text))
                    segments.append(("  ", .text))
                }
            default:
                let text = editor.texts[field.key] ?? ""
                var shown = field.isSecret ? String(repeating: "*", count: text.count) : text
                var cursorColumn = isFocused ? min(editor.cursor, text.count) : nil
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
            if let error = editor.errors[field.key] {
                lines.append(Line(segments: [(indent + (glyphs == .unicode ? "✖ " : "x ") + error, .error)], isFocus: isFocused))
            } else if let help = field.help ?? field.description {
                lines.append(Line(segments: [(indent + help, .dim)], isFocus: isFocused))
            }
            if isFocused, case .entity = field.kind, !editor.suggestions.isEmpty {
                for (suggestionIndex, ref) in editor.suggestions.enumerated() {
                    let title = state.catalog[ref]?.title.map { "  \($0)" } ?? ""
                    let isTaken = suggestionIndex == editor.suggestion
                    lines.append(Line(segments: [(indent + (isTaken ? glyphs.arrow + " " : "  ") + ref.humanized, isTaken ? .selection : .accent), (title, .dim)], isFocus: true))
                }
                lines.append(Line(segments: [(indent + (glyphs == .unicode ? "↓ ↑" : "Down Up") + " take a suggestion", .dim)], isFocus: true))
            }
            lines.append(Line(segments: []))
        }
        return lines
    }
}
