/// A catalog entity: the document as written plus what the catalog derived from it. A value;
/// entities with error problems are quarantined (kept, shown, but not trusted).
public struct Entity: Sendable {
    public var ref: EntityRef
    public var apiVersion: String
    /// The kind as written (`Component`); `ref.kind` is lowercased.
    public var kind: String
    public var title: String?
    public var summary: String?
    public var tags: [String]
    public var owner: EntityRef?
    public var system: EntityRef?
    /// Filled by the assembler: a System's domain, or the domain of a component's system.
    public var domain: EntityRef?
    public var lifecycle: String?
    public var type: String?
    /// The document as read (apiVersion, kind, metadata, spec), core-schema resolved.
    public var document: Value
    public var source: SourceLocation
    public var problems: [Problem]
    public var declaredReferences: [DeclaredReference]
    /// Both directions of every relation touching this entity, sorted; filled by the assembler.
    public var relations: [Relation]

    public init(ref: EntityRef, apiVersion: String, kind: String, title: String? = nil, summary: String? = nil,
                tags: [String] = [], owner: EntityRef? = nil, system: EntityRef? = nil, domain: EntityRef? = nil,
                lifecycle: String? = nil, type: String? = nil, document: Value, source: SourceLocation,
                problems: [Problem] = [], declaredReferences: [DeclaredReference] = [], relations: [Relation] = []) {
        self.ref = ref
        self.apiVersion = apiVersion
        self.kind = kind
        self.title = title
        self.summary = summary
        self.tags = tags
        self.owner = owner
        self.system = system
        self.domain = domain
        self.lifecycle = lifecycle
        self.type = type
        self.document = document
        self.source = source
        self.problems = problems
        self.declaredReferences = declaredReferences
        self.relations = relations
    }

    public var name: String { document["metadata"]?["name"]?.stringValue ?? ref.name }
    public var namespace: String { ref.namespace }
    public var annotations: [Value.Member] { document["metadata"]?["annotations"]?.objectValue ?? [] }
    public var spec: Value { document["spec"] ?? .object([]) }

    public func annotation(_ key: String) -> String? {
        document["metadata"]?["annotations"]?[key]?.stringValue
    }

    /// True when an error keeps this entity out of the trusted catalog.
    public var isQuarantined: Bool { problems.contains { $0.severity == .error } }

    /// `title` when it has one, else the name as written.
    public var displayName: String { title ?? name }
}
