import CairnCatalog
import CairnPortal
import CairnScaffold
import Foundation

/// The resource request: the type picker, the type's parameters (the wizard's form), and a
/// review that says whether the job will wait for an approver.
enum ProvisionRequestView {
    typealias Line = FormView.Line

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        guard let request = state.provisionRequest else { return }
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: title(request, state))
        let lines = lines(request, state: state, width: rect.inner.width - 2)
        var isFollowingFocus = true
        if case .page = request.stage {} else if request.stage != .typePicker { isFollowingFocus = false }
        FormView.draw(lines, scroll: 0, followingFocus: isFollowingFocus, in: rect, glyphs: state.glyphs, into: &canvas)
    }

    static func title(_ request: ProvisionRequest, _ state: AppState) -> String {
        let separator = state.glyphs.separator
        let start = "Resource for \(request.target.humanized)"
        let typeTitle = request.type.flatMap { state.catalog[$0] }.map { $0.title ?? $0.ref.name } ?? ""
        switch request.stage {
        case .typePicker: return "\(start) \(separator) choose a type"
        case .page(let index):
            let pages = request.editor?.form.pages ?? []
            let pageTitle = pages.indices.contains(index) ? pages[index].title : ""
            return "\(start) \(separator) \(typeTitle) \(separator) page \(index + 1) of \(pages.count)" + (pageTitle.isEmpty ? "" : ": \(pageTitle)")
        case .review: return "\(start) \(separator) \(typeTitle) \(separator) review"
        case .submitting: return "\(start) \(separator) \(typeTitle) \(separator) submitting"
        }
    }

    static func lines(_ request: ProvisionRequest, state: AppState, width: Int) -> [Line] {
        switch request.stage {
        case .typePicker: return pickerLines(request, state: state)
        case .page:
            guard let editor = request.editor else { return [] }
            return FormView.pageLines(editor, state: state, width: width)
        case .review, .submitting: return reviewLines(request, state: state, width: width)
        }
    }

    static func pickerLines(_ request: ProvisionRequest, state: AppState) -> [Line] {
        let glyphs = state.glyphs
        var lines = [Line(segments: [("Resource types: Enter chooses one, Esc closes.", .dim)]), Line(segments: [])]
        let target = state.catalog[request.target]
        for (index, ref) in request.types.enumerated() {
            guard let entity = state.catalog[ref] else { continue }
            let isSelected = index == request.pickerSelection
            var facts = [ref.name]
            let driver = entity.document["spec"]?["driver"]?.stringValue
            if let driver { facts.append("driver \(driver)") }
            var segments: [(String, StyleRole)] = [(isSelected ? glyphs.selection + " " : "  ", .accent), (entity.title ?? ref.name, isSelected ? .selection : .title),
                                                   ("  " + facts.joined(separator: " \(glyphs.separator) "), .dim)]
            if let target, Portal.approval(of: entity, for: target)?.isNeeded == true { segments.append(("  needs approval", .badgeWarn)) }
            if let driver, Portal.drivers[driver] == nil { segments.append(("  no \(driver) driver here yet", .error)) }
            lines.append(Line(segments: segments, isFocus: isSelected))
            if let summary = entity.summary { lines.append(Line(segments: [("    " + summary, .text)], isFocus: isSelected)) }
            lines.append(Line(segments: []))
        }
        return lines
    }

    static func reviewLines(_ request: ProvisionRequest, state: AppState, width: Int) -> [Line] {
        let glyphs = state.glyphs
        let labelWidth = FormView.labelWidth
        func row(_ label: String, _ value: String, _ role: StyleRole = .text) -> Line {
            Line(segments: [("  " + TerminalText.pad(TerminalText.truncate(label, to: labelWidth - 1, ellipsis: glyphs.ellipsis), to: labelWidth), .dim), (value, role)])
        }
        var lines: [Line] = []
        if request.stage == .submitting {
            lines.append(Line(segments: [("submitting" + glyphs.ellipsis, .accent)]))
        } else {
            lines.append(Line(segments: [("Enter requests it \(glyphs.separator) Esc goes back to change a value", .dim)]))
        }
        lines.append(Line(segments: []))
        let type = request.type.flatMap { state.catalog[$0] }
        lines.append(row("Type", type.map { "\($0.title ?? $0.ref.name) (\($0.ref.humanized))" } ?? "-"))
        let target = state.catalog[request.target]
        var targetFacts: [String] = []
        if let lifecycle = target?.lifecycle { targetFacts.append(lifecycle) }
        if let owner = target?.owner { targetFacts.append("owner \(owner.name)") }
        lines.append(row("For", request.target.humanized + (targetFacts.isEmpty ? "" : " (\(targetFacts.joined(separator: ", ")))")))
        lines.append(Line(segments: []))
        lines.append(Line(segments: [("Values", .accent)]))
        for field in request.editor?.form.fields ?? [] {
            let value = request.editor?.values[field.key]
            let text = field.isSecret && value != nil ? "(secret)" : value.map { FormEditor.text(of: $0).isEmpty ? JSONWriter.string($0) : FormEditor.text(of: $0) } ?? "-"
            lines.append(row(field.title, text))
        }
        lines.append(Line(segments: []))
        switch state.provisionApproval {
        case let approval? where approval.isNeeded:
            lines.append(row("Approval", "needed: the job waits on the Jobs screen until it is approved", .badgeWarn))
            if !approval.approvers.isEmpty { lines.append(row("Approvers", approval.approvers.joined(separator: ", "))) }
        case .some:
            lines.append(row("Approval", "not needed: the job runs at once", .badgePass))
        case nil:
            break
        }
        if let error = request.error {
            lines.append(Line(segments: []))
            // A denial names who asked, the owner and what to do: wrapped, never cut.
            let mark = glyphs == .unicode ? "✖ " : "x "
            for line in error.split(separator: "\n") {
                let text = line.replacingOccurrences(of: "cairn: error: ", with: "")
                for (index, part) in DetailContent.wrap(text, width: max(10, width - 2)).enumerated() {
                    lines.append(Line(segments: [((index == 0 ? mark : "  ") + part, .error)]))
                }
            }
        }
        return lines
    }
}
