/// Backstage's relation types. Each has a reverse, and the catalog emits both directions.
public enum RelationType: String, Sendable, Hashable, CaseIterable, Comparable {
    case ownedBy, ownerOf
    case dependsOn, dependencyOf
    case providesApi, apiProvidedBy
    case consumesApi, apiConsumedBy
    case partOf, hasPart
    case memberOf, hasMember
    case childOf, parentOf

    public var reverse: RelationType {
        switch self {
        case .ownedBy: return .ownerOf
        case .ownerOf: return .ownedBy
        case .dependsOn: return .dependencyOf
        case .dependencyOf: return .dependsOn
        case .providesApi: return .apiProvidedBy
        case .apiProvidedBy: return .providesApi
        case .consumesApi: return .apiConsumedBy
        case .apiConsumedBy: return .consumesApi
        case .partOf: return .hasPart
        case .hasPart: return .partOf
        case .memberOf: return .hasMember
        case .hasMember: return .memberOf
        case .childOf: return .parentOf
        case .parentOf: return .childOf
        }
    }

    public static func < (lhs: RelationType, rhs: RelationType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One directed relation from the entity that holds it to `target`.
public struct Relation: Sendable, Hashable, Comparable {
    public var type: RelationType
    public var target: EntityRef

    public init(_ type: RelationType, _ target: EntityRef) {
        self.type = type
        self.target = target
    }

    public static func < (lhs: Relation, rhs: Relation) -> Bool { (lhs.type, lhs.target) < (rhs.type, rhs.target) }
}

/// A reference written in an entity's spec, with where it was written, before it becomes a
/// pair of relations.
public struct DeclaredReference: Sendable, Hashable {
    /// The spec field, e.g. `spec.dependsOn`.
    public var field: String
    public var type: RelationType
    public var target: EntityRef
    public var line: Int
    public var column: Int

    public init(field: String, type: RelationType, target: EntityRef, line: Int, column: Int) {
        self.field = field
        self.type = type
        self.target = target
        self.line = line
        self.column = column
    }
}
