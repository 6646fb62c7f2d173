import CairnCatalog
import CairnHTTP
import CairnStore
import Foundation

/// Runs a source's fetcher and keeps its files: each refresh fills a fresh tree, and only a
/// successful one replaces the last good tree (an atomic symlink swap), so a failing source
/// keeps its last good entities, marked stale, instead of emptying the catalog.
public struct SourceRefresher: Sendable {
    public let stateDirectory: String
    public let database: CairnDatabase
    public let environment: [String: String]
    public let fetchers: [SourceKind: any SourceFetcher]

    public init(stateDirectory: String, database: CairnDatabase, environment: [String: String] = ProcessInfo.processInfo.environment,
                fetchers: [SourceKind: any SourceFetcher]) {
        self.stateDirectory = stateDirectory
        self.database = database
        self.environment = environment
        self.fetchers = fetchers
    }

    /// `<state>/sources`: one entry per source (a symlink to its current tree) and the trees.
    public var sourcesDirectory: String { stateDirectory + "/sources" }

    /// The folder the catalog reads a source from: `<state>/sources/<name>`.
    public func folder(of name: String) -> String { sourcesDirectory + "/" + name }

    /// Refreshes one source now and records how it went. Never throws: a failure is recorded
    /// (and returned) with the last good tree left in place.
    @discardableResult
    public func refresh(_ definition: SourceDefinition, shouldStop: @escaping @Sendable () -> Bool = { false }) -> SourceStatus {
        let started = Date()
        var state = (try? database.sourceStates()[definition.name]) ?? SourceStateRecord(name: definition.name, kind: definition.kind.rawValue)
        state.kind = definition.kind.rawValue
        state.lastAttemptAt = started
        let trees = sourcesDirectory + "/.trees"
        let tree = trees + "/\(definition.name)-\(UUID().uuidString.lowercased().prefix(12))"
        do {
            guard let fetcher = fetchers[definition.kind] else {
                throw SourceError("source \(definition.name): this cairn cannot read \(definition.kind.rawValue) sources")
            }
            do {
                try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw SourceError("source \(definition.name): cannot create \(tree) (\(error.localizedDescription)); check the state folder's permissions")
            }
            let current = folder(of: definition.name)
            let previous = (try? FileManager.default.destinationOfSymbolicLink(atPath: current)).map { $0.hasPrefix("/") ? $0 : sourcesDirectory + "/" + $0 }
            let context = SourceContext(definition: definition, folder: tree, previousFolder: previous.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil },
                                        memo: state.lastError == nil || state.lastSuccessAt != nil ? state.memo : [:], environment: environment,
                                        http: HTTPClient(maxConcurrent: 16), stateDirectory: stateDirectory, shouldStop: shouldStop)
            let result = try fetcher.fetch(context)
            let (files, entities) = Self.count(tree)
            try swap(current, to: tree, replacing: previous)
            state.lastSuccessAt = Date()
            state.lastError = nil
            state.entityCount = entities
            state.fileCount = files
            state.memo = result.memo
            state.notices = result.notices
        } catch {
            try? FileManager.default.removeItem(atPath: tree)
            state.lastError = Self.oneLine((error as? SourceError)?.message ?? "source \(definition.name): \(error)")
        }
        state.seconds = Date().timeIntervalSince(started)
        try? database.saveSourceState(state)
        return SourceStatus(definition: definition, state: state)
    }

    /// Points `link` at `tree` atomically (a new symlink renamed over the old one), then
    /// removes the tree it pointed at before.
    private func swap(_ link: String, to tree: String, replacing previous: String?) throws(SourceError) {
        let incoming = link + ".incoming-\(getpid())"
        unlink(incoming)
        let relative = ".trees/" + (tree as NSString).lastPathComponent
        guard symlink(relative, incoming) == 0 else {
            throw SourceError("cannot link \(incoming): \(String(cString: strerror(errno)))")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: link), attributes[.type] as? FileAttributeType == .typeDirectory,
           (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil {
            // A real folder in the way (made by hand): moved aside, never deleted.
            try? FileManager.default.moveItem(atPath: link, toPath: link + ".moved-\(Int(Date().timeIntervalSince1970))")
        }
        guard rename(incoming, link) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(incoming)
            throw SourceError("cannot replace \(link): \(reason)")
        }
        if let previous, previous != tree { try? FileManager.default.removeItem(atPath: previous) }
    }

    /// Catalog files and entities in a tree (what `cairn sources` reports).
    static func count(_ tree: String) -> (files: Int, entities: Int) {
        var files = 0
        var entities = 0
        let enumerator = FileManager.default.enumerator(atPath: tree)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            let path = tree + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            files += 1
            entities += FileParser.parse([UInt8](data), file: SourceFile(path: path, size: Int64(data.count), modified: 0)).entities.count
        }
        return (files, entities)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
