import CairnCatalog
import CairnHealth
import Foundation

/// The whole state of the terminal portal: a value, changed only by `reduce`.
public struct AppState: Sendable {
    public enum Pane: Sendable, Equatable { case list, detail }
    public enum Screen: Sendable, Equatable { case catalog, problems, dependencies, incidents, wizard, jobs, provisionRequest, search, sources }
    public enum Overlay: Sendable, Equatable { case none, help, palette }

    public enum Grouping: String, Sendable, CaseIterable {
        case none, owner, system, domain
        var next: Grouping {
            let all = Grouping.allCases
            return all[(all.firstIndex(of: self)! + 1) % all.count]
        }
    }

    public enum SortOrder: String, Sendable, CaseIterable {
        case name, kind, owner
        var next: SortOrder {
            let all = SortOrder.allCases
            return all[(all.firstIndex(of: self)! + 1) % all.count]
        }
    }

    /// One row of the list: a group heading or an entity (its position in the catalog).
    public enum Row: Sendable, Equatable {
        case group(title: String, count: Int)
        case entity(Int)
    }

    /// The `/` filter: the text being typed and the query applied.
    public struct Filter: Sendable, Equatable {
        public var text = ""
        public var isEditing = false

        public init() {}
    }

    /// The detail pane: which entity, how we got there, and the cursor over its links.
    public struct Detail: Sendable, Equatable {
        public var ref: EntityRef?
        public var history: [EntityRef] = []
        public var cursor = 0
        public var scroll = 0
        /// Columns code and table lines are scrolled sideways by (`<` `>` on the Docs and API tabs).
        public var column = 0
    }

    /// The dependencies screen: a layered graph around `focus`, upstream above and downstream
    /// below, `depth` levels each way; `selected` is the node under the cursor.
    public struct Dependencies: Sendable, Equatable {
        public var focus: EntityRef
        public var selected: EntityRef
        public var depth = 2
        public var scrollX = 0
        public var scrollY = 0
        /// Earlier focuses, for Esc.
        public var history: [EntityRef] = []

        public init(focus: EntityRef) {
            self.focus = focus
            selected = focus
        }
    }

    /// The detail pane's tabs, in the order `[` `]` go through them.
    public enum DetailTab: String, Sendable, CaseIterable { case overview, health, docs, api, audit }

    /// The `:` command palette.
    public struct Palette: Sendable, Equatable {
        public var text = ""
        public var selected = 0
    }

    public private(set) var catalog: Catalog
    public private(set) var index: SearchIndex
    /// Upstream and downstream over `catalog`, rebuilt with it.
    public private(set) var graph: CatalogGraph
    /// Entity positions in each sort order, computed once per catalog.
    var orders: [SortOrder: [Int]] = [:]
    public var source: CatalogSource?
    public var width: Int
    public var height: Int
    public var isUnicode: Bool
    public var isColor: Bool
    public var themeName: String
    public var identity: String
    public var availableThemes: [String]

    public var screen: Screen = .catalog
    public var focus: Pane = .list
    public var overlay: Overlay = .none
    public var filter = Filter()
    public var grouping: Grouping = .none
    public var sort: SortOrder = .name
    public internal(set) var rows: [Row] = []
    /// Entities matching the filter (rows without headings).
    public internal(set) var matchCount = 0
    public var selection = 0
    public var listTop = 0
    public var detail = Detail()
    public var palette = Palette()
    public var dependencies: Dependencies?
    public var detailTab: DetailTab = .overview
    /// Docs and API definitions read for entities shown on the Docs and API tabs.
    public var docs: [EntityRef: LoadedDocs] = [:]
    /// Entities whose docs are being read.
    var docsPending: Set<EntityRef> = []
    /// Audit records read for entities shown on the Audit tab.
    public var audit: [EntityRef: LoadedAudit] = [:]
    /// Entities whose records were asked for since the tab was last opened or this portal
    /// last changed something (see `invalidateAudit`).
    var auditRequested: Set<EntityRef> = []
    /// The zone audit times are shown in: the user's own.
    public var timeZone: TimeZone = .current
    /// The search screen.
    public var search = DocsSearchState()
    /// A section a search result named, to scroll to once the tab's content is there.
    var pendingSection: String?
    /// Health as last reported by the poller (or read from the store at start-up).
    public internal(set) var health: HealthBoard = .empty
    /// On-call and open incidents from the PagerDuty poller; nil when PagerDuty is not configured.
    public internal(set) var pagerDuty: PagerDutyBoard?
    /// PagerDuty service id → the entities annotated with it, rebuilt with the catalog.
    public private(set) var pagerDutyServices: [String: [EntityRef]] = [:]
    /// The new-project wizard while it is open.
    public var wizard: Wizard?
    /// The Jobs screen: provisioning jobs from the background poller, and where the cursor is.
    public var jobs = JobsScreen()
    /// The Sources screen: the configured sources from the background worker, and the cursor.
    public var sources = SourcesScreen()
    /// The resource request while it is open.
    public var provisionRequest: ProvisionRequest?
    /// How far the `?` overlay is scrolled.
    public var helpScroll = 0
    public var incidentSelection = 0
    public var incidentTop = 0
    public var problemSelection = 0
    public var problemTop = 0
    /// A one-line message in the footer until the next key.
    public var message: String?
    public var messageIsError = false
    /// A message that wraps over a few footer lines instead of being cut (an edit's outcome,
    /// which names a file or a policy's reason); the footer wraps only while it is on show.
    var wrappedMessage: String?

