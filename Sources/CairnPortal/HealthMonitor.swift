import CairnCatalog
import CairnHealth
import CairnStore
import Foundation
import Synchronization

/// Live health for an interface: the poller over a catalog's probes, and the board built from
/// its samples (starting from the last-known samples in the store). Each new board goes to
/// `onBoard` on the poller's thread — interfaces post it to their own loop.
public final class HealthMonitor: Sendable {
    private struct Current {
        var board: HealthBoard
        var catalog: Catalog
        var graph: CatalogGraph
    }

    /// Shared with the poller's callback (a Mutex cannot be captured itself).
    private final class Shared: Sendable {
        let current: Mutex<Current>
        init(_ current: Current) { self.current = Mutex(current) }
    }

    private let poller: HealthPoller
    private let shared: Shared
    private let onBoard: @Sendable (HealthBoard) -> Void

    init(catalog: Catalog, graph: CatalogGraph, probes: [HealthProbe]? = nil, database: CairnDatabase?, maxConcurrent: Int,
         onBoard: @escaping @Sendable (HealthBoard) -> Void, onSamples: (@Sendable ([HealthSample]) -> Void)? = nil) {
        let samples = database?.recentHealth() ?? []
        let board = HealthBoard(samples: samples, catalog: catalog, graph: graph)
        let shared = Shared(Current(board: board, catalog: catalog, graph: graph))
        self.shared = shared
        self.onBoard = onBoard
        poller = HealthPoller(probes: probes ?? catalog.validEntities.compactMap(HealthProbe.init), maxConcurrent: maxConcurrent, database: database) { samples in
            onSamples?(samples)
            // Handed on under the lock, so boards reach the interface in the order they were made.
            shared.current.withLock { current in
                current.board = current.board.adding(samples, catalog: current.catalog, graph: current.graph)
                onBoard(current.board)
            }
        }
    }

    /// The board now.
    public var board: HealthBoard { shared.current.withLock { $0.board } }

    public var probeCount: Int { poller.probeCount }

    public func start() { poller.start() }

    public func stop() { poller.stop() }

    /// Checks these entities (all when empty) now, whatever their schedule.
    public func checkNow(_ refs: [EntityRef] = []) { poller.checkNow(refs) }

    /// Fresh catalog: probes follow it, the board drops entities that left.
    public func replaceCatalog(_ catalog: Catalog) {
        let graph = CatalogGraph(catalog)
        shared.current.withLock { current in
            current.catalog = catalog
            current.graph = graph
            current.board = current.board.rebased(on: catalog, graph: graph)
            onBoard(current.board)
        }
        poller.replaceProbes(catalog.validEntities.compactMap(HealthProbe.init))
    }
}

/// One entity's blast radius: everything that depends on it, transitively, with health.
public struct ImpactReport: Sendable {
    public struct Dependent: Sendable {
        public var ref: EntityRef
        /// Hops from the entity.
        public var depth: Int
        public var isInCatalog: Bool
        public var owner: EntityRef?
        public var status: HealthStatus?
    }

    public var ref: EntityRef
    public var status: HealthStatus?
    public var latest: HealthSample?
    public var dependents: [Dependent]
}

extension Portal {
    /// The last-known health board for this portal's catalog, from the store.
    public func lastKnownHealth() -> HealthBoard {
        HealthBoard(samples: database.recentHealth(), catalog: catalog, graph: graph)
    }

    /// The last-known health samples for a configuration, without loading the catalog: what
    /// the terminal portal paints at once.
    public static func lastKnownHealthSamples(_ configuration: PortalConfiguration) -> [HealthSample] {
        guard let database = try? CairnDatabase.open(path: configuration.databasePath) else { return [] }
        return database.recentHealth()
    }

    /// Starts polling every probe of the catalog in the background.
    public func startHealthMonitor(maxConcurrent: Int = 64, onBoard: @escaping @Sendable (HealthBoard) -> Void) -> HealthMonitor {
        let monitor = HealthMonitor(catalog: catalog, graph: graph, database: database, maxConcurrent: maxConcurrent, onBoard: onBoard)
        monitor.start()
        return monitor
    }

    /// Polls `refs` (every entity with a health URL when empty) on their schedules until
    /// stopped; each batch of samples goes to `onSamples`, on the poller's thread.
    public func watchHealth(_ refs: [String], onSamples: @escaping @Sendable ([HealthSample]) -> Void) throws(PortalError) -> HealthMonitor {
        let monitor = HealthMonitor(catalog: catalog, graph: graph, probes: try probes(refs), database: database, maxConcurrent: 64,
                                    onBoard: { _ in }, onSamples: onSamples)
        monitor.start()
        return monitor
    }

    /// What depends on `text`'s entity, transitively, nearest first, with last-known health.
    public func impact(_ text: String) throws(PortalError) -> ImpactReport {
        let entity = try entity(text)
        let board = lastKnownHealth()
        let dependents = graph.reachable(from: entity.ref, .downstream).map { reached in
            ImpactReport.Dependent(ref: reached.ref, depth: reached.depth, isInCatalog: catalog.contains(reached.ref),
                                   owner: catalog[reached.ref]?.owner, status: board.status(of: reached.ref))
        }
        return ImpactReport(ref: entity.ref, status: board.status(of: entity.ref), latest: board.latest(entity.ref), dependents: dependents)
    }

    /// Keeps samples checked outside the poller (the CLI's `health`), with retention.
    public func record(_ samples: [HealthSample]) {
        try? database.saveHealthSamples(samples.map(\.stored))
    }
}
