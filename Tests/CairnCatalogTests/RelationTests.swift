import CairnCatalog
import Testing

/// One relation a spec field must produce, to be found in both directions.
struct RelationCase: Sendable, CustomTestStringConvertible {
    var field: String
    var source: String
    var type: RelationType
    var target: String

    var testDescription: String { "\(field): \(source) \(type) \(target)" }
}

/// CatalogAssembler: relations in both directions, dangling refs, duplicates, cycles and
/// domains derived through systems.
@Suite("Relations")
struct RelationTests {
    static let world: Catalog = Support.catalog(Support.stream(
        Support.group("team-a", spec: ["parent: engineering", "children: [team-a-core]", "members: [jane]"]),
        Support.group("engineering", spec: ["children: []"]),
        Support.group("team-a-core"),
        """
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: jane}
        spec: {memberOf: [team-a]}

        """,
        """
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: joe}
        spec: {memberOf: [group:default/engineering]}

        """,
        """
        apiVersion: backstage.io/v1alpha1
        kind: Domain
        metadata: {name: commerce}
        spec: {owner: team-a}

        """,
        """
        apiVersion: backstage.io/v1alpha1
        kind: Domain
        metadata: {name: payments-area}
        spec: {owner: team-a, subdomainOf: commerce}

        """,
        """
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: {name: shop}
        spec: {owner: team-a, domain: commerce}

        """,
        Support.component("storefront", spec: ["system: shop", "consumesApis: [orders-api]", "dependsOn: [component:orders]"]),
        Support.component("orders", spec: ["system: shop", "providesApis: [orders-api]"]),
        Support.component("orders-worker", spec: ["subcomponentOf: orders"]),
        """
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata: {name: orders-api}
        spec: {type: openapi, lifecycle: production, owner: team-a, system: shop, definition: "openapi: 3.0.0"}

        """,
        """
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata: {name: orders-db}
        spec: {type: database, owner: team-a, system: shop, dependencyOf: [component:orders]}

        """
    ))

    static let cases: [RelationCase] = [
        RelationCase(field: "Component spec.owner", source: "component:default/storefront", type: .ownedBy, target: "group:default/team-a"),
        RelationCase(field: "API spec.owner", source: "api:default/orders-api", type: .ownedBy, target: "group:default/team-a"),
        RelationCase(field: "Component spec.dependsOn", source: "component:default/storefront", type: .dependsOn, target: "component:default/orders"),
        RelationCase(field: "Resource spec.dependencyOf", source: "resource:default/orders-db", type: .dependencyOf, target: "component:default/orders"),
        RelationCase(field: "Component spec.providesApis", source: "component:default/orders", type: .providesApi, target: "api:default/orders-api"),
        RelationCase(field: "Component spec.consumesApis", source: "component:default/storefront", type: .consumesApi, target: "api:default/orders-api"),
        RelationCase(field: "Component spec.system", source: "component:default/orders", type: .partOf, target: "system:default/shop"),
        RelationCase(field: "API spec.system", source: "api:default/orders-api", type: .partOf, target: "system:default/shop"),
        RelationCase(field: "Resource spec.system", source: "resource:default/orders-db", type: .partOf, target: "system:default/shop"),
        RelationCase(field: "System spec.domain", source: "system:default/shop", type: .partOf, target: "domain:default/commerce"),
        RelationCase(field: "Component spec.subcomponentOf", source: "component:default/orders-worker", type: .partOf, target: "component:default/orders"),
        RelationCase(field: "Domain spec.subdomainOf", source: "domain:default/payments-area", type: .partOf, target: "domain:default/commerce"),
        RelationCase(field: "User spec.memberOf", source: "user:default/joe", type: .memberOf, target: "group:default/engineering"),
        RelationCase(field: "Group spec.members", source: "group:default/team-a", type: .hasMember, target: "user:default/jane"),
        RelationCase(field: "Group spec.parent", source: "group:default/team-a", type: .childOf, target: "group:default/engineering"),
        RelationCase(field: "Group spec.children", source: "group:default/team-a", type: .parentOf, target: "group:default/team-a-core"),
    ]

    @Test func worldLoadsClean() {
        #expect(Self.world.problems.isEmpty, "\(Self.world.problems.map(\.description))")
    }

