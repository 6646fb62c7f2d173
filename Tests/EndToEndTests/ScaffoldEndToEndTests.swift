import Foundation
import Testing

/// Templates end to end: the built binary scaffolds the sample golden paths into real bare git
/// repositories, and the new component is in the catalog at once — from the CLI and from the
/// portal's wizard driven with keys alone.
@Suite("cairn scaffold end to end", .serialized)
struct ScaffoldEndToEndTests {
    let samples = CairnProcess.repository + "/catalog-samples"

    /// A bare repository to push to, in `folder`.
    func bareRepository(_ folder: String, _ name: String) throws -> String {
        let path = folder + "/\(name).git"
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "--quiet", "--bare", path]
        try git.run()
        git.waitUntilExit()
        #expect(git.terminationStatus == 0)
        return path
    }

    func git(_ arguments: [String]) throws -> String {
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git"] + arguments
        let output = Pipe()
        git.standardOutput = output
        git.standardError = FileHandle.nullDevice
        try git.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("templates lists the golden paths; scaffold pushes, registers, and list shows the new component; its catalog file validates")
    func scaffoldFromTheCLI() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let templates = try cairn.run(["templates", "--catalog", samples, "--json"])
        #expect(templates.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(templates.output.utf8)) as? [[String: Any]])
        let refs = list.compactMap { $0["entityRef"] as? String }
        for name in ["nodejs-api-template", "react-frontend-template", "python-worker-template"] {
            #expect(refs.contains("template:default/\(name)"), "\(refs)")
        }

        let remote = try bareRepository(cairn.state, "gift-api")
        let run = try cairn.run(["scaffold", "nodejs-api-template", "--catalog", samples, "--set", "name=gift-api",
                                 "--set", "owner=group:checkout-team", "--set", "repoUrl=\(remote)", "--json"])
        #expect(run.status == 0, "\(run.errors)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(result["entityRef"] as? String == "component:default/gift-api")
        let commit = try #require(result["commitHash"] as? String)
        #expect(try git(["--git-dir", remote, "rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines) == commit)
        let pushed = try git(["--git-dir", remote, "ls-tree", "-r", "--name-only", "main"]).split(separator: "\n")
        for file in ["Dockerfile", "catalog-info.yaml", "README.md", ".cairn/answers.yaml"] { #expect(pushed.contains(Substring(file)), "\(pushed)") }
        let location = try #require(result["registeredLocation"] as? String)

        // The new component is in the catalog at once, and its file is valid.
        let listed = try cairn.run(["list", "--catalog", samples, "--query", "gift-api", "--json"])
        #expect(listed.output.contains("\"name\": \"gift-api\""), "\(listed.output)")
        let validate = try cairn.run(["validate", "--catalog", location])
        #expect(validate.status == 0, "\(validate.output)\(validate.errors)")
        let show = try cairn.run(["show", "component:gift-api", "--catalog", samples])
        #expect(show.output.contains("experimental"))
        #expect(show.output.contains("cairn.dev/health-url"))
        // Registered through the source mechanism: a git source kept current like configured ones.
        #expect(show.output.contains("/sources/scaffold-"), "the entity comes from the registered git source: \(show.output)")
        let sources = try cairn.run(["sources", "--json", "--catalog", samples])
        #expect(sources.status == 0, "\(sources.output)\(sources.errors)")
        #expect(sources.output.contains("registered by template:default/"), "\(sources.output)")
    }

    @Test("bad values exit 2 with every violation on its own line; a dry run writes and pushes nothing")
    func violationsAndDryRun() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let remote = try bareRepository(cairn.state, "nothing")
        let bad = try cairn.run(["scaffold", "nodejs-api-template", "--catalog", samples, "--set", "name=Bad Name", "--set", "port=80"])
        #expect(bad.status == 2)
        let lines = bad.errors.split(separator: "\n")
        #expect(lines.contains { $0.contains("name") && $0.contains("must match") }, "\(bad.errors)")
        #expect(lines.contains { $0.contains("owner") && $0.contains("required") }, "\(bad.errors)")
        #expect(lines.contains { $0.contains("repoUrl") && $0.contains("required") }, "\(bad.errors)")
        #expect(lines.contains { $0.contains("port") }, "\(bad.errors)")
        let unknown = try cairn.run(["scaffold", "no-such-template", "--catalog", samples])
        #expect(unknown.status == 3)

        let dry = try cairn.run(["scaffold", "python-worker-template", "--catalog", samples, "--set", "name=queue-worker",
                                 "--set", "owner=group:logistics-team", "--set", "repoUrl=\(remote)", "--dry-run"])
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output.contains("Files (dry run, nothing written):"))
        #expect(dry.output.contains("catalog-info.yaml:"))
        #expect(dry.output.contains("name: queue-worker"))
        #expect(try git(["--git-dir", remote, "rev-parse", "--verify", "--quiet", "main"]).isEmpty, "nothing was pushed")
        let listed = try cairn.run(["list", "--catalog", samples, "--query", "queue-worker"])
        #expect(!listed.output.contains("queue-worker"), "nothing was registered")
    }

    @Test("the wizard, with keys alone: pick Node.js API, fill both pages, review the dry run, run it, see the new component in the list",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func wizard() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-wizard-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let remote = try bareRepository(folder, "wizard-api")
        let session = try TmuxSession.portal(width: 100, height: 32, arguments: ["--catalog", samples])
        defer { session.close() }
        try session.waitFor("Catalog (", "account-web") // the catalog is read, templates included
        try session.press("n")
        try session.waitFor("New project", "Node.js API")
        try session.press("j")
        try session.press("Enter")
        try session.waitFor("page 1 of 2")
        try session.type("Wizard Api")
        try session.press("Tab")
        try session.waitFor("must match")
        try session.press("BTab")
        for _ in 0..<10 { try session.press("BSpace") }
        try session.type("wizard-api")
        try session.press("Tab")
        try session.type("Made by the end-to-end test")
        try session.press("Tab")
        try session.type("checkout")
        try session.waitFor("group:checkout-team")
        try session.press("Down")
        try session.press("Tab")
        try session.press("Tab")
        try session.type(remote)
        try session.press("Enter")
        try session.waitFor("page 2 of 2")
        try session.press("Enter")
        let review = try session.waitFor("review", "Files (dry run")
        #expect(review.contains("wizard-api"))
        #expect(review.contains("group:checkout-team"))
        try session.press("Enter")
        let done = try session.waitFor("Created component:wizard-api", timeout: 30)
        #expect(done.contains("pushed"))
        try session.press("Escape")
        try session.press("/")
        try session.type("wizard-api")
        try session.press("Enter")
        let list = try session.waitUntil("the new component in the list") { screen in
            screen.contains("wizard-api") && screen.contains("Component") && screen.contains("(1 of")
        }
        #expect(list.contains("checkout-team"))
        #expect(try git(["--git-dir", remote, "ls-tree", "-r", "--name-only", "main"]).contains("catalog-info.yaml"))
    }
}
