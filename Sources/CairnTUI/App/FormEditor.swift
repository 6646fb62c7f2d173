import CairnCatalog
import CairnScaffold
import Foundation

/// Filling in a `TemplateForm` a page at a time, with keys: text fields with a cursor,
/// checkboxes, choices, multi-choices, entity pickers with suggestions, and each field
/// validated as it is left. The new-project wizard and the provision request share it, so a
/// resource type's parameters are edited exactly as a template's are.
public struct FormEditor: Sendable {
    /// What a key asks of the screen that holds the form.
    public enum Outcome: Sendable, Equatable {
        /// Handled inside the form.
        case stay
        /// Enter on a page whose fields are all valid.
        case nextPage
        /// Esc: the page before (or, on the first, whatever came before the form).
        case previousPage
        /// Enter with invalid fields: the reasons are inline, this says so in the status line.
        case invalid(String)
    }

    public var form: TemplateForm
    /// The page on show.
    public var page = 0
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

    /// A form filled with its defaults.
    public init(form: TemplateForm) {
        self.form = form
        for (key, value) in form.defaults() {
            values[key] = value
            texts[key] = Self.text(of: value)
        }
    }

    /// The fields of the page on show.
    public var pageFields: [TemplateForm.Field] {
        form.pages.indices.contains(page) ? form.pages[page].fields : []
    }

    public var focusedField: TemplateForm.Field? {
        let fields = pageFields
        return fields.indices.contains(field) ? fields[field] : nil
    }

    /// Shows page `index` with its autofocus field (else the first) focused.
    public mutating func show(page index: Int, catalog: Catalog) {
        page = index
        field = form.pages.indices.contains(index) ? max(0, form.pages[index].fields.firstIndex(where: \.autofocus) ?? 0) : 0
        focusChanged(catalog: catalog)
    }

    /// A key on the page on show.
    public mutating func handle(_ key: Key, catalog: Catalog) -> Outcome {
        guard let field = focusedField else {
            // A page with no fields (a title and a description): Enter goes on, Esc back.
            switch key {
            case .enter: return .nextPage
            case .escape: return .previousPage
            default: return .stay
            }
        }
        let count = pageFields.count
        let isPicking = isEntityField(field) && !suggestions.isEmpty
        switch key {
        case .tab:
            leaveField(catalog: catalog)
            self.field = (self.field + 1) % max(1, count)
            focusChanged(catalog: catalog)
        case .backTab:
            leaveField(catalog: catalog)
            self.field = (self.field - 1 + count) % max(1, count)
            focusChanged(catalog: catalog)
        case .down where !isPicking:
            leaveField(catalog: catalog)
            self.field = min(self.field + 1, count - 1)
            focusChanged(catalog: catalog)
        case .up where !isPicking:
            leaveField(catalog: catalog)
            self.field = max(self.field - 1, 0)
            focusChanged(catalog: catalog)
        case .down, .up:
            // An entity picker: move through the suggestions, filling the field.
            suggestion = max(0, min(suggestion + (key == .down ? 1 : -1), suggestions.count - 1))
            setText(suggestions[suggestion].humanized, for: field, catalog: catalog, refreshSuggestions: false)
        case .enter:
            leaveField(catalog: catalog)
            let fields = pageFields
            var firstError: Int?
            for (position, each) in fields.enumerated() {
                let reason = validate(each, catalog: catalog)
                errors[each.key] = reason
                if reason != nil, firstError == nil { firstError = position }
            }
            guard let firstError else { return .nextPage }
            self.field = firstError
            focusChanged(catalog: catalog)
            return .invalid("fix the marked field\(fields.count > 1 ? "s" : "") first")
        case .escape:
            leaveField(catalog: catalog)
            return .previousPage
        default:
            edit(field, key, catalog: catalog)
        }
        return .stay
    }

    /// Every field's problem, for a last check before the values are used.
    public func violations(catalog: Catalog) -> [String: String] {
        var found: [String: String] = [:]
        for field in form.fields {
            if let reason = form.validate(field, values[field.key], catalog: catalog) { found[field.key] = reason }
        }
        return found
    }

