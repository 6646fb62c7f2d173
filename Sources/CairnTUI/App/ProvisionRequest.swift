import CairnCatalog
import CairnPortal
import CairnScaffold

/// A request for a resource (`p` on a Component, System or API): pick a resource type, fill
/// its parameters (the same form editor as the new-project wizard), review, submit. The
/// request becomes a job on the Jobs screen.
public struct ProvisionRequest: Sendable {
    public enum Stage: Sendable, Equatable {
        case typePicker
        case page(Int)
        case review
        /// Sent; waiting for the job (or the reason it was refused).
        case submitting
    }

    /// What the resource is for.
    public var target: EntityRef
    /// The resource types to choose from, by title.
    public var types: [EntityRef]
    public var pickerSelection = 0
    public var type: EntityRef?
    public var editor: FormEditor?
    public var stage: Stage = .typePicker
    /// Why the last submission was refused, shown on the review.
    public var error: String?
    /// Where Esc on the type picker goes back to.
    public var returnScreen: AppState.Screen

    public init(target: EntityRef, types: [EntityRef], returnScreen: AppState.Screen) {
        self.target = target
        self.types = types
        self.returnScreen = returnScreen
    }
}

extension AppState {
    /// Kinds resources are requested for.
    static let provisionTargetKinds: Set<String> = ["component", "system", "api"]

    /// The entity `p` requests a resource for: the one selected on the current screen.
    var provisionTarget: Entity? {
        switch screen {
        case .incidents: return selectedIncidentEntry.flatMap { catalog[$0.ref] }
        case .dependencies: return dependencies.flatMap { catalog[$0.selected] }
        case .jobs: return jobs.selectedJob.flatMap { try? EntityRef.parse($0.targetRef) }.flatMap { catalog[$0] }
        default: return detailEntity
        }
    }

    /// `p`: opens the request on the resource-type picker, or says why it cannot.
    mutating func openProvisionRequest() -> [Effect] {
        guard let target = provisionTarget else {
            show(error: "select a Component, System or API first; p requests a resource (Redis, PostgreSQL, …) for it")
            return []
        }
        guard Self.provisionTargetKinds.contains(target.ref.kind) else {
            show(error: "\(target.ref.name) is a \(target.kind): p requests resources for a Component, System or API")
            return []
        }
        guard !target.isQuarantined else {
            show(error: "\(target.ref.humanized) is quarantined (\(target.problems.first?.message ?? "invalid")); fix it before requesting resources")
            return []
        }
        let types = Portal.resourceTypes(in: catalog).map(\.ref)
        guard !types.isEmpty else {
            show(error: "no resource types in the catalog: add cairn.dev/v1alpha1 ResourceType entities")
            return []
        }
        provisionRequest = ProvisionRequest(target: target.ref, types: types, returnScreen: screen == .provisionRequest ? .catalog : screen)
        screen = .provisionRequest
        overlay = .none
        return []
    }

    /// Whether the request would wait for an approver, and who may approve.
    var provisionApproval: (isNeeded: Bool, approvers: [String])? {
        guard let request = provisionRequest, let type = request.type.flatMap({ catalog[$0] }), let target = catalog[request.target] else { return nil }
        return Portal.approval(of: type, for: target)
    }

    /// Keys while the request is open; everything but Ctrl-C goes here (text fields take letters).
    mutating func provisionRequestKey(_ key: Key) -> [Effect] {
        guard let request = provisionRequest else { screen = .catalog; return [] }
        switch request.stage {
        case .typePicker:
            switch key {
            case .down, .character("j"), .tab: provisionRequest?.pickerSelection = min(request.pickerSelection + 1, request.types.count - 1)
            case .up, .character("k"), .backTab: provisionRequest?.pickerSelection = max(request.pickerSelection - 1, 0)
            case .escape, .character("q"): closeProvisionRequest()
            case .enter: chooseResourceType(request.types[request.pickerSelection])
            default: break
            }
        case .page(let index):
            guard var editor = request.editor else { return [] }
            let outcome = editor.handle(key, catalog: catalog)
            provisionRequest?.editor = editor
            switch outcome {
            case .stay: break
            case .nextPage: enterRequestPage(index + 1)
            case .previousPage: enterRequestPage(index - 1)
            case .invalid(let reason): show(error: reason)
            }
        case .review:
            switch key {
            case .escape, .backspace: enterRequestPage((request.editor?.form.pages.count ?? 0) - 1)
            case .enter: return submitProvisionRequest()
            default: break
            }
        case .submitting:
            break
        }
        return []
    }

    private mutating func closeProvisionRequest() {
        screen = provisionRequest?.returnScreen ?? .catalog
        provisionRequest = nil
    }

    private mutating func chooseResourceType(_ ref: EntityRef) {
        guard let entity = catalog[ref] else { return }
        do {
            provisionRequest?.type = ref
            provisionRequest?.editor = FormEditor(form: try TemplateForm(template: entity))
            provisionRequest?.error = nil
            enterRequestPage(0)
        } catch {
            show(error: "\(ref.humanized): \(error.message)")
        }
    }

    /// Page `index` of the type's form; before the first, the type picker; after the last,
    /// the review.
    private mutating func enterRequestPage(_ index: Int) {
        guard let pages = provisionRequest?.editor?.form.pages.count else { return }
        if index < 0 {
            provisionRequest?.stage = .typePicker
            provisionRequest?.type = nil
            provisionRequest?.editor = nil
        } else if index >= pages {
            provisionRequest?.stage = .review
        } else {
            provisionRequest?.stage = .page(index)
            provisionRequest?.editor?.show(page: index, catalog: catalog)
        }
    }

    /// Enter on the review: every field checked once more, then the request goes out.
    private mutating func submitProvisionRequest() -> [Effect] {
        guard let request = provisionRequest, let type = request.type, let editor = request.editor else { return [] }
        let violations = editor.violations(catalog: catalog)
        if let first = editor.form.fields.first(where: { violations[$0.key] != nil }) {
            let page = editor.form.pages.firstIndex { $0.fields.contains { $0.key == first.key } } ?? 0
            enterRequestPage(page)
            provisionRequest?.editor?.errors = violations
            let field = provisionRequest?.editor?.pageFields.firstIndex { $0.key == first.key } ?? 0
            provisionRequest?.editor?.field = field
            show(error: "\(first.title): \(violations[first.key] ?? "invalid")")
            return []
        }
        provisionRequest?.stage = .submitting
        provisionRequest?.error = nil
        message = "requesting \(type.name) for \(request.target.humanized)" + glyphs.ellipsis
        return [.job(.request(type: type, target: request.target, values: editor.values))]
    }
}
