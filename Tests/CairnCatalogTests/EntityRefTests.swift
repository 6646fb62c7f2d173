import CairnCatalog
import Testing

/// EntityRef.parse: Backstage's `[kind:][namespace/]name`, defaults and case-insensitivity.
@Suite("EntityRef")
struct EntityRefTests {
    @Test func fullRef() throws {
        let ref = try EntityRef.parse("component:default/x")
        #expect((ref.kind, ref.namespace, ref.name) == ("component", "default", "x"))
        #expect(ref.description == "component:default/x")
    }

    @Test func kindAndNameTakeTheDefaultNamespace() throws {
        #expect(try EntityRef.parse("component:x") == EntityRef(kind: "component", namespace: "default", name: "x"))
        #expect(try EntityRef.parse("component:x", defaultNamespace: "shop") == EntityRef(kind: "component", namespace: "shop", name: "x"))
    }

    @Test func namespaceAndNameTakeTheDefaultKind() throws {
        #expect(try EntityRef.parse("shop/x", defaultKind: "group") == EntityRef(kind: "group", namespace: "shop", name: "x"))
    }

    @Test func bareNameTakesBothDefaults() throws {
        #expect(try EntityRef.parse("x", defaultKind: "group") == EntityRef(kind: "group", namespace: "default", name: "x"))
        #expect(try EntityRef.parse("x", defaultKind: "group", defaultNamespace: "shop") == EntityRef(kind: "group", namespace: "shop", name: "x"))
    }

    @Test func explicitPartsBeatDefaults() throws {
        #expect(try EntityRef.parse("user:other/x", defaultKind: "group", defaultNamespace: "shop")
            == EntityRef(kind: "user", namespace: "other", name: "x"))
    }

    /// A `:` after the first `/` belongs to the name: there is no kind.
    @Test func colonAfterSlashIsPartOfTheName() throws {
        let ref = try EntityRef.parse("ns/a:b", defaultKind: "component")
        #expect((ref.kind, ref.namespace, ref.name) == ("component", "ns", "a:b"))
    }

    @Test func secondColonIsPartOfTheName() throws {
        let ref = try EntityRef.parse("component:a:b")
        #expect((ref.kind, ref.namespace, ref.name) == ("component", "default", "a:b"))
    }

    @Test(arguments: ["", ":x", "component:", "component:/x", "/x", "ns/", "component:ns/", ":/"])
    func rejectsEmptyParts(_ text: String) {
        #expect(throws: EntityRefError.self) { try EntityRef.parse(text, defaultKind: "component") }
        do {
            _ = try EntityRef.parse(text, defaultKind: "component")
        } catch {
            #expect(error.text == text)
            #expect(error.message == "entity reference \"\(text)\" is not of the form [kind:][namespace/]name")
        }
    }

    @Test(arguments: ["x", "ns/x"])
    func rejectsMissingKindWithoutDefault(_ text: String) {
        do {
            let ref = try EntityRef.parse(text)
            Issue.record("parsed \(ref) without a kind")
        } catch {
            #expect(error.reason.contains("has no kind"))
            #expect(error.message.contains("component:x"))
        }
    }

    @Test func storedLowercase() throws {
        let ref = try EntityRef.parse("Component:Default/Foo")
        #expect((ref.kind, ref.namespace, ref.name) == ("component", "default", "foo"))
        #expect(ref.description == "component:default/foo")
        #expect(try EntityRef.parse("Component:Foo") == EntityRef.parse("component:foo"))
        #expect(try EntityRef.parse("FOO", defaultKind: "Group") == EntityRef(kind: "group", name: "foo"))
        #expect(EntityRef(kind: "API", namespace: "Shop", name: "ÄPI") == EntityRef(kind: "api", namespace: "shop", name: "äpi"))
    }

    @Test func equalRefsHashTheSame() throws {
        let set: Set<EntityRef> = [try EntityRef.parse("Component:Foo"), try EntityRef.parse("component:default/foo")]
        #expect(set.count == 1)
    }

    @Test func ordersByKindThenNamespaceThenName() {
        let refs = [
            EntityRef(kind: "group", namespace: "a", name: "z"),
            EntityRef(kind: "component", namespace: "b", name: "a"),
            EntityRef(kind: "component", namespace: "a", name: "b"),
            EntityRef(kind: "component", namespace: "a", name: "a"),
        ]
        #expect(refs.sorted().map(\.description) == [
            "component:a/a", "component:a/b", "component:b/a", "group:a/z",
        ])
    }

    /// Refs written in an entity inherit that entity's namespace, as Backstage's processor does.
    @Test func referencesInheritTheEntityNamespace() throws {
        let entity = try #require(Support.entities(Support.component("x", namespace: "shop", spec: [
            "system: checkout", "dependsOn: [component:db, component:default/shared, resource:other/disk]",
        ])).first)
        #expect(entity.problems.isEmpty)
        #expect(entity.owner == EntityRef(kind: "group", namespace: "shop", name: "team-a"))
        #expect(entity.system == EntityRef(kind: "system", namespace: "shop", name: "checkout"))
        #expect(entity.declaredReferences.filter { $0.type == .dependsOn }.map(\.target.description) == [
            "component:shop/db", "component:default/shared", "resource:other/disk",
        ])
    }

    @Test func parseLooseLeavesKindAndNamespaceOpen() throws {
        let loose = try #require(EntityRef.parseLoose("Payments"))
        #expect(loose.kind == nil)
        #expect(loose.namespace == nil)
        #expect(loose.name == "payments")
        let full = try #require(EntityRef.parseLoose("API:Shop/Orders"))
        #expect(full.kind == "api")
        #expect(full.namespace == "shop")
        #expect(full.name == "orders")
        #expect(EntityRef.parseLoose("component:") == nil)
    }
}
