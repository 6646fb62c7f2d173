import CairnCatalog

/// The dependencies screen (`d`): a layered graph of the selected entity's upstream (above) and
/// downstream (below). Stub until the layered layout lands.
enum DependencyGraphView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: "Dependencies")
    }
}
