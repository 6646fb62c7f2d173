import CairnCatalog
import Testing

/// One problem a fixture file must produce, at its place.
struct ExpectedProblem: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int
    var column: Int
    var severity: Problem.Severity
    var fragment: String

    init(_ file: String, _ line: Int, _ column: Int, _ severity: Problem.Severity, _ fragment: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.fragment = fragment
    }

    var testDescription: String { "\(file):\(line):\(column) \(severity.rawValue): \(fragment)" }
}

/// The repository's catalogs: the broken fixtures (Tests/Fixtures/broken/README.md), the
/// foreign fixtures and the sample catalog.
@Suite("Catalog fixtures")
struct CatalogFixturesTests {
    static let broken: Catalog = try! CatalogLoader().load([RepositoryPaths.brokenFixtures])

    /// Every problem the broken folder produces, one row each; see its README.
    static let brokenProblems: [ExpectedProblem] = [
        ExpectedProblem("alias-bomb.yaml", 6, 1, .error, "alias"),
        ExpectedProblem("bad-names.yaml", 16, 9, .error, "metadata.name \"Pay$\""),
        ExpectedProblem("bad-names.yaml", 26, 9, .error, "metadata.name \"bx-aaaa"),
        ExpectedProblem("bad-names.yaml", 36, 9, .error, "metadata.name \"-leading-dash\""),
        ExpectedProblem("bad-names.yaml", 47, 14, .error, "metadata.namespace \"Bad_Namespace\""),
        ExpectedProblem("bad-names.yaml", 55, 7, .error, "kind \"9Lives\""),
        ExpectedProblem("bad-names.yaml", 64, 13, .error, "apiVersion \"backstage.io/\""),
        ExpectedProblem("bad-names.yaml", 80, 7, .error, "tag \"Has Spaces\""),
        ExpectedProblem("bad-names.yaml", 92, 7, .error, "tag \"UPPER\""),
        ExpectedProblem("bad-names.yaml", 104, 5, .error, "label key \"bad key!\""),
        ExpectedProblem("bad-names.yaml", 116, 11, .error, "label value \"not valid!\""),
        ExpectedProblem("bad-names.yaml", 128, 32, .error, "annotation \"cairn.dev/health-interval\" must be a string, not a number"),
        ExpectedProblem("bad-names.yaml", 141, 7, .error, "annotation \"cairn.dev/health-url\" must be a string, not a mapping"),
        ExpectedProblem("bad-names.yaml", 154, 7, .error, "a link has no url"),
        ExpectedProblem("bad-names.yaml", 166, 10, .error, "metadata.title must be a string, not a number"),
        ExpectedProblem("cycle.yaml", 12, 7, .warning, "dependency cycle"),
        ExpectedProblem("cycle.yaml", 23, 7, .warning, "dependency cycle"),
        ExpectedProblem("cycle.yaml", 34, 7, .warning, "dependency cycle"),
        ExpectedProblem("dangling-refs.yaml", 10, 10, .warning, "spec.owner refers to group:default/bx-no-such-team"),
        ExpectedProblem("dangling-refs.yaml", 11, 11, .warning, "spec.system refers to system:default/bx-no-such-system"),
        ExpectedProblem("dangling-refs.yaml", 13, 7, .warning, "spec.providesApis refers to api:default/bx-no-such-api"),
        ExpectedProblem("dangling-refs.yaml", 15, 7, .warning, "spec.dependsOn refers to component:default/bx-ghost"),
        ExpectedProblem("dangling-refs.yaml", 27, 7, .error, "entity reference \"bx-bare-name\" has no kind"),
        ExpectedProblem("duplicates.yaml", 4, 1, .error, "is defined twice: here and at \(RepositoryPaths.brokenFixtures)/duplicates-other.yaml:3:1"),
        ExpectedProblem("duplicates.yaml", 25, 1, .error, "is defined twice: here and at \(RepositoryPaths.brokenFixtures)/duplicates.yaml:15:1"),
        ExpectedProblem("missing-fields.yaml", 18, 3, .error, "spec.lifecycle is missing"),
        ExpectedProblem("missing-fields.yaml", 27, 3, .error, "spec.owner is missing"),
        ExpectedProblem("missing-fields.yaml", 36, 3, .error, "spec.type is missing"),
        ExpectedProblem("missing-fields.yaml", 45, 3, .error, "spec.definition is missing"),
        ExpectedProblem("missing-fields.yaml", 55, 3, .error, "spec.owner is missing; a Resource"),
        ExpectedProblem("missing-fields.yaml", 62, 7, .error, "spec.owner is missing; a System"),
        ExpectedProblem("missing-fields.yaml", 69, 7, .error, "spec.owner is missing; a Domain"),
        ExpectedProblem("missing-fields.yaml", 77, 3, .error, "spec.children is missing"),
        ExpectedProblem("missing-fields.yaml", 85, 3, .error, "spec.memberOf is missing"),
        ExpectedProblem("missing-fields.yaml", 95, 3, .error, "spec.target or spec.targets is missing"),
        ExpectedProblem("no-kind.yaml", 4, 1, .notice, "skipped a document without apiVersion and kind"),
        ExpectedProblem("root-fields.yaml", 20, 1, .error, "relations is computed by the catalog"),
        ExpectedProblem("root-fields.yaml", 30, 1, .error, "status is computed by the catalog"),
        ExpectedProblem("root-fields.yaml", 40, 1, .error, "unknown field \"extra\""),
        ExpectedProblem("syntax-error.yaml", 18, 5, .error, "YAML syntax error"),
        ExpectedProblem("wrong-types.yaml", 19, 10, .error, "spec.owner must be a string, not a list"),
        ExpectedProblem("wrong-types.yaml", 26, 9, .error, "metadata.tags must be a list, not a string"),
        ExpectedProblem("wrong-types.yaml", 37, 11, .error, "metadata.labels must be a mapping"),
        ExpectedProblem("wrong-types.yaml", 48, 7, .error, "spec must be a mapping, not a string"),
        ExpectedProblem("wrong-types.yaml", 53, 11, .error, "metadata must be a mapping, not a number"),
        ExpectedProblem("wrong-types.yaml", 69, 14, .error, "spec.dependsOn must be a list, not a string"),
        ExpectedProblem("wrong-types.yaml", 90, 14, .error, "spec.lifecycle must be a string, not a boolean"),
    ]

