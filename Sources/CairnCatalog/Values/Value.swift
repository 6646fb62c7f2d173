/// A JSON-compatible value: what a catalog document holds once YAML is resolved with the
/// YAML 1.2 core schema. Objects keep their key order so output matches the source file.
public enum Value: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object([Member])

    /// One key of an object, in source order.
    public struct Member: Sendable, Equatable, Hashable {
        public var key: String
        public var value: Value
        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The member `key` of an object, or nil for a missing key or a non-object.
    public subscript(key: String) -> Value? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var arrayValue: [Value]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var objectValue: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The name of this value's type as a user reads it in an error message.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }

    /// Returns a copy with `key` set (replaced in place, or appended).
    public func setting(_ key: String, to value: Value) -> Value {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(Member(key, value))
        }
        return .object(members)
    }
}
