import CairnCatalog
import Foundation

/// What is known about health across the catalog at one moment: each probed entity's latest
/// sample and recent history, the roll-up of Systems and Domains (the worst of their parts),
/// and which entities are impacted — something they depend on, transitively, is failing.
/// A value: the poller builds a new one and the UI swaps it in.
public struct HealthBoard: Sendable {
    /// How many samples per entity the board keeps for sparklines and the Health tab.
    public static let historyLimit = 40

    /// Samples per entity, oldest first, at most `historyLimit`.
    public private(set) var history: [EntityRef: [HealthSample]] = [:]
    /// Own status for probed entities; the worst of the parts for Systems and Domains.
    public private(set) var effective: [EntityRef: HealthStatus] = [:]
    /// Entity → the failing entities upstream of it (its causes), by ref.
    public private(set) var impactedBy: [EntityRef: [EntityRef]] = [:]
    /// Everything failing or warning (own probes, not roll-ups) with its blast radius — how
    /// many entities depend on it, transitively — largest first, then worst, then by ref.
    public private(set) var incidents: [Incident] = []
    /// Downstream of each entity that has failed or warned on this catalog: the walk is the
    /// expensive part of a recompute, and it only changes when the catalog does.
    private var downstreamCache: [EntityRef: [EntityRef]] = [:]
    /// The (entity, status) pairs at warn or worse that `impactedBy` and `incidents` were
    /// computed from: when a batch leaves them unchanged, so are those.
    private var troubled: [EntityRef: HealthStatus] = [:]

    public static let empty = HealthBoard()

    private init() {}

    /// A board from samples (any order; several per entity allowed) over a catalog.
    public init(samples: [HealthSample], catalog: Catalog, graph: CatalogGraph) {
        var history: [EntityRef: [HealthSample]] = [:]
        // Samples of entities the catalog no longer has (kept in the store for 24 h) stay out.
        for sample in samples.sorted(by: { $0.checkedAt < $1.checkedAt }) where catalog.contains(sample.entityRef) {
            history[sample.entityRef, default: []].append(sample)
        }
        for (ref, list) in history where list.count > Self.historyLimit { history[ref] = Array(list.suffix(Self.historyLimit)) }
        self.history = history
        recompute(catalog: catalog, graph: graph)
    }

    /// The board with new samples added (newer ones win), recomputed over the catalog.
    public func adding(_ samples: [HealthSample], catalog: Catalog, graph: CatalogGraph) -> HealthBoard {
        var board = self
        for sample in samples where catalog.contains(sample.entityRef) {
            var list = board.history[sample.entityRef, default: []]
            if let last = list.last, last.checkedAt > sample.checkedAt { continue }
            list.append(sample)
            if list.count > Self.historyLimit { list.removeFirst(list.count - Self.historyLimit) }
            board.history[sample.entityRef] = list
        }
        board.recompute(catalog: catalog, graph: graph)
        return board
    }

    /// The board over another catalog (fresh data): samples of entities no longer there go.
    public func rebased(on catalog: Catalog, graph: CatalogGraph) -> HealthBoard {
        var board = self
        board.history = history.filter { catalog.contains($0.key) }
        board.downstreamCache = [:]
        board.troubled = [:]
        board.incidents = []
        board.impactedBy = [:]
        board.recompute(catalog: catalog, graph: graph, force: true)
        return board
    }

    public var isEmpty: Bool { history.isEmpty }

    /// The latest sample of a probed entity.
    public func latest(_ ref: EntityRef) -> HealthSample? { history[ref]?.last }

    /// Own status (probed entities) or roll-up (Systems, Domains); nil when nothing is known.
    public func status(of ref: EntityRef) -> HealthStatus? { effective[ref] }

    public func isImpacted(_ ref: EntityRef) -> Bool { impactedBy[ref] != nil }

    /// When the newest sample on the board was taken.
    /// Kept with the board (the status line reads it on every frame).
    public private(set) var newestCheck: Date?

    /// Probed entities by their latest status, kept with the board like `newestCheck`.
    public private(set) var counts: [HealthStatus: Int] = [:]

    private mutating func recompute(catalog: Catalog, graph: CatalogGraph, force: Bool = false) {
        var effective: [EntityRef: HealthStatus] = [:]
        var counts: [HealthStatus: Int] = [:]
        var newest: Date?
        for (ref, list) in history {
            guard let last = list.last else { continue }
            effective[ref] = last.status
            counts[last.status, default: 0] += 1
            if newest.map({ last.checkedAt > $0 }) ?? true { newest = last.checkedAt }
        }
        self.counts = counts
        newestCheck = newest
        // Systems roll up their parts, Domains their systems (and any parts of their own).
        for kind in ["system", "domain"] {
            for entity in catalog.entities where entity.ref.kind == kind && !entity.isQuarantined {
                let parts = entity.relations.filter { $0.type == .hasPart }.compactMap { effective[$0.target] }
                if let rollUp = Self.worst(parts) { effective[entity.ref] = rollUp }
            }
        }
        self.effective = effective
        var troubled: [EntityRef: HealthStatus] = [:]
        for (ref, list) in history { if let status = list.last?.status, status >= .warn { troubled[ref] = status } }
        if troubled != self.troubled || force {
            self.troubled = troubled
            var impactedBy: [EntityRef: [EntityRef]] = [:]
            var incidents: [Incident] = []
            for (ref, status) in troubled {
                let downstream = downstreamCache[ref] ?? graph.reachable(from: ref, .downstream).map(\.ref)
                downstreamCache[ref] = downstream
                let isFailing = status == .fail
                if isFailing { for reached in downstream { impactedBy[reached, default: []].append(ref) } }
                incidents.append(Incident(sample: history[ref]!.last!, downstream: downstream, impacted: isFailing ? downstream : []))
            }
            for (ref, causes) in impactedBy { impactedBy[ref] = causes.sorted() }
            self.impactedBy = impactedBy
            self.incidents = incidents.sorted {
                if $0.downstream.count != $1.downstream.count { return $0.downstream.count > $1.downstream.count }
                if $0.sample.status != $1.sample.status { return $0.sample.status > $1.sample.status }
                return $0.sample.entityRef < $1.sample.entityRef
            }
        } else {
            // Same troubles: only the samples shown with them (reason, latency, time) move on.
            for index in incidents.indices { incidents[index].sample = history[incidents[index].ref]!.last! }
        }
    }

    /// The worst of some statuses, ignoring unknown unless every one is unknown (as Spring does).
    public static func worst(_ statuses: [HealthStatus]) -> HealthStatus? {
        guard !statuses.isEmpty else { return nil }
        let known = statuses.filter { $0 != .unknown }
        return known.max() ?? .unknown
    }
}

/// One failing or warning entity and its blast radius.
public struct Incident: Sendable, Equatable {
    public var sample: HealthSample
    /// Everything that depends on it, transitively.
    public var downstream: [EntityRef]
    /// What its failure impacts (empty for a warning).
    public var impacted: [EntityRef]

    public var ref: EntityRef { sample.entityRef }
    public var blastRadius: Int { downstream.count }
}
