/// The dependency graph over a catalog. Upstream is what an entity needs (dependsOn,
/// consumesApi, and an API's providers); downstream is what needs it: its blast radius.
/// Edges come from the catalog's relations, so targets missing from the catalog still show.
public struct CatalogGraph: Sendable {
    public enum Direction: String, Sendable, CaseIterable {
        case upstream = "up", downstream = "down"

        /// The relation types that lead one step this way.
        public var relationTypes: Set<RelationType> {
            switch self {
            case .upstream: return [.dependsOn, .consumesApi, .apiProvidedBy]
            case .downstream: return [.dependencyOf, .apiConsumedBy, .providesApi]
            }
        }
    }

    /// A node of a dependency tree. `mark` says why a node has no children.
    public struct TreeNode: Sendable, Equatable {
        public enum Mark: Sendable, Equatable {
            case none
            /// The node is already on the path from the root: following it would loop.
            case cycle
            /// The node was expanded earlier in the tree.
            case seenAbove
            /// The depth limit stopped the walk here.
            case depthLimit
        }

        public var ref: EntityRef
        /// The relation from the parent to this node (nil at the root).
        public var relation: RelationType?
        public var isInCatalog: Bool
        public var mark: Mark
        public var children: [TreeNode]
    }

    /// A node reached by a transitive walk, with its distance from the start.
    public struct Reached: Sendable, Equatable {
        public var ref: EntityRef
        public var depth: Int

        public init(ref: EntityRef, depth: Int) {
            self.ref = ref
            self.depth = depth
        }
    }

    private let catalog: Catalog

    public init(_ catalog: Catalog) { self.catalog = catalog }

    /// One step away, sorted by relation then ref.
    public func neighbors(of ref: EntityRef, _ direction: Direction) -> [Relation] {
        guard let entity = catalog[ref] else { return [] }
        let types = direction.relationTypes
        return entity.relations.filter { types.contains($0.type) }
    }

    /// Every entity reachable in `direction`, breadth first, each once with its shortest
    /// distance; cycles end the walk, and `maxDepth` bounds it (nil: no bound).
    public func reachable(from ref: EntityRef, _ direction: Direction, maxDepth: Int? = nil) -> [Reached] {
        var visited: Set<EntityRef> = [ref]
        var frontier = [ref]
        var result: [Reached] = []
        var depth = 0
        while !frontier.isEmpty, maxDepth.map({ depth < $0 }) ?? true {
            depth += 1
            var next: [EntityRef] = []
            for node in frontier {
                for relation in neighbors(of: node, direction) where visited.insert(relation.target).inserted {
                    result.append(Reached(ref: relation.target, depth: depth))
                    next.append(relation.target)
                }
            }
            frontier = next
        }
        return result
    }

    /// A tree for display: depth first, a node already on the path is marked as a cycle, a node
    /// expanded elsewhere is marked as seen, and nothing deeper than `maxDepth` is expanded.
    /// The deepest tree `tree` builds, whatever is asked: it recurses once per level.
    public static let maxTreeDepth = 500

    public func tree(from ref: EntityRef, _ direction: Direction, maxDepth: Int) -> TreeNode {
        let maxDepth = min(maxDepth, Self.maxTreeDepth)
        var expanded: Set<EntityRef> = []
        var path: Set<EntityRef> = []
        return build(ref, relation: nil, direction, depth: 0, maxDepth: maxDepth, path: &path, expanded: &expanded)
    }

    private func build(_ ref: EntityRef, relation: RelationType?, _ direction: Direction, depth: Int, maxDepth: Int,
                       path: inout Set<EntityRef>, expanded: inout Set<EntityRef>) -> TreeNode {
        var node = TreeNode(ref: ref, relation: relation, isInCatalog: catalog.contains(ref), mark: .none, children: [])
        if path.contains(ref) { node.mark = .cycle; return node }
        let next = neighbors(of: ref, direction)
        if next.isEmpty { return node }
        if expanded.contains(ref) { node.mark = .seenAbove; return node }
        if depth >= maxDepth { node.mark = .depthLimit; return node }
        expanded.insert(ref)
        path.insert(ref)
        node.children = next.map { build($0.target, relation: $0.type, direction, depth: depth + 1, maxDepth: maxDepth, path: &path, expanded: &expanded) }
        path.remove(ref)
        return node
    }
}
