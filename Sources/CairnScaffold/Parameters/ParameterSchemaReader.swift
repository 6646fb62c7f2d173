import CairnCatalog
import Foundation

/// Reads a Template's `spec.parameters` into pages of fields. Every error names the template
/// and the JSON path of what cannot be read; what cairn does not show (conditional schema,
/// object-typed properties, unknown `ui:` hints) is skipped, never an error.
struct ParameterSchemaReader {
    let template: Entity
    private(set) var patterns: [String: NSRegularExpression] = [:]

    init(template: Entity) {
        self.template = template
    }

    mutating func readPages() throws(FormError) -> [TemplateForm.Page] {
        // Resource types (cairn.dev/v1alpha1 ResourceType) use the same parameter schema.
        guard template.ref.kind == "template" || template.ref.kind == "resourcetype" else {
            throw failure("kind", "is \(ParameterText.quoted(template.kind)), not \"Template\" or \"ResourceType\"; only those have parameters")
        }
        guard let parameters = template.spec["parameters"] else { return [] }
        switch parameters {
        case .null:
            return []
        case .object:
            return [try readPage(parameters, path: "spec.parameters", number: 1)]
        case .array(let pages):
            var result: [TemplateForm.Page] = []
            for (index, page) in pages.enumerated() {
                result.append(try readPage(page, path: "spec.parameters[\(index)]", number: index + 1))
            }
            return result
        default:
            throw failure("spec.parameters", "must be a mapping (one page) or a list of pages, not \(parameters.typeName)")
        }
    }

    private mutating func readPage(_ page: Value, path: String, number: Int) throws(FormError) -> TemplateForm.Page {
        guard case .object = page else { throw failure(path, "must be a mapping with title and properties, not \(page.typeName)") }
        let title = try text(page["title"], path: path + ".title") ?? "Step \(number)"
        let description = try text(page["description"], path: path + ".description")
        let required = Set(try strings(page["required"], path: path + ".required") ?? [])
        var fields: [TemplateForm.Field] = []
        switch page["properties"] {
        case nil, .null?:
            break
        case .object(let properties)?:
            for property in properties {
                let propertyPath = path + ".properties" + Self.pathComponent(property.key)
                if let field = try readField(property.key, property.value, path: propertyPath, isRequired: required.contains(property.key)) {
                    fields.append(field)
                }
            }
        case let other?:
            throw failure(path + ".properties", "must be a mapping of field names to schemas, not \(other.typeName)")
        }
        if let order = try strings(page["ui:order"], path: path + ".ui:order"), !order.isEmpty {
            fields = Self.ordered(fields, by: order)
        }
        return TemplateForm.Page(title: title, description: description, fields: fields)
    }

    /// nil for a property cairn does not show (type object or null).
    private mutating func readField(_ key: String, _ schema: Value, path: String, isRequired: Bool) throws(FormError) -> TemplateForm.Field? {
        guard case .object = schema else { throw failure(path, "must be a mapping (a JSON Schema), not \(schema.typeName)") }
        let options = schema["ui:options"] ?? .null
        switch options {
        case .object, .null: break
        default: throw failure(path + ".ui:options", "must be a mapping, not \(options.typeName)")
        }
        guard let (kind, isPickedSecret) = try kind(of: schema, options: options, path: path) else { return nil }

        let maskedInReview = schema["ui:backstage"]?["review"]?["mask"] != nil
        var field = TemplateForm.Field(
            key: key,
            title: try text(schema["title"], path: path + ".title"),
            description: try text(schema["description"], path: path + ".description"),
            help: try text(schema["ui:help"], path: path + ".ui:help"),
            kind: kind,
            isRequired: isRequired,
            minLength: try count(schema["minLength"], path: path + ".minLength"),
            maxLength: try count(schema["maxLength"], path: path + ".maxLength"),
            minimum: try number(schema["minimum"], path: path + ".minimum"),
            maximum: try number(schema["maximum"], path: path + ".maximum"),
            autofocus: try flag(schema["ui:autofocus"], path: path + ".ui:autofocus") ?? false,
            isSecret: isPickedSecret || maskedInReview)

        if let pattern = schema["pattern"] {
            guard case .string(let source) = pattern else { throw failure(path + ".pattern", "must be a string, not \(pattern.typeName)") }
            guard let expression = ParameterPattern.compile(source) else {
                throw failure(path + ".pattern", "\(ParameterText.quoted(source)) is not a valid regular expression")
            }
            patterns[source] = expression
            field.pattern = source
        }
        if let value = schema["default"], value != .null {
            // The reason names the type expected, never the value: the field may be a secret.
            switch ParameterTypes.conform(value, to: kind) {
            case .typed(let typed): field.defaultValue = typed
            case .mismatch(let reason): throw failure(path + ".default", reason)
            }
        }
        return field
    }

