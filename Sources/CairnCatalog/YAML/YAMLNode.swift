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
        for index in pairs.indices where pairs[index].keyText == key { return pairs[index].value }
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
    /// The key as text (a non-scalar key as JSON), stored because every lookup compares it.
    public let keyText: String

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
        switch key.content {
        case .scalar(let text, _): keyText = text
        default: keyText = JSONWriter.string(key.value)
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
    /// When the document was dropped, what had been read of its root mapping (to name it).
    public var partialRoot: YAMLNode?
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
