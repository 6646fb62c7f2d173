import CairnCatalog

extension TemplateForm {
    /// nil when `value` is fine for `field`, else the reason shown inline under it ("required",
    /// "must match ^[a-z0-9-]+$", "at most 63 characters", "must be one of a, b",
    /// "no group:team-x in the catalog", …). An empty string counts as no value, as in Backstage's
    /// forms. `catalog` is for entity pickers; without one, entity values are not looked up.
    /// Reasons never repeat the value: it may be a secret.
    public func validate(_ field: Field, _ value: Value?, catalog: Catalog?) -> String? {
        guard let value, !Self.isBlank(value) else { return field.isRequired ? "required" : nil }
        let typed: Value
        switch ParameterTypes.conform(value, to: field.kind) {
        case .mismatch(let reason): return reason
        case .typed(let conforming): typed = conforming
        }
        switch typed {
        case .string(let text):
            // A one-line value is rendered into YAML and file names: a line break or control
            // character there could start another document in the rendered catalog-info.yaml.
            if field.kind != .multiline, text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                return "must be one line without control characters"
            }
            if let reason = textProblem(field, text) { return reason }
        case .int(let number):
            if let reason = numberProblem(field, Double(number)) { return reason }
        case .double(let number):
            if let reason = numberProblem(field, number) { return reason }
        default:
            break
        }
        switch field.kind {
        case .choice(let options):
            guard options.contains(where: { ParameterTypes.isEqual($0.value, typed) }) else { return "must be one of \(Self.list(options))" }
        case .multiChoice(let options) where !options.isEmpty:
            let items = typed.arrayValue ?? []
            guard items.allSatisfy({ item in options.contains { ParameterTypes.isEqual($0.value, item) } }) else {
                return "must be chosen from \(Self.list(options))"
            }
        case .entityName:
            guard let text = typed.stringValue, NameRules.isValidObjectName(text) else {
                return "must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
            }
        case .entity(let kinds, let allowArbitraryValues):
            guard !allowArbitraryValues, let catalog, let text = typed.stringValue else { return nil }
            return ParameterEntityMatch.problem(text, kinds: kinds, in: catalog)
        case .repoUrl(let allowedHosts):
            return typed.stringValue.flatMap { ParameterRepoURL.problem($0, allowedHosts: allowedHosts) }
        default:
            break
        }
        return nil
    }

    /// Every violation over all pages, page by page in field order. Keys the form does not
    /// know are not violations: Backstage passes extra values through to the steps.
    public func validate(_ values: [String: Value], catalog: Catalog?) -> [Violation] {
        var violations: [Violation] = []
        for (index, page) in pages.enumerated() {
            for field in page.fields {
                if let message = validate(field, values[field.key], catalog: catalog) {
                    violations.append(Violation(page: index, key: field.key, message: message))
                }
            }
        }
        return violations
    }

    private func textProblem(_ field: Field, _ text: String) -> String? {
        // JSON Schema counts code points, not UTF-16 units or grapheme clusters.
        let length = text.unicodeScalars.count
        if let minimum = field.minLength, length < minimum { return "at least \(minimum) character\(minimum == 1 ? "" : "s")" }
        if let maximum = field.maxLength, length > maximum { return "at most \(maximum) character\(maximum == 1 ? "" : "s")" }
        if let pattern = field.pattern {
            guard let expression = patterns[pattern] ?? ParameterPattern.compile(pattern) else {
                return "cannot be checked: the template's pattern is not a valid regular expression"
            }
            if !ParameterPattern.matches(expression, text) { return "must match \(ParameterText.printable(pattern))" }
        }
        return nil
    }

    private func numberProblem(_ field: Field, _ number: Double) -> String? {
        if let minimum = field.minimum, number < minimum { return "at least \(ParameterText.display(minimum))" }
        if let maximum = field.maximum, number > maximum { return "at most \(ParameterText.display(maximum))" }
        return nil
    }

    private static func isBlank(_ value: Value) -> Bool {
        switch value {
        case .null: return true
        case .string(let text): return text.isEmpty
        default: return false
        }
    }

    /// Option values as typed on the command line; a long list is cut short.
    private static func list(_ options: [Field.Option]) -> String {
        let shown = options.prefix(12).map { ParameterText.display($0.value) }.joined(separator: ", ")
        return options.count > 12 ? shown + ", …" : shown
    }
}
