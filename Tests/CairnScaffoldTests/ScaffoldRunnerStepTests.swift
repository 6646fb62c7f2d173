import CairnCatalog
import CairnScaffold
import Foundation
import Testing

/// How steps feed each other: outputs read by later steps and by spec.output, and `if`
/// (Tests/Fixtures/templates/service/template.yaml, minimal-service).
@Suite("Scaffold runner: steps")
struct ScaffoldRunnerStepTests {
    @Test("publish:git's outputs reach a later debug:log, catalog:register and the output links and text")
    func outputsReachLaterSteps() throws {
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let template = try RunnerFixtures.template("minimal-service")
        var record = RunRecord()
        let result = try sandbox.runner(template, ["name": .string("orders"), "repoUrl": .string(bare), "announce": .bool(true)])
            .run(recording: &record)

        let head = try GitProbe.run(["--git-dir", bare, "rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(record.logLines(of: "announce") == ["pushed \(head) to \(bare)"])
        #expect(record.registered.count == 1)
        #expect(result.links.map(\.title) == ["Repository", "Open in catalog"])
        #expect(result.links.first?.url == bare)
        #expect(result.links.last?.entityRef == "component:default/orders")
        #expect(result.text == ["orders is at \(bare)"])
        #expect(record.startedSteps == ["fetch", "publish", "announce", "register"])
        #expect(record.skippedSteps.isEmpty)
    }

    @Test("Events come in order: each step starts, logs, then finishes before the next starts")
    func eventOrder() throws {
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let template = try RunnerFixtures.template("minimal-service")
        var record = RunRecord()
        _ = try sandbox.runner(template, ["name": .string("orders"), "repoUrl": .string(bare), "announce": .bool(true)]).run(recording: &record)

        var open: String?
        for event in record.events {
            switch event {
            case .stepStarted(let id, _, _):
                #expect(open == nil, "\(id) started while \(open ?? "") was running")
                open = id
            case .log(let step, _):
                #expect(open == step, "a log line of \(step) came outside it")
            case .stepFinished(let id):
                #expect(open == id)
                open = nil
            case .stepSkipped:
                Issue.record("nothing should be skipped: \(event)")
            }
        }
        #expect(open == nil)
        #expect(record.events.first == .stepStarted(id: "fetch", name: "Render the skeleton", action: "fetch:template"))
    }

    @Test("A step whose if is false is skipped with a stepSkipped event, and the run goes on")
    func ifFalseSkips() throws {
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let template = try RunnerFixtures.template("minimal-service")
        var record = RunRecord()
        let result = try sandbox.runner(template, ["name": .string("orders"), "repoUrl": .string(bare), "announce": .bool(false)])
            .run(recording: &record)

        #expect(record.skippedSteps == ["announce"])
        #expect(record.events.contains(.stepSkipped(id: "announce", reason: "if is false")))
        #expect(record.logLines(of: "announce").isEmpty)
        #expect(record.startedSteps == ["fetch", "publish", "register"])
        #expect(result.entityRef == "component:default/orders")
        #expect(record.registered.count == 1)
    }

    @Test("In a dry run the outputs are still passed on, with the commit marked as a dry run")
    func dryRunOutputs() throws {
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let template = try RunnerFixtures.template("minimal-service")
        var record = RunRecord()
        let result = try sandbox.runner(template, ["name": .string("orders"), "repoUrl": .string(bare), "announce": .bool(true)], isDryRun: true)
            .run(recording: &record)

        #expect(record.logLines(of: "announce") == ["pushed (dry run) to \(bare)"])
        #expect(result.links.first?.url == bare)
        #expect(result.links.last?.entityRef == "component:default/orders")
        #expect(try GitProbe.refs(in: bare).isEmpty)
        #expect(record.registered.isEmpty)
        #expect(sandbox.workRootContents.isEmpty)
    }
}
