import CairnCatalog
import Foundation

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
