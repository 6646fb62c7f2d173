import CairnCatalog
import Foundation
import Testing

/// CatalogLoader on throw-away folders: scanning, Location targets, reading each file once and
/// the errors that stop a load.
@Suite("CatalogLoader")
struct CatalogLoaderTests {
    static let team = Support.group("team-a")

    static func names(_ catalog: Catalog) -> [String] { catalog.entities.map(\.ref.name).sorted() }

    /// A Location document; `spec` lines go under `spec:`.
    static func location(_ name: String, _ spec: [String]) -> String {
        (["apiVersion: backstage.io/v1alpha1", "kind: Location", "metadata:", "  name: \(name)", "spec:"] + spec.map { "  " + $0 })
            .joined(separator: "\n") + "\n"
    }

    // MARK: Scanning

    @Test func scansRecursivelyForYAMLFiles() throws {
        try TemporaryFolder.with { folder in
            try folder.write("team.yaml", Self.team)
            try folder.write("a.yaml", Support.component("a"))
            try folder.write("deep/er/b.yml", Support.component("b"))
            try folder.write("deep/c.YAML.txt", Support.component("not-yaml-suffix"))
            try folder.write("notes.txt", Support.component("notes"))
            try folder.write("data.json", "{}")
            let catalog = try CatalogLoader().load([folder.path])
            #expect(Self.names(catalog) == ["a", "b", "team-a"])
            #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
            #expect(catalog.files.map(\.path).sorted() == [folder.path("a.yaml"), folder.path("deep/er/b.yml"), folder.path("team.yaml")])
        }
    }

    @Test func skipsHiddenSkeletonAndNodeModulesFolders() throws {
        try TemporaryFolder.with { folder in
            try folder.write("team.yaml", Self.team)
            try folder.write(".git/x.yaml", Support.component("in-git"))
            try folder.write(".hidden.yaml", Support.component("hidden-file"))
            try folder.write("templates/go/skeleton/catalog-info.yaml", Support.component("in-skeleton"))
            try folder.write("web/node_modules/pkg/catalog-info.yaml", Support.component("in-node-modules"))
            try folder.write("templates/go/kept.yaml", Support.component("kept"))
            let catalog = try CatalogLoader().load([folder.path])
            #expect(Self.names(catalog) == ["kept", "team-a"])
            #expect(catalog.problems.isEmpty)
        }
    }

