import CairnCatalog
import Foundation

enum DetailView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas, now: Date = Date()) {
        let isFocused = state.focus == .detail
        guard let entity = state.detailEntity, let content = state.detailContent(now: now) else {
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
            // Code and table lines scroll sideways as a whole; the rest stays put.
            var skip = line.isWide ? state.detail.column : 0
            for var segment in line.segments {
                if skip > 0 {
                    let dropped = min(skip, segment.text.count)
                    segment.text = String(segment.text.dropFirst(dropped))
                    skip -= dropped
                }
                let role: StyleRole = line.link != nil && segment.role == .text ? .accent : segment.role
                x += canvas.put(segment.text, x: x, y: y, role: role, maxWidth: inner.x + inner.width - x, ellipsis: state.glyphs.ellipsis)
            }
            if lineIndex == cursorLine { canvas.paint(x: inner.x + 2, y: y, width: inner.width - 2, role: .selection) }
        }
        // The tabs sit in the bottom border, so switching never moves the content.
        var tabs = ""
        for (index, each) in state.detailTabs(for: state.detailEntity).enumerated() {
            let title = each.rawValue.prefix(1).uppercased() + each.rawValue.dropFirst()
            tabs += (index > 0 ? " " : "") + (each == state.detailTab ? "[\(title)]" : title)
        }
        // The key hint goes first when the pane is too narrow for both (side by side at 100 columns).
        let room = max(0, rect.width - 16)
        let withHint = " \(tabs) \(state.glyphs.separator) [ ] "
        canvas.put(TerminalText.width(withHint) <= room ? withHint : " \(tabs) ", x: rect.x + 2, y: rect.y + rect.height - 1, role: .dim, maxWidth: room)
        if content.lines.count > inner.height {
            let more = "\(state.detail.scroll + 1)-\(min(content.lines.count, state.detail.scroll + inner.height))/\(content.lines.count)"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: rect.y + rect.height - 1, role: .dim)
        }
    }
}
