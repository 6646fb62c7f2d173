import CairnCatalog
import Testing

/// CatalogGraph: neighbours, transitive walks and display trees over dependsOn and API edges.
@Suite("CatalogGraph")
struct CatalogGraphTests {
    static func ref(_ name: String) -> EntityRef { EntityRef(kind: "component", name: name) }

    /// A walk as `name@depth` strings.
    static func walk(_ reached: [CatalogGraph.Reached]) -> [String] { reached.map { "\($0.ref.name)@\($0.depth)" } }

    static func components(_ edges: [String: [String]]) -> Catalog {
        let documents = edges.keys.sorted().map { name in
            Support.component(name, spec: edges[name]!.isEmpty ? [] : ["dependsOn: [\(edges[name]!.map { "component:\($0)" }.joined(separator: ", "))]"])
        }
        return Support.catalog(documents.joined(separator: "---\n") + "---\n" + Support.group("team-a"))
    }

    /// a → b → c → d
    static let chain = CatalogGraph(components(["a": ["b"], "b": ["c"], "c": ["d"], "d": []]))
    /// x → y → z → x
    static let loop = CatalogGraph(components(["x": ["y"], "y": ["z"], "z": ["x"]]))
    /// a → b, a → c, b → d, c → d, d → e
    static let diamond = CatalogGraph(components(["a": ["b", "c"], "b": ["d"], "c": ["d"], "d": ["e"], "e": []]))

    // MARK: Neighbours

    @Test func upstreamIsWhatAnEntityNeeds() {
        #expect(Self.chain.neighbors(of: Self.ref("b"), .upstream) == [Relation(.dependsOn, Self.ref("c"))])
        #expect(Self.chain.neighbors(of: Self.ref("d"), .upstream).isEmpty)
    }

    @Test func downstreamIsWhatNeedsIt() {
        #expect(Self.chain.neighbors(of: Self.ref("b"), .downstream) == [Relation(.dependencyOf, Self.ref("a"))])
        #expect(Self.chain.neighbors(of: Self.ref("a"), .downstream).isEmpty)
    }

    @Test func ownershipIsNotADependency() {
        #expect(!Self.chain.neighbors(of: Self.ref("a"), .upstream).contains { $0.type == .ownedBy })
        #expect(Self.chain.neighbors(of: EntityRef(kind: "group", name: "team-a"), .downstream).isEmpty)
    }

    @Test func apisLinkProvidersAndConsumers() {
        let graph = CatalogGraph(Support.catalog(Support.stream(
            Support.group("team-a"),
            Support.component("web", spec: ["consumesApis: [orders-api]"]),
            Support.component("orders", spec: ["providesApis: [orders-api]"]),
            "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: orders-api}\nspec: {type: openapi, lifecycle: production, owner: team-a, definition: x}\n")))
        let api = EntityRef(kind: "api", name: "orders-api")
        #expect(graph.neighbors(of: Self.ref("web"), .upstream) == [Relation(.consumesApi, api)])
        #expect(graph.neighbors(of: api, .upstream) == [Relation(.apiProvidedBy, Self.ref("orders"))])
        #expect(graph.neighbors(of: api, .downstream) == [Relation(.apiConsumedBy, Self.ref("web"))])
        #expect(graph.neighbors(of: Self.ref("orders"), .downstream) == [Relation(.providesApi, api)])
        // Through the API, web needs orders and orders' blast radius includes web.
        #expect(graph.reachable(from: Self.ref("web"), .upstream).map(\.ref) == [api, Self.ref("orders")])
        #expect(graph.reachable(from: Self.ref("orders"), .downstream).map(\.ref) == [api, Self.ref("web")])
    }

    @Test func unknownEntityHasNoNeighbours() {
        #expect(Self.chain.neighbors(of: Self.ref("nope"), .upstream).isEmpty)
        #expect(Self.chain.reachable(from: Self.ref("nope"), .upstream).isEmpty)
    }

    // MARK: Reachable

    @Test func reachableOverAChain() {
        #expect(Self.walk(Self.chain.reachable(from: Self.ref("a"), .upstream)) == ["b@1", "c@2", "d@3"])
        #expect(Self.walk(Self.chain.reachable(from: Self.ref("d"), .downstream)) == ["c@1", "b@2", "a@3"])
    }

