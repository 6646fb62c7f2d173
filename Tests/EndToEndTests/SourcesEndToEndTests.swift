import Foundation
import LoopbackFixtures
import Testing

/// Sources through the real binary and a real git repository: entities from a git source,
/// a refresh that picks up a new commit, an unreachable repository keeping the last good
/// entities (stale, exit 1), and precedence against the local catalog.
@Suite("sources end to end")
struct SourcesEndToEndTests {
    static func component(_ name: String, owner: String) -> String {
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: \(name)}\nspec: {type: service, lifecycle: production, owner: \(owner)}\n"
    }

    /// Runs git in `directory`; the test fails loudly if it does.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "user.name=cairn-test", "-c", "user.email=test@cairn.invalid", "-c", "init.defaultBranch=main"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "git \(arguments): \(String(decoding: data, as: UTF8.self))"]) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("a git source: listed, refreshed after a push, stale when unreachable, and the local catalog takes precedence")
    func gitSource() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let work = cairn.state + "/work"
        let origin = cairn.state + "/origin.git"
        try FileManager.default.createDirectory(atPath: work + "/payments", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/ledger", withIntermediateDirectories: true)
        try "not a catalog file name: ignored".write(toFile: work + "/notes.yaml", atomically: true, encoding: .utf8)
        try Self.component("payments-api", owner: "payments-team").write(toFile: work + "/payments/catalog-info.yaml", atomically: true, encoding: .utf8)
        try Self.component("ledger", owner: "from-git").write(toFile: work + "/ledger/catalog-info.yaml", atomically: true, encoding: .utf8)
        try Self.git(["init", "-q", "."], in: work)
        try Self.git(["add", "."], in: work)
        try Self.git(["commit", "-qm", "first"], in: work)
        try Self.git(["clone", "-q", "--bare", work, origin], in: cairn.state)
        // The local catalog defines ledger too: it comes first.
        let local = cairn.state + "/local"
        try FileManager.default.createDirectory(atPath: local, withIntermediateDirectories: true)
        try Self.component("ledger", owner: "local-team").write(toFile: local + "/ledger.yaml", atomically: true, encoding: .utf8)
        let arguments = ["--catalog", local, "--catalog", "git+file://\(origin)#main"]

        let list = try cairn.run(["list", "--json"] + arguments)
        #expect(list.status == 0, "\(list.errors)")
        #expect(list.output.contains("\"payments-api\""))
        let ledger = try cairn.run(["show", "ledger", "--json"] + arguments)
        #expect(ledger.output.contains("group:default/local-team"), "the local catalog supplies ledger: \(ledger.output)")
        let validate = try cairn.run(["validate"] + arguments)
        #expect(validate.output.contains("notice: component:default/ledger: also defined at \(local)/ledger.yaml:1:1"), "\(validate.output)")
        #expect(validate.output.contains("/sources/git-origin/ledger/catalog-info.yaml"))
        #expect(!validate.output.contains("defined twice"))

        // notes.yaml is not a catalog file name: only the two catalog-info.yaml files count.
        let sources = try cairn.run(["sources", "--json"] + arguments)
        #expect(sources.status == 0, "\(sources.errors)")
        #expect(sources.output.contains("\"entityCount\" : 2") || sources.output.contains("\"entityCount\": 2"), "\(sources.output)")

        // A push adds an entity; a refresh brings it in.
        try FileManager.default.createDirectory(atPath: work + "/billing", withIntermediateDirectories: true)
        try Self.component("billing", owner: "payments-team").write(toFile: work + "/billing/catalog-info.yaml", atomically: true, encoding: .utf8)
        try Self.git(["add", "."], in: work)
        try Self.git(["commit", "-qm", "billing"], in: work)
        try Self.git(["push", "-q", origin, "main"], in: work)
        let refreshed = try cairn.run(["sources", "refresh"] + arguments)
        #expect(refreshed.status == 0, "\(refreshed.output)\(refreshed.errors)")
        #expect(try cairn.run(["show", "billing"] + arguments).status == 0)

        // The repository goes away: the refresh fails (exit 1), the last good entities stay.
        try FileManager.default.moveItem(atPath: origin, toPath: origin + ".gone")
        let failed = try cairn.run(["sources", "refresh", "--json"] + arguments)
        #expect(failed.status == 1)
        #expect(failed.output.contains("\"stale\" : true") || failed.output.contains("\"stale\": true"), "\(failed.output)")
        #expect(failed.output.contains("does not appear to be a git repository"))
        let still = try cairn.run(["show", "billing"] + arguments)
        #expect(still.status == 0, "stale entities are kept")
        #expect(still.errors.contains("its 3 entities are from"), "\(still.errors)")
    }

    @Test("a Backstage source: its entities through the catalog API (bearer token from the named variable); a refused token fails the source without printing it")
    func backstageSource() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "300", "--token", "bs-secret"])
        defer { server.stop() }
        let cairn = CairnProcess()
        defer { cairn.remove() }
        try FileManager.default.createDirectory(atPath: cairn.state + "/config/cairn", withIntermediateDirectories: true)
        try """
            sources:
              - name: backstage
                type: backstage
                url: \(server.url(""))
                tokenEnv: BACKSTAGE_TOKEN
            """.write(toFile: cairn.state + "/config/cairn/config.yaml", atomically: true, encoding: .utf8)
        let list = try cairn.run(["list", "--json"], environment: ["BACKSTAGE_TOKEN": "bs-secret"])
        #expect(list.status == 0, "\(list.errors)")
        let entities = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])
        #expect(entities.count == 300, "every entity imported")
        let sources = try cairn.run(["sources", "--json"], environment: ["BACKSTAGE_TOKEN": "bs-secret"])
        #expect(sources.status == 0)
        #expect(sources.output.contains("\"entityCount\" : 300") || sources.output.contains("\"entityCount\": 300"), "\(sources.output)")
        let refused = try cairn.run(["sources", "refresh", "--json"], environment: ["BACKSTAGE_TOKEN": "not-it"])
        #expect(refused.status == 1)
        #expect(!refused.output.contains("not-it") && !refused.errors.contains("not-it"), "the token is never printed")
        #expect(refused.output.contains("BACKSTAGE_TOKEN"), "\(refused.output)")
        // The last good entities stay.
        let still = try cairn.run(["list", "--json"], environment: ["BACKSTAGE_TOKEN": "not-it"])
        #expect(((try? JSONSerialization.jsonObject(with: Data(still.output.utf8))) as? [Any])?.count == 300)
    }

    @Test("a GitHub organisation discovered through the REST API: every repository's catalog file, unchanged ones answered 304 on the next refresh, the local catalog first")
    func githubSource() throws {
        let server = try FixtureServer("hosted-apis/github.py", ["--repos", "40", "--without-catalog-every", "10", "--token", "gh-secret", "--max-per-page", "15"])
        defer { server.stop() }
        let cairn = CairnProcess()
        defer { cairn.remove() }
        try FileManager.default.createDirectory(atPath: cairn.state + "/config/cairn", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cairn.state + "/local", withIntermediateDirectories: true)
        try Self.component("service-000", owner: "local-team").write(toFile: cairn.state + "/local/service.yaml", atomically: true, encoding: .utf8)
        try """
            catalog: \(cairn.state)/local
            sources:
              - name: acme
                type: github
                organization: acme
                apiUrl: \(server.url(""))
                tokenEnv: GH_TOKEN
            """.write(toFile: cairn.state + "/config/cairn/config.yaml", atomically: true, encoding: .utf8)
        let environment = ["GH_TOKEN": "gh-secret"]
        let sources = try cairn.run(["sources", "--json"], environment: environment)
        #expect(sources.status == 0, "\(sources.output)\(sources.errors)")
        // 40 repositories over three pages: one archived, three without a catalog file.
        #expect(sources.output.contains("\"entityCount\" : 36") || sources.output.contains("\"entityCount\": 36"), "\(sources.output)")
        let show = try cairn.run(["show", "service-000", "--json"], environment: environment)
        #expect(show.output.contains("group:default/local-team"), "the local catalog comes first")
        #expect(try cairn.run(["show", "service-012"], environment: environment).status == 0)

        let again = try cairn.run(["sources", "refresh", "--json"], environment: environment)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("36 unchanged") || again.output.contains("(36 unchanged)"), "every file answered 304: \(again.output)")
    }
}
