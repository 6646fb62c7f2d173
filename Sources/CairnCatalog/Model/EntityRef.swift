/// A reference to an entity, `kind:namespace/name`, stored lowercased because Backstage
/// matches refs case-insensitively.
public struct EntityRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let kind: String
    public let namespace: String
    public let name: String

    public static let defaultNamespace = "default"

    public init(kind: String, namespace: String = EntityRef.defaultNamespace, name: String) {
        self.kind = Self.lowercase(kind)
        self.namespace = Self.lowercase(namespace)
        self.name = Self.lowercase(name)
    }

    /// For parts already lowercased, such as those read back from cairn's own cache.
    public init(lowercasedKind kind: String, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `lowercased()` allocates even when nothing changes; most refs are already lowercase.
    private static func lowercase(_ text: String) -> String {
        text.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") || $0 >= 0x80 } ? text.lowercased() : text
    }

    /// `component:default/payments`, the form Backstage's API uses for `targetRef`.
    public var description: String { "\(kind):\(namespace)/\(name)" }

    /// `component:payments` when the namespace is the default one (still a valid ref), the
    /// full form otherwise: for tables where columns are scarce.
    public var humanized: String {
        namespace == Self.defaultNamespace ? "\(kind):\(name)" : description
    }

    /// Orders as the text `kind:namespace/name` would, without building it.
    public static func < (lhs: EntityRef, rhs: EntityRef) -> Bool {
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        if lhs.namespace != rhs.namespace { return lhs.namespace < rhs.namespace }
        return lhs.name < rhs.name
    }

    /// Parses `[kind:][namespace/]name` as Backstage does: split on the first `:` and the first
    /// `/` (a `/` before the `:` means there is no kind), then fill the gaps from the context.
    public static func parse(_ text: String, defaultKind: String? = nil, defaultNamespace: String = EntityRef.defaultNamespace) throws(EntityRefError) -> EntityRef {
        var colon = text.firstIndex(of: ":")
        let slash = text.firstIndex(of: "/")
        if let slashIndex = slash, let colonIndex = colon, slashIndex < colonIndex { colon = nil }
        let kind = colon.map { String(text[..<$0]) }
        let afterKind = colon.map { text.index(after: $0) } ?? text.startIndex
        let namespace = slash.map { String(text[afterKind..<$0]) }
        let name = String(text[(slash.map { text.index(after: $0) } ?? afterKind)...])
        if kind == "" || namespace == "" || name.isEmpty {
            throw EntityRefError(text: text, reason: "is not of the form [kind:][namespace/]name")
        }
        guard let resolvedKind = kind ?? defaultKind else {
            throw EntityRefError(text: text, reason: "has no kind; write it as kind:name (for example component:\(name))")
        }
        return EntityRef(kind: resolvedKind, namespace: namespace ?? defaultNamespace, name: name)
    }

    /// Parses a ref typed by a user on the command line: the kind may be left out when the
    /// name is unique, so the caller resolves a kindless ref against the catalog.
    public static func parseLoose(_ text: String) -> (kind: String?, namespace: String?, name: String)? {
        var colon = text.firstIndex(of: ":")
        let slash = text.firstIndex(of: "/")
        if let slashIndex = slash, let colonIndex = colon, slashIndex < colonIndex { colon = nil }
        let kind = colon.map { String(text[..<$0]).lowercased() }
        let afterKind = colon.map { text.index(after: $0) } ?? text.startIndex
        let namespace = slash.map { String(text[afterKind..<$0]).lowercased() }
        let name = String(text[(slash.map { text.index(after: $0) } ?? afterKind)...]).lowercased()
        if kind == "" || namespace == "" || name.isEmpty { return nil }
        return (kind, namespace, name)
    }
}

/// A ref that cannot be parsed; `reason` completes the sentence "entity reference X …".
public struct EntityRefError: Error, Sendable, Equatable {
    public var text: String
    public var reason: String
    public var message: String { "entity reference \"\(text)\" \(reason)" }
}
