import CairnCatalog
@testable import CairnScaffold
import Foundation
import Testing

/// What the review of the runner found: secrets in what is shown, git pointed elsewhere by the
/// environment, relative remotes, branch names, and clones left after a failed registration.
@Suite("Scaffold runner: secrets, git's environment, remotes")
struct ScaffoldRunnerSafetyTests {
    /// A template written into the sandbox: debug:log shows a secret, then publish:git.
    static func template(in sandbox: RunnerSandbox, branch: String = "main", catalogInfoPath: String = "/catalog-info.yaml") throws -> Entity {
        let folder = sandbox.root + "/templates/secretive"
        try FileManager.default.createDirectory(atPath: folder + "/skeleton", withIntermediateDirectories: true)
        try "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: ${{ values.name }} }\nspec: { type: service, lifecycle: experimental, owner: group:t }\n"
            .write(toFile: folder + "/skeleton/catalog-info.yaml", atomically: true, encoding: .utf8)
        try """
            apiVersion: scaffolder.backstage.io/v1beta3
            kind: Template
            metadata: { name: secretive }
            spec:
              owner: group:t
              type: service
              parameters:
                properties:
                  name: { type: string }
                  token: { type: string, ui:widget: password }
                  repoUrl: { type: string }
              steps:
                - id: fetch
                  action: fetch:template
                  input: { url: ./skeleton, values: { name: '${{ parameters.name }}' } }
                - id: say
                  action: debug:log
                  input: { message: 'token is ${{ parameters.token }}, all: ${{ parameters | dump }}' }
                - id: publish
                  action: publish:git
                  input: { remoteUrl: '${{ parameters.repoUrl }}', defaultBranch: '\(branch)' }
                - id: register
                  action: catalog:register
                  input: { catalogInfoPath: '\(catalogInfoPath)' }
              output:
                text:
                  - content: 'made with ${{ parameters.token }}'
            """.write(toFile: folder + "/template.yaml", atomically: true, encoding: .utf8)
        let catalog = try CatalogLoader().load([folder + "/template.yaml"])
        return try #require(catalog.entities.first { $0.ref.kind == "template" })
    }

    @Test("secret values never appear in log lines, output text or failures")
    func secretsRedacted() throws {
        let sandbox = try RunnerSandbox()
        let remote = try sandbox.bareRepository("secretive")
        var runner = sandbox.runner(try Self.template(in: sandbox), ["name": .string("svc"), "token": .string("hunter2"), "repoUrl": .string(remote)])
        runner.secrets = ["hunter2"]
        var lines: [String] = []
        let result = try runner.run(onEvent: { if case .log(_, let line) = $0 { lines.append(line) } })
        #expect(lines.contains { $0.contains("token is ***") }, "\(lines)")
        #expect(!lines.joined().contains("hunter2"))
        #expect(result.text == ["made with ***"])
        runner.isDryRun = true
        runner.values["repoUrl"] = .string("/nonexistent/hunter2.git")
        _ = try? runner.run()
        var failing = runner
        failing.isDryRun = false
        do {
            _ = try failing.run()
            Issue.record("pushing to a missing remote succeeded")
        } catch {
            #expect(!error.description.contains("hunter2"), "\(error)")
        }
    }

    @Test("git runs with none of the variables that would point it at another repository")
    func gitEnvironment() throws {
        let listed = try GitProbe.run(["rev-parse", "--local-env-vars"]).split(separator: "\n").map(String.init)
        #expect(!listed.isEmpty)
        for name in listed { #expect(Git.repositoryVariables.contains(name), "\(name) would reach git") }
    }

    @Test("a relative local remote is relative to where cairn started; a branch git refuses stops the run; a failed registration removes its clone")
    func remotesBranchesAndClones() throws {
        #expect(ScaffoldRunner.absoluteRemote("repos/x.git") == FileManager.default.currentDirectoryPath + "/repos/x.git")
        #expect(ScaffoldRunner.absoluteRemote("git@host:o/r.git") == "git@host:o/r.git")
        #expect(ScaffoldRunner.absoluteRemote("https://h/o/r.git") == "https://h/o/r.git")
        for bad in ["-x", "a b", "a..b", "x.lock", "a~1", ""] { #expect(!ScaffoldRunner.isBranchName(bad), "\(bad)") }
        for good in ["main", "feature/x", "release-1.2"] { #expect(ScaffoldRunner.isBranchName(good), "\(good)") }

        let sandbox = try RunnerSandbox()
        let remote = try sandbox.bareRepository("branchy")
        let dashed = sandbox.runner(try Self.template(in: sandbox, branch: "-x"), ["name": .string("svc"), "repoUrl": .string(remote)])
        #expect(throws: ScaffoldFailure.self) { try dashed.run() }
        #expect(try GitProbe.run(["--git-dir", remote, "for-each-ref"]).isEmpty, "nothing was pushed")

        let sandbox2 = try RunnerSandbox()
        let remote2 = try sandbox2.bareRepository("missing-info")
        let missing = sandbox2.runner(try Self.template(in: sandbox2, catalogInfoPath: "/missing.yaml"), ["name": .string("svc"), "repoUrl": .string(remote2)])
        #expect(throws: ScaffoldFailure.self) { try missing.run() }
        let clones = (try? FileManager.default.contentsOfDirectory(atPath: sandbox2.checkoutRoot)) ?? []
        #expect(clones.isEmpty, "a clone was left: \(clones)")
    }
}

@Suite("Scaffold runner: --output")
struct ScaffoldRunnerOutputTests {
    @Test("--output is refused before any step for a template that publishes, and when the folder exists; a template that publishes nothing lands there")
    func output() throws {
        let sandbox = try RunnerSandbox()
        let remote = try sandbox.bareRepository("out")
        let publishing = try ScaffoldRunnerSafetyTests.template(in: sandbox)
        var seen: [ScaffoldEvent] = []
        let refused = try #require(throws: ScaffoldFailure.self) {
            try sandbox.runner(publishing, ["name": .string("svc"), "repoUrl": .string(remote)], targetDirectory: sandbox.root + "/target").run(onEvent: { seen.append($0) })
        }
        #expect(refused.message.contains("leave out --output"))
        #expect(seen.isEmpty, "no step ran")

        let folder = sandbox.root + "/plain"
        try FileManager.default.createDirectory(atPath: folder + "/skeleton", withIntermediateDirectories: true)
        try "hello ${{ values.name }}\n".write(toFile: folder + "/skeleton/hello.txt", atomically: true, encoding: .utf8)
        try """
            apiVersion: scaffolder.backstage.io/v1beta3
            kind: Template
            metadata: { name: plain }
            spec:
              owner: group:t
              type: service
              steps:
                - id: fetch
                  action: fetch:template
                  input: { url: ./skeleton, values: { name: '${{ parameters.name }}' } }
            """.write(toFile: folder + "/template.yaml", atomically: true, encoding: .utf8)
        let plain = try #require(try CatalogLoader().load([folder + "/template.yaml"]).entities.first { $0.ref.kind == "template" })
        let existing = sandbox.root + "/exists"
        try FileManager.default.createDirectory(atPath: existing, withIntermediateDirectories: true)
        #expect(throws: ScaffoldFailure.self) { try sandbox.runner(plain, ["name": .string("x")], targetDirectory: existing).run() }
        let target = sandbox.root + "/new/project"
        let result = try sandbox.runner(plain, ["name": .string("x")], targetDirectory: target).run()
        #expect(result.outputDirectory == target)
        #expect(try String(contentsOfFile: target + "/hello.txt", encoding: .utf8) == "hello x\n")
    }
}
