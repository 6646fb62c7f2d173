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
    public var form: TemplateForm?
    /// Values typed or chosen, by field key; text fields keep their text here until they are
    /// read as the field's type.
    public var texts: [String: String] = [:]
    public var values: [String: Value] = [:]
    /// The focused field on the current page, and the text cursor in it.
    public var field = 0
    public var cursor = 0
    /// The option under the cursor of a multi-choice field.
    public var option = 0
    /// Inline reasons, by field key.
    public var errors: [String: String] = [:]
    /// Entity-picker suggestions for the focused field, and which one was taken last.
    public var suggestions: [EntityRef] = []
    public var suggestion = -1
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

    /// The fields of the page on show.
    public var pageFields: [TemplateForm.Field] {
        guard case .page(let index) = stage, let form, form.pages.indices.contains(index) else { return [] }
        return form.pages[index].fields
    }

    public var focusedField: TemplateForm.Field? {
        let fields = pageFields
        return fields.indices.contains(field) ? fields[field] : nil
    }
}

extension TemplateForm.Field {
    /// Fields edited as a line of text.
    var isText: Bool {
        switch kind {
        case .text, .password, .multiline, .integer, .number, .entity, .entityName, .repoUrl: return true
        case .multiChoice(let options): return options.isEmpty // a free list: typed, comma-separated
        case .boolean, .choice: return false
        }
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
            wizard?.form = form
            wizard?.values = [:]
            wizard?.texts = [:]
            for (key, value) in form.defaults() {
                wizard?.values[key] = value
                wizard?.texts[key] = Self.text(of: value)
            }
            wizard?.errors = [:]
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
        wizard?.field = max(0, form.pages[index].fields.firstIndex(where: \.autofocus) ?? 0)
        focusChanged()
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
            return pageKey(key, page: index)
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

    private mutating func pageKey(_ key: Key, page: Int) -> [Effect] {
        guard let wizard, let field = wizard.focusedField else {
            // A page with no fields (a title and a description): Enter goes on, Esc back.
            switch key {
            case .enter: return enterPage(page + 1)
            case .escape: if page > 0 { enterPage(page - 1) } else { self.wizard?.stage = .picker }
            default: break
            }
            return []
        }
        let count = wizard.pageFields.count
        switch key {
        case .tab:
            leaveField()
            self.wizard?.field = (wizard.field + 1) % max(1, count)
            focusChanged()
        case .backTab:
            leaveField()
            self.wizard?.field = (wizard.field - 1 + count) % max(1, count)
            focusChanged()
        case .down where !isEntityField(field) || wizard.suggestions.isEmpty:
            leaveField()
            self.wizard?.field = min(wizard.field + 1, count - 1)
            focusChanged()
        case .up where !isEntityField(field) || wizard.suggestions.isEmpty:
            leaveField()
            self.wizard?.field = max(wizard.field - 1, 0)
            focusChanged()
        case .down, .up:
            // An entity picker: move through the suggestions, filling the field.
            let suggestions = wizard.suggestions
            var index = wizard.suggestion + (key == .down ? 1 : -1)
            index = max(0, min(index, suggestions.count - 1))
            self.wizard?.suggestion = index
            setText(suggestions[index].humanized, for: field, refreshSuggestions: false)
        case .enter:
            leaveField()
            let fields = self.wizard?.pageFields ?? []
            var firstError: Int?
            for (position, each) in fields.enumerated() {
                let reason = validate(each)
                self.wizard?.errors[each.key] = reason
                if reason != nil, firstError == nil { firstError = position }
            }
            if let firstError {
                self.wizard?.field = firstError
                focusChanged()
                show(error: "fix the marked field\(fields.count > 1 ? "s" : "") first")
            } else {
                return enterPage(page + 1)
            }
        case .escape:
            leaveField()
            if page == 0 {
                self.wizard?.stage = .picker
                self.wizard?.template = nil
                self.wizard?.form = nil
            } else {
                enterPage(page - 1)
            }
        default:
            editField(field, key)
        }
        return []
    }

    private func isEntityField(_ field: TemplateForm.Field) -> Bool {
        if case .entity = field.kind { return true }
        return false
    }

    /// Edits the focused field: text with a cursor, a checkbox, a choice, a multi-choice.
    private mutating func editField(_ field: TemplateForm.Field, _ key: Key) {
        guard let wizard else { return }
        switch field.kind {
        case .boolean:
            if key == .character(" ") || key == .character("x") || key == .left || key == .right {
                let on = !(wizard.values[field.key].map { if case .bool(let flag) = $0 { return flag } else { return false } } ?? false)
                self.wizard?.values[field.key] = .bool(on)
                self.wizard?.errors[field.key] = nil
            }
        case .choice(let options):
            guard !options.isEmpty else { return }
            let current = options.firstIndex { $0.value == wizard.values[field.key] } ?? -1
            var next = current
            switch key {
            case .right, .character(" "), .character("l"): next = (current + 1) % options.count
            case .left, .character("h"): next = current <= 0 ? options.count - 1 : current - 1
            default: return
            }
            self.wizard?.values[field.key] = options[next].value
            self.wizard?.errors[field.key] = nil
        case .multiChoice(let options) where !options.isEmpty:
            switch key {
            case .right, .character("l"): self.wizard?.option = min(wizard.option + 1, options.count - 1)
            case .left, .character("h"): self.wizard?.option = max(wizard.option - 1, 0)
            case .character(" "), .character("x"):
                var chosen = wizard.values[field.key]?.arrayValue ?? []
                let value = options[min(wizard.option, options.count - 1)].value
                if let index = chosen.firstIndex(of: value) { chosen.remove(at: index) } else { chosen.append(value) }
                // Keep the template's order.
                chosen = options.map(\.value).filter { chosen.contains($0) }
                self.wizard?.values[field.key] = .array(chosen)
                self.wizard?.errors[field.key] = nil
            default: return
            }
        default:
            var text = Array(wizard.texts[field.key] ?? "")
            var cursor = min(wizard.cursor, text.count)
            switch key {
            case .character(let character):
                text.insert(character, at: cursor)
                cursor += 1
            case .backspace:
                if cursor > 0 {
                    text.remove(at: cursor - 1)
                    cursor -= 1
                }
            case .delete:
                if cursor < text.count { text.remove(at: cursor) }
            case .left: cursor = max(0, cursor - 1)
            case .right: cursor = min(text.count, cursor + 1)
            case .home, .control("a"): cursor = 0
            case .end, .control("e"): cursor = text.count
            case .control("u"):
                text.removeFirst(cursor)
                cursor = 0
            case .control("k"): text.removeLast(text.count - cursor)
            default: return
            }
            // A combining mark joins the character before it: count again in the rebuilt text.
            let rebuilt = String(text)
            self.wizard?.cursor = min(cursor, rebuilt.count)
            setText(rebuilt, for: field, refreshSuggestions: true)
            self.wizard?.errors[field.key] = nil
        }
    }

    private mutating func setText(_ text: String, for field: TemplateForm.Field, refreshSuggestions: Bool) {
        wizard?.texts[field.key] = text
        if !refreshSuggestions { wizard?.cursor = text.count }
        wizard?.values[field.key] = Self.value(of: text, for: field)
        if refreshSuggestions { refreshEntitySuggestions() }
    }

    /// Focus moved: put the cursor at the end of the text, fetch suggestions.
    private mutating func focusChanged() {
        guard let field = wizard?.focusedField else { return }
        let length = (wizard?.texts[field.key] ?? "").count
        wizard?.cursor = length
        wizard?.option = 0
        refreshEntitySuggestions()
    }

    private mutating func refreshEntitySuggestions() {
        guard let field = wizard?.focusedField, isEntityField(field) else {
            wizard?.suggestions = []
            wizard?.suggestion = -1
            return
        }
        let query = wizard?.texts[field.key] ?? ""
        let candidates = TemplateForm.candidates(for: field, query: query, in: catalog, limit: 6)
        wizard?.suggestions = candidates
        wizard?.suggestion = -1
    }

    /// Validates the focused field as it is left; the reason shows under it.
    private mutating func leaveField() {
        guard let field = wizard?.focusedField else { return }
        let reason = validate(field)
        wizard?.errors[field.key] = reason
    }

    private func validate(_ field: TemplateForm.Field) -> String? {
        guard let wizard, let form = wizard.form else { return nil }
        return form.validate(field, wizard.values[field.key], catalog: catalog)
    }

    /// A text as the field's type: integers and numbers when they read as such (else the
    /// text, which validation then rejects with its reason); empty is no value.
    static func value(of text: String, for field: TemplateForm.Field) -> Value? {
        if text.isEmpty { return nil }
        switch field.kind {
        case .integer: return Int(text).map(Value.int) ?? .string(text)
        case .number: return Double(text).map(Value.double) ?? .string(text)
        case .multiChoice:
            return .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 != .string("") })
        default: return .string(text)
        }
    }

    static func text(of value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array(let items): return items.map { text(of: $0) }.joined(separator: ", ")
        default: return ""
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
