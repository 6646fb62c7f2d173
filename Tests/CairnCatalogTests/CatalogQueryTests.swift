import CairnCatalog
import Testing

/// CatalogQuery: parsing, field filters, free-text words, ranking and quarantine.
@Suite("CatalogQuery")
struct CatalogQueryTests {
    static let shop: Catalog = Support.catalog(Support.stream(
        Support.group("team-x"),
        Support.group("team-y"),
        "apiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata: {name: commerce}\nspec: {owner: team-x}\n",
        "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: pay-sys}\nspec: {owner: team-x, domain: commerce}\n",
        Support.component("payments", owner: "team-x", spec: ["system: pay-sys"],
                          metadata: ["title: Payments", "description: Takes card payments.", "tags: [pci, java]"]),
        """
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata: {name: payments-api, tags: [pci]}
        spec: {type: openapi, lifecycle: production, owner: group:team-x, system: pay-sys, definition: x}

        """,
        """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: checkout}
        spec: {type: website, lifecycle: experimental, owner: team-y}

        """,
        Support.component("ledger", namespace: "finance", owner: "team-x"),
        Support.component("broken-pay", owner: "team-x", metadata: ["tags: [UPPER]"])))

    /// Names of the matches, best first; quarantined entities left out unless asked for.
    static func names(_ query: String, in catalog: Catalog = shop, includeQuarantined: Bool = false) -> [String] {
        let entities = catalog.entities
        return CatalogQuery(parsing: query).run(on: SearchIndex(entities), includeQuarantined: includeQuarantined).map { entities[$0].ref.name }
    }

    // MARK: Parsing

