import CairnCatalog
import CairnScaffold
import Foundation

/// The new-project wizard (`n`, `:new`): pick a template, fill its pages of parameters (each
/// field validated as you leave it), review the values and a dry-run preview of the files,
/// then run it and watch each step.
public struct Wizard: Sendable {
    public enum Stage: Sendable, Equatable {
        case picker
        case page(Int)
        case review
        case running
        case done
        case failed(String)
    }

    /// A step as the run screen shows it.
    public struct StepLine: Sendable, Equatable {
        public enum Status: Sendable, Equatable { case running, done, skipped }
        public var id: String
        public var title: String
        public var status: Status
        public var log: [String]
    }

    /// The dry-run preview shown on the review page.
    public struct Preview: Sendable, Equatable {
        public var files: [String]
        public var catalogInfo: String?
        public var unavailable: [String]
        public var error: String?
        /// What the dry run was for: a preview of other values (an earlier request arriving
        /// late) is dropped.
        public var template: EntityRef?
        public var values: [String: Value]?

        public init(files: [String], catalogInfo: String? = nil, unavailable: [String] = [], error: String? = nil,
                    template: EntityRef? = nil, values: [String: Value]? = nil) {
            self.files = files
            self.catalogInfo = catalogInfo
            self.unavailable = unavailable
            self.error = error
            self.template = template
            self.values = values
        }
    }

    public var stage: Stage = .picker
    public var templates: [EntityRef]
    public var pickerSelection = 0
    public var template: EntityRef?
    /// The chosen template's parameters being filled in.
    public var editor: FormEditor?
    public var preview: Preview?
    public var steps: [StepLine] = []
    public var result: Outcome?
    public var scroll = 0

    /// What a finished run left: where to go next.
    public struct Outcome: Sendable, Equatable {
        public var entityRef: EntityRef?
        public var links: [String]
        public var text: [String]

        public init(entityRef: EntityRef?, links: [String], text: [String]) {
            self.entityRef = entityRef
            self.links = links
            self.text = text
        }
    }

    public init(templates: [EntityRef]) { self.templates = templates }

    public var form: TemplateForm? { editor?.form }
    public var values: [String: Value] { editor?.values ?? [:] }
    public var texts: [String: String] { editor?.texts ?? [:] }
    public var errors: [String: String] { editor?.errors ?? [:] }
    public var field: Int { editor?.field ?? 0 }
    public var suggestions: [EntityRef] { editor?.suggestions ?? [] }

    /// The fields of the page on show.
    public var pageFields: [TemplateForm.Field] {
        guard case .page = stage else { return [] }
        return editor?.pageFields ?? []
    }

    public var focusedField: TemplateForm.Field? {
        guard case .page = stage else { return nil }
        return editor?.focusedField
    }
}

extension AppState {
    /// Opens the wizard on the template picker (or straight on `template`'s first page).
    @discardableResult
    mutating func openWizard(template: EntityRef? = nil) -> [Effect] {
        let templates = catalog.entities.filter { $0.ref.kind == "template" && !$0.isQuarantined }
            .sorted { ($0.title ?? $0.ref.name).lowercased() < ($1.title ?? $1.ref.name).lowercased() }.map(\.ref)
        guard !templates.isEmpty else {
            show(error: "no templates in the catalog: add scaffolder.backstage.io/v1beta3 Template entities")
            return []
        }
        wizard = Wizard(templates: templates)
        screen = .wizard
        overlay = .none
        if let template, templates.contains(template) { return chooseTemplate(template) }
        return []
    }

    private mutating func chooseTemplate(_ ref: EntityRef) -> [Effect] {
        guard let entity = catalog[ref] else { return [] }
        do {
            let form = try TemplateForm(template: entity)
            wizard?.template = ref
            wizard?.editor = FormEditor(form: form)
            return enterPage(0)
        } catch {
            show(error: "\(ref.humanized): \(error.message)")
            return []
        }
    }

    /// Shows page `index`, or the review after the last page (asking for its dry run).
    @discardableResult
    private mutating func enterPage(_ index: Int) -> [Effect] {
        guard let form = wizard?.form else { return [] }
        if index >= form.pages.count {
            wizard?.stage = .review
            wizard?.preview = nil
            wizard?.scroll = 0
            guard let template = wizard?.template else { return [] }
            return [.scaffold(template: template, values: wizard?.values ?? [:], isDryRun: true)]
        }
        wizard?.stage = .page(index)
        wizard?.editor?.show(page: index, catalog: catalog)
        return []
    }

