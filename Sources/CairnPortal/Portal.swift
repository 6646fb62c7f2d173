import CairnAccess
import CairnCatalog
import CairnHealth
import CairnStore
import Foundation
import Synchronization

/// The facade every interface calls (CLI now, TUI and HTTP later). It owns the catalog value
/// and the database; interfaces never read sources or SQLite themselves.
public final class Portal: Sendable {
    /// How the catalog was obtained on this start.
    public struct LoadReport: Sendable {
        public var isFromCache: Bool
        /// When the catalog on hand was built from its sources.
        public var builtAt: Date
        public var seconds: Double
        public var notices: [String]
    }

    public let configuration: PortalConfiguration
    public let catalog: Catalog
    public let graph: CatalogGraph
    public let loadReport: LoadReport
    let database: CairnDatabase
    /// Who holds which role (the policy file, or the defaults).
    public let policy: Policy
    /// The person signed in with `cairn login`, if the session is current.
    let signIn: SignIn
    /// Resolved on first use: listing or showing entities never needs it.
    let identityCache = Mutex<Identity?>(nil)
    /// Built on the first query, not at start-up: `show` and `graph` never need it.
    private let searchIndex = Mutex<SearchIndex?>(nil)

    /// Opens the database and loads the catalog: from the cache when no source file changed
    /// since it was built, else from the sources (and the cache is rewritten).
    public static func open(_ configuration: PortalConfiguration) throws(PortalError) -> Portal {
        let started = DispatchTime.now()
        let database: CairnDatabase
        do {
            database = try CairnDatabase.open(path: configuration.databasePath)
        } catch {
            throw .internalError("\(error)")
        }
        fetchMissingSources(configuration, database)
        let loader = CatalogLoader(sourceRoots: sourceFolders(configuration, database))
        let locations = allLocations(configuration, database)
        let scanned: [SourceFile]
        do {
            scanned = try loader.discover(locations)
        } catch {
            throw .usage(error.description)
        }
        let key = cacheKey(locations)
        var catalog: Catalog?
        var builtAt = Date()
        if let state = try? database.cacheState(), state.locations == key, Self.isFresh(state.files, scanned: scanned) {
            catalog = try? database.cachedCatalog()
            builtAt = state.builtAt
        }
        let isFromCache = catalog != nil
        var notices = database.notices
        notices += sourceNotices(configuration, database)
        if catalog == nil {
            let fresh: Catalog
            do {
                fresh = try loader.load(locations)
            } catch {
                throw .usage(error.description)
            }
            do {
                try database.saveCatalog(fresh, locations: key)
            } catch {
                notices.append("\(configuration.databasePath): notice: could not update the cache (\(error)); the catalog was read from its sources")
            }
            catalog = fresh
        }
        let policy: Policy
        do {
            policy = try configuration.policyFile.map(PolicyFile.load) ?? .defaults
        } catch {
            throw .usage(error.description)
        }
        let signIn = SignIn.current(stateDirectory: CairnPortal.stateDirectory(of: configuration), osUser: configuration.osUser, settings: configuration.singleSignOn)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return Portal(configuration: configuration, database: database, catalog: catalog!, policy: policy, signIn: signIn,
                      loadReport: LoadReport(isFromCache: isFromCache, builtAt: isFromCache ? builtAt : Date(), seconds: seconds, notices: notices))
    }

    private init(configuration: PortalConfiguration, database: CairnDatabase, catalog: Catalog, policy: Policy, signIn: SignIn, loadReport: LoadReport) {
        self.configuration = configuration
        self.database = database
        self.policy = policy
        self.signIn = signIn
        self.catalog = catalog
        self.graph = CatalogGraph(catalog)
        self.loadReport = loadReport
    }

    /// What a cache must have been built from to be reused: the same locations, read by the
    /// same cairn binary (a rebuilt binary may read files differently, so it starts cold).
    /// Locations are recorded as typed (paths in messages keep that spelling) and as absolute
    /// paths, so the same relative --catalog from another folder is another catalog.
    static func cacheKey(_ locations: [String]) -> String {
        let binary = SourceFile.stat("/proc/self/exe").map { "\($0.size)-\($0.modified)" } ?? "unknown"
        let folder = FileManager.default.currentDirectoryPath
        let places = locations.map { $0 + "\t" + ($0.hasPrefix("/") ? $0 : folder + "/" + $0) }
        return (["cairn-cache-3", binary] + places).joined(separator: "\n")
    }