    /// The field's kind, and whether the picker makes it a secret; nil for a property not shown.
    private func kind(of schema: Value, options: Value, path: String) throws(FormError) -> (TemplateForm.Field.Kind, Bool)? {
        let allowArbitraryValues = try flag(options["allowArbitraryValues"], path: path + ".ui:options.allowArbitraryValues") ?? true
        switch schema["ui:field"]?.stringValue {
        case "OwnerPicker":
            return (.entity(kinds: try kinds(options, path: path) ?? ["Group", "User"], allowArbitraryValues: allowArbitraryValues), false)
        case "EntityPicker", "OwnedEntityPicker":
            return (.entity(kinds: try kinds(options, path: path) ?? [], allowArbitraryValues: allowArbitraryValues), false)
        case "MyGroupsPicker":
            return (.entity(kinds: ["Group"], allowArbitraryValues: false), false)
        case "EntityNamePicker":
            return (.entityName, false)
        case "RepoUrlPicker":
            return (.repoUrl(allowedHosts: try strings(options["allowedHosts"], path: path + ".ui:options.allowedHosts") ?? []), false)
        case "Secret":
            return (.password, true)
        default:
            break
        }
        let type = try type(of: schema, path: path)
        switch type {
        case "string":
            if let options = try choices(schema, path: path) { return (.choice(options), false) }
            switch schema["ui:widget"]?.stringValue {
            case "password": return (.password, true)
            case "textarea": return (.multiline, false)
            default: return (.text, false)
            }
        case "integer", "number":
            if let options = try choices(schema, path: path) { return (.choice(options), false) }
            return (type == "integer" ? .integer : .number, false)
        case "boolean":
            return (.boolean, false)
        case "array":
            let items = schema["items"] ?? .null
            if case .object = items, let options = try choices(items, path: path + ".items") { return (.multiChoice(options), false) }
            return (.multiChoice([]), false)
        default: // object and null: no input cairn can show; values pass through
            return nil
        }
    }

    /// `type` as written; when absent, the type of the enum or default, else string.
    private func type(of schema: Value, path: String) throws(FormError) -> String {
        let known = ["string", "integer", "number", "boolean", "array", "object", "null"]
        let declared: String?
        switch schema["type"] {
        case nil: declared = nil
        case .string(let name)?: declared = name
        case .array(let names)?: // ["string", "null"]: the field is the non-null type
            declared = names.compactMap(\.stringValue).first { $0 != "null" } ?? names.first?.stringValue
        case let other?: throw failure(path + ".type", "must be a string, not \(other.typeName)")
        }
        if let declared {
            guard known.contains(declared) else {
                throw failure(path + ".type", "\(ParameterText.quoted(declared)) is not one of \(known.joined(separator: ", "))")
            }
            return declared
        }
        switch schema["enum"]?.arrayValue?.first ?? schema["default"] {
        case .bool?: return "boolean"
        case .int?: return "integer"
        case .double?: return "number"
        case .array?: return "array"
        default: return "string"
        }
    }

    /// Options from `enum` (+ `enumNames`), or from `oneOf` items that each carry a `const`;
    /// nil when the schema offers no fixed choice.
    private func choices(_ schema: Value, path: String) throws(FormError) -> [TemplateForm.Field.Option]? {
        if let values = schema["enum"] {
            guard case .array(let items) = values else { throw failure(path + ".enum", "must be a list, not \(values.typeName)") }
            // enumNames may be shorter (as in react-jsonschema-form, the value is its own label).
            let names = try strings(schema["enumNames"], path: path + ".enumNames") ?? []
            return items.enumerated().map { index, value in
                TemplateForm.Field.Option(value: value, label: index < names.count ? names[index] : ParameterText.display(value))
            }
        }
        if case .array(let alternatives)? = schema["oneOf"], !alternatives.isEmpty,
           alternatives.allSatisfy({ $0["const"] != nil }) {
            return alternatives.map { alternative in
                let value = alternative["const"] ?? .null
                return TemplateForm.Field.Option(value: value, label: alternative["title"]?.stringValue ?? ParameterText.display(value))
            }
        }
        return nil
    }

