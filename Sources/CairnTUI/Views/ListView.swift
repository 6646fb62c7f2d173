import CairnCatalog
import Foundation

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
        if columns.health > 0, let badge = HealthBadge.of(entity.ref, in: state) {
            canvas.put(badge.text, x: column, y: y, role: badge.role, maxWidth: columns.health)
        }
        if isSelected { canvas.paint(x: x + 2, y: y, width: width - 2, role: isFocused ? .selection : .dim) }
    }
}
