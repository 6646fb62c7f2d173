import CairnCatalog
import CairnSources
import CairnStore
import Foundation

/// The systems of record: configured sources, their refreshes and their state. A source's
/// entities are files under `<state>/sources/<name>/`, read like any other location, after the
/// local catalog and in the declared order (the first to define an entity supplies it).
extension Portal {
    /// The fetcher of each kind this cairn has.
    public static var sourceFetchers: [SourceKind: any SourceFetcher] { SourceFetchers.all }

    /// A refresher over this portal's database and state folder.
    public var sourceRefresher: SourceRefresher {
        SourceRefresher(stateDirectory: stateDirectory, database: database, fetchers: Self.sourceFetchers)
    }

    /// Every source (configured, then registered by template runs) with how its last refreshes
    /// went, in precedence order.
    public func sources() -> [SourceStatus] {
        let states = (try? database.sourceStates()) ?? [:]
        return Self.allSources(configuration, database).map { SourceStatus(definition: $0, state: states[$0.name]) }
    }

    /// The configured sources, then the git repositories template runs registered (named
    /// `registered:` in their declaration), skipping a name a configured source already uses.
    static func allSources(_ configuration: PortalConfiguration, _ database: CairnDatabase) -> [SourceDefinition] {
        var sources = configuration.sources
        for record in (try? database.registeredSources()) ?? [] where !sources.contains(where: { $0.name == record.name }) {
            var settings = ["url": record.url]
            if let ref = record.ref { settings["ref"] = ref }
            if let path = record.path { settings["path"] = path }
            sources.append(SourceDefinition(name: record.name, kind: .git, settings: settings, declaredAt: "registered by \(record.registeredBy)"))
        }
        return sources
    }

    /// Refreshes the named sources (all when empty) now, one after another, and returns how
    /// each went. The catalog on hand is not re-read: open the portal again to see the result.
    public func refreshSources(_ names: [String] = [], shouldStop: @escaping @Sendable () -> Bool = { false }) throws(PortalError) -> [SourceStatus] {
        let all = Self.allSources(configuration, database)
        let unknown = names.filter { name in !all.contains { $0.name == name } }
        guard unknown.isEmpty else {
            let known = all.map(\.name).joined(separator: ", ")
            throw .notFound("cairn: error: no source named \(unknown.joined(separator: ", ")); the sources are: \(known.isEmpty ? "(none; add sources: to the config file)" : known)")
        }
        let refresher = sourceRefresher
        return all.filter { names.isEmpty || names.contains($0.name) }.map { refresher.refresh($0, shouldStop: shouldStop) }
    }

    /// The source that supplied `entity`, if it came from one (nil for the local catalog).
    public func source(of entity: Entity) -> SourceStatus? {
        let root = stateDirectory + "/sources/"
        guard entity.source.file.hasPrefix(root) else { return nil }
        let name = entity.source.file.dropFirst(root.count).split(separator: "/").first.map(String.init)
        return sources().first { $0.definition.name == name }
    }

    /// One notice per source whose last refresh failed: its entities are old or missing.
    static func sourceNotices(_ configuration: PortalConfiguration, _ database: CairnDatabase) -> [String] {
        let states = (try? database.sourceStates()) ?? [:]
        return allSources(configuration, database).compactMap { definition in
            let status = SourceStatus(definition: definition, state: states[definition.name])
            guard let error = status.state?.lastError else { return nil }
            let held = status.age().map { "its \(status.state?.entityCount ?? 0) entities are from \(Int($0 / 60))m ago" } ?? "it has no entities yet"
            return "cairn: notice: \(error); \(held) (cairn sources)"
        }
    }

    /// The folders of the sources, in declared order.
    static func sourceFolders(_ configuration: PortalConfiguration, _ database: CairnDatabase) -> [String] {
        let root = CairnPortal.stateDirectory(of: configuration) + "/sources/"
        return allSources(configuration, database).map { root + $0.name }
    }

    /// Sources never fetched get their first refresh now (their folder does not exist yet), so a
    /// first start has their entities; later refreshes run on their schedule in the background.
    /// One that failed recently is not tried again on every command: it waits for its retry time.
    static func fetchMissingSources(_ configuration: PortalConfiguration, _ database: CairnDatabase) {
        let refresher = SourceRefresher(stateDirectory: CairnPortal.stateDirectory(of: configuration), database: database, fetchers: sourceFetchers)
        let states = (try? database.sourceStates()) ?? [:]
        for definition in allSources(configuration, database) where !FileManager.default.fileExists(atPath: refresher.folder(of: definition.name)) {
            guard SourceStatus(definition: definition, state: states[definition.name]).isDue() else { continue }
            refresher.refresh(definition)
        }
    }
}
