import CairnCatalog
import Testing

/// Catalog lookups: by ref, and from what a user types on the command line.
@Suite("Catalog resolve")
struct CatalogResolveTests {
    static let catalog = Support.catalog(Support.stream(
        Support.group("team-a"),
        Support.component("payments"),
        Support.component("ledger", namespace: "finance"),
        Support.component("search"),
        "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: search}\nspec: {type: openapi, lifecycle: production, owner: team-a, definition: x}\n"))

    static func found(_ text: String) -> String? {
        if case .found(let entity) = catalog.resolve(text) { return entity.ref.description }
        return nil
    }

    @Test func entitiesAreSortedByRef() {
        #expect(Self.catalog.entities.map(\.ref) == Self.catalog.entities.map(\.ref).sorted())
    }

    @Test func subscriptFindsByRef() {
        #expect(Self.catalog[EntityRef(kind: "component", name: "payments")]?.name == "payments")
        #expect(Self.catalog[EntityRef(kind: "component", name: "nope")] == nil)
        #expect(Self.catalog.contains(EntityRef(kind: "component", namespace: "finance", name: "ledger")))
    }

    @Test func resolvesFullAndPartialRefs() {
        #expect(Self.found("component:default/payments") == "component:default/payments")
        #expect(Self.found("Component:Payments") == "component:default/payments")
        #expect(Self.found("  payments  ") == "component:default/payments")
        #expect(Self.found("ledger") == "component:finance/ledger")
        #expect(Self.found("finance/ledger") == "component:finance/ledger")
        #expect(Self.found("component:finance/ledger") == "component:finance/ledger")
        #expect(Self.found("api:search") == "api:default/search")
    }

    @Test func kindWithoutNamespaceMeansTheDefaultNamespace() {
        guard case .notFound = Self.catalog.resolve("component:ledger") else {
            Issue.record("component:ledger should mean component:default/ledger")
            return
        }
    }

    @Test func unknownAndMalformedAreNotFound() {
        for text in ["nope", "component:nope", "", "component:", "default/payments-x"] {
            guard case .notFound = Self.catalog.resolve(text) else {
                Issue.record("\(text) resolved")
                continue
            }
        }
    }

    @Test func bareNameSharedByKindsIsAmbiguous() {
        guard case .ambiguous(let refs) = Self.catalog.resolve("search") else {
            Issue.record("search should be ambiguous")
            return
        }
        #expect(refs.map(\.description) == ["api:default/search", "component:default/search"])
    }

    @Test func problemsAreSortedAndIncludeFileProblems() {
        let catalog = Support.catalog([
            ("b.yaml", Support.component("x", metadata: ["tags: [BAD]"])),
            ("a.yaml", "apiVersion: [\n"),
        ])
        #expect(catalog.problems.map(\.file) == ["a.yaml", "b.yaml"])
        #expect(catalog.fileProblems.map(\.file) == ["a.yaml"])
        #expect(catalog.problems == catalog.problems.sorted())
    }
}
