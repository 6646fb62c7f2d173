/// A YAML node with its position, produced by `YAMLParser`. Validation walks these nodes so
/// every problem can name a line and column; `value` drops the positions.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        /// `text` is the scalar as written (used for mapping keys); `value` is its core-schema
        /// resolution (`yes` stays a string, `true` is a boolean, `"true"` is a string).
        case scalar(text: String, value: Value)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    /// 1-based line and column of the node's first character.
    public var line: Int
    public var column: Int
    /// Number of nodes in this subtree once aliases are expanded.
    public var expandedSize: Int

    public init(content: Content, line: Int, column: Int, expandedSize: Int = 1) {
        self.content = content
        self.line = line
        self.column = column
        self.expandedSize = expandedSize
    }

    /// The member `key` of a mapping node.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs where pair.keyText == key { return pair.value }
        return nil
    }

    public var isMapping: Bool {
        if case .mapping = content { return true }
        return false
    }

    /// The plain value tree, positions dropped.
    public var value: Value {
        switch content {
        case .scalar(_, let value): return value
        case .sequence(let items): return .array(items.map(\.value))
        case .mapping(let pairs): return .object(pairs.map { Value.Member($0.keyText, $0.value.value) })
        }
    }
}

/// One key/value pair of a mapping. Keys are kept as written.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public var keyText: String {
        switch key.content {
        case .scalar(let text, _): return text
        default: return JSONWriter.string(key.value)
        }
    }
}

/// A YAML problem with its 1-based position.
public struct YAMLIssue: Sendable, Equatable {
    public var message: String
    public var line: Int
    public var column: Int
}

/// One document of a YAML stream: its root (nil when the document could not be built) and the
/// problems found while building it.
public struct YAMLDocument: Sendable {
    public var root: YAMLNode?
    public var line: Int
    public var column: Int
    public var issues: [YAMLIssue]
}

/// Everything read from one YAML stream. A syntax error ends the stream: documents before it
/// are kept, `syntaxError` says where it stopped.
public struct YAMLStream: Sendable {
    public var documents: [YAMLDocument]
    public var syntaxError: YAMLIssue?
}
