import CairnCatalog

extension TemplateForm {
    /// The values to run the template with: `--set key=value` arguments (later ones win) over the
    /// values file (a YAML or JSON mapping; a `null` there unsets a default) over the fields'
    /// defaults. `--set` text is coerced per field ("8080" is a number for an integer field,
    /// "true"/"false" a boolean, "a,b" a list for a multiple choice); text that does not fit stays
    /// a string for `validate` to report, and keys the form does not know stay strings.
    /// Throws for a `--set` without `=` and for a values file that cannot be read or holds a value
    /// of the wrong type (naming the file, line and key, never the value).
    public func values(defaults includeDefaults: Bool, file: String?, sets: [String]) throws(FormError) -> [String: Value] {
        var result: [String: Value] = [:]
        if includeDefaults {
            for (key, value) in defaults() where result[key] == nil { result[key] = value }
        }
        if let file {
            for (key, value) in try ParameterValuesFile.read(file, form: self) {
                result[key] = value == .null ? nil : value
            }
        }
        for argument in sets {
            guard let equals = argument.firstIndex(of: "=") else {
                throw FormError("--set \(ParameterText.quoted(argument)) has no '='; write --set key=value")
            }
            let key = String(argument[..<equals])
            guard !key.isEmpty else { throw FormError("--set has an empty key before '='; write --set key=value") }
            let text = String(argument[argument.index(after: equals)...])
            result[key] = field(key).map { Self.coerce(text, for: $0.kind) } ?? .string(text)
        }
        return result
    }

    /// Command-line text as a value of the field's kind, or as a string when it does not fit.
    static func coerce(_ text: String, for kind: Field.Kind) -> Value {
        switch kind {
        case .integer:
            if let number = Int(text) { return .int(number) }
            if let number = Double(text), number.rounded() == number, abs(number) < 1e15 { return .int(Int(number)) }
            return .string(text)
        case .number:
            if let number = Int(text) { return .int(number) }
            if let number = Double(text), number.isFinite { return .double(number) }
            return .string(text)
        case .boolean:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(text)
            }
        case .choice(let options):
            return ParameterTypes.option(matching: .string(text), in: options) ?? .string(text)
        case .multiChoice(let options):
            let items = text.split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
                .filter { !$0.isEmpty }
            return .array(items.map { ParameterTypes.option(matching: .string($0), in: options) ?? .string($0) })
        case .text, .password, .multiline, .entity, .entityName, .repoUrl:
            return .string(text)
        }
    }
}