    @Test func dropsFilesInsideATemplatesFetchFolder() throws {
        try TemporaryFolder.with { folder in
            try folder.write("team.yaml", Self.team)
            try folder.write("template/template.yaml", """
            apiVersion: scaffolder.backstage.io/v1beta3
            kind: Template
            metadata: {name: starter}
            spec:
              type: service
              owner: team-a
              steps:
                - id: fetch
                  action: fetch:template
                  input:
                    url: ./content
                - id: remote
                  action: fetch:plain
                  input:
                    url: https://example.com/x

            """)
            try folder.write("template/content/catalog-info.yaml", Support.component("${{ values.name }}"))
            let catalog = try CatalogLoader().load([folder.path])
            #expect(Self.names(catalog) == ["starter", "team-a"])
            #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        }
    }

    @Test func aSingleFileAndAGlobAreLocationsToo() throws {
        try TemporaryFolder.with { folder in
            try folder.write("team.yaml", Self.team)
            try folder.write("more/a.yaml", Support.component("a"))
            try folder.write("more/b.yaml", Support.component("b"))
            try folder.write("more/c.yml", Support.component("c"))
            let catalog = try CatalogLoader().load([folder.path("team.yaml"), folder.path("more/*.yaml")])
            #expect(Self.names(catalog) == ["a", "b", "team-a"])
        }
    }

    @Test func discoverListsFilesWithoutFollowingLocations() throws {
        try TemporaryFolder.with { folder in
            try folder.write("catalog/loc.yaml", Self.location("loc", ["target: ../outside.yaml"]))
            try folder.write("outside.yaml", Self.team)
            let files = try CatalogLoader().discover([folder.path("catalog"), folder.path("catalog/loc.yaml")])
            #expect(files.map(\.path) == [folder.path("catalog/loc.yaml")])
        }
    }

    /// "Each file is read once however many ways it is reached" (CatalogLoader's doc comment):
    /// also through a symlinked folder.
    @Test func fileBehindASymlinkedFolderIsReadOnce() throws {
        try TemporaryFolder.with { folder in
            try folder.write("real/team.yaml", Self.team)
            try FileManager.default.createSymbolicLink(atPath: folder.path("alias"), withDestinationPath: folder.path("real"))
            let catalog = try CatalogLoader().load([folder.path])
            #expect(catalog.entities.count == 1)
            #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        }
    }

    /// A symlink to an ancestor folder must not make the scan read the same files again and again.
    @Test func symlinkLoopIsReadOnce() throws {
        try TemporaryFolder.with { folder in
            try folder.write("catalog/team.yaml", Self.team)
            try FileManager.default.createSymbolicLink(atPath: folder.path("catalog/loop"), withDestinationPath: folder.path("catalog"))
            let catalog = try CatalogLoader().load([folder.path("catalog")])
            #expect(catalog.entities.count == 1)
            #expect(catalog.problems.isEmpty)
        }
    }

    // MARK: Locations

    @Test func followsLocationTargetsRelativeToTheLocationFile() throws {
        try TemporaryFolder.with { folder in
            try folder.write("catalog/loc.yaml", Self.location("loc", ["targets:", "  - ../shared/team.yaml", "  - ./sub/*.yaml"]))
            try folder.write("catalog/sub/b.yaml", Support.component("b"))
            try folder.write("catalog/sub/c.yml", Support.component("c"))
            try folder.write("shared/team.yaml", Self.team)
            try folder.write("shared/unlisted.yaml", Support.component("unlisted"))
            let catalog = try CatalogLoader().load([folder.path("catalog")])
            #expect(Self.names(catalog) == ["b", "c", "loc", "team-a"])
            #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        }
    }

    @Test func followsLocationsThroughLocations() throws {
        try TemporaryFolder.with { folder in
            try folder.write("start/root.yaml", Self.location("root", ["target: ../one/next.yaml"]))
            try folder.write("one/next.yaml", Self.location("next", ["type: dir", "target: ../two"]))
            try folder.write("two/deep/team.yaml", Self.team)
            let catalog = try CatalogLoader().load([folder.path("start/root.yaml")])
            #expect(Self.names(catalog) == ["next", "root", "team-a"])
            #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        }
    }

    @Test func aFileReachedTwiceIsReadOnce() throws {
        try TemporaryFolder.with { folder in
            try folder.write("all.yaml", Self.location("all", ["targets: [./team.yaml, ./sub/a.yaml, team.yaml, ./sub/../sub/a.yaml]"]))
            try folder.write("team.yaml", Self.team)
            try folder.write("sub/a.yaml", Support.component("a"))
            let catalog = try CatalogLoader().load([folder.path, folder.path("sub/a.yaml"), folder.path + "/"])
            #expect(Self.names(catalog) == ["a", "all", "team-a"])
            #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
            #expect(catalog.files.count == 3)
        }
    }

    @Test func aLocationThatPointsAtItsOwnFolderDoesNotLoop() throws {
        try TemporaryFolder.with { folder in
            try folder.write("loc.yaml", Self.location("loc", ["type: dir", "target: ."]))
            try folder.write("team.yaml", Self.team)
            let catalog = try CatalogLoader().load([folder.path("loc.yaml")])
            #expect(Self.names(catalog) == ["loc", "team-a"])
            #expect(catalog.problems.isEmpty)
        }
    }

    @Test func missingTargetIsAnErrorOnTheLocation() throws {
        try TemporaryFolder.with { folder in
            try folder.write("loc.yaml", "# entry point\n" + Self.location("loc", ["targets: [./nope.yaml, ./team.yaml]"]))
            try folder.write("team.yaml", Self.team)
            let catalog = try CatalogLoader().load([folder.path("loc.yaml")])
            let location = try #require(catalog[EntityRef(kind: "location", name: "loc")])
            #expect(location.isQuarantined)
            let error = try #require(Support.errors(location).first)
            #expect(Support.errors(location).count == 1)
            #expect(error.file == folder.path("loc.yaml"))
            #expect((error.line, error.column) == (2, 1))
            #expect(error.message.contains("location target ./nope.yaml"))
            #expect(error.message.contains("presence: optional"))
            // The other target still loads.
            #expect(catalog.contains(EntityRef(kind: "group", name: "team-a")))
        }
    }

    @Test func optionalMissingTargetIsFine() throws {
        try TemporaryFolder.with { folder in
            try folder.write("loc.yaml", Self.location("loc", ["target: ./nope.yaml", "presence: optional"]))
            let catalog = try CatalogLoader().load([folder.path])
            #expect(catalog.problems.isEmpty)
            #expect(catalog.quarantinedCount == 0)
        }
    }

    @Test func urlLocationsAreSkippedWithAWarning() throws {
        try TemporaryFolder.with { folder in
            try folder.write("loc.yaml", Self.location("remote", ["type: url", "target: https://github.com/org/repo/blob/main/catalog-info.yaml"]))
            let catalog = try CatalogLoader().load([folder.path])
            let location = try #require(catalog.entities.first)
            #expect(!location.isQuarantined)
            #expect(Support.warnings(location).count == 1)
            #expect(Support.warnings(location).first?.message.contains("location type \"url\" is not read yet") == true)
        }
    }

    @Test func quarantinedLocationIsNotFollowed() throws {
        try TemporaryFolder.with { folder in
            try folder.write("loc.yaml", Self.location("Bad$", ["target: ./elsewhere/team.yaml"]))
            try folder.write("elsewhere/team.yaml", Self.team)
            let catalog = try CatalogLoader().load([folder.path("loc.yaml")])
            #expect(Self.names(catalog) == ["bad$"])
        }
    }

    // MARK: Stopping errors

    @Test func nonexistentPathThrows() throws {
        try TemporaryFolder.with { folder in
            let missing = folder.path("no-such-folder")
            #expect(throws: CatalogError.pathNotFound(missing)) { try CatalogLoader().load([missing]) }
            #expect(throws: CatalogError.pathNotFound(missing)) { try CatalogLoader().discover([folder.path, missing]) }
            #expect(CatalogError.pathNotFound(missing).description == "\(missing): error: no such file or directory; check the --catalog path")
        }
    }

    @Test func globThatMatchesNothingInAMissingFolderThrows() throws {
        try TemporaryFolder.with { folder in
            let missing = folder.path("nowhere/*.yaml")
            #expect(throws: CatalogError.pathNotFound(missing)) { try CatalogLoader().load([missing]) }
        }
    }

    // MARK: File problems

    @Test func syntaxErrorIsAFileProblemAndEarlierDocumentsLoad() throws {
        try TemporaryFolder.with { folder in
            try folder.write("mixed.yaml", Support.stream(Self.team, "apiVersion: backstage.io/v1alpha1\nkind: [unclosed\n"))
            let catalog = try CatalogLoader().load([folder.path])
            #expect(Self.names(catalog) == ["team-a"])
            #expect(catalog.fileProblems.count == 1)
            let problem = try #require(catalog.fileProblems.first)
            #expect(problem.severity == .error)
            #expect(problem.file == folder.path("mixed.yaml"))
            #expect(problem.line == 11)
            #expect(problem.message.contains("the rest of the file was not read"))
            #expect(problem.entityRef == nil)
        }
    }

    @Test func unreadableFileIsAFileProblem() throws {
        try TemporaryFolder.with { folder in
            let parsed = FileParser.parse(SourceFile(path: folder.path("gone.yaml"), size: 0, modified: 0))
            #expect(parsed.entities.isEmpty)
            let problem = try #require(parsed.problems.first)
            #expect(parsed.problems.count == 1)
            #expect(problem.severity == .error)
            #expect((problem.file, problem.line, problem.column) == (folder.path("gone.yaml"), 1, 1))
            #expect(problem.message.contains("cannot read the file"))
        }
    }

    @Test func sourceFileStatRecordsSizeAndSkipsFolders() throws {
        try TemporaryFolder.with { folder in
            try folder.write("a.yaml", "a: 1\n")
            let file = try #require(SourceFile.stat(folder.path("a.yaml")))
            #expect(file.size == 5)
            #expect(file.modified > 0)
            #expect(SourceFile.stat(folder.path) == nil)
            #expect(SourceFile.stat(folder.path("missing.yaml")) == nil)
        }
    }

    /// Quarantined entities are not trusted, so their references are not checked: only a2's
    /// dangling owner warns, beside a1's and b's own errors.
    @Test func problemsComeInFileAndLineOrder() throws {
        try TemporaryFolder.with { folder in
            try folder.write("b.yaml", Support.component("b", metadata: ["tags: [UPPER]"]))
            try folder.write("a.yaml", Support.stream(Support.component("a2", owner: "nobody"), Support.component("a1", metadata: ["title: 1"])))
            let catalog = try CatalogLoader().load([folder.path])
            #expect(catalog.problems.map { "\($0.file.split(separator: "/").last!):\($0.line)" } == ["a.yaml:8", "a.yaml:14", "b.yaml:5"])
        }
    }
}
