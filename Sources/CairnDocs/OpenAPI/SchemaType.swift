/// A schema as the summary shows it: a small tree that prints as compact type text
/// (`array<Pet>`, `object{id: integer, tags?: array<string>}`, `string?`).
public indirect enum SchemaType: Sendable, Equatable, CustomStringConvertible {
    /// `string`, `integer(int64)`: a type name and its format.
    case primitive(String, format: String?)
    /// A `$ref` to a named schema (`#/components/schemas/Pet`), shown by name, never expanded:
    /// that is also what keeps recursive schemas finite.
    case named(String)
    case array(SchemaType?)
    /// An object whose `additionalProperties` has a schema: `map<string, Pet>`.
    case map(SchemaType?)
    case object([SchemaProperty])
    case enumeration([String])
    case allOf([SchemaType])
    case oneOf([SchemaType])
    case anyOf([SchemaType])
    /// OpenAPI 3.1's `type: [string, integer]`.
    case union([SchemaType])
    /// 3.0's `nullable: true`, 3.1's `"null"` in a type list or a `{type: "null"}` alternative.
    case nullable(SchemaType)
    case any
    /// A ref that points nowhere (or outside the document).
    case unresolved(String)
    /// A chain of refs that comes back to itself and never reaches a schema.
    case cycle(String)
    /// Deeper than the inline expansion limit.
    case truncated

    /// Enums and inline objects longer than this end with an ellipsis.
    static let maxListed = 8

    public var description: String { text() }

    public func text(_ symbols: OpenAPISymbols = .unicode) -> String {
        text(symbols, isInAllOf: false)
    }

    private func text(_ symbols: OpenAPISymbols, isInAllOf: Bool) -> String {
        switch self {
        case .primitive(let name, let format):
            return format.map { "\(name)(\($0))" } ?? name
        case .named(let name):
            return name
        case .array(let items):
            return items.map { "array<\($0.text(symbols))>" } ?? "array"
        case .map(let values):
            return "map<string, \(values?.text(symbols) ?? "any")>"
        case .object(let properties):
            if properties.isEmpty { return isInAllOf ? "{}" : "object" }
            var parts = properties.prefix(Self.maxListed).map { "\($0.name)\($0.isRequired ? "" : "?"): \($0.type.text(symbols))" }
            if properties.count > Self.maxListed { parts.append(symbols.ellipsis) }
            return (isInAllOf ? "" : "object") + "{" + parts.joined(separator: ", ") + "}"
        case .enumeration(let values):
            var parts = Array(values.prefix(Self.maxListed))
            if values.count > Self.maxListed { parts.append(symbols.ellipsis) }
            return "enum(" + parts.joined(separator: "|") + ")"
        case .allOf(let members):
            return "allOf(" + members.map { $0.text(symbols, isInAllOf: true) }.joined(separator: " & ") + ")"
        case .oneOf(let members):
            return "oneOf(" + members.map { $0.text(symbols) }.joined(separator: " | ") + ")"
        case .anyOf(let members):
            return "anyOf(" + members.map { $0.text(symbols) }.joined(separator: " | ") + ")"
        case .union(let members):
            return members.map { $0.text(symbols) }.joined(separator: " | ")
        case .nullable(let wrapped):
            if case .union = wrapped { return "(\(wrapped.text(symbols)))?" }
            return wrapped.text(symbols) + "?"
        case .any:
            return "any"
        case .unresolved(let ref):
            return "\(symbols.warning) unresolved \(ref)"
        case .cycle(let ref):
            return "\(symbols.warning) ref cycle \(ref)"
        case .truncated:
            return symbols.ellipsis
        }
    }
}

/// One property of an object schema.
public struct SchemaProperty: Sendable, Equatable {
    public var name: String
    public var type: SchemaType
    public var isRequired: Bool
    public var description: String?

    public init(name: String, type: SchemaType, isRequired: Bool, description: String? = nil) {
        self.name = name
        self.type = type
        self.isRequired = isRequired
        self.description = description
    }
}