    private func isEntityField(_ field: TemplateForm.Field) -> Bool {
        if case .entity = field.kind { return true }
        return false
    }

    /// Edits the focused field: text with a cursor, a checkbox, a choice, a multi-choice.
    private mutating func edit(_ field: TemplateForm.Field, _ key: Key, catalog: Catalog) {
        switch field.kind {
        case .boolean:
            if key == .character(" ") || key == .character("x") || key == .left || key == .right {
                let on = !(values[field.key].map { if case .bool(let flag) = $0 { return flag } else { return false } } ?? false)
                values[field.key] = .bool(on)
                errors[field.key] = nil
            }
        case .choice(let options):
            guard !options.isEmpty else { return }
            let current = options.firstIndex { $0.value == values[field.key] } ?? -1
            var next = current
            switch key {
            case .right, .character(" "), .character("l"): next = (current + 1) % options.count
            case .left, .character("h"): next = current <= 0 ? options.count - 1 : current - 1
            default: return
            }
            values[field.key] = options[next].value
            errors[field.key] = nil
        case .multiChoice(let options) where !options.isEmpty:
            switch key {
            case .right, .character("l"): option = min(option + 1, options.count - 1)
            case .left, .character("h"): option = max(option - 1, 0)
            case .character(" "), .character("x"):
                var chosen = values[field.key]?.arrayValue ?? []
                let value = options[min(option, options.count - 1)].value
                if let index = chosen.firstIndex(of: value) { chosen.remove(at: index) } else { chosen.append(value) }
                // Keep the form's order.
                chosen = options.map(\.value).filter { chosen.contains($0) }
                values[field.key] = .array(chosen)
                errors[field.key] = nil
            default: return
            }
        default:
            var text = Array(texts[field.key] ?? "")
            var position = min(cursor, text.count)
            switch key {
            case .character(let character):
                text.insert(character, at: position)
                position += 1
            case .backspace:
                if position > 0 {
                    text.remove(at: position - 1)
                    position -= 1
                }
            case .delete:
                if position < text.count { text.remove(at: position) }
            case .left: position = max(0, position - 1)
            case .right: position = min(text.count, position + 1)
            case .home, .control("a"): position = 0
            case .end, .control("e"): position = text.count
            case .control("u"):
                text.removeFirst(position)
                position = 0
            case .control("k"): text.removeLast(text.count - position)
            default: return
            }
            // A combining mark joins the character before it: count again in the rebuilt text.
            let rebuilt = String(text)
            cursor = min(position, rebuilt.count)
            setText(rebuilt, for: field, catalog: catalog, refreshSuggestions: true)
            errors[field.key] = nil
        }
    }

    private mutating func setText(_ text: String, for field: TemplateForm.Field, catalog: Catalog, refreshSuggestions: Bool) {
        texts[field.key] = text
        if !refreshSuggestions { cursor = text.count }
        values[field.key] = Self.value(of: text, for: field)
        if refreshSuggestions { refreshEntitySuggestions(catalog: catalog) }
    }

    /// Focus moved: put the cursor at the end of the text, fetch suggestions.
    private mutating func focusChanged(catalog: Catalog) {
        guard let field = focusedField else { return }
        cursor = (texts[field.key] ?? "").count
        option = 0
        refreshEntitySuggestions(catalog: catalog)
    }

    private mutating func refreshEntitySuggestions(catalog: Catalog) {
        guard let field = focusedField, isEntityField(field) else {
            suggestions = []
            suggestion = -1
            return
        }
        suggestions = TemplateForm.candidates(for: field, query: texts[field.key] ?? "", in: catalog, limit: 6)
        suggestion = -1
    }

    /// Validates the focused field as it is left; the reason shows under it.
    private mutating func leaveField(catalog: Catalog) {
        guard let field = focusedField else { return }
        errors[field.key] = validate(field, catalog: catalog)
    }

    private func validate(_ field: TemplateForm.Field, catalog: Catalog) -> String? {
        form.validate(field, values[field.key], catalog: catalog)
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

    /// A value as it is shown and edited.
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
