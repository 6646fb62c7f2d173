import CairnCatalog
import CairnScaffold
import Foundation
import Testing

/// The golden-path samples in catalog-samples/templates, run for real against bare repositories.
@Suite("Scaffold runner: sample templates")
struct ScaffoldRunnerSampleTests {
    /// The samples that push with publish:git to the `repoUrl` a user gives; the others name a
    /// hosted repository, so only their dry run can be checked here.
    static let gitPublishing = ["nodejs-api-template", "python-worker-template", "react-frontend-template"]

    @Test("The sample catalog loads and holds every golden path these tests run")
    func samplesLoad() throws {
        let catalog = try RunnerFixtures.samples.get()
        #expect(catalog.entities.contains { $0.ref.description == "group:default/checkout-team" })
        #expect(Set(Self.gitPublishing).isSubset(of: RunnerFixtures.sampleTemplateNames), "\(RunnerFixtures.sampleTemplateNames)")
    }

    @Test("A golden-path sample renders, pushes to a bare repository and registers its Component", arguments: gitPublishing)
    func scaffoldAndPush(_ templateName: String) throws {
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let (template, values) = try RunnerFixtures.sample(templateName, projectName: "gift-card-api", repoUrl: bare)
        #expect(template.spec["steps"]?.arrayValue?.contains { $0["input"]?["remoteUrl"] == .string("${{ parameters.repoUrl }}") } == true,
                "\(templateName) no longer pushes to parameters.repoUrl")

        var record = RunRecord()
        let result = try sandbox.runner(template, values).run(recording: &record)

        let pushed = try GitProbe.files(in: bare)
        for expected in ["Dockerfile", "catalog-info.yaml", "README.md", ".cairn/answers.yaml"] {
            #expect(pushed.contains(expected), "\(expected) was not pushed; pushed: \(pushed)")
        }
        #expect(pushed.contains { $0.hasPrefix(".github/workflows/") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) },
                "no CI workflow was pushed; pushed: \(pushed)")
        #expect(result.files.map { $0.path } == pushed.sorted(), "result.files should list exactly what was pushed")

        // The pushed catalog file is a valid Component, as named and owned in the answers.
        let catalogInfo = try GitProbe.show("catalog-info.yaml", in: bare)
        let parsed = parseCatalogFile(catalogInfo)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        let component = try #require(parsed.entities.first)
        #expect(parsed.entities.count == 1)
        #expect(component.ref.description == "component:default/gift-card-api")
        #expect(component.problems.filter { $0.severity == .error }.isEmpty, "\(component.problems)")
        #expect(component.owner?.description == "group:default/checkout-team")
        #expect(component.lifecycle == "experimental")
        let healthURL = try #require(component.annotation("cairn.dev/health-url"))
        #expect(URL(string: healthURL)?.scheme == "http", "health-url \(healthURL) is not an http URL")
        #expect(catalogInfo == result.catalogInfo)

        // Nothing is left unrendered anywhere in the repository (git grep exits 1 for no match).
        let leftovers = try GitProbe.status(["--git-dir", bare, "grep", "-n", "-F", "${{", "main"], allowedStatuses: [0, 1])
        #expect(leftovers.status == 1, "unrendered expressions were pushed:\n\(leftovers.output)")
        let answers = try GitProbe.show(".cairn/answers.yaml", in: bare)
        #expect(answers.contains("name: \"gift-card-api\""), "\(answers)")
        #expect(answers.contains("repoUrl: \"\(bare)\""), "\(answers)")
        #expect(try GitProbe.show("README.md", in: bare).contains("gift-card-api"))

        // Registered: a checkout's catalog-info.yaml holding that same entity.
        #expect(record.registered.count == 1)
        let location = try #require(record.registered.first)
        #expect(result.registeredLocation == location)
        #expect(location.hasPrefix(sandbox.checkoutRoot + "/"))
        let registeredText = try String(contentsOfFile: location, encoding: .utf8)
        #expect(parseCatalogFile(registeredText, path: location).entities.map(\.ref.description) == ["component:default/gift-card-api"])
        #expect(result.entityRef == "component:default/gift-card-api")

        let head = try GitProbe.run(["--git-dir", bare, "rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result.commitHash == head)
        #expect(result.remoteURL == bare)
        #expect(result.outputDirectory == nil)
        #expect(result.unavailable.isEmpty)
        #expect(result.links.first?.url == bare)
        #expect(result.links.contains { $0.entityRef == "component:default/gift-card-api" })
        #expect(record.startedSteps == ["fetch", "publish", "register"])
        #expect(sandbox.workRootContents.isEmpty, "the work area was left behind: \(sandbox.workRootContents)")
    }

    @Test("A dry run of every sample pushes nothing, lists the files, renders catalog-info.yaml and leaves no work area",
          arguments: RunnerFixtures.sampleTemplateNames)
    func dryRun(_ templateName: String) throws {
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let (template, values) = try RunnerFixtures.sample(templateName, projectName: "gift-card-api", repoUrl: bare)

        var record = RunRecord()
        let result = try sandbox.runner(template, values, isDryRun: true).run(recording: &record)

        #expect(try GitProbe.refs(in: bare).isEmpty, "a dry run pushed to \(bare)")
        #expect(!result.files.isEmpty)
        #expect(result.files.contains { $0.path == "catalog-info.yaml" })
        #expect(result.files.allSatisfy { !$0.path.contains("${{") }, "\(result.files.map { $0.path })")
        let catalogInfo = try #require(result.catalogInfo)
        #expect(!catalogInfo.contains("${{"))
        #expect(parseCatalogFile(catalogInfo).entities.first?.ref.name == "gift-card-api")
        #expect(result.entityRef == "component:default/gift-card-api")
        #expect(result.commitHash == nil)
        #expect(result.registeredLocation == nil)
        #expect(result.outputDirectory == nil)
        #expect(record.registered.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.checkoutRoot), "a dry run checked something out")
        #expect(sandbox.workRootContents.isEmpty, "the work area was left behind: \(sandbox.workRootContents)")
    }
}
