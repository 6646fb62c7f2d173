import CairnCatalog
@testable import CairnScaffold
import Foundation
import Testing

/// The templates the step runner's tests run: the golden-path samples and the small fixtures in
/// Tests/Fixtures/templates, each loaded through the catalog as the CLI and the portal load them.
enum RunnerFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let samplesFolder = repository + "/catalog-samples"
    static let fixturesFolder = repository + "/Tests/Fixtures/templates"

    /// The Template named `name` in the catalog under `folder`.
    static func template(_ name: String, in folder: String = fixturesFolder) throws -> Entity {
        let catalog = try CatalogLoader().load([folder])
        return try #require(catalog.entities.first { $0.ref.kind == "template" && $0.ref.name == name }, "no template \(name) in \(folder)")
    }

    /// The sample catalog (groups and templates), read once: entity pickers validate against it.
    static let samples: Result<Catalog, CatalogError> = Result { () throws(CatalogError) in try CatalogLoader().load([samplesFolder]) }

    /// Every sample Template's name, sorted.
    static var sampleTemplateNames: [String] {
        ((try? samples.get())?.entities ?? []).filter { $0.ref.kind == "template" }.map(\.ref.name).sorted()
    }

    /// A sample template with the values a user gets from its form's defaults plus `--set`
    /// name, owner and (when the form asks for one) repoUrl; fails the test unless they validate.
    static func sample(_ name: String, projectName: String, repoUrl: String) throws -> (template: Entity, values: [String: Value]) {
        let catalog = try samples.get()
        let template = try #require(catalog.entities.first { $0.ref.kind == "template" && $0.ref.name == name }, "no sample template \(name)")
        let form = try TemplateForm(template: template)
        var sets = ["name=\(projectName)", "owner=group:checkout-team"]
        if form.field("repoUrl") != nil { sets.append("repoUrl=\(repoUrl)") }
        let values = try form.values(defaults: true, file: nil, sets: sets)
        let violations = form.validate(values, catalog: catalog)
        #expect(violations.isEmpty, "\(name): \(violations)")
        return (template, values)
    }
}

/// A temporary folder per test: the work root, the checkout root and bare repositories live in
/// it, and it is removed when the sandbox goes away.
final class RunnerSandbox {
    let root: String

    init() throws {
        root = (NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var workRoot: String { root + "/work" }
    var checkoutRoot: String { root + "/checkouts" }

    /// What is left in the work root (every run must leave it empty unless it keeps its files).
    var workRootContents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: workRoot)) ?? ["(work root missing)"] }

    /// A fresh, empty repository made with `git init --bare`.
    func bareRepository(_ name: String = "service") throws -> String {
        let path = root + "/remotes/\(name).git"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try GitProbe.run(["init", "--quiet", "--bare", path])
        return path
    }

    func runner(_ template: Entity, _ values: [String: Value], isDryRun: Bool = false, targetDirectory: String? = nil) -> ScaffoldRunner {
        ScaffoldRunner(template: template, values: values, user: "tester", isDryRun: isDryRun, workRoot: workRoot,
                       checkoutRoot: checkoutRoot, targetDirectory: targetDirectory)
    }

    /// A copy of a fixture template folder that a test may change (add a symlink to).
    func copy(fixture name: String) throws -> String {
        let copy = root + "/templates/\(name)"
        try FileManager.default.createDirectory(atPath: root + "/templates", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: RunnerFixtures.fixturesFolder + "/" + name, toPath: copy)
        return copy
    }
}

/// What a run reported, collected from its callbacks.
struct RunRecord {
    var events: [ScaffoldEvent] = []
    var registered: [String] = []

    var startedSteps: [String] {
        events.compactMap { if case .stepStarted(let id, _, _) = $0 { id } else { nil } }
    }

    var skippedSteps: [String] {
        events.compactMap { if case .stepSkipped(let id, _) = $0 { id } else { nil } }
    }

    func logLines(of step: String) -> [String] {
        events.compactMap { if case .log(step, let line) = $0 { line } else { nil } }
    }
}

extension ScaffoldRunner {
    /// Runs, recording every event and registered location into `record`.
    func run(recording record: inout RunRecord) throws(ScaffoldFailure) -> ScaffoldResult {
        var events: [ScaffoldEvent] = []
        var registered: [String] = []
        defer {
            record.events += events
            record.registered += registered
        }
        return try run(onEvent: { events.append($0) }, register: { registered.append($0) })
    }
}

/// git for the tests' own checks on the bare repositories, by argument vector.
enum GitProbe {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Standard output of `git <arguments>`; throws when git exits with another status than
    /// one of `allowedStatuses`.
    @discardableResult
    static func run(_ arguments: [String], allowedStatuses: Set<Int32> = [0]) throws -> String {
        try status(arguments, allowedStatuses: allowedStatuses).output
    }

    static func status(_ arguments: [String], allowedStatuses: Set<Int32> = [0]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard allowedStatuses.contains(process.terminationStatus) else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))")
        }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every path on `branch` of a (bare) repository.
    static func files(in repository: String, branch: String = "main") throws -> [String] {
        try run(["--git-dir", repository, "ls-tree", "-r", "--name-only", branch]).split(separator: "\n").map(String.init)
    }

    /// A file's content on `branch`.
    static func show(_ path: String, in repository: String, branch: String = "main") throws -> String {
        try run(["--git-dir", repository, "show", "\(branch):\(path)"])
    }

    /// Every ref of a repository (empty for one nothing was pushed to).
    static func refs(in repository: String) throws -> [String] {
        try run(["--git-dir", repository, "for-each-ref", "--format=%(refname)"]).split(separator: "\n").map(String.init)
    }
}

/// Parses catalog text as the catalog reads a file.
func parseCatalogFile(_ text: String, path: String = "catalog-info.yaml") -> ParsedFile {
    FileParser.parse(Array(text.utf8), file: SourceFile(path: path, size: Int64(text.utf8.count), modified: 0))
}

@Suite("Scaffold runner fixtures")
struct ScaffoldRunnerTests {
    @Test("Every fixture template loads from the catalog without errors, and each skeleton is left out of it")
    func fixturesLoad() throws {
        let catalog = try CatalogLoader().load([RunnerFixtures.fixturesFolder])
        let templates = catalog.entities.filter { $0.ref.kind == "template" }.map(\.ref.name).sorted()
        #expect(templates == ["catalog-path", "conditional-files", "cookiecutter-compat", "escape-paths", "hosted-publish", "minimal-service"])
        #expect(catalog.entities.allSatisfy { $0.ref.kind == "template" }, "a skeleton's catalog-info.yaml was read as an entity")
        let errors = catalog.problems.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("A template's steps list the actions cairn cannot run as 'id (action)'")
    func unavailableSteps() throws {
        let sandbox = try RunnerSandbox()
        #expect(sandbox.runner(try RunnerFixtures.template("hosted-publish"), [:]).unavailableSteps == ["publish (publish:github)"])
        #expect(sandbox.runner(try RunnerFixtures.template("minimal-service"), [:]).unavailableSteps.isEmpty)
    }
}