    /// The catalog of the last start, even if files changed since, with when it was built:
    /// what the terminal portal paints at once while fresh data is read. Nil when there is
    /// none for these locations (or the database cannot be read).
    public static func lastKnownCatalog(_ configuration: PortalConfiguration) -> (catalog: Catalog, builtAt: Date)? {
        guard let database = try? CairnDatabase.open(path: configuration.databasePath),
              let state = try? database.cacheState() else { return nil }
        // The same format and locations; the binary that wrote it may differ.
        let written = state.locations.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let wanted = cacheKey(allLocations(configuration, database)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard written.count == wanted.count, written.first == wanted.first, written.dropFirst(2) == wanted.dropFirst(2),
              let catalog = try? database.cachedCatalog() else { return nil }
        return (catalog, state.builtAt)
    }

    /// The configured locations, the catalog files registered in the store (repositories made
    /// from templates) that still exist, then each source's folder that exists, in declared order.
    static func allLocations(_ configuration: PortalConfiguration, _ database: CairnDatabase) -> [String] {
        let registered = ((try? database.registeredLocations()) ?? []).filter { FileManager.default.fileExists(atPath: $0) }
        let sources = sourceFolders(configuration, database).filter { FileManager.default.fileExists(atPath: $0) }
        return configuration.catalogLocations + registered.filter { !configuration.catalogLocations.contains($0) } + sources
    }

    /// True when every cached file is unchanged and the scan found no file the cache lacks.
    static func isFresh(_ cached: [SourceFile], scanned: [SourceFile]) -> Bool {
        var byPath: [String: SourceFile] = [:]
        for file in cached { byPath[file.path] = file }
        for file in scanned where byPath[file.path] != file { return false }
        let scannedPaths = Set(scanned.map(\.path))
        for file in cached where !scannedPaths.contains(file.path) {
            // Reached through a Location: stat it again.
            if SourceFile.stat(file.path) != file { return false }
        }
        return true
    }

    // MARK: Use cases

    /// Entities matching a query, best first; quarantined ones only when asked.
    public func list(_ query: CatalogQuery, includeQuarantined: Bool = false) -> [Entity] {
        search(query, includeQuarantined: includeQuarantined).map { catalog.entities[$0] }
    }

    /// Positions in `catalog.entities` of the entities matching a query, best first: what a
    /// filter that redraws on every key press needs, without copying entities.
    public func search(_ query: CatalogQuery, includeQuarantined: Bool = false) -> [Int] {
        let index = searchIndex.withLock { index in
            if index == nil { index = SearchIndex(catalog.entities) }
            return index!
        }
        return query.run(on: index, includeQuarantined: includeQuarantined)
    }

    /// One entity from what a user typed (`payments`, `component:payments`, a full ref).
    public func entity(_ text: String) throws(PortalError) -> Entity {
        switch catalog.resolve(text) {
        case .found(let entity): return entity
        case .notFound:
            throw .notFound("cairn: error: no entity \(text) in the catalog; try cairn list --query \(text.split(separator: ":").last.map(String.init) ?? text)")
        case .ambiguous(let refs):
            throw .usage("cairn: error: \(text) is ambiguous: \(refs.map(\.description).joined(separator: ", ")); give the kind, e.g. \(refs[0])")
        }
    }

    /// Checks the health endpoints of `refs` (all entities with `cairn.dev/health-url` when
    /// empty) once, now. Entities asked for by name that have no health URL are reported.
    public func checkHealth(_ refs: [String]) throws(PortalError) -> [HealthSample] {
        let samples = HealthChecker().check(try probes(refs))
        record(samples)
        return samples
    }

    /// The probes of `refs`, or of every entity with `cairn.dev/health-url` when empty.
    func probes(_ refs: [String]) throws(PortalError) -> [HealthProbe] {
        guard !refs.isEmpty else { return catalog.validEntities.compactMap(HealthProbe.init) }
        var probes: [HealthProbe] = []
        for text in refs {
            let entity = try entity(text)
            guard let probe = HealthProbe(entity) else {
                throw .usage("cairn: error: \(entity.ref) has no cairn.dev/health-url annotation; add one to check its health")
            }
            probes.append(probe)
        }
        return probes
    }

    /// The problems found while loading, worst first within each file.
    public var problems: [Problem] { catalog.problems }
}
