import CairnCatalog
import Foundation

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
        let room = inner.width - 4
        let typed = TerminalText.tail(state.palette.text, to: room, ellipsis: state.glyphs.ellipsis)
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