    @Test(arguments: cases)
    func relationInBothDirections(_ relation: RelationCase) throws {
        let source = try #require(Self.world[Support.ref(relation.source)])
        let target = try #require(Self.world[Support.ref(relation.target)])
        #expect(source.relations.contains(Relation(relation.type, target.ref)))
        #expect(target.relations.contains(Relation(relation.type.reverse, source.ref)))
    }

    @Test func everyRelationTypeHasItsReverse() {
        let pairs: [(RelationType, RelationType)] = [
            (.ownedBy, .ownerOf), (.dependsOn, .dependencyOf), (.providesApi, .apiProvidedBy), (.consumesApi, .apiConsumedBy),
            (.partOf, .hasPart), (.memberOf, .hasMember), (.childOf, .parentOf),
        ]
        for (forward, backward) in pairs {
            #expect(forward.reverse == backward)
            #expect(backward.reverse == forward)
        }
        #expect(RelationType.allCases.count == pairs.count * 2)
    }

    /// Every relation on every entity has its mirror on the other end, when that end exists.
    @Test func relationsAreSymmetric() {
        for entity in Self.world.entities {
            for relation in entity.relations {
                guard let other = Self.world[relation.target] else { continue }
                #expect(other.relations.contains(Relation(relation.type.reverse, entity.ref)), "\(entity.ref) \(relation.type) \(relation.target)")
            }
        }
    }

    /// A Group listing a member and the User naming the group give the same relation once.
    @Test func bothSidesDeclaringTheSameRelationGiveItOnce() throws {
        let jane = try #require(Self.world[Support.ref("user:default/jane")])
        #expect(jane.relations.filter { $0 == Relation(.memberOf, Support.ref("group:default/team-a")) }.count == 1)
    }

    @Test func relationsAreSortedAndUnique() throws {
        let catalog = Support.catalog(Support.component("a", spec: ["dependsOn: [component:b, Component:B, resource:c]"]))
        let a = try #require(catalog[Support.ref("component:default/a")])
        #expect(a.relations == a.relations.sorted())
        #expect(a.relations.filter { $0.type == .dependsOn }.map(\.target.description) == ["component:default/b", "resource:default/c"])
    }

    // MARK: Missing targets

    @Test func missingTargetStillGivesTheSourceSideAndAWarning() throws {
        let catalog = Support.catalog(Support.stream(Support.group("team-a"), Support.component("a", spec: ["dependsOn:", "  - component:ghost"])))
        let a = try #require(catalog[Support.ref("component:default/a")])
        #expect(a.relations.contains(Relation(.dependsOn, Support.ref("component:default/ghost"))))
        #expect(!catalog.contains(Support.ref("component:default/ghost")))
        #expect(!a.isQuarantined)
        let warning = try #require(Support.warnings(a).first)
        #expect(Support.warnings(a).count == 1)
        #expect(warning.message.contains("spec.dependsOn refers to component:default/ghost, which is not in the catalog"))
        // The group takes lines 1–7 and the separator line 8; the entity starts on line 9, so
        // its `    - component:ghost` is line 18, column 7.
        #expect((warning.line, warning.column) == (18, 7))
        #expect(warning.entityRef == "component:default/a")
    }

    @Test func missingOwnerIsAWarningOnTheOwnerLine() throws {
        let catalog = Support.catalog(Support.component("a", owner: "nobody"))
        let a = try #require(catalog.entities.first)
        #expect(a.owner == Support.ref("group:default/nobody"))
        let warning = try #require(Support.warnings(a).first)
        #expect((warning.line, warning.column) == (8, 10))
        #expect(warning.message.contains("spec.owner refers to group:default/nobody"))
    }

    // MARK: Quarantined entities

    @Test func quarantinedEntitiesGiveNoRelations() throws {
        let catalog = Support.catalog(Support.stream(Support.group("team-a"), Support.component("bad", metadata: ["tags: [UPPER]"])))
        let bad = try #require(catalog[Support.ref("component:default/bad")])
        #expect(bad.isQuarantined)
        #expect(bad.relations.isEmpty)
        let team = try #require(catalog[Support.ref("group:default/team-a")])
        #expect(!team.relations.contains { $0.target == bad.ref })
    }

    // MARK: Duplicates

