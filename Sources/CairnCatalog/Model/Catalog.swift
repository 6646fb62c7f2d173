/// The whole catalog as one value: every entity (quarantined ones included), the files it was
/// read from, and the problems that belong to no entity.
public struct Catalog: Sendable {
    /// Sorted by ref.
    public private(set) var entities: [Entity]
    public var files: [SourceFile]
    /// Syntax errors, unreadable files and skipped documents.
    public private(set) var fileProblems: [Problem]
    private var index: [EntityRef: Int]
    /// Counted once: screens show it on every frame.
    public private(set) var quarantinedCount: Int

    public init(entities: [Entity], files: [SourceFile], fileProblems: [Problem]) {
        // The cache stores entities in order already; sorting 10,000 structs costs a warm start.
        let isSorted = entities.indices.dropFirst().allSatisfy { !(entities[$0].ref < entities[$0 - 1].ref) }
        self.entities = isSorted ? entities : entities.sorted { $0.ref < $1.ref }
        self.files = files
        self.fileProblems = fileProblems
        var index: [EntityRef: Int] = [:]
        index.reserveCapacity(self.entities.count)
        for position in self.entities.indices where index[self.entities[position].ref] == nil {
            index[self.entities[position].ref] = position
        }
        self.index = index
        var quarantined = 0
        for position in self.entities.indices where self.entities[position].isQuarantined { quarantined += 1 }
        quarantinedCount = quarantined
    }

    public subscript(ref: EntityRef) -> Entity? {
        index[ref].map { entities[$0] }
    }

    public func contains(_ ref: EntityRef) -> Bool { index[ref] != nil }

    public var validEntities: [Entity] { entities.filter { !$0.isQuarantined } }

    /// Every problem, file-level and per-entity, in file/line order.
    public var problems: [Problem] {
        (fileProblems + entities.flatMap(\.problems)).sorted()
    }


    /// Finds an entity from what a user typed: a full ref, `kind:name`, or a bare name that is
    /// unique across kinds. Returns the candidates when a bare name is ambiguous.
    public func resolve(_ text: String) -> ResolveResult {
        let trimmed = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        guard let loose = EntityRef.parseLoose(String(trimmed)) else { return .notFound }
        if let kind = loose.kind {
            let ref = EntityRef(kind: kind, namespace: loose.namespace ?? EntityRef.defaultNamespace, name: loose.name)
            return self[ref].map(ResolveResult.found) ?? .notFound
        }
        let matches = entities.filter { $0.ref.name == loose.name && (loose.namespace == nil || $0.ref.namespace == loose.namespace) }
        switch matches.count {
        case 0: return .notFound
        case 1: return .found(matches[0])
        default: return .ambiguous(matches.map(\.ref))
        }
    }

    public enum ResolveResult: Sendable {
        case found(Entity)
        case notFound
        case ambiguous([EntityRef])
    }
}