    @Test func reachableStopsAtMaxDepth() {
        #expect(Self.chain.reachable(from: Self.ref("a"), .upstream, maxDepth: 2).map(\.ref) == [Self.ref("b"), Self.ref("c")])
        #expect(Self.chain.reachable(from: Self.ref("a"), .upstream, maxDepth: 1).map(\.ref) == [Self.ref("b")])
        #expect(Self.chain.reachable(from: Self.ref("a"), .upstream, maxDepth: 0).isEmpty)
        #expect(Self.chain.reachable(from: Self.ref("a"), .upstream, maxDepth: 10).count == 3)
    }

    @Test func reachableOverACycleEndsWithEachNodeOnce() {
        let reached = Self.loop.reachable(from: Self.ref("x"), .upstream)
        #expect(Self.walk(reached) == ["y@1", "z@2"])
        let back = Self.loop.reachable(from: Self.ref("x"), .downstream)
        #expect(Self.walk(back) == ["z@1", "y@2"])
    }

    @Test func reachableGivesTheShortestDepthOnce() {
        let reached = Self.diamond.reachable(from: Self.ref("a"), .upstream)
        #expect(Self.walk(reached) == ["b@1", "c@1", "d@2", "e@3"])
    }

    @Test func reachableIncludesMissingTargets() {
        let graph = CatalogGraph(Support.catalog(Support.stream(Support.group("team-a"), Support.component("a", spec: ["dependsOn: [component:ghost]"]))))
        #expect(Self.walk(graph.reachable(from: Self.ref("a"), .upstream)) == ["ghost@1"])
    }

    // MARK: Trees

    /// The tree as lines: two spaces per level, ` (cycle)`, ` (seen)`, ` (…)` and ` (missing)` marks.
    static func lines(_ node: CatalogGraph.TreeNode, depth: Int = 0) -> [String] {
        var text = String(repeating: "  ", count: depth) + node.ref.name
        switch node.mark {
        case .none: break
        case .cycle: text += " (cycle)"
        case .seenAbove: text += " (seen)"
        case .depthLimit: text += " (…)"
        }
        if !node.isInCatalog { text += " (missing)" }
        return [text] + node.children.flatMap { lines($0, depth: depth + 1) }
    }

    @Test func treeOverAChain() {
        let tree = Self.chain.tree(from: Self.ref("a"), .upstream, maxDepth: 10)
        #expect(Self.lines(tree) == ["a", "  b", "    c", "      d"])
        #expect(tree.relation == nil)
        #expect(tree.children.first?.relation == .dependsOn)
    }

    @Test func treeMarksTheDepthLimit() {
        #expect(Self.lines(Self.chain.tree(from: Self.ref("a"), .upstream, maxDepth: 2)) == ["a", "  b", "    c (…)"])
        #expect(Self.lines(Self.chain.tree(from: Self.ref("a"), .upstream, maxDepth: 0)) == ["a (…)"])
        // A leaf at the limit has nothing more to show, so it is not marked.
        #expect(Self.lines(Self.chain.tree(from: Self.ref("a"), .upstream, maxDepth: 3)) == ["a", "  b", "    c", "      d"])
    }

    @Test func treeMarksACycle() {
        let tree = Self.loop.tree(from: Self.ref("x"), .upstream, maxDepth: 10)
        #expect(Self.lines(tree) == ["x", "  y", "    z", "      x (cycle)"])
    }

    @Test func treeMarksNodesExpandedAbove() {
        let tree = Self.diamond.tree(from: Self.ref("a"), .upstream, maxDepth: 10)
        #expect(Self.lines(tree) == ["a", "  b", "    d", "      e", "  c", "    d (seen)"])
    }

    @Test func treeShowsMissingTargets() {
        let graph = CatalogGraph(Support.catalog(Support.stream(Support.group("team-a"), Support.component("a", spec: ["dependsOn: [component:ghost, component:b]"]),
                                                                Support.component("b"))))
        let tree = graph.tree(from: Self.ref("a"), .upstream, maxDepth: 5)
        #expect(Self.lines(tree) == ["a", "  b", "  ghost (missing)"])
        #expect(tree.isInCatalog)
        #expect(tree.children.map(\.isInCatalog) == [true, false])
        #expect(tree.children.last?.mark == CatalogGraph.TreeNode.Mark.none)
    }

    @Test func directionsHaveTheirRelationTypes() {
        #expect(CatalogGraph.Direction.upstream.relationTypes == [.dependsOn, .consumesApi, .apiProvidedBy])
        #expect(CatalogGraph.Direction.downstream.relationTypes == Set(CatalogGraph.Direction.upstream.relationTypes.map(\.reverse)))
        #expect(CatalogGraph.Direction(rawValue: "up") == .upstream)
        #expect(CatalogGraph.Direction(rawValue: "down") == .downstream)
    }
}