    public init(catalog: Catalog, source: CatalogSource?, width: Int, height: Int, isUnicode: Bool = true, isColor: Bool = true,
                themeName: String = "default", identity: String = "", availableThemes: [String] = []) {
        self.catalog = catalog
        self.index = SearchIndex(catalog.entities)
        self.graph = CatalogGraph(catalog)
        self.source = source
        self.width = width
        self.height = height
        self.isUnicode = isUnicode
        self.isColor = isColor
        self.themeName = themeName
        self.identity = identity
        self.availableThemes = availableThemes
        orders = Self.sortOrders(catalog)
        pagerDutyServices = PagerDutyBoard.services(in: catalog)
        rebuildRows()
    }

    public var glyphs: Glyphs { isUnicode ? .unicode : .ascii }

    /// Shown while the first catalog is read when the cache has none.
    public static let loadingMessage = "reading the catalog…"

    /// Below this the screen says so instead of drawing garbled panes.
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    /// From this width the list and the detail sit side by side.
    public static let sideBySideWidth = 100

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
    public var isSideBySide: Bool { width >= Self.sideBySideWidth }

    /// The entity under the list cursor.
    public var selectedEntity: Entity? {
        guard rows.indices.contains(selection), case .entity(let position) = rows[selection] else { return nil }
        return catalog.entities[position]
    }

    /// The entity the detail pane shows: the one navigated to, else the list selection.
    public var detailEntity: Entity? {
        if let ref = detail.ref { return catalog[ref] }
        return selectedEntity
    }

    /// Replaces the catalog (fresh data), keeping the selection on the same entity when it
    /// is still there, so the screen does not jump.
    mutating func replaceCatalog(_ newCatalog: Catalog) {
        replaceCatalog(PreparedCatalog(newCatalog))
    }

    /// Swaps in a catalog whose search index, graph and sort orders were built elsewhere (on a
    /// worker thread): the UI thread only assigns them and rebuilds the visible rows.
    mutating func replaceCatalog(_ prepared: PreparedCatalog) {
        let selectedRef = selectedEntity?.ref
        // Freeing 10,000 entities, their index and graph takes tens of milliseconds: the old
        // values' last references go to a background queue, which frees them there.
        let retired = Retired(catalog: catalog, index: index, graph: graph, orders: orders)
        DispatchQueue.global(qos: .utility).async { retired.release() }
        let newCatalog = prepared.catalog
        catalog = newCatalog
        index = prepared.index
        graph = prepared.graph
        health = health.rebased(on: newCatalog, graph: graph)
        if let dependencies, newCatalog[dependencies.focus] == nil { self.dependencies = nil; if screen == .dependencies { screen = .catalog } }
        orders = prepared.orders
        pagerDutyServices = prepared.pagerDutyServices
        rebuildRows(keeping: selectedRef)
        if let ref = detail.ref, newCatalog[ref] == nil { detail = Detail() }
    }

    static func sortOrders(_ catalog: Catalog) -> [SortOrder: [Int]] {
        let entities = catalog.entities
        let byName = entities.indices.sorted { (entities[$0].ref.name, entities[$0].ref.kind) < (entities[$1].ref.name, entities[$1].ref.kind) }
        let byKind = Array(entities.indices) // the catalog is sorted by ref: kind first
        let byOwner = entities.indices.sorted {
            let left = entities[$0].owner?.name ?? "\u{10FFFF}"
            let right = entities[$1].owner?.name ?? "\u{10FFFF}"
            return left != right ? left < right : entities[$0].ref.name < entities[$1].ref.name
        }
        return [.name: byName, .kind: byKind, .owner: byOwner]
    }
}

/// What a catalog swap replaced, held only until a background queue lets it go.
private final class Retired: @unchecked Sendable {
    private var catalog: Catalog?
    private var index: SearchIndex?
    private var graph: CatalogGraph?
    private var orders: [AppState.SortOrder: [Int]]?

    init(catalog: Catalog, index: SearchIndex, graph: CatalogGraph, orders: [AppState.SortOrder: [Int]]) {
        self.catalog = catalog
        self.index = index
        self.graph = graph
        self.orders = orders
    }

    func release() {
        catalog = nil
        index = nil
        graph = nil
        orders = nil
    }
}