    @Test func parsesFieldsAndWords() {
        let query = CatalogQuery(parsing: "kind:api owner:team-x tag:pci lifecycle:production free text")
        #expect(query == CatalogQuery(filters: [.kind: ["api"], .owner: ["team-x"], .tag: ["pci"], .lifecycle: ["production"]],
                                      words: ["free", "text"]))
        #expect(!query.isEmpty)
    }

    @Test func parsesCommaListsCaseInsensitively() {
        let query = CatalogQuery(parsing: "Kind:API,Component\tType:Service   Pay")
        #expect(query.filters == [.kind: ["api", "component"], .type: ["service"]])
        #expect(query.words == ["pay"])
    }

    @Test func refValuesKeepTheirColons() {
        #expect(CatalogQuery(parsing: "owner:group:default/team-x").filters == [.owner: ["group:default/team-x"]])
    }

    @Test func unknownKeyValueIsFreeText() {
        let query = CatalogQuery(parsing: "component:foo color:red")
        #expect(query.filters.isEmpty)
        #expect(query.words == ["component:foo", "color:red"])
    }

    /// CatalogQuery's doc comment promises that `component:foo` still finds foo.
    @Test func unknownKeyValueStillFindsTheName() {
        let catalog = Support.catalog(Support.stream(Support.group("team-a"), Support.component("foo")))
        #expect(Self.names("component:foo", in: catalog) == ["foo"])
    }

    @Test func emptyQueryMatchesEverythingInCatalogOrder() {
        let query = CatalogQuery(parsing: "  ")
        #expect(query.isEmpty)
        #expect(Self.names("") == Self.shop.validEntities.map(\.ref.name))
        #expect(Self.names("").count == 8)
    }

    // MARK: Filters

    @Test(arguments: [
        ("kind:api", ["payments-api"]),
        ("kind:component", ["checkout", "payments", "ledger"]),
        ("kind:API,system", ["payments-api", "pay-sys"]),
        ("namespace:finance", ["ledger"]),
        ("owner:team-x kind:component", ["payments", "ledger"]),
        ("owner:group:team-x kind:component", ["payments", "ledger"]),
        ("owner:group:default/team-x kind:component", ["payments"]),
        ("owner:default/team-x kind:component", ["payments"]),
        ("owner:user:team-x", []),
        ("owner:team-y", ["checkout"]),
        ("system:pay-sys", ["payments-api", "payments"]),
        ("system:system:default/pay-sys", ["payments-api", "payments"]),
        ("system:domain:pay-sys", []),
        ("domain:commerce", ["payments-api", "payments", "pay-sys"]),
        ("lifecycle:experimental", ["checkout"]),
        ("lifecycle:Production kind:component,api", ["payments-api", "payments", "ledger"]),
        ("type:openapi", ["payments-api"]),
        ("type:website,openapi", ["payments-api", "checkout"]),
        ("tag:pci", ["payments-api", "payments"]),
        ("tag:java", ["payments"]),
        ("tag:pci,java kind:component", ["payments"]),
        ("kind:component tag:pci", ["payments"]),
        ("kind:group lifecycle:production", []),
    ])
    func filters(_ query: String, _ expected: [String]) {
        #expect(Self.names(query) == expected)
    }

    // MARK: Words

    @Test func everyWordMustMatch() {
        #expect(Self.names("pay card") == ["payments"])
        #expect(Self.names("pay") == ["payments-api", "payments", "pay-sys"])
        #expect(Self.names("pay nothing-like-this").isEmpty)
    }

    @Test func wordsSearchNameTitleDescriptionAndTags() {
        #expect(Self.names("takes") == ["payments"])
        #expect(Self.names("java") == ["payments"])
        #expect(Self.names("PCI") == ["payments-api", "payments"])
    }

    @Test func wordsAndFiltersCombine() {
        #expect(Self.names("kind:api pay") == ["payments-api"])
        #expect(Self.names("kind:system pay") == ["pay-sys"])
    }

    static let ranking: Catalog = Support.catalog(Support.stream(
        Support.group("team-a"),
        Support.component("card-pay"),
        Support.component("other"),
        Support.component("pay"),
        Support.component("payroll"),
        Support.component("repay"),
        Support.component("zebra", metadata: ["description: Pay day."])))

    @Test func exactBeatsPrefixBeatsWholeWordBeatsSubstring() {
        #expect(Self.names("pay", in: Self.ranking) == ["pay", "payroll", "card-pay", "zebra", "repay"])
    }

    @Test func scoresAddUpOverWords() throws {
        let query = CatalogQuery(parsing: "pay")
        let pay = try #require(Self.ranking[Support.ref("component:default/pay")])
        let payroll = try #require(Self.ranking[Support.ref("component:default/payroll")])
        let cardPay = try #require(Self.ranking[Support.ref("component:default/card-pay")])
        let repay = try #require(Self.ranking[Support.ref("component:default/repay")])
        let other = try #require(Self.ranking[Support.ref("component:default/other")])
        let scores = [pay, payroll, cardPay, repay].compactMap { query.score($0) }
        #expect(scores.count == 4)
        #expect(scores == scores.sorted(by: >))
        #expect(Set(scores).count == 4)
        #expect(query.score(other) == nil)
        let both = try #require(CatalogQuery(parsing: "pay day").score(Self.ranking[Support.ref("component:default/zebra")]!))
        #expect(both > query.score(Self.ranking[Support.ref("component:default/zebra")]!)!)
    }

    @Test func tiesKeepCatalogOrder() {
        let catalog = Support.catalog(Support.stream(
            Support.group("team-a"),
            Support.component("b-match", metadata: ["description: has the word needle"]),
            Support.component("a-match", metadata: ["description: also a needle here"]),
            Support.component("c-match", metadata: ["description: needle"])))
        #expect(Self.names("needle", in: catalog) == ["a-match", "b-match", "c-match"])
    }

    @Test func filtersOnlyKeepCatalogOrder() {
        // No words: every match scores 0, so the order is the catalog's.
        #expect(Self.names("kind:component", in: Self.ranking) == ["card-pay", "other", "pay", "payroll", "repay", "zebra"])
    }

    // MARK: Quarantine

    @Test func quarantinedExcludedByDefault() {
        #expect(!Self.names("pay").contains("broken-pay"))
        #expect(Self.names("pay", includeQuarantined: true).contains("broken-pay"))
        #expect(Self.names("broken").isEmpty)
    }

    @Test func runOnEntitiesIncludesQuarantined() {
        let matches = CatalogQuery(parsing: "broken").run(on: Self.shop.entities)
        #expect(matches.map(\.ref.name) == ["broken-pay"])
        #expect(matches.first?.isQuarantined == true)
    }

    @Test func searchIndexCountsEveryEntity() {
        #expect(SearchIndex(Self.shop.entities).count == Self.shop.entities.count)
    }
}