    /// Kinds from `ui:options.catalogFilter` (a mapping or a list of them; `kind` a string or a
    /// list) or the older `allowedKinds`; nil when neither says, [] when a filter allows any kind.
    private func kinds(_ options: Value, path: String) throws(FormError) -> [String]? {
        if let filter = options["catalogFilter"], filter != .null {
            let filters: [Value]
            switch filter {
            case .object: filters = [filter]
            case .array(let items): filters = items
            default: throw failure(path + ".ui:options.catalogFilter", "must be a mapping or a list of mappings, not \(filter.typeName)")
            }
            let isList = filter.arrayValue != nil
            var kinds: [String] = []
            for (index, filter) in filters.enumerated() {
                let kindPath = path + ".ui:options.catalogFilter" + (isList ? "[\(index)]" : "") + ".kind"
                switch filter["kind"] {
                case nil: return [] // a filter without a kind lets every kind through
                case .string(let kind)?: kinds.append(kind)
                case .array?: kinds += try strings(filter["kind"], path: kindPath) ?? []
                case let other?: throw failure(kindPath, "must be a string or a list of strings, not \(other.typeName)")
                }
            }
            return kinds
        }
        return try strings(options["allowedKinds"], path: path + ".ui:options.allowedKinds")
    }

    // MARK: - Typed reads

    private func text(_ value: Value?, path: String) throws(FormError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let scalar? where scalar.arrayValue == nil && scalar.objectValue == nil: return ParameterText.display(scalar)
        case let other?: throw failure(path, "must be a string, not \(other.typeName)")
        }
    }

    private func strings(_ value: Value?, path: String) throws(FormError) -> [String]? {
        switch value {
        case nil, .null?: return nil
        case .array(let items)?:
            var result: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else { throw failure(path + "[\(index)]", "must be a string, not \(item.typeName)") }
                result.append(text)
            }
            return result
        case let other?: throw failure(path, "must be a list of strings, not \(other.typeName)")
        }
    }

    private func count(_ value: Value?, path: String) throws(FormError) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .int(let number)? where number >= 0: return number
        case .double(let number)? where number >= 0 && number.rounded() == number && number < 1e15: return Int(number)
        case let other?: throw failure(path, "must be a whole number of at least 0, not \(ParameterText.display(other))")
        }
    }

    private func number(_ value: Value?, path: String) throws(FormError) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .int(let number)?: return Double(number)
        case .double(let number)? where number.isFinite: return number
        case let other?: throw failure(path, "must be a number, not \(ParameterText.display(other))")
        }
    }

    private func flag(_ value: Value?, path: String) throws(FormError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw failure(path, "must be true or false, not \(other.typeName)")
        }
    }

    // MARK: - Errors and paths

    /// `file:line:column: error: template:name: path message`, the catalog's error shape; the
    /// position is the template document's (parsed values keep no finer positions).
    private func failure(_ path: String, _ message: String) -> FormError {
        let source = template.source
        let location = source.file.isEmpty ? "" : "\(source.file):\(source.line):\(source.column): error: "
        return FormError(ParameterText.printable("\(location)\(template.ref.humanized): \(path) \(message)"))
    }

    /// `.name`, or `["odd key"]` for a key that is not an identifier.
    static func pathComponent(_ key: String) -> String {
        let isIdentifier = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "$"
        }
        return isIdentifier ? "." + key : "[" + ParameterText.quoted(key) + "]"
    }

    /// Fields in `ui:order`: listed keys first in that order, `*` standing for the rest.
    static func ordered(_ fields: [TemplateForm.Field], by order: [String]) -> [TemplateForm.Field] {
        let listed = Set(order)
        let rest = fields.filter { !listed.contains($0.key) }
        var result: [TemplateForm.Field] = []
        for key in order {
            if key == "*" {
                result += rest
            } else if let field = fields.first(where: { $0.key == key }) {
                result.append(field)
            }
        }
        if !order.contains("*") { result += rest }
        return result
    }
}
