import CairnCatalog
import CairnHealth
import Foundation
import Testing

@Suite("Health board: roll-ups, impacted, incidents by blast radius")
struct HealthBoardTests {
    /// web → checkout → orders-db; checkout and billing are part of system shop, shop of domain
    /// commerce; reports → orders-db; lonely has a probe and no dependents.
    static let catalog: Catalog = {
        let yaml = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: web }
        spec: { type: website, lifecycle: production, owner: team, dependsOn: [component:checkout] }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: checkout }
        spec: { type: service, lifecycle: production, owner: team, system: shop, dependsOn: [resource:orders-db] }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: billing }
        spec: { type: service, lifecycle: production, owner: team, system: shop }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: reports }
        spec: { type: service, lifecycle: production, owner: team, dependsOn: [resource:orders-db] }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: lonely }
        spec: { type: service, lifecycle: production, owner: team }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata: { name: orders-db }
        spec: { type: database, owner: team }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: { name: shop }
        spec: { owner: team, domain: commerce }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Domain
        metadata: { name: commerce }
        spec: { owner: team }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: { name: team }
        spec: { type: team, children: [] }
        """
        return CatalogAssembler.assemble([FileParser.parse(Array(yaml.utf8), file: SourceFile(path: "t.yaml", size: 0, modified: 0))])
    }()

    static func ref(_ text: String) -> EntityRef { try! EntityRef.parse(text) }

    static func sample(_ ref: String, _ status: HealthStatus, at seconds: Double = 0, latency: Int = 10) -> HealthSample {
        HealthSample(entityRef: Self.ref(ref), status: status, httpStatus: 200, latencyMilliseconds: latency,
                     checkedAt: Date(timeIntervalSince1970: 1_000 + seconds), reason: status.rawValue)
    }

    func board(_ samples: [HealthSample]) -> HealthBoard {
        HealthBoard(samples: samples, catalog: Self.catalog, graph: CatalogGraph(Self.catalog))
    }

    @Test("a System is the worst of its parts and a Domain the worst of its systems; unknown does not drag a roll-up down")
    func rollUps() {
        var health = board([Self.sample("component:checkout", .pass), Self.sample("component:billing", .unknown)])
        #expect(health.status(of: Self.ref("system:shop")) == .pass)
        #expect(health.status(of: Self.ref("domain:commerce")) == .pass)
        health = board([Self.sample("component:checkout", .warn), Self.sample("component:billing", .pass)])
        #expect(health.status(of: Self.ref("system:shop")) == .warn)
        #expect(health.status(of: Self.ref("domain:commerce")) == .warn)
        health = board([Self.sample("component:billing", .unknown)])
        #expect(health.status(of: Self.ref("system:shop")) == .unknown, "all unknown stays unknown")
        #expect(health.status(of: Self.ref("component:web")) == nil, "nothing known about an unprobed entity")
    }

    @Test("what depends on a failing entity, transitively, is impacted — not failing; a warning impacts nothing")
    func impacted() {
        let health = board([Self.sample("resource:orders-db", .fail), Self.sample("component:checkout", .pass)])
        #expect(health.isImpacted(Self.ref("component:checkout")))
        #expect(health.isImpacted(Self.ref("component:web")), "two hops away")
        #expect(health.isImpacted(Self.ref("component:reports")))
        #expect(!health.isImpacted(Self.ref("component:billing")))
        #expect(!health.isImpacted(Self.ref("resource:orders-db")))
        #expect(health.status(of: Self.ref("component:checkout")) == .pass, "impacted keeps its own status")
        #expect(health.impactedBy[Self.ref("component:web")] == [Self.ref("resource:orders-db")])
        let warned = board([Self.sample("resource:orders-db", .warn)])
        #expect(warned.impactedBy.isEmpty)
    }

    @Test("incidents: failing and warning only, largest blast radius first, with what is impacted")
    func incidents() {
        let health = board([Self.sample("resource:orders-db", .warn), Self.sample("component:checkout", .fail),
                            Self.sample("component:lonely", .fail), Self.sample("component:billing", .pass)])
        #expect(health.incidents.map(\.ref) == [Self.ref("resource:orders-db"), Self.ref("component:checkout"), Self.ref("component:lonely")])
        #expect(health.incidents.map(\.blastRadius) == [3, 1, 0])
        #expect(health.incidents[0].impacted.isEmpty, "a warning impacts nothing")
        #expect(health.incidents[1].impacted == [Self.ref("component:web")])
    }

    @Test("newer samples win, history is capped, entities that left the catalog are dropped on rebase")
    func history() {
        var health = board((0..<60).map { Self.sample("component:checkout", $0 % 2 == 0 ? .pass : .fail, at: Double($0)) })
        #expect(health.history[Self.ref("component:checkout")]?.count == HealthBoard.historyLimit)
        #expect(health.latest(Self.ref("component:checkout"))?.status == .fail)
        health = health.adding([Self.sample("component:checkout", .pass, at: 100)], catalog: Self.catalog, graph: CatalogGraph(Self.catalog))
        #expect(health.latest(Self.ref("component:checkout"))?.status == .pass)
        health = health.adding([Self.sample("component:checkout", .fail, at: 50)], catalog: Self.catalog, graph: CatalogGraph(Self.catalog))
        #expect(health.latest(Self.ref("component:checkout"))?.status == .pass, "an older sample arriving late does not win")
        let smaller = CatalogAssembler.assemble([])
        #expect(health.rebased(on: smaller, graph: CatalogGraph(smaller)).isEmpty)
    }
}
