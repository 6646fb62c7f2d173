import CairnCatalog
import Foundation

/// A configured source as the Sources screen, the status line and the detail pane show it:
/// plain values the background worker reads from the store, so the screens are tested without
/// a database or a fetcher.
public struct SourceSummary: Sendable, Equatable {
    /// How the source's last refreshes went, most telling first.
    public enum Health: Sendable, Equatable {
        /// The last refresh succeeded.
        case ok
        /// The last refresh failed; the entities on hand are those of an earlier success.
        case stale
        /// No refresh ever succeeded and the last one failed: the source supplies nothing.
        case failed
        /// Never refreshed yet.
        case notFetched
    }

    /// What the background worker is doing with it.
    public enum Activity: Sendable, Equatable {
        case idle
        /// Asked for (`r`, `R`), waiting for the refresh before it to end.
        case queued
        case refreshing
    }

    /// Unique: the folder name and how the UI names the source.
    public var name: String
    /// `git`, `github`, `gitlab`, `backstage`.
    public var kind: String
    /// What it reads (a URL, an organisation, a group), credentials left out.
    public var location: String
    /// Where it was declared (`config.yaml:12`).
    public var declaredAt: String
    /// How often the background worker refreshes it, in seconds.
    public var interval: TimeInterval
    /// The folder its catalog files are read from (`<state>/sources/<name>`), as the portal
    /// names it: an entity read from a file under it was supplied by this source.
    public var folder: String
    /// False before its first refresh.
    public var isFetched: Bool
    public var lastSuccessAt: Date?
    public var lastAttemptAt: Date?
    /// The last refresh's error; nil when it succeeded.
    public var lastError: String?
    /// Entities and files of the last good tree.
    public var entityCount: Int
    public var fileCount: Int
    /// Things worth saying that are not failures (a repository without a catalog file).
    public var notices: [String]
    /// How long the last refresh took.
    public var seconds: Double?
    public var activity: Activity

    public init(name: String, kind: String, location: String = "", declaredAt: String = "", interval: TimeInterval = 300, folder: String,
                isFetched: Bool = false, lastSuccessAt: Date? = nil, lastAttemptAt: Date? = nil, lastError: String? = nil,
                entityCount: Int = 0, fileCount: Int = 0, notices: [String] = [], seconds: Double? = nil, activity: Activity = .idle) {
        self.name = name
        self.kind = kind
        self.location = location
        self.declaredAt = declaredAt
        self.interval = interval
        self.folder = folder
        self.isFetched = isFetched
        self.lastSuccessAt = lastSuccessAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.entityCount = entityCount
        self.fileCount = fileCount
        self.notices = notices
        self.seconds = seconds
        self.activity = activity
    }

    public var health: Health {
        guard isFetched else { return .notFetched }
        guard lastError != nil else { return .ok }
        return lastSuccessAt == nil ? .failed : .stale
    }

    /// How old the entities on hand are at `now` (nil when none ever came).
    public func age(at now: Date) -> TimeInterval? {
        lastSuccessAt.map { max(0, now.timeIntervalSince($0)) }
    }

    /// True when `file` (an entity's source file, as the catalog read it) is one of this
    /// source's: the one place the UI decides which source supplied an entity.
    public func supplies(file: String) -> Bool {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return file.hasPrefix(prefix)
    }
}

extension AppState {
    /// The source that supplied `entity` (nil for the local catalog).
    public func source(of entity: Entity) -> SourceSummary? {
        sources.sources.first { $0.supplies(file: entity.source.file) }
    }
}
