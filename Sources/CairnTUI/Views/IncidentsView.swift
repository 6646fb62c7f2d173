import CairnCatalog

enum IncidentsView {
    static let rowHeight = 3

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: "Incidents")
    }
}
