import CairnCatalog
import CairnScaffold
import Foundation
import Testing

/// Hostile paths in template values and skeletons (Tests/Fixtures/templates/escape-paths and
/// service/catalog-path.yaml): each is refused before a file is written, and nothing appears
/// outside the work area, which is removed.
@Suite("Scaffold runner: paths that try to leave the work area")
struct ScaffoldRunnerTraversalTests {
    /// escape-paths' values with nothing hostile in them; each test makes one hostile.
    static let ordinary: [String: Value] = ["name": .string("note"), "folder": .string("docs"), "targetPath": .string("")]

    /// Runs escape-paths (from `templateFolder`) for real with `changes` over the ordinary values
    /// and checks the refusal:
    /// the fetch step fails with `reason` before it wrote anything, the work root and the target
    /// directory stay empty, and none of `wouldBe` (where the escape would have landed) exists.
    func expectRefused(_ changes: [String: Value], templateFolder: String = RunnerFixtures.fixturesFolder, reason: String,
                       wouldBe: [String], sandbox: RunnerSandbox, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let template = try RunnerFixtures.template("escape-paths", in: templateFolder)
        let target = sandbox.root + "/out/project"
        var record = RunRecord()
        let failure = try #require(throws: ScaffoldFailure.self, sourceLocation: sourceLocation) {
            try sandbox.runner(template, Self.ordinary.merging(changes) { $1 }, targetDirectory: target).run(recording: &record)
        }
        #expect(failure.stepID == "fetch", sourceLocation: sourceLocation)
        #expect(failure.message.contains(reason), "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.pushedTo == nil, sourceLocation: sourceLocation)
        #expect(record.logLines(of: "fetch").isEmpty, "the fetch step reported writing files: \(record.logLines(of: "fetch"))",
                sourceLocation: sourceLocation)
        #expect(sandbox.workRootContents.isEmpty, "left in the work root: \(sandbox.workRootContents)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/out"), "the target directory was made", sourceLocation: sourceLocation)
        for path in wouldBe {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) was written outside the work area", sourceLocation: sourceLocation)
        }
    }

    /// Where `relative` lands from a workspace in the sandbox's work root (run areas are
    /// `<work root>/run-<uuid>/workspace`); what stays inside the run area is gone with it.
    func landing(_ relative: String, in sandbox: RunnerSandbox) -> String {
        ((sandbox.workRoot + "/run-x/workspace/" + relative) as NSString).standardizingPath
    }

    @Test("With ordinary values the escape-paths fixture writes its three files where they belong")
    func ordinaryValuesStayInside() throws {
        let sandbox = try RunnerSandbox()
        let target = sandbox.root + "/out/project"
        let result = try sandbox.runner(try RunnerFixtures.template("escape-paths"), Self.ordinary, targetDirectory: target).run()
        #expect(result.files.map { $0.path } == ["README.md", "docs/inside.txt", "note.txt"])
        #expect(result.outputDirectory == target)
        #expect(try String(contentsOfFile: target + "/note.txt", encoding: .utf8) == "A note for note.\n")
        #expect(try String(contentsOfFile: target + "/docs/inside.txt", encoding: .utf8) == "Inside docs.\n")
        #expect(sandbox.workRootContents.isEmpty)
    }

    @Test("A file name rendering to a path that goes up is refused", arguments: ["../../escape", "../../../escape", "deep/../../../../escape"])
    func fileNameGoingUp(_ name: String) throws {
        let sandbox = try RunnerSandbox()
        try expectRefused(["name": .string(name)], reason: "would leave the work area",
                          wouldBe: [landing(name + ".txt", in: sandbox), sandbox.workRoot + "/escape.txt", sandbox.root + "/escape.txt"],
                          sandbox: sandbox)
    }

    @Test("A file name rendering to an absolute path is refused")
    func absoluteFileName() throws {
        let sandbox = try RunnerSandbox()
        let absolute = sandbox.root + "/absolute-escape"
        try expectRefused(["name": .string(absolute)], reason: "would leave the work area", wouldBe: [absolute + ".txt"], sandbox: sandbox)
    }

    @Test("A folder name rendering to .. is refused", arguments: ["..", "../..", "../../.."])
    func folderNameGoingUp(_ folder: String) throws {
        let sandbox = try RunnerSandbox()
        try expectRefused(["folder": .string(folder)], reason: "would leave the work area",
                          wouldBe: [landing(folder + "/inside.txt", in: sandbox), sandbox.root + "/inside.txt"], sandbox: sandbox)
    }

    @Test("A targetPath outside the work area is refused", arguments: ["../outside", "../../../outside", "./../outside"])
    func targetPathGoingUp(_ targetPath: String) throws {
        let sandbox = try RunnerSandbox()
        try expectRefused(["targetPath": .string(targetPath)], reason: "would leave the work area",
                          wouldBe: [landing(targetPath, in: sandbox), sandbox.root + "/outside"], sandbox: sandbox)
    }

    @Test("An absolute targetPath is refused")
    func absoluteTargetPath() throws {
        let sandbox = try RunnerSandbox()
        let absolute = sandbox.root + "/absolute-target"
        try expectRefused(["targetPath": .string(absolute)], reason: "would leave the work area", wouldBe: [absolute], sandbox: sandbox)
    }

    /// A secret outside the skeleton, and the escape-paths fixture copied so a link can be added.
    func skeletonWithLink(to destination: (_ secret: String) -> String, in sandbox: RunnerSandbox) throws -> String {
        try FileManager.default.createDirectory(atPath: sandbox.root + "/secrets", withIntermediateDirectories: true)
        let secret = sandbox.root + "/secrets/secret.txt"
        try "secret\n".write(toFile: secret, atomically: true, encoding: .utf8)
        let folder = try sandbox.copy(fixture: "escape-paths")
        try FileManager.default.createSymbolicLink(atPath: folder + "/skeleton/linked.txt", withDestinationPath: destination(secret))
        return folder
    }

    @Test("A skeleton symlink to a file outside the skeleton, by absolute path, is refused")
    func symlinkOutsideAbsolute() throws {
        let sandbox = try RunnerSandbox()
        let folder = try skeletonWithLink(to: { $0 }, in: sandbox)
        try expectRefused([:], templateFolder: folder, reason: "outside the skeleton", wouldBe: [], sandbox: sandbox)
    }

    @Test("A skeleton symlink to a file outside the skeleton, by relative path, is refused",
          arguments: ["../../../secrets/secret.txt", "../template.yaml"])
    func symlinkOutsideRelative(_ destination: String) throws {
        let sandbox = try RunnerSandbox()
        let folder = try skeletonWithLink(to: { _ in destination }, in: sandbox)
        #expect(FileManager.default.fileExists(atPath: folder + "/skeleton/linked.txt"), "the link \(destination) should resolve")
        try expectRefused([:], templateFolder: folder, reason: "outside the skeleton", wouldBe: [], sandbox: sandbox)
    }

    @Test("A skeleton symlink to a folder outside the skeleton is refused")
    func symlinkToFolderOutside() throws {
        let sandbox = try RunnerSandbox()
        let folder = try skeletonWithLink(to: { ($0 as NSString).deletingLastPathComponent }, in: sandbox)
        try expectRefused([:], templateFolder: folder, reason: "outside the skeleton", wouldBe: [], sandbox: sandbox)
    }

    @Test("A skeleton symlink to a file inside the skeleton is copied as a plain file")
    func symlinkInside() throws {
        let sandbox = try RunnerSandbox()
        let folder = try skeletonWithLink(to: { _ in "README.md" }, in: sandbox)
        let target = sandbox.root + "/out/project"
        let template = try RunnerFixtures.template("escape-paths", in: folder)
        let result = try sandbox.runner(template, Self.ordinary, targetDirectory: target).run()
        #expect(result.files.map { $0.path }.contains("linked.txt"))
        let attributes = try FileManager.default.attributesOfItem(atPath: target + "/linked.txt")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try String(contentsOfFile: target + "/linked.txt", encoding: .utf8) == "# Escape paths\n\nThe one file whose name is fixed.\n")
    }

    /// `<sandbox>/templates/service/template.yaml`, whose one step fetches `url`, beside
    /// `templates/other/skeleton` and `templates/service-secrets`, each holding a secret.txt.
    func templateFetching(_ url: String, in sandbox: RunnerSandbox) throws -> Entity {
        let templates = sandbox.root + "/templates"
        for folder in ["service", "other/skeleton", "service-secrets"] {
            try FileManager.default.createDirectory(atPath: templates + "/" + folder, withIntermediateDirectories: true)
        }
        try "secret\n".write(toFile: templates + "/other/skeleton/secret.txt", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: templates + "/service-secrets/secret.txt", atomically: true, encoding: .utf8)
        try """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata:
          name: fetches-elsewhere
        spec:
          owner: group:test-team
          type: service
          steps:
            - id: fetch
              action: fetch:template
              input:
                url: \(url)
        """.write(toFile: templates + "/service/template.yaml", atomically: true, encoding: .utf8)
        return try RunnerFixtures.template("fetches-elsewhere", in: templates + "/service")
    }

    /// Runs `template` for real into a target directory and expects the fetch step to refuse it.
    func expectFetchRefused(_ template: Entity, reason: String?, sandbox: RunnerSandbox,
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let target = sandbox.root + "/out/project"
        let failure = try #require(throws: ScaffoldFailure.self, sourceLocation: sourceLocation) {
            try sandbox.runner(template, [:], targetDirectory: target).run()
        }
        #expect(failure.stepID == "fetch", sourceLocation: sourceLocation)
        if let reason { #expect(failure.message.contains(reason), "\(failure)", sourceLocation: sourceLocation) }
        #expect(!FileManager.default.fileExists(atPath: target), "the secret was copied out", sourceLocation: sourceLocation)
        #expect(sandbox.workRootContents.isEmpty, "left in the work root: \(sandbox.workRootContents)", sourceLocation: sourceLocation)
    }

    @Test("A fetch url that leaves the template's folder is refused", arguments: ["../other/skeleton", "./../other/skeleton", "skeleton/../../other/skeleton"])
    func fetchURLGoingUp(_ url: String) throws {
        let sandbox = try RunnerSandbox()
        try expectFetchRefused(try templateFetching(url, in: sandbox), reason: "leaves the template's folder", sandbox: sandbox)
    }

    @Test("A fetch url into a sibling folder whose name starts with the template folder's name is refused")
    func fetchURLIntoPrefixedSibling() throws {
        let sandbox = try RunnerSandbox()
        try expectFetchRefused(try templateFetching("../service-secrets", in: sandbox), reason: "leaves the template's folder", sandbox: sandbox)
    }

    @Test("A skeleton folder that is a symlink out of the template's folder is refused")
    func symlinkedSkeletonFolder() throws {
        let sandbox = try RunnerSandbox()
        let template = try templateFetching("./skeleton", in: sandbox)
        try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/templates/service/skeleton",
                                                   withDestinationPath: sandbox.root + "/templates/service-secrets")
        try expectFetchRefused(template, reason: nil, sandbox: sandbox)
    }

    @Test("catalog:register refuses a catalogInfoPath outside the repository before checking anything out",
          arguments: ["/../x", "../catalog-info.yaml", "/docs/../../x"])
    func catalogInfoPathGoingUp(_ catalogInfoPath: String) throws {
        let sandbox = try RunnerSandbox()
        let bare = try sandbox.bareRepository()
        let template = try RunnerFixtures.template("catalog-path")
        let values: [String: Value] = ["name": .string("payments"), "repoUrl": .string(bare), "catalogInfoPath": .string(catalogInfoPath)]
        var record = RunRecord()
        let failure = try #require(throws: ScaffoldFailure.self) {
            try sandbox.runner(template, values).run(recording: &record)
        }
        #expect(failure.stepID == "register")
        #expect(failure.message.contains("would leave the work area"), "\(failure)")
        #expect(record.registered.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: sandbox.checkoutRoot), "a checkout was made")
        #expect(sandbox.workRootContents.isEmpty, "left in the work root: \(sandbox.workRootContents)")
    }

    @Test("catalog:register with an ordinary catalogInfoPath names the entity in a dry run")
    func catalogInfoPathInside() throws {
        let sandbox = try RunnerSandbox()
        let template = try RunnerFixtures.template("catalog-path")
        let values: [String: Value] = ["name": .string("payments"), "repoUrl": .string("/nowhere.git"), "catalogInfoPath": .string("/catalog-info.yaml")]
        let result = try sandbox.runner(template, values, isDryRun: true).run()
        #expect(result.entityRef == "component:default/payments")
        #expect(sandbox.workRootContents.isEmpty)
    }
}
