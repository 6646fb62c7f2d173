import CairnCatalog

/// Reads JSON Schema objects (OpenAPI 3.0's dialect and 3.1's full JSON Schema, one code path)
/// into `SchemaType`s and property lists. Never fails: what it cannot read becomes `any`,
/// `unresolved` or `truncated`.
struct SchemaReader: Sendable, Equatable {
    /// How many levels of inline objects, arrays and compositions are spelled out.
    static let maxInlineDepth = 4

    let resolver: ReferenceResolver

    func type(of schema: Value) -> SchemaType {
        type(of: schema, depth: 0, visiting: [])
    }

    private func type(of schema: Value, depth: Int, visiting: Set<String>) -> SchemaType {
        switch schema {
        case .object: break
        case .bool(false): return .primitive("never", format: nil) // 3.1 boolean schema
        default: return .any
        }
        if let ref = schema["$ref"]?.stringValue {
            if let name = ReferenceResolver.schemaName(of: ref) {
                return resolver.value(at: ref) == nil ? .unresolved(ref) : .named(name)
            }
            // Any other ref is expanded in place; coming back to one being expanded is recursion.
            if visiting.contains(ref) { return .named(ReferenceResolver.lastToken(of: ref)) }
            guard let target = resolver.value(at: ref) else { return .unresolved(ref) }
            return type(of: target, depth: depth, visiting: visiting.union([ref]))
        }
        if depth > Self.maxInlineDepth { return .truncated }
        var isNullable = schema["nullable"] == .bool(true)
        let base = bareType(of: schema, depth: depth, visiting: visiting, isNullable: &isNullable)
        guard isNullable, base != .any else { return base }
        if case .nullable = base { return base }
        return .nullable(base)
    }

    private func bareType(of schema: Value, depth: Int, visiting: Set<String>, isNullable: inout Bool) -> SchemaType {
        func inner(_ value: Value) -> SchemaType { type(of: value, depth: depth + 1, visiting: visiting) }

        if let members = schema["allOf"]?.arrayValue, !members.isEmpty {
            // `allOf: [$ref]` is the 3.0 idiom for a ref with a description or nullable beside it.
            return members.count == 1 ? type(of: members[0], depth: depth, visiting: visiting) : .allOf(members.map(inner))
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let members = schema[keyword]?.arrayValue, !members.isEmpty else { continue }
            let alternatives = members.filter { !Self.isNullSchema($0) }
            if alternatives.count < members.count { isNullable = true }
            if alternatives.count == 1 { return type(of: alternatives[0], depth: depth, visiting: visiting) }
            if alternatives.isEmpty { return .primitive("null", format: nil) }
            return keyword == "oneOf" ? .oneOf(alternatives.map(inner)) : .anyOf(alternatives.map(inner))
        }
        if let values = schema["enum"]?.arrayValue {
            let shown = values.filter { $0 != .null }
            if shown.count < values.count { isNullable = true }
            return .enumeration(shown.map(Self.literal))
        }
        if let constant = schema["const"] { return .enumeration([Self.literal(constant)]) }

        var names: [String] = []
        switch schema["type"] {
        case .string(let name)?: names = [name]
        case .array(let items)?: names = items.compactMap(\.stringValue)
        default: break
        }
        if names.contains("null") {
            isNullable = true
            names.removeAll { $0 == "null" }
        }
        if names.isEmpty {
            // No type: say what the keywords imply.
            if schema["properties"] != nil { names = ["object"] }
            else if schema["items"] != nil { names = ["array"] }
            else if schema["additionalProperties"]?.objectValue != nil { names = ["object"] }
            else { return schema["type"] != nil && isNullable ? .primitive("null", format: nil) : .any }
        }
        let types = names.map { typed($0, schema, depth: depth, visiting: visiting) }
        return types.count == 1 ? types[0] : .union(types)
    }

    private func typed(_ name: String, _ schema: Value, depth: Int, visiting: Set<String>) -> SchemaType {
        switch name {
        case "array":
            return .array(schema["items"].map { type(of: $0, depth: depth + 1, visiting: visiting) })
        case "object":
            let properties = ownProperties(of: schema, depth: depth + 1, visiting: visiting)
            if properties.isEmpty, let additional = schema["additionalProperties"], additional.objectValue != nil {
                return .map(type(of: additional, depth: depth + 1, visiting: visiting))
            }
            return .object(properties)
        default:
            return .primitive(name, format: schema["format"]?.stringValue)
        }
    }

    private func ownProperties(of schema: Value, depth: Int, visiting: Set<String>) -> [SchemaProperty] {
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        return (schema["properties"]?.objectValue ?? []).map { member in
            SchemaProperty(name: member.key, type: type(of: member.value, depth: depth, visiting: visiting),
                           isRequired: required.contains(member.key), description: member.value["description"]?.stringValue)
        }
    }

    // MARK: Expanded view

    /// The properties of an object schema, one per line in the endpoint detail: refs followed,
    /// `allOf` members merged (later members override, `required` from any member counts).
    func properties(of schema: Value) -> [SchemaProperty] {
        var visiting: Set<String> = []
        var merged: [SchemaProperty] = []
        var required: Set<String> = []
        collect(schema, into: &merged, required: &required, visiting: &visiting)
        return merged.map { property in
            var property = property
            property.isRequired = property.isRequired || required.contains(property.name)
            return property
        }
    }

    private func collect(_ schema: Value, into merged: inout [SchemaProperty], required: inout Set<String>, visiting: inout Set<String>) {
        var current = schema
        while let ref = current["$ref"]?.stringValue {
            guard visiting.insert(ref).inserted, let target = resolver.value(at: ref) else { return }
            current = target
        }
        for member in current["allOf"]?.arrayValue ?? [] {
            collect(member, into: &merged, required: &required, visiting: &visiting)
        }
        required.formUnion(current["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for property in ownProperties(of: current, depth: 1, visiting: []) {
            if let index = merged.firstIndex(where: { $0.name == property.name }) {
                merged[index] = property
            } else {
                merged.append(property)
            }
        }
    }

    /// What the detail view expands for a body or response schema: through refs, arrays and
    /// single alternatives down to the object whose properties matter, with its name when it
    /// is a named schema. Nil when there is no object there.
    func expansion(of schema: Value) -> (name: String?, properties: [SchemaProperty])? {
        var current = schema
        var name: String?
        var seen: Set<String> = []
        for _ in 0..<ReferenceResolver.maxChain {
            if let ref = current["$ref"]?.stringValue {
                guard seen.insert(ref).inserted, let target = resolver.value(at: ref) else { return nil }
                if let schemaName = ReferenceResolver.schemaName(of: ref) { name = schemaName }
                current = target
            } else if let items = current["items"], current["properties"] == nil, current["allOf"] == nil {
                current = items
                name = nil
            } else if let single = Self.singleAlternative(of: current) {
                current = single
            } else {
                break
            }
        }
        let properties = properties(of: current)
        return properties.isEmpty ? nil : (name, properties)
    }

    private static func singleAlternative(of schema: Value) -> Value? {
        for keyword in ["allOf", "oneOf", "anyOf"] {
            let members = (schema[keyword]?.arrayValue ?? []).filter { !isNullSchema($0) }
            if members.count == 1 { return members[0] }
        }
        return nil
    }

    private static func isNullSchema(_ schema: Value) -> Bool {
        switch schema["type"] {
        case .string("null")?: return true
        case .array(let names)?: return names == [.string("null")]
        default: return schema["enum"] == .array([.null])
        }
    }

    private static func literal(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return JSONWriter.string(value)
    }
}
