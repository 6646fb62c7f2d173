import CairnCatalog

/// A catalog with everything the screen derives from it — search index, dependency graph,
/// sort orders, PagerDuty services — built where it was loaded (a worker thread), so swapping it
/// in costs the UI thread an assignment, not a rebuild over 10,000 entities.
public struct PreparedCatalog: Sendable {
    public let catalog: Catalog
    let index: SearchIndex
    let graph: CatalogGraph
    let orders: [AppState.SortOrder: [Int]]
    let pagerDutyServices: [String: [EntityRef]]

    public init(_ catalog: Catalog) {
        self.catalog = catalog
        index = SearchIndex(catalog.entities)
        graph = CatalogGraph(catalog)
        orders = AppState.sortOrders(catalog)
        pagerDutyServices = PagerDutyBoard.services(in: catalog)
    }
}
