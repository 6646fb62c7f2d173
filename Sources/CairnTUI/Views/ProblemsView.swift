import CairnCatalog
import Foundation

enum ProblemsView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        let problems = state.catalog.problems
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.filter { $0.severity == .warning }.count
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus,
                   title: "Problems: \(plural(errors, "error")), \(plural(warnings, "warning")), \(state.catalog.quarantinedCount) quarantined")
        let inner = rect.inner
        if problems.isEmpty {
            canvas.put("no problems: every entity is valid", x: inner.x + 2, y: inner.y, role: .badgePass)
            return
        }
        let locations = problems.map { "\($0.file):\($0.line):\($0.column)" }
        let locationWidth = min(max(20, inner.width / 3), (locations.map(TerminalText.width).max() ?? 20) + 2)
        canvas.put("LOCATION", x: inner.x + 2, y: inner.y, role: .dim)
        canvas.put("PROBLEM", x: inner.x + 2 + locationWidth, y: inner.y, role: .dim)
        let listHeight = Layout(state).problemRows
        for offset in 0..<listHeight {
            let index = state.problemTop + offset
            guard problems.indices.contains(index) else { break }
            let problem = problems[index]
            let y = inner.y + 1 + offset
            let isSelected = index == state.problemSelection
            if isSelected { canvas.put(state.glyphs.selection, x: inner.x, y: y, role: .accent) }
            let role: StyleRole = problem.severity == .error ? .error : (problem.severity == .warning ? .badgeWarn : .dim)
            canvas.put(locations[index], x: inner.x + 2, y: y, role: .text, maxWidth: locationWidth - 1)
            var x = inner.x + 2 + locationWidth
            x += canvas.put(problem.severity.rawValue + " ", x: x, y: y, role: role)
            if let ref = problem.entityRef { x += canvas.put(ref + ": ", x: x, y: y, role: .accent, maxWidth: inner.x + inner.width - x) }
            canvas.put(problem.message, x: x, y: y, role: .text, maxWidth: inner.x + inner.width - x)
            if isSelected { canvas.paint(x: inner.x + 2, y: y, width: inner.width - 2, role: .selection) }
        }
        // The selected problem in full under the list: long messages are cut above.
        guard problems.indices.contains(state.problemSelection) else { return }
        let problem = problems[state.problemSelection]
        let top = inner.y + 1 + listHeight
        for column in inner.x..<(inner.x + inner.width) { canvas.put(state.glyphs.horizontal, x: column, y: top, role: .border) }
        let text = "\(locations[state.problemSelection]): \(problem.severity.rawValue): " + (problem.entityRef.map { "\($0): " } ?? "") + problem.message
        for (offset, line) in DetailContent.wrap(text, width: inner.width - 4, ellipsis: state.glyphs.ellipsis).prefix(ProblemsView.fullMessageLines).enumerated() {
            canvas.put(line, x: inner.x + 2, y: top + 1 + offset, role: .text)
        }
    }

    /// Lines under the problem list that show the selected problem in full.
    static let fullMessageLines = 3
}

/// "1 error", "2 errors".
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
