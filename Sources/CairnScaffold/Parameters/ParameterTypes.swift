import CairnCatalog

/// Whether a value has the JSON type a field's kind asks for, and the value in that type
/// (`8080.0` for an integer field is `8080`; `1.22` typed for a choice of strings is the option
/// `"1.22"`). Rules (pattern, limits, membership) are the validator's; this is only the type.
enum ParameterTypes {
    enum Conformance: Equatable {
        case typed(Value)
        /// Completes "key …": "must be an integer, not a string". Never repeats the value.
        case mismatch(String)
    }

    static func conform(_ value: Value, to kind: TemplateForm.Field.Kind) -> Conformance {
        switch kind {
        case .text, .password, .multiline, .entity, .entityName, .repoUrl:
            if case .string = value { return .typed(value) }
            return .mismatch("must be a string, not \(value.typeName)")
        case .integer:
            switch value {
            case .int: return .typed(value)
            case .double(let number) where number.rounded() == number && abs(number) < 1e15: return .typed(.int(Int(number)))
            case .double: return .mismatch("must be a whole number")
            default: return .mismatch("must be an integer, not \(value.typeName)")
            }
        case .number:
            switch value {
            case .int: return .typed(value)
            case .double(let number) where number.isFinite: return .typed(value)
            case .double: return .mismatch("must be a finite number")
            default: return .mismatch("must be a number, not \(value.typeName)")
            }
        case .boolean:
            if case .bool = value { return .typed(value) }
            return .mismatch("must be true or false, not \(value.typeName)")
        case .choice(let options):
            return .typed(option(matching: value, in: options) ?? value)
        case .multiChoice(let options):
            guard case .array(let items) = value else { return .mismatch("must be a list, not \(value.typeName)") }
            if options.isEmpty {
                if let item = items.first(where: { $0.stringValue == nil }) { return .mismatch("must be a list of strings; one item is \(item.typeName)") }
                return .typed(value)
            }
            return .typed(.array(items.map { option(matching: $0, in: options) ?? $0 }))
        }
    }

    /// The option `value` stands for: equal to it (1 and 1.0 are one number), or written the
    /// same way (YAML reads an unquoted `1.22` as a number; the enum holds the string).
    static func option(matching value: Value, in options: [TemplateForm.Field.Option]) -> Value? {
        if let exact = options.first(where: { isEqual($0.value, value) }) { return exact.value }
        let text = ParameterText.display(value)
        return options.first { ParameterText.display($0.value) == text }?.value
    }

    /// JSON equality: numbers compare by value whatever their representation.
    static func isEqual(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        default: return left == right
        }
    }
}
