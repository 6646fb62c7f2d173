import CairnHTTP
import Foundation

/// What a fetcher is given for one refresh.
public struct SourceContext: Sendable {
    public var definition: SourceDefinition
    /// An empty folder to fill with the source's catalog files (YAML; JSON documents are YAML
    /// too). It replaces the last good tree only when the fetch succeeds.
    public var folder: String
    /// The last good tree (read it, never write it): a fetcher that learns a file is unchanged
    /// (an HTTP 304, the same commit) copies it from here instead of downloading it again.
    public var previousFolder: String?
    /// What the last successful refresh remembered (ETags, a commit, a cursor); empty at first.
    public var memo: [String: String]
    /// Where tokens come from: `settings["tokenEnv"]` names the variable.
    public var environment: [String: String]
    /// The one HTTP client (libcurl multi): bounded concurrency, timeouts, size caps.
    public var http: HTTPClient
    /// cairn's state folder (git checkouts and other working files may live under
    /// `<state>/sources/.work/<name>`).
    public var stateDirectory: String
    /// Checked between requests: true when cairn is quitting.
    public var shouldStop: @Sendable () -> Bool

    public init(definition: SourceDefinition, folder: String, previousFolder: String?, memo: [String: String], environment: [String: String],
                http: HTTPClient, stateDirectory: String, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.definition = definition
        self.folder = folder
        self.previousFolder = previousFolder
        self.memo = memo
        self.environment = environment
        self.http = http
        self.stateDirectory = stateDirectory
        self.shouldStop = shouldStop
    }
}

/// How a refresh went, besides the files it wrote.
public struct SourceFetchResult: Sendable, Equatable {
    /// What to hand back as `memo` next time.
    public var memo: [String: String]
    /// Things worth saying that are not failures (a repository without a catalog file, rate
    /// limit waits).
    public var notices: [String]
    /// HTTP requests made, and how many were answered 304 Not Modified.
    public var requests: Int
    public var notModified: Int

    public init(memo: [String: String] = [:], notices: [String] = [], requests: Int = 0, notModified: Int = 0) {
        self.memo = memo
        self.notices = notices
        self.requests = requests
        self.notModified = notModified
    }
}

/// A failed refresh: one line naming the source and what to do. The last good entities stay.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Turns a source into catalog files. One per kind; stateless (state lives in the memo).
public protocol SourceFetcher: Sendable {
    func fetch(_ context: SourceContext) throws(SourceError) -> SourceFetchResult
}
