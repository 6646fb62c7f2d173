import Foundation
import Testing

/// Sources in the portal, as a user meets them: declared in the config file, refreshed by the
/// portal's background worker, shown on the Sources screen (`S`), and never emptying the
/// catalog when they fail.
@Suite("cairn portal sources end to end", .serialized)
struct SourcesTUITests {
    let samples = CairnProcess.repository + "/catalog-samples"

    /// A session whose config file declares `sources` (YAML list items), not yet started.
    func session(sources: String) throws -> TmuxSession {
        let session = try TmuxSession()
        try FileManager.default.createDirectory(atPath: session.state + "/config/cairn", withIntermediateDirectories: true)
        try "sources:\n\(sources)".write(toFile: session.state + "/config/cairn/config.yaml", atomically: true, encoding: .utf8)
        return session
    }

    @Test("a source that cannot be reached shows as failed with its error on the Sources screen, and the local catalog stays whole",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func failingSource() throws {
        let session = try session(sources: """
              - name: old-backstage
                type: backstage
                url: http://127.0.0.1:1

            """)
        defer { session.close() }
        try session.start(width: 100, height: 30, command: [CairnProcess.binary, "--catalog", samples], environment: session.environment())
        try session.waitFor("Catalog (73)", "account-web", "sources: 1 failed (S)")
        try session.press("S")
        let screen = try session.waitFor("Sources (1, 1 failed)", "old-backstage  backstage", "✖ failed: ")
        #expect(screen.contains("Reads       http://127.0.0.1:1"))
        #expect(screen.contains("Entities    none yet"))
        #expect(screen.contains("Error       ") && screen.contains("source old-backstage: GET"), "the whole error under the list")
        // R asks the worker again; the footer reports how it went.
        try session.press("R")
        try session.waitFor("old-backstage failed: ")
        try session.press("Escape")
        let catalog = try session.waitFor("Catalog (73)", "account-web")
        #expect(catalog.contains("sources: 1 failed (S)"), "the status line keeps saying so")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }

    /// Runs git (from PATH) with a fixed identity; throws with its output when it fails.
    @discardableResult
    func git(_ arguments: [String], in directory: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "-c", "init.defaultBranch=main"]
            + (directory.map { ["-C", $0] } ?? []) + arguments
        var environment = ProcessInfo.processInfo.environment
        for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment.removeValue(forKey: name) }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw TmuxSession.Failure(description: "git \(arguments.joined(separator: " ")) failed: \(text)") }
        return text
    }

    /// A Component owned by a team of the samples, as a catalog file.
    func component(_ name: String) -> String {
        """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: \(name)
          description: Kept in the platform repository.
        spec:
          type: service
          lifecycle: production
          owner: platform-team

        """
    }

    static let isGitInstalled = ["/usr/bin/git", "/usr/local/bin/git", "/bin/git"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("a git source: its component is listed and the detail says which source supplied it; a pushed entity appears after R without a restart; the repository moved away, R marks the source stale with the error and its entities stay",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"), .enabled(if: Self.isGitInstalled, "git is not installed"))
    func gitSource() throws {
        let remoteFolder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-e2e-git-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: remoteFolder) }
        let bare = remoteFolder + "/platform.git"
        let work = remoteFolder + "/work"
        try git(["init", "-q", "--bare", bare])
        try git(["init", "-q", work])
        try component("git-sourced-service").write(toFile: work + "/catalog-info.yaml", atomically: true, encoding: .utf8)
        try git(["add", "."], in: work)
        try git(["commit", "-q", "-m", "first"], in: work)
        try git(["push", "-q", bare, "HEAD:refs/heads/main"], in: work)

        let session = try session(sources: """
              - name: platform
                type: git
                url: file://\(bare)
                ref: main

            """)
        defer { session.close() }
        try session.start(width: 120, height: 40, command: [CairnProcess.binary, "--catalog", samples], environment: session.environment())
        // The first start fetches a source never fetched before the catalog is read.
        try session.waitFor("Catalog (74)", timeout: 30)
        try session.press("/")
        try session.type("git-sourced")
        try session.press("Enter")
        try session.waitFor("(1 of 74)")
        try session.press("Enter")
        let detail = try session.waitFor("component:default/git-sourced-service", "Source      platform (git) · ")
        #expect(detail.contains("File        catalog-info.yaml:1:1"))
        #expect(!detail.contains("stale"))

        // A new entity pushed: R on the Sources screen brings it in, the portal still running.
        try FileManager.default.createDirectory(atPath: work + "/billing", withIntermediateDirectories: true)
        try component("pushed-later-service").write(toFile: work + "/billing/catalog-info.yaml", atomically: true, encoding: .utf8)
        try git(["add", "."], in: work)
        try git(["commit", "-q", "-m", "second"], in: work)
        try git(["push", "-q", bare, "HEAD:refs/heads/main"], in: work)
        try session.press("S")
        try session.waitFor("Sources (1)", "platform  git               1", "✓ ok")
        try session.press("R")
        try session.waitFor("platform refreshed: 2 entities", "platform  git               2", timeout: 30)
        try session.press("Escape")
        try session.press("Escape") // out of the detail
        try session.press("Escape") // the filter cleared
        try session.waitFor("Catalog (75)")
        try session.press("/")
        try session.type("pushed-later")
        try session.press("Enter")
        try session.waitFor("(1 of 75)", "pushed-later-service")

        // The repository gone: R fails, the source is stale with the error, its entities stay.
        try FileManager.default.moveItem(atPath: bare, toPath: remoteFolder + "/moved.git")
        try session.press("S")
        try session.waitFor("Sources (1)")
        try session.press("R")
        let stale = try session.waitFor("platform failed, its last good entities stay: ", "⚠ stale ", timeout: 30)
        #expect(stale.contains("Sources (1, 1 stale)"))
        #expect(stale.contains("Error       "), "the whole error under the list")
        #expect(stale.contains("sources: 1 stale (S)"))
        try session.press("Escape")
        let kept = try session.waitFor("Catalog (1 of 75)", "pushed-later-service")
        #expect(kept.contains("sources: 1 stale (S)"))
        try session.press("Enter")
        let staleDetail = try session.waitFor("Source      platform (git) · ", "⚠ stale ")
        #expect(staleDetail.contains("component:default/pushed-later-service"))
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }
}
