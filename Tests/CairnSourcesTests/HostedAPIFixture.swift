import CairnHTTP
import CairnSources
import Foundation
import LoopbackFixtures
import Synchronization

/// A hosted-API fixture (Tests/Fixtures/hosted-apis/github.py or gitlab.py) on loopback, with
/// its request log and control endpoints.
final class HostedAPIFixture {
    let server: FixtureServer

    /// One request the fixture answered, as its `/__requests` log records it.
    struct LoggedRequest: Decodable {
        var method: String
        var path: String
        var status: Int
        var ifNoneMatch: String?
        var authorized: Bool
        var bytes: Int

        var isFileRequest: Bool { path.contains("/contents/") || path.contains("/repository/files/") }
    }

    struct Log: Decodable {
        var requests: [LoggedRequest]
        var maxInFlight: Int

        var fileRequests: [LoggedRequest] { requests.filter(\.isFileRequest) }
        var listingRequests: [LoggedRequest] { requests.filter { !$0.isFileRequest } }
    }

    init(_ script: String, _ arguments: [String] = []) throws {
        server = try FixtureServer("hosted-apis/\(script)", arguments)
    }

    func url(_ path: String) -> String { server.url(path) }

    func log() throws -> Log {
        let response = HTTPClient().perform([HTTPRequest(url: server.url("/__requests"))])[0]
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Log.self, from: Data(response.body))
    }

    /// A GET from outside the source under test (another client spending the rate limit).
    func get(_ path: String) {
        _ = HTTPClient().perform([HTTPRequest(url: server.url(path))])
    }

    /// POSTs a control endpoint: `/__reset`, `/__advance`, `/__change?repo=NAME`.
    func control(_ path: String) {
        var request = HTTPRequest(url: server.url(path))
        request.method = "POST"
        request.body = []
        _ = HTTPClient().perform([request])
    }

    /// A sleep for `RateLimitPolicy` that returns at once: it records the seconds and starts the
    /// fixture's next rate-limit window, standing for the time that would have passed.
    func instantSleep(recordingInto waits: Waits) -> @Sendable (Double) -> Void {
        let advance = server.url("/__advance")
        return { seconds in
            waits.record(seconds)
            var request = HTTPRequest(url: advance)
            request.method = "POST"
            request.body = []
            _ = HTTPClient().perform([request])
        }
    }

    func stop() { server.stop() }
}

/// Seconds a `RateLimitPolicy.sleep` was asked for, slice by slice.
final class Waits: Sendable {
    private let slices = Mutex<[Double]>([])
    func record(_ seconds: Double) { slices.withLock { $0.append(seconds) } }
    var total: Double { slices.withLock { $0.reduce(0, +) } }
    var count: Int { slices.withLock { $0.count } }
}

/// What the lead's refresher does around a fetcher, on a temporary state folder: a fresh
/// folder per refresh, swapped in as the last good tree on success with its memo kept.
final class RefreshLoop {
    let state: String
    let definition: SourceDefinition
    var environment: [String: String]
    private(set) var lastGood: String?
    private(set) var memo: [String: String] = [:]
    private var generation = 0

    init(_ definition: SourceDefinition, environment: [String: String] = [:]) throws {
        state = NSTemporaryDirectory() + "cairn-hosted-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: state + "/sources", withIntermediateDirectories: true)
        self.definition = definition
        self.environment = environment
    }

    /// One refresh; on failure the last good tree and memo stay as they were.
    @discardableResult
    func refresh(with fetcher: some SourceFetcher, shouldStop: @escaping @Sendable () -> Bool = { false }) throws(SourceError) -> SourceFetchResult {
        generation += 1
        let folder = state + "/sources/\(definition.name).\(generation)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let context = SourceContext(definition: definition, folder: folder, previousFolder: lastGood, memo: memo, environment: environment,
                                    http: HTTPClient(), stateDirectory: state, shouldStop: shouldStop)
        let result = try fetcher.fetch(context)
        lastGood = folder
        memo = result.memo
        return result
    }

    /// The last good tree's files, relative path → contents.
    func files() -> [String: String] {
        guard let lastGood, let enumerator = FileManager.default.enumerator(atPath: lastGood) else { return [:] }
        var files: [String: String] = [:]
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: lastGood + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = (try? String(contentsOfFile: lastGood + "/" + path, encoding: .utf8)) ?? ""
            }
        }
        return files
    }

    func remove() { try? FileManager.default.removeItem(atPath: state) }
}
