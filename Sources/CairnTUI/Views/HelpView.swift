import CairnCatalog
import Foundation

/// The `?` overlay: the keys of the current view, then those that work everywhere. Scrolls
/// with j/k when it is taller than the terminal.
enum HelpView {
    /// One row of the overlay: a section title, a key and what it does, or a gap.
    enum Row: Equatable {
        case title(String)
        case key(String, String)
        case gap
    }

    static func rows(_ state: AppState) -> [Row] {
        var rows: [Row] = []
        for section in KeyHelp.sections(state) {
            if !rows.isEmpty { rows.append(.gap) }
            rows.append(.title(section.title))
            rows += section.keys.map { Row.key($0.0, $0.1) }
        }
        return rows
    }

    static func rect(_ state: AppState) -> Rect {
        let width = min(state.width - 4, 100)
        let height = min(state.height - 2, rows(state).count + 2)
        return Rect(x: (state.width - width) / 2, y: max(1, (state.height - height) / 2), width: width, height: height)
    }

    /// The furthest the overlay scrolls: all rows but one screenful.
    static func maxScroll(_ state: AppState) -> Int { max(0, rows(state).count - rect(state).inner.height) }

    static func draw(_ state: AppState, into canvas: inout Canvas) {
        let rows = rows(state)
        let rect = rect(state)
        canvas.fill(rect)
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: "Keys \(state.glyphs.separator) Esc closes")
        let inner = rect.inner
        let scroll = min(max(0, state.helpScroll), maxScroll(state))
        for offset in 0..<inner.height {
            guard rows.indices.contains(scroll + offset) else { break }
            let y = inner.y + offset
            switch rows[scroll + offset] {
            case .title(let title):
                canvas.put(title, x: inner.x + 1, y: y, role: .title, maxWidth: inner.width - 2)
            case .key(let key, let text):
                canvas.put(key, x: inner.x + 3, y: y, role: .accent, maxWidth: 16)
                canvas.put(text, x: inner.x + 20, y: y, role: .text, maxWidth: inner.width - 21, ellipsis: state.glyphs.ellipsis)
            case .gap:
                break
            }
        }
        if rows.count > inner.height {
            let more = "\(scroll + 1)-\(scroll + inner.height)/\(rows.count) j/k scroll"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: rect.y + rect.height - 1, role: .dim)
        }
    }
}