    @Test(arguments: brokenProblems)
    func brokenFixtureReportsProblem(_ expected: ExpectedProblem) {
        let path = RepositoryPaths.brokenFixtures + "/" + expected.file
        let matches = Self.broken.problems.filter {
            $0.file == path && $0.line == expected.line && $0.column == expected.column && $0.severity == expected.severity
        }
        #expect(matches.count == 1, "problems there: \(Self.broken.problems.filter { $0.file == path }.map(\.description))")
        #expect(matches.first?.message.contains(expected.fragment) == true, "\(matches.map(\.message))")
    }

    @Test func brokenFixturesReportNothingElse() {
        #expect(Self.broken.problems.count == Self.brokenProblems.count, "\(Self.broken.problems.map(\.description))")
    }

    /// Every fixture file has a row above except the valid ones: team.yaml, escape.yaml, and
    /// duplicates-other.yaml, whose bx-dup wins because its path sorts first.
    @Test func everyBrokenFileHasAProblem() {
        let files = Set(Self.broken.files.map { String($0.path.split(separator: "/").last!) })
        let withProblems = Set(Self.brokenProblems.map(\.file))
        #expect(files.subtracting(withProblems) == ["team.yaml", "escape.yaml", "duplicates-other.yaml"])
    }

    static let brokenValidNames = [
        "bx-team", "bx-before-syntax", "bx-valid-names", "bx-valid-fields", "bx-valid-types", "bx-yes-lifecycle-is-string",
        "bx-valid-root", "bx-dup", "bx-case", "bx-unique-dup-a", "bx-unique-dup-b", "bx-not-dangling", "bx-after-bomb",
        "bx-with-kind", "bx-escape",
        // Reference and cycle problems are warnings: these stay trusted.
        "bx-dangling", "bx-cycle-a", "bx-cycle-b", "bx-cycle-c",
    ]

