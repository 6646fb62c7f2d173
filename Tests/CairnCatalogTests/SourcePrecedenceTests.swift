import CairnCatalog
import Testing

/// When sources disagree, the declared order decides: the local catalog, then each source as
/// listed. The loser is dropped with a notice, not quarantined; within one source a second
/// definition stays an error.
@Suite struct SourcePrecedenceTests {
    @Test func theFirstDeclaredSourceSuppliesTheEntity() {
        let files = [
            ("/state/sources/github/org/payments/catalog-info.yaml", Support.component("payments", owner: "from-github")),
            ("/state/sources/backstage/entities.yaml", Support.component("payments", owner: "from-backstage")),
            ("/state/sources/backstage/more.yaml", Support.component("ledger", owner: "from-backstage")),
            ("catalog/local.yaml", Support.component("ledger", owner: "local")),
        ].map { Support.parse($0.1, file: $0.0) }
        let catalog = CatalogAssembler.assemble(files, sourceRoots: ["/state/sources/github", "/state/sources/backstage"])
        let payments = catalog[Support.ref("component:default/payments")]
        #expect(payments?.owner == Support.ref("group:default/from-github"))
        #expect(payments?.isQuarantined == false)
        #expect(catalog[Support.ref("component:default/ledger")]?.owner == Support.ref("group:default/local"))
        #expect(catalog.entities.count == 2)
        let notices = catalog.problems.filter { $0.severity == .notice }
        #expect(notices.count == 2)
        #expect(notices.contains { $0.file == "/state/sources/backstage/entities.yaml" && $0.message.contains("also defined at /state/sources/github/org/payments/catalog-info.yaml:1:1") })
    }

    @Test func withinOneSourceADuplicateIsStillAnError() {
        let files = [
            ("/state/sources/github/a.yaml", Support.component("payments")),
            ("/state/sources/github/b.yaml", Support.component("payments")),
        ].map { Support.parse($0.1, file: $0.0) }
        let catalog = CatalogAssembler.assemble(files, sourceRoots: ["/state/sources/github"])
        #expect(catalog.entities.filter(\.isQuarantined).count == 1)
    }
}