    @Test func laterDuplicateIsQuarantinedNamingBothPlaces() throws {
        let catalog = Support.catalog([
            ("catalog/one.yaml", Support.stream(Support.group("team-a"), Support.component("dup", spec: ["dependsOn: [component:other]"]))),
            ("catalog/two.yaml", "# second copy\n" + Support.component("dup", namespace: "default")),
        ])
        let copies = catalog.entities.filter { $0.ref == Support.ref("component:default/dup") }
        #expect(copies.count == 2)
        #expect(catalog[Support.ref("component:default/dup")]?.source.file == "catalog/one.yaml")
        let first = try #require(copies.first { $0.source.file == "catalog/one.yaml" })
        let second = try #require(copies.first { $0.source.file == "catalog/two.yaml" })
        #expect(!first.isQuarantined)
        #expect(second.isQuarantined)
        let error = try #require(Support.errors(second).first)
        #expect(Support.errors(second).count == 1)
        #expect(error.file == "catalog/two.yaml")
        #expect((error.line, error.column) == (2, 1))
        #expect(error.message.contains("is defined twice: here and at catalog/one.yaml:9:1"))
        // The winner's relations are the ones kept.
        #expect(catalog[Support.ref("component:default/dup")]?.relations.contains(Relation(.dependsOn, Support.ref("component:default/other"))) == true)
    }

    @Test func duplicateDifferingOnlyInCaseIsQuarantined() throws {
        let catalog = Support.catalog(Support.stream(Support.group("team-a"), Support.component("Case-X"), Support.component("case-x")))
        let copies = catalog.entities.filter { $0.ref == Support.ref("component:default/case-x") }
        #expect(copies.map(\.name) == ["Case-X", "case-x"])
        #expect(copies.map(\.isQuarantined) == [false, true])
        #expect(copies.last?.problems.first?.message.contains("is defined twice: here and at catalog/test.yaml:9:1") == true)
        #expect(catalog.quarantinedCount == 1)
        #expect(catalog.validEntities.count == 2)
    }

    // MARK: Cycles

    static let cycle = Support.catalog(Support.stream(
        Support.group("team-a"),
        Support.component("a", spec: ["dependsOn: [component:b]"]),
        Support.component("b", spec: ["dependsOn: [component:c]"]),
        Support.component("c", spec: ["dependsOn: [component:a]"]),
        Support.component("d", spec: ["dependsOn: [component:a]"])))

