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
        #expect(screen.contains("Error       source old-backstage: "), "the whole error under the list")
        // R asks the worker again; the footer reports how it went.
        try session.press("R")
        try session.waitFor("old-backstage failed: ")
        try session.press("Escape")
        let catalog = try session.waitFor("Catalog (73)", "account-web")
        #expect(catalog.contains("sources: 1 failed (S)"), "the status line keeps saying so")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }
}
