import Foundation

/// The kinds of source cairn can keep the catalog current from.
public enum SourceKind: String, Sendable, CaseIterable, Codable {
    /// A git repository (file://, ssh, https) fetched shallowly at a ref: every
    /// catalog-info.yaml in it (or under `path`).
    case git
    /// An organisation's repositories listed through GitHub's REST API, each one's catalog file.
    case github
    /// A group's projects listed through GitLab's REST API, each one's catalog file.
    case gitlab
    /// The entities of an existing Backstage (`GET /api/catalog/entities`).
    case backstage
}

/// One configured source (`sources:` in the config file, or `--catalog git+URL#REF`). Its
/// entities are materialised as catalog files under `<state>/sources/<name>/`, so the catalog,
/// its cache and every interface read them like any other location.
public struct SourceDefinition: Sendable, Equatable {
    /// Unique, `[a-z0-9-]`: the folder name and how the UI names the source.
    public var name: String
    public var kind: SourceKind
    /// Kind-specific settings, as written: `url`, `ref`, `path` (git); `organization`/`group`,
    /// `apiUrl`, `tokenEnv`, `catalogPath` (github, gitlab); `url`, `tokenEnv`, `filter`
    /// (backstage).
    public var settings: [String: String]
    /// How often the background worker refreshes it.
    public var interval: TimeInterval
    /// Where it was declared (`cairn.yaml:12`, `--catalog`), for messages.
    public var declaredAt: String

    public init(name: String, kind: SourceKind, settings: [String: String], interval: TimeInterval = 300, declaredAt: String = "") {
        self.name = name
        self.kind = kind
        self.settings = settings
        self.interval = interval
        self.declaredAt = declaredAt
    }

    public subscript(setting: String) -> String? { settings[setting] }
}
