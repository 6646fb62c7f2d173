import CairnCatalog
import Foundation

enum TooSmallView {
    static func draw(_ state: AppState, into canvas: inout Canvas) {
        let lines = [
            "terminal too small",
            "(need \(AppState.minimumWidth)x\(AppState.minimumHeight), have \(state.width)x\(state.height))",
            "enlarge it, or press q to quit",
        ]
        let top = max(0, state.height / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let x = max(0, (state.width - TerminalText.width(line)) / 2)
            canvas.put(line, x: x, y: top + offset, role: offset == 0 ? .error : .text)
        }
    }
}
