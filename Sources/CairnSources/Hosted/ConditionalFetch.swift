import CairnHTTP
import Foundation

/// Fetches each repository's catalog file so that an unchanged one costs nothing: the ETag the
/// last good refresh saw (memo `etag:<repository>`) goes out as If-None-Match when the last
/// good tree still holds the file, and a 304 copies that file instead of downloading it.
/// A 404 means the repository has no catalog file (counted, not an error); any other failure
/// fails the refresh, since writing the rest would drop that repository's entities.
struct ConditionalFetch {
    /// How it went; `memo` holds the ETag of every file in the new folder.
    struct Outcome {
        var memo: [String: String] = [:]
        var downloaded = 0
        var notModified = 0
        var withoutFile = 0
    }

    static func memoKey(_ repository: String) -> String { "etag:" + repository }

    /// Catalog files bigger than this are refused: a catalog-info.yaml is a few kilobytes.
    static let maxFileBytes = 1 << 20

    let context: SourceContext
    let session: HostedAPISession
    /// Headers for file requests besides the session's (GitHub's raw media type).
    var headers: [String] = []

    /// Fetches every target into `context.folder`, a few batches of `concurrency` at a time
    /// (so quitting and the rate limit are checked often, while libcurl stays busy).
    func run(_ targets: [CatalogFileTarget]) throws(SourceError) -> Outcome {
        var outcome = Outcome()
        let chunkSize = session.settings.concurrency * 4
        var start = 0
        while start < targets.count {
            let chunk = Array(targets[start..<min(targets.count, start + chunkSize)])
            let requests = chunk.map { target in
                session.request(target.url, extraHeaders: headers + conditionHeaders(target), timeoutMilliseconds: 20_000,
                                maxBodyBytes: Self.maxFileBytes + 1)
            }
            let responses = try session.send(requests)
            for (target, response) in zip(chunk, responses) {
                try store(response, for: target, into: &outcome)
            }
            start += chunk.count
        }
        return outcome
    }

    private func conditionHeaders(_ target: CatalogFileTarget) -> [String] {
        guard let etag = context.memo[Self.memoKey(target.repository)], !etag.contains(where: \.isNewline),
              let previous = context.previousFolder, CatalogTree(root: previous).contains(target.relativePath) else { return [] }
        return ["If-None-Match: \(etag)"]
    }

    private func store(_ response: HTTPResponse, for target: CatalogFileTarget, into outcome: inout Outcome) throws(SourceError) {
        let subject = "the catalog file of \(target.repository)"
        switch (response.failure, response.status) {
        case (nil, 200):
            guard !response.isTruncated, response.body.count <= Self.maxFileBytes else {
                throw session.error("\(subject) is larger than \(Self.maxFileBytes >> 20) MiB; cairn reads catalog files up to that size")
            }
            try write(response.body, for: target, subject: subject)
            if let etag = response.header("ETag") { outcome.memo[Self.memoKey(target.repository)] = etag }
            outcome.downloaded += 1
        case (nil, 304):
            guard let previous = context.previousFolder.map(CatalogTree.init(root:)), let bytes = previous.read(target.relativePath) else {
                throw session.error("\(session.apiName) said \(subject) is unchanged, but the last good copy is gone; the next refresh downloads it again")
            }
            try write(bytes, for: target, subject: subject)
            outcome.memo[Self.memoKey(target.repository)] = response.header("ETag") ?? context.memo[Self.memoKey(target.repository)]
            outcome.notModified += 1
        case (nil, 404):
            outcome.withoutFile += 1
        default:
            throw session.failure(response, subject: subject)
        }
    }

    private func write(_ bytes: [UInt8], for target: CatalogFileTarget, subject: String) throws(SourceError) {
        do {
            try CatalogTree(root: context.folder).write(bytes, to: target.relativePath)
        } catch {
            throw session.error("cannot write \(subject) to \(error.path): \(error.reason)")
        }
    }
}