    /// Keys while the wizard is open; everything but Ctrl-C goes here (text fields take letters).
    mutating func wizardKey(_ key: Key) -> [Effect] {
        guard var wizard else { screen = .catalog; return [] }
        switch wizard.stage {
        case .picker:
            switch key {
            case .down, .character("j"), .tab: wizard.pickerSelection = min(wizard.pickerSelection + 1, wizard.templates.count - 1)
            case .up, .character("k"), .backTab: wizard.pickerSelection = max(wizard.pickerSelection - 1, 0)
            case .escape, .character("q"):
                self.wizard = nil
                screen = .catalog
                return []
            case .enter:
                self.wizard = wizard
                return chooseTemplate(wizard.templates[wizard.pickerSelection])
            default: break
            }
            self.wizard = wizard
            return []
        case .page(let index):
            guard var editor = wizard.editor else { return [] }
            let outcome = editor.handle(key, catalog: catalog)
            self.wizard?.editor = editor
            switch outcome {
            case .stay: break
            case .nextPage: return enterPage(index + 1)
            case .previousPage:
                if index == 0 {
                    self.wizard?.stage = .picker
                    self.wizard?.template = nil
                    self.wizard?.editor = nil
                } else {
                    enterPage(index - 1)
                }
            case .invalid(let reason): show(error: reason)
            }
            return []
        case .review:
            switch key {
            case .escape, .backspace:
                let pages = wizard.form?.pages.count ?? 0
                if pages == 0 {
                    self.wizard?.stage = .picker
                } else {
                    enterPage(pages - 1)
                }
            case .enter:
                guard let template = wizard.template else { return [] }
                if let unavailable = wizard.preview?.unavailable, !unavailable.isEmpty {
                    show(error: "this template uses steps cairn cannot run here: \(unavailable.joined(separator: ", "))")
                    return []
                }
                self.wizard?.stage = .running
                self.wizard?.steps = []
                self.wizard?.scroll = 0
                return [.scaffold(template: template, values: wizard.values, isDryRun: false)]
            case .down, .character("j"): self.wizard?.scroll += 1
            case .up, .character("k"): self.wizard?.scroll = max(0, wizard.scroll - 1)
            default: break
            }
            return []
        case .running:
            return []
        case .done:
            switch key {
            case .enter:
                let ref = wizard.result?.entityRef
                self.wizard = nil
                screen = .catalog
                if let ref {
                    if catalog[ref] != nil { open(ref, keepingHistory: false) } else { show(error: "\(ref.humanized) is not in the catalog yet; it appears once the catalog is read again") }
                }
            case .escape, .character("q"):
                self.wizard = nil
                screen = .catalog
            default: break
            }
            return []
        case .failed:
            switch key {
            case .escape, .backspace, .enter:
                self.wizard?.stage = .review
            default: break
            }
            return []
        }
    }

    /// Background results of the wizard's runs.
    mutating func scaffoldUpdate(_ update: ScaffoldUpdate) {
        guard wizard != nil else { return }
        switch update {
        case .preview(let preview):
            guard wizard?.stage == .review else { return }
            if let values = preview.values, values != wizard?.values { return }
            if let template = preview.template, template != wizard?.template { return }
            wizard?.preview = preview
        case .event(let event):
            switch event {
            case .stepStarted(let id, let name, let action):
                wizard?.steps.append(Wizard.StepLine(id: id, title: "\(name) (\(action))", status: .running, log: []))
            case .log(let step, let line):
                if let index = wizard?.steps.lastIndex(where: { $0.id == step }) { wizard?.steps[index].log.append(line) }
            case .stepSkipped(let id, let reason):
                wizard?.steps.append(Wizard.StepLine(id: id, title: "\(id): \(reason)", status: .skipped, log: []))
            case .stepFinished(let id):
                if let index = wizard?.steps.lastIndex(where: { $0.id == id }) { wizard?.steps[index].status = .done }
            }
        case .finished(let outcome):
            wizard?.result = outcome
            wizard?.stage = .done
        case .failed(let message):
            wizard?.stage = .failed(message)
        }
    }
}

/// What the background sends back about a wizard run.
public enum ScaffoldUpdate: Sendable, Equatable {
    case preview(Wizard.Preview)
    case event(ScaffoldEvent)
    case finished(Wizard.Outcome)
    case failed(String)
}
