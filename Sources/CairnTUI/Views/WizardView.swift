import CairnCatalog
import CairnScaffold
import Foundation

/// The new-project wizard: template picker, parameter pages, review with a dry-run preview,
/// the run's steps and its result.
enum WizardView {
    typealias Line = FormView.Line

    static let labelWidth = FormView.labelWidth

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        guard let wizard = state.wizard else { return }
        let glyphs = state.glyphs
        canvas.box(rect, glyphs: glyphs, role: .borderFocus, title: title(wizard, state))
        let inner = rect.inner
        let lines = lines(wizard, state: state, width: inner.width - 2)
        var isFollowingFocus = false
        if case .page = wizard.stage { isFollowingFocus = true }
        FormView.draw(lines, scroll: wizard.scroll, followingFocus: isFollowingFocus, in: rect, glyphs: glyphs, into: &canvas)
    }

    static func title(_ wizard: Wizard, _ state: AppState) -> String {
        let name = wizard.template.flatMap { state.catalog[$0] }.map { $0.title ?? $0.ref.name } ?? ""
        let separator = state.glyphs.separator
        switch wizard.stage {
        case .picker: return "New project \(separator) choose a template"
        case .page(let index):
            let pages = wizard.form?.pages ?? []
            let pageTitle = pages.indices.contains(index) ? pages[index].title : ""
            return "New \(name) \(separator) page \(index + 1) of \(pages.count): \(pageTitle)"
        case .review: return "New \(name) \(separator) review"
        case .running: return "New \(name) \(separator) running"
        case .done: return "New \(name) \(separator) done"
        case .failed: return "New \(name) \(separator) failed"
        }
    }

    static func lines(_ wizard: Wizard, state: AppState, width: Int) -> [Line] {
        switch wizard.stage {
        case .picker: return pickerLines(wizard, state: state)
        case .page: return pageLines(wizard, state: state, width: width)
        case .review: return reviewLines(wizard, state: state)
        case .running, .done, .failed: return runLines(wizard, state: state, width: width)
        }
    }

    static func pickerLines(_ wizard: Wizard, state: AppState) -> [Line] {
        var lines = [Line(segments: [("Golden paths: Enter starts one, Esc closes.", .dim)]), Line(segments: [])]
        for (index, ref) in wizard.templates.enumerated() {
            guard let entity = state.catalog[ref] else { continue }
            let isSelected = index == wizard.pickerSelection
            var facts = [ref.name]
            if let owner = entity.owner { facts.append("owner \(owner.name)") }
            if !entity.tags.isEmpty { facts.append(entity.tags.joined(separator: ", ")) }
            lines.append(Line(segments: [(isSelected ? state.glyphs.selection + " " : "  ", .accent), (entity.title ?? ref.name, isSelected ? .selection : .title),
                                         ("  " + facts.joined(separator: " \(state.glyphs.separator) "), .dim)], isFocus: isSelected))
            if let summary = entity.summary { lines.append(Line(segments: [("    " + summary, .text)], isFocus: isSelected)) }
            lines.append(Line(segments: []))
        }
        return lines
    }

    static func pageLines(_ wizard: Wizard, state: AppState, width: Int) -> [Line] {
        guard case .page = wizard.stage, let editor = wizard.editor else { return [] }
        return FormView.pageLines(editor, state: state, width: width)
    }

    static func reviewLines(_ wizard: Wizard, state: AppState) -> [Line] {
        var lines = [Line(segments: [("Enter runs it \(state.glyphs.separator) Esc goes back to change a value \(state.glyphs.separator) j/k scroll", .dim)]), Line(segments: []),
                     Line(segments: [("Values", .accent)])]
        for field in wizard.form?.fields ?? [] {
            let value = wizard.values[field.key]
            let text = field.isSecret && value != nil ? "(secret)" : value.map { FormEditor.text(of: $0).isEmpty ? JSONWriter.string($0) : FormEditor.text(of: $0) } ?? "-"
            let label = TerminalText.truncate(field.title, to: labelWidth - 1, ellipsis: state.glyphs.ellipsis)
            lines.append(Line(segments: [("  " + TerminalText.pad(label, to: labelWidth), .dim), (text, .text)]))
        }
        lines.append(Line(segments: []))
        guard let preview = wizard.preview else {
            lines.append(Line(segments: [("rendering a dry run" + state.glyphs.ellipsis, .dim)]))
            return lines
        }
        if let error = preview.error {
            lines.append(Line(segments: [("The dry run failed: " + error, .error)]))
            return lines
        }
        for step in preview.unavailable {
            lines.append(Line(segments: [("✖ step \(step) cannot run here", .error)]))
        }
        lines.append(Line(segments: [("Files (dry run: \(preview.files.count))", .accent)]))
        for line in treeLines(preview.files, glyphs: state.glyphs) { lines.append(Line(segments: [("  " + line, .text)])) }
        if let info = preview.catalogInfo {
            lines.append(Line(segments: []))
            lines.append(Line(segments: [("catalog-info.yaml", .accent)]))
            for line in info.split(separator: "\n", omittingEmptySubsequences: false) { lines.append(Line(segments: [("  " + line, .dim)])) }
        }
        return lines
    }

    static func runLines(_ wizard: Wizard, state: AppState, width: Int) -> [Line] {
        let glyphs = state.glyphs
        var lines: [Line] = []
        for step in wizard.steps {
            let mark: (String, StyleRole)
            switch step.status {
            case .running: mark = (glyphs == .unicode ? "▸ " : "> ", .jobRunning)
            case .done: mark = (glyphs == .unicode ? "✓ " : "+ ", .jobSucceeded)
            case .skipped: mark = ("- ", .dim)
            }
            lines.append(Line(segments: [mark, (step.title, .text)]))
            for log in step.log { lines.append(Line(segments: [("    " + log, .dim)])) }
        }
        switch wizard.stage {
        case .running:
            lines.append(Line(segments: [("running" + glyphs.ellipsis, .dim)]))
        case .done:
            lines.append(Line(segments: []))
            if let ref = wizard.result?.entityRef {
                lines.append(Line(segments: [("Created \(ref.humanized)", .jobSucceeded)]))
            } else {
                lines.append(Line(segments: [("Done", .jobSucceeded)]))
            }
            for link in wizard.result?.links ?? [] { lines.append(Line(segments: [("  " + link, .accent)])) }
            for text in wizard.result?.text ?? [] { lines.append(Line(segments: [("  " + text, .text)])) }
            lines.append(Line(segments: []))
            lines.append(Line(segments: [(wizard.result?.entityRef == nil ? "Esc or Enter: back to the catalog" : "Enter opens the new entity · Esc back to the catalog", .dim)]))
        case .failed(let message):
            lines.append(Line(segments: []))
            // A failure or a denial says what to do: wrapped, never cut.
            for (index, part) in DetailContent.wrap(message, width: max(10, width - 2)).enumerated() {
                lines.append(Line(segments: [((index == 0 ? (glyphs == .unicode ? "✖ " : "x ") : "  ") + part, .jobFailed)]))
            }
            lines.append(Line(segments: [("Esc goes back to the review.", .dim)]))
        default: break
        }
        return lines
    }

    /// Paths as an indented tree.
    static func treeLines(_ paths: [String], glyphs: Glyphs) -> [String] {
        var lines: [String] = []
        var previous: [Substring] = []
        for path in paths.sorted() {
            let parts = path.split(separator: "/")
            var common = 0
            while common < min(previous.count, parts.count - 1), previous[common] == parts[common] { common += 1 }
            for depth in common..<max(common, parts.count - 1) {
                lines.append(String(repeating: "  ", count: depth) + parts[depth] + "/")
            }
            lines.append(String(repeating: "  ", count: parts.count - 1) + parts[parts.count - 1])
            previous = Array(parts.dropLast())
        }
        return lines
    }
}