    @Test func brokenFixturesKeepExactlyTheValidEntities() {
        #expect(Self.broken.validEntities.map(\.ref.name).sorted() == Self.brokenValidNames.sorted())
    }

    @Test(arguments: brokenValidNames)
    func validEntityOfABrokenFileIsPresentAndTrusted(_ name: String) throws {
        let matches = Self.broken.entities.filter { $0.ref.name == name }
        let trusted = try #require(matches.first { !$0.isQuarantined })
        #expect(Support.errors(trusted).isEmpty)
        #expect(Self.broken[trusted.ref]?.isQuarantined == false, "lookup by ref must find the trusted copy")
    }

    @Test func documentsAfterASyntaxErrorNeverLoad() {
        #expect(!Self.broken.entities.contains { $0.ref.name == "bx-after-syntax" })
    }

    @Test func aliasBombIsQuarantinedUnderItsName() throws {
        let bomb = try #require(Self.broken[EntityRef(kind: "component", name: "bx-bomb")])
        #expect(bomb.isQuarantined)
        #expect(bomb.source.line == 6)
    }

    @Test func yesLifecycleIsTheStringYes() throws {
        let entity = try #require(Self.broken[EntityRef(kind: "component", name: "bx-yes-lifecycle-is-string")])
        #expect(entity.lifecycle == "yes")
    }

    @Test func duplicatesKeepOneTrustedCopy() throws {
        let dups = Self.broken.entities.filter { $0.ref == EntityRef(kind: "component", name: "bx-dup") }
        #expect(dups.count == 2)
        #expect(dups.filter(\.isQuarantined).count == 1)
        let cases = Self.broken.entities.filter { $0.ref == EntityRef(kind: "component", name: "bx-case") }
        #expect(cases.map(\.name) == ["bx-Case", "bx-case"])
        #expect(cases.map(\.isQuarantined) == [false, true])
    }

    /// The catalog keeps text as written; neutralising escape sequences is the terminal's job.
    @Test func escapeSequencesAreKeptAsData() throws {
        let entity = try #require(Self.broken[EntityRef(kind: "component", name: "bx-escape")])
        #expect(entity.title == "Escape \u{1B}[1mbold\u{1B}[0m title")
        #expect(entity.summary?.contains("\u{1B}]0;pwned\u{07}") == true)
    }

    // MARK: Clean catalogs

    @Test func sampleCatalogLoadsClean() throws {
        let catalog = try CatalogLoader().load([RepositoryPaths.samples])
        #expect(catalog.problems.filter { $0.severity != .notice }.isEmpty, "\(catalog.problems.map(\.description))")
        #expect(catalog.entities.count == 73)
        #expect(catalog.quarantinedCount == 0)
        // The templates' skeleton files are inputs to the scaffolder, not entities.
        #expect(!catalog.files.contains { $0.path.contains("/skeleton/") })
    }

    @Test func sampleCatalogThroughItsLocationFileMatchesTheScan() throws {
        let viaLocation = try CatalogLoader().load([RepositoryPaths.samples + "/all.yaml"])
        let viaScan = try CatalogLoader().load([RepositoryPaths.samples])
        #expect(viaLocation.problems.filter { $0.severity != .notice }.isEmpty, "\(viaLocation.problems.map(\.description))")
        #expect(viaLocation.entities.map(\.ref) == viaScan.entities.map(\.ref))
    }

    @Test func foreignCatalogLoadsClean() throws {
        let catalog = try CatalogLoader().load([RepositoryPaths.foreignFixtures])
        #expect(catalog.problems.isEmpty, "\(catalog.problems.map(\.description))")
        #expect(catalog.entities.count == 15)
        // A Component and an API may share a name.
        #expect(catalog.contains(EntityRef(kind: "component", name: "wayback-search")))
        #expect(catalog.contains(EntityRef(kind: "api", name: "wayback-search")))
        #expect(catalog.entities.allSatisfy { $0.relations.allSatisfy { catalog.contains($0.target) } })
    }
}
