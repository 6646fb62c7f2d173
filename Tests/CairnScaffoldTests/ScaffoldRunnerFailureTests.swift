import CairnCatalog
import CairnScaffold
import Foundation
import Testing

/// Runs that stop: a step that fails, an action cairn cannot run, a registration refused after
/// the push. Each leaves no work area and says what happened.
@Suite("Scaffold runner: failures")
struct ScaffoldRunnerFailureTests {
    static let unreachable = "/nonexistent/repo.git"

    @Test("A push to a repository that does not exist fails the publish step and leaves nothing behind")
    func pushFails() throws {
        let sandbox = try RunnerSandbox()
        let template = try RunnerFixtures.template("minimal-service")
        var record = RunRecord()
        let failure = try #require(throws: ScaffoldFailure.self) {
            try sandbox.runner(template, ["name": .string("orders"), "repoUrl": .string(Self.unreachable)]).run(recording: &record)
        }
        #expect(failure.stepID == "publish")
        #expect(failure.message.hasPrefix("git push failed"), "\(failure)")
        #expect(failure.pushedTo == nil)
        #expect(failure.aftermath == "nothing was left behind")
        #expect(record.startedSteps == ["fetch", "publish"])
        #expect(record.registered.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.checkoutRoot))
        #expect(sandbox.workRootContents.isEmpty, "left in the work root: \(sandbox.workRootContents)")
        #expect(!FileManager.default.fileExists(atPath: Self.unreachable))
    }

    @Test("A failed push says why: git's own reason, naming the repository")
    func pushFailureReason() throws {
        let sandbox = try RunnerSandbox()
        let template = try RunnerFixtures.template("minimal-service")
        let failure = try #require(throws: ScaffoldFailure.self) {
            try sandbox.runner(template, ["name": .string("orders"), "repoUrl": .string(Self.unreachable)]).run()
        }
        #expect(failure.message.contains("'\(Self.unreachable)' does not appear to be a git repository"), "\(failure)")
    }

    @Test("A failure after the push names the pushed repository and still removes the work area")
    func failureAfterPush() throws {
        struct Refused: Error {}
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let template = try RunnerFixtures.template("minimal-service")
        let failure = try #require(throws: ScaffoldFailure.self) {
            try sandbox.runner(template, ["name": .string("orders"), "repoUrl": .string(bare)]).run(register: { _ in throw Refused() })
        }
        #expect(failure.stepID == "register")
        #expect(failure.message.hasPrefix("cannot register "), "\(failure)")
        #expect(failure.pushedTo == bare)
        #expect(failure.aftermath.contains(bare))
        #expect(try GitProbe.refs(in: bare) == ["refs/heads/main"])
        #expect(sandbox.workRootContents.isEmpty, "left in the work root: \(sandbox.workRootContents)")
    }

    @Test("A real run of a template with an action cairn cannot run stops before its first step, naming that step")
    func unavailableActionRealRun() throws {
        let sandbox = try RunnerSandbox()
        let template = try RunnerFixtures.template("hosted-publish")
        var record = RunRecord()
        let failure = try #require(throws: ScaffoldFailure.self) {
            try sandbox.runner(template, ["name": .string("ledger")]).run(recording: &record)
        }
        #expect(failure.stepID == "publish")
        #expect(failure.message.contains("publish (publish:github)"), "\(failure)")
        #expect(record.events.isEmpty, "steps ran before the refusal: \(record.events)")
        #expect(record.registered.isEmpty)
        #expect(sandbox.workRootContents.isEmpty, "left in the work root: \(sandbox.workRootContents)")
    }

    @Test("A dry run of that template completes, lists the step it cannot run and renders every file")
    func unavailableActionDryRun() throws {
        let sandbox = try RunnerSandbox()
        let template = try RunnerFixtures.template("hosted-publish")
        var record = RunRecord()
        let result = try sandbox.runner(template, ["name": .string("ledger")], isDryRun: true).run(recording: &record)

        #expect(result.unavailable == ["publish (publish:github)"])
        #expect(result.files.map { $0.path } == ["README.md", "catalog-info.yaml"])
        let catalogInfo = try #require(result.catalogInfo)
        #expect(!catalogInfo.contains("${{"))
        #expect(result.entityRef == "component:default/ledger")
        #expect(record.startedSteps == ["fetch", "publish"])
        #expect(record.logLines(of: "publish").contains { $0.contains("cannot run publish:github") }, "\(record.events)")
        #expect(sandbox.workRootContents.isEmpty, "left in the work root: \(sandbox.workRootContents)")
    }
}