    @Test(arguments: ["a", "b", "c"])
    func dependencyCycleWarnsEachMember(_ name: String) throws {
        let entity = try #require(Self.cycle[Support.ref("component:default/\(name)")])
        #expect(!entity.isQuarantined)
        let warnings = Support.warnings(entity)
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.message.contains("dependency cycle: component:default/a → component:default/b → component:default/c → component:default/a"))
        // On the dependsOn line of that entity: `  dependsOn: [component:…]` is its line 9, column 15.
        #expect(warning.line == entity.source.line + 8)
        #expect(warning.column == 15)
    }

    @Test func entityDependingOnACycleIsNotInIt() throws {
        let d = try #require(Self.cycle[Support.ref("component:default/d")])
        #expect(d.problems.isEmpty)
    }

    @Test func selfDependencyIsACycle() throws {
        let catalog = Support.catalog(Support.stream(Support.group("team-a"), Support.component("loop", spec: ["dependsOn: [component:loop]"])))
        let loop = try #require(catalog[Support.ref("component:default/loop")])
        #expect(Support.warnings(loop).map(\.message).contains { $0.contains("dependency cycle") })
    }

    /// A Resource's dependencyOf is a dependsOn seen from the other end, so it can close a cycle:
    /// app → db (declared), db → proxy (proxy's dependencyOf), proxy → app (declared).
    @Test func cycleThroughDependencyOf() throws {
        let catalog = Support.catalog(Support.stream(
            Support.group("team-a"),
            Support.component("app", spec: ["dependsOn: [resource:db]"]),
            """
            apiVersion: backstage.io/v1alpha1
            kind: Resource
            metadata: {name: db}
            spec: {type: database, owner: team-a}

            """,
            """
            apiVersion: backstage.io/v1alpha1
            kind: Resource
            metadata: {name: proxy}
            spec: {type: proxy, owner: team-a, dependencyOf: [resource:db], dependsOn: [component:app]}

            """))
        for name in ["component:default/app", "resource:default/db", "resource:default/proxy"] {
            let entity = try #require(catalog[Support.ref(name)])
            let warnings = Support.warnings(entity).filter { $0.message.contains("dependency cycle") }
            #expect(warnings.count == 1, "\(name)")
        }
        // db declares no dependsOn of its own, so its warning points at the entity itself.
        let db = try #require(catalog[Support.ref("resource:default/db")])
        #expect((db.problems.first?.line, db.problems.first?.column) == (db.source.line, db.source.column))
    }

    /// Two cycles sharing b (a ⇄ b ⇄ c) form one strongly connected component; d ⇄ e is another.
    @Test func overlappingAndSeparateCyclesWarnEveryMemberOnce() throws {
        let catalog = Support.catalog(Support.stream(
            Support.group("team-a"),
            Support.component("a", spec: ["dependsOn: [component:b]"]),
            Support.component("b", spec: ["dependsOn: [component:c, component:a]"]),
            Support.component("c", spec: ["dependsOn: [component:b]"]),
            Support.component("d", spec: ["dependsOn: [component:e]"]),
            Support.component("e", spec: ["dependsOn: [component:d]"]),
            Support.component("f", spec: ["dependsOn: [component:a, component:d]"])))
        for name in ["a", "b", "c", "d", "e"] {
            let entity = try #require(catalog[Support.ref("component:default/\(name)")])
            #expect(Support.warnings(entity).count == 1, "\(name): \(entity.problems.map(\.message))")
            let message = try #require(Support.warnings(entity).first?.message)
            // The message shows a closed walk: its last ref appears earlier too.
            let refs = message.components(separatedBy: "cycle: ").last!.components(separatedBy: ";").first!.components(separatedBy: " → ")
            #expect(refs.count >= 3)
            #expect(refs.dropLast().contains(refs.last!))
        }
        #expect(catalog[Support.ref("component:default/f")]?.problems.isEmpty == true)
        let de = try #require(catalog[Support.ref("component:default/d")]?.problems.first?.message)
        #expect(de.contains("component:default/d → component:default/e → component:default/d"))
    }

    /// The cycle search is iterative: a cycle through thousands of entities must not exhaust the stack.
    @Test func longCycleIsFound() throws {
        let count = 2_000
        var yaml = Support.group("team-a")
        for index in 0..<count {
            yaml += "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: n\(index)}\n"
                + "spec: {type: service, lifecycle: production, owner: team-a, dependsOn: [component:n\((index + 1) % count)]}\n"
        }
        let catalog = Support.catalog(yaml)
        #expect(catalog.entities.count == count + 1)
        let warned = catalog.entities.filter { Support.warnings($0).contains { $0.message.contains("dependency cycle") } }
        #expect(warned.count == count)
    }

    @Test func noCycleNoWarning() {
        #expect(Self.world.entities.allSatisfy { Support.warnings($0).isEmpty })
    }

    // MARK: Domains

    @Test func domainComesThroughTheSystem() throws {
        #expect(Self.world[Support.ref("system:default/shop")]?.domain == Support.ref("domain:default/commerce"))
        #expect(Self.world[Support.ref("component:default/orders")]?.domain == Support.ref("domain:default/commerce"))
        #expect(Self.world[Support.ref("api:default/orders-api")]?.domain == Support.ref("domain:default/commerce"))
        #expect(Self.world[Support.ref("resource:default/orders-db")]?.domain == Support.ref("domain:default/commerce"))
        #expect(Self.world[Support.ref("component:default/orders-worker")]?.domain == nil)
        #expect(Self.world[Support.ref("group:default/team-a")]?.domain == nil)
    }

    @Test func systemWithoutDomainGivesNoDomain() throws {
        let catalog = Support.catalog(Support.stream(
            Support.group("team-a"),
            "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: lone}\nspec: {owner: team-a}\n",
            Support.component("member", spec: ["system: lone"])))
        #expect(catalog[Support.ref("component:default/member")]?.system == Support.ref("system:default/lone"))
        #expect(catalog[Support.ref("component:default/member")]?.domain == nil)
    }
}
