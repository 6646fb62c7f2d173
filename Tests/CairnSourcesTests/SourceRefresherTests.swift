import CairnCatalog
import CairnSources
import CairnStore
import Foundation
import Synchronization
import Testing

/// The refresher around any fetcher: the new tree replaces the last good one only on success,
/// a failure keeps the last good entities (stale), and the memo travels between refreshes.
@Suite struct SourceRefresherTests {
    /// Writes the files it is told to, or fails; records the memo and previous folder it got.
    final class ScriptedFetcher: SourceFetcher, Sendable {
        struct Step: Sendable { var files: [String: String]; var failure: String?; var memo: [String: String] }
        let steps: Mutex<[Step]>
        let seen = Mutex<[(memo: [String: String], previous: String?)]>([])
        init(_ steps: [Step]) { self.steps = Mutex(steps) }

        func fetch(_ context: SourceContext) throws(SourceError) -> SourceFetchResult {
            seen.withLock { $0.append((context.memo, context.previousFolder)) }
            let step = steps.withLock { $0.removeFirst() }
            for (name, text) in step.files {
                try? FileManager.default.createDirectory(atPath: (context.folder + "/" + name as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: context.folder + "/" + name, contents: Data(text.utf8))
            }
            if let failure = step.failure { throw SourceError(failure) }
            return SourceFetchResult(memo: step.memo)
        }
    }

    static func component(_ name: String) -> String {
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: \(name)}\nspec: {type: service, lifecycle: production, owner: team-a}\n"
    }

    @Test func aFailureKeepsTheLastGoodTreeAndMarksItStale() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-sources-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let database = try CairnDatabase.open(path: state + "/cairn.db")
        let fetcher = ScriptedFetcher([
            .init(files: ["a/catalog-info.yaml": Self.component("one"), "b/catalog-info.yaml": Self.component("two")], failure: nil, memo: ["etag": "1"]),
            .init(files: ["a/catalog-info.yaml": Self.component("half-written")], failure: "source platform: HTTP 502 from https://example", memo: [:]),
            .init(files: ["a/catalog-info.yaml": Self.component("three")], failure: nil, memo: ["etag": "3"]),
        ])
        let refresher = SourceRefresher(stateDirectory: state, database: database, fetchers: [.git: fetcher])
        let source = SourceDefinition(name: "platform", kind: .git, settings: ["url": "file:///x"])
        let folder = refresher.folder(of: "platform")

        let first = refresher.refresh(source)
        #expect(first.state?.lastError == nil && first.state?.entityCount == 2 && first.state?.fileCount == 2)
        #expect(FileManager.default.fileExists(atPath: folder + "/b/catalog-info.yaml"))

        let second = refresher.refresh(source)
        #expect(second.isStale)
        #expect(second.state?.lastError == "source platform: HTTP 502 from https://example")
        #expect(second.state?.entityCount == 2, "the last good count stays")
        #expect(try String(contentsOfFile: folder + "/a/catalog-info.yaml", encoding: .utf8).contains("name: one"), "the half-written tree never replaced the good one")

        let third = refresher.refresh(source)
        #expect(!third.isStale && third.state?.entityCount == 1)
        #expect(!FileManager.default.fileExists(atPath: folder + "/b/catalog-info.yaml"))
        let seen = fetcher.seen.withLock { $0 }
        #expect(seen.map(\.memo) == [[:], ["etag": "1"], ["etag": "1"]], "the memo of the last success travels")
        #expect(seen[1].previous != nil && seen[0].previous == nil)
        // Only the current tree is kept.
        #expect(try FileManager.default.contentsOfDirectory(atPath: state + "/sources/.trees").count == 1)
        #expect(try database.sourceStates()["platform"]?.memo == ["etag": "3"])
    }

    @Test func anUnknownKindIsRecordedNotThrown() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-sources-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let refresher = SourceRefresher(stateDirectory: state, database: try CairnDatabase.open(path: state + "/cairn.db"), fetchers: [:])
        let status = refresher.refresh(SourceDefinition(name: "bs", kind: .backstage, settings: ["url": "http://127.0.0.1:1"]))
        #expect(status.state?.lastError == "source bs: this cairn cannot read backstage sources")
        #expect(status.isEmpty && !status.isStale)
    }
}
