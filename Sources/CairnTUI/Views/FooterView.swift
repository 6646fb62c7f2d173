import CairnCatalog
import Foundation

enum FooterView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        if state.filter.isEditing {
            let hint = "Enter keep \(state.glyphs.separator) Esc clear"
            let room = rect.width - TerminalText.width(hint) - 4
            let text = TerminalText.tail(state.filter.text, to: room, ellipsis: state.glyphs.ellipsis)
            var x = canvas.put("/", x: rect.x, y: rect.y, role: .accent)
            x += canvas.put(text, x: x, y: rect.y, role: .text)
            canvas.put(state.isUnicode ? "█" : "_", x: x, y: rect.y, role: .accent)
            canvas.put(hint, x: rect.width - TerminalText.width(hint) - 1, y: rect.y, role: .dim)
            return
        }
        if state.screen == .jobs, let id = state.jobs.confirmingCancel {
            let job = state.jobs.jobs.first { $0.id == id }
            let what = job.map { " (\($0.title) for \($0.target))" } ?? ""
            canvas.put("Cancel job #\(id)\(what)? y/n", x: rect.x, y: rect.y, role: .error, maxWidth: rect.width,
                       ellipsis: state.glyphs.ellipsis)
            return
        }
        if let lines = Layout.wrappedMessage(state) {
            for (offset, line) in lines.enumerated() {
                canvas.put(line, x: rect.x, y: rect.y + offset, role: state.messageIsError ? .error : .accent, maxWidth: rect.width,
                           ellipsis: state.glyphs.ellipsis)
            }
            return
        }
        if let message = state.message {
            canvas.put(message, x: rect.x, y: rect.y, role: state.messageIsError ? .error : .accent, maxWidth: rect.width, ellipsis: state.glyphs.ellipsis)
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
