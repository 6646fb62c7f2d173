import CairnCatalog
import CairnScaffold
import Foundation
import Testing

/// How fetch:template turns a skeleton into files: cookiecutter syntax, conditional names and
/// copyWithoutRender (Tests/Fixtures/templates/cookiecutter and conditional-files).
@Suite("Scaffold runner: skeletons")
struct ScaffoldRunnerSkeletonTests {
    /// Every regular file under `folder`, relative, sorted.
    func files(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue { found.append(path) }
        }
        return found.sorted()
    }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test("cookiecutterCompat renders {{ cookiecutter.x }} in file names, folder names and contents")
    func cookiecutter() throws {
        let sandbox = try RunnerSandbox()
        let target = sandbox.root + "/out/ledger"
        let template = try RunnerFixtures.template("cookiecutter-compat")
        let result = try sandbox.runner(template, ["name": .string("ledger")], targetDirectory: target).run()

        #expect(result.files.map { $0.path } == ["ledger.cfg", "ledger/README.md"])
        #expect(files(under: target) == ["ledger.cfg", "ledger/README.md"])
        #expect(try text(target + "/ledger/README.md") == "# ledger\n\nHello from LEDGER.\n")
        #expect(try text(target + "/ledger.cfg") == "name = ledger\ngreeting = Hello\n")
        #expect(result.outputDirectory == target)
        #expect(sandbox.workRootContents.isEmpty)
    }

    @Test("A file or folder whose name renders empty is left out; with the condition true both are written", arguments: [true, false])
    func conditionalNames(_ withDb: Bool) throws {
        let sandbox = try RunnerSandbox()
        let target = sandbox.root + "/out/orders"
        let template = try RunnerFixtures.template("conditional-files")
        let result = try sandbox.runner(template, ["name": .string("orders"), "withDb": .bool(withDb)], targetDirectory: target).run()

        let expected = withDb ? ["README.md", "ci/pipeline.yaml", "db.sql", "migrations/001-create.sql"] : ["README.md", "ci/pipeline.yaml"]
        #expect(result.files.map { $0.path } == expected)
        #expect(files(under: target) == expected)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).sorted() == (withDb ? ["README.md", "ci", "db.sql", "migrations"] : ["README.md", "ci"]),
                "an empty-named file or folder was made")
        if withDb {
            #expect(try text(target + "/db.sql") == "-- The schema of orders.\ncreate table jobs (id integer primary key);\n")
            #expect(try text(target + "/migrations/001-create.sql") == "-- The first migration of orders.\n")
        }
    }

    @Test("copyWithoutRender copies matching files byte for byte and renders the others")
    func copyWithoutRender() throws {
        let sandbox = try RunnerSandbox()
        let target = sandbox.root + "/out/orders"
        let template = try RunnerFixtures.template("conditional-files")
        _ = try sandbox.runner(template, ["name": .string("orders"), "withDb": .bool(false)], targetDirectory: target).run()

        let skeleton = RunnerFixtures.fixturesFolder + "/conditional-files/skeleton"
        let pipeline = try text(target + "/ci/pipeline.yaml")
        #expect(pipeline == (try text(skeleton + "/ci/pipeline.yaml")))
        #expect(pipeline.contains("image: ${{ values.name }}:${{ github.sha }}"))
        #expect(try text(target + "/README.md") == "# orders\n")
    }
}
