import CairnCatalog
import Testing

/// One faulty document and the single error it must produce.
struct FaultCase: Sendable, CustomTestStringConvertible {
    var label: String
    var yaml: String
    var line: Int
    var column: Int
    /// Text the message must contain (usually the field's name).
    var fragment: String

    var testDescription: String { label }
}

/// EntityReader: Backstage's envelope, metadata and per-kind spec rules, one rule at a time.
@Suite("EntityReader")
struct EntityReaderTests {
    static let file = "catalog/entity.yaml"

    static func read(_ yaml: String) throws -> Entity {
        let parsed = Support.parse(yaml, file: file)
        #expect(parsed.problems.isEmpty, "unexpected file problems: \(parsed.problems)")
        return try #require(parsed.entities.first)
    }

    /// A document of `kind` under `apiVersion` named `x`; `spec` lines start at line 6, column 3.
    static func document(_ kind: String, apiVersion: String = "backstage.io/v1alpha1", spec: [String]) -> String {
        (["apiVersion: \(apiVersion)", "kind: \(kind)", "metadata:", "  name: x", "spec:"] + spec.map { "  " + $0 })
            .joined(separator: "\n") + "\n"
    }

    // MARK: Valid entities

    static let validDocuments: [(String, String)] = [
        ("Component", document("Component", spec: [
            "type: service", "lifecycle: production", "owner: team-a", "system: shop", "subcomponentOf: platform",
            "providesApis: [orders-api]", "consumesApis: [api:default/auth-api]", "dependsOn: [resource:orders-db]",
            "dependencyOf: [component:storefront]",
        ])),
        ("API", document("API", spec: [
            "type: openapi", "lifecycle: production", "owner: group:team-a", "system: shop",
            "definition: |", "  openapi: 3.0.3", "  info: {title: Orders, version: 1.0.0}",
        ])),
        ("Resource", document("Resource", spec: [
            "type: database", "owner: team-a", "system: shop", "dependsOn: [resource:disk]", "dependencyOf: [component:orders]",
        ])),
        ("System", document("System", spec: ["owner: team-a", "domain: commerce", "type: product"])),
        ("Domain", document("Domain", spec: ["owner: team-a", "subdomainOf: business", "type: area"])),
        ("Group", document("Group", spec: [
            "type: team", "profile: {displayName: Team A, email: a@example.com}", "parent: engineering",
            "children: [team-a-core]", "members: [jane.doe]",
        ])),
        ("Group without children", document("Group", spec: ["type: team", "children: []"])),
        ("User", document("User", spec: ["profile: {displayName: Jane}", "memberOf: [team-a]"])),
        ("User in no group", document("User", spec: ["memberOf: []"])),
        ("Location with target", document("Location", spec: ["type: file", "target: ./other.yaml"])),
        ("Location with targets", document("Location", spec: ["targets: [./a.yaml, ./b.yaml]", "presence: optional"])),
        ("Template", document("Template", apiVersion: "scaffolder.backstage.io/v1beta3", spec: [
            "owner: team-a", "type: service", "parameters:", "  - title: Details", "    properties: {name: {type: string}}",
            "steps:", "  - id: fetch", "    action: fetch:template", "    input: {url: ./skeleton}",
            "output: {links: []}",
        ])),
        ("Template with parameters as a mapping", document("Template", apiVersion: "scaffolder.backstage.io/v1beta3", spec: [
            "type: service", "parameters: {properties: {}}", "steps: []",
        ])),
        ("Component in beta1", document("Component", apiVersion: "backstage.io/v1beta1", spec: [
            "type: library", "lifecycle: experimental", "owner: team-a",
        ])),
    ]

    @Test(arguments: validDocuments)
    func acceptsValidEntity(_ label: String, _ yaml: String) throws {
        let entity = try Self.read(yaml)
        #expect(entity.problems.isEmpty, "\(label): \(entity.problems.map(\.description))")
        #expect(!entity.isQuarantined)
        #expect(entity.ref.name == "x")
    }

    @Test func validEntityFieldsAreRead() throws {
        let entity = try Self.read("""
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: Payments
          namespace: shop
          title: Payments service
          description: Takes the money.
          tags: [java, pci]
          labels: {tier: "1", example.com/team: ""}
          annotations: {backstage.io/techdocs-ref: "dir:.", cairn.dev/note: "15"}
          links:
            - url: https://runbooks.example.com/payments
              title: Runbook
        spec:
          type: service
          lifecycle: production
          owner: team-a
          system: system:default/shop
        """)
        #expect(entity.problems.isEmpty, "\(entity.problems.map(\.description))")
        #expect(entity.ref == EntityRef(kind: "component", namespace: "shop", name: "payments"))
        #expect(entity.kind == "Component")
        #expect(entity.apiVersion == "backstage.io/v1alpha1")
        #expect(entity.name == "Payments")
        #expect(entity.title == "Payments service")
        #expect(entity.displayName == "Payments service")
        #expect(entity.summary == "Takes the money.")
        #expect(entity.tags == ["java", "pci"])
        #expect(entity.type == "service")
        #expect(entity.lifecycle == "production")
        // A bare owner takes the default kind (group) and the entity's own namespace.
        #expect(entity.owner == EntityRef(kind: "group", namespace: "shop", name: "team-a"))
        #expect(entity.system == EntityRef(kind: "system", namespace: "default", name: "shop"))
        #expect(entity.annotation("cairn.dev/note") == "15")
        #expect(entity.source == SourceLocation(file: Self.file, line: 1, column: 1))
    }

    @Test func yesIsAStringLifecycle() throws {
        let entity = try Self.read(Self.document("Component", spec: ["type: service", "lifecycle: yes", "owner: team-a"]))
        #expect(entity.problems.isEmpty)
        #expect(entity.lifecycle == "yes")
    }

    /// Kinds outside Backstage's built-ins, under their own apiVersion, are kept with only the
    /// envelope checked.
    @Test func customKindIsKeptAndValid() throws {
        let entity = try Self.read("""
        apiVersion: cairn.dev/v1alpha1
        kind: ResourceType
        metadata:
          name: redis
        spec:
          anything: [1, 2]
          owner: [not, a, string]
          nested: {deep: {deeper: true}}
        """)
        #expect(entity.problems.isEmpty)
        #expect(entity.ref == EntityRef(kind: "resourcetype", name: "redis"))
        #expect(entity.kind == "ResourceType")
        #expect(entity.spec["anything"] == .array([.int(1), .int(2)]))
    }

    @Test func customKindNeedsNoSpec() throws {
        let entity = try Self.read("apiVersion: example.com/v2\nkind: Widget\nmetadata:\n  name: w\n")
        #expect(entity.problems.isEmpty)
    }

    // MARK: Faults: envelope

    static let c = "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
    static let cSpec = "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
    static let cx = c + "metadata:\n  name: x\n" + cSpec

    static let envelopeFaults: [FaultCase] = [
        FaultCase(label: "missing apiVersion", yaml: "kind: Component\nmetadata:\n  name: x\n" + cSpec, line: 1, column: 1,
                  fragment: "apiVersion is missing"),
        FaultCase(label: "apiVersion without version", yaml: "apiVersion: \"backstage.io/\"\nkind: Component\nmetadata:\n  name: x\n" + cSpec,
                  line: 1, column: 13, fragment: "apiVersion \"backstage.io/\""),
        FaultCase(label: "apiVersion with uppercase group", yaml: "apiVersion: Backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n",
                  line: 1, column: 13, fragment: "apiVersion"),
        FaultCase(label: "apiVersion a number", yaml: "apiVersion: 1\nkind: Component\nmetadata:\n  name: x\n",
                  line: 1, column: 13, fragment: "apiVersion must be a string, not a number"),
        FaultCase(label: "missing kind", yaml: "apiVersion: backstage.io/v1alpha1\nmetadata:\n  name: x\n", line: 1, column: 1,
                  fragment: "kind is missing"),
        FaultCase(label: "kind starting with a digit", yaml: "apiVersion: backstage.io/v1alpha1\nkind: 9Lives\nmetadata:\n  name: x\n" + cSpec,
                  line: 2, column: 7, fragment: "kind \"9Lives\""),
        FaultCase(label: "kind with a dash", yaml: "apiVersion: backstage.io/v1alpha1\nkind: Resource-Type\nmetadata:\n  name: x\n",
                  line: 2, column: 7, fragment: "kind \"Resource-Type\""),
        FaultCase(label: "relations at the root", yaml: cx + "relations: []\n", line: 9, column: 1, fragment: "relations is computed"),
        FaultCase(label: "status at the root", yaml: cx + "status: {}\n", line: 9, column: 1, fragment: "status is computed"),
        FaultCase(label: "unknown root key", yaml: cx + "extra: 1\n", line: 9, column: 1, fragment: "unknown field \"extra\""),
        FaultCase(label: "metadata missing", yaml: c + cSpec, line: 1, column: 1, fragment: "metadata is missing"),
        FaultCase(label: "metadata a number", yaml: c + "metadata: 5\n" + cSpec, line: 3, column: 11,
                  fragment: "metadata must be a mapping, not a number"),
        FaultCase(label: "metadata a list", yaml: c + "metadata: [name]\n" + cSpec, line: 3, column: 11,
                  fragment: "metadata must be a mapping, not a list"),
        FaultCase(label: "spec a string", yaml: c + "metadata:\n  name: x\nspec: \"text\"\n", line: 5, column: 7,
                  fragment: "spec must be a mapping, not a string"),
        FaultCase(label: "spec missing", yaml: c + "metadata:\n  name: x\n", line: 1, column: 1,
                  fragment: "spec is missing; a Component needs spec.type, spec.lifecycle, spec.owner"),
    ]

    // MARK: Faults: metadata

    static func meta(_ lines: String...) -> String {
        c + "metadata:\n  name: x\n" + lines.map { "  " + $0 + "\n" }.joined() + cSpec
    }

    static let metadataFaults: [FaultCase] = [
        FaultCase(label: "name with $", yaml: c + "metadata:\n  name: \"Pay$\"\n" + cSpec, line: 4, column: 9, fragment: "metadata.name \"Pay$\""),
        FaultCase(label: "name with leading dash", yaml: c + "metadata:\n  name: -x\n" + cSpec, line: 4, column: 9, fragment: "metadata.name"),
        FaultCase(label: "name with trailing dash", yaml: c + "metadata:\n  name: x-\n" + cSpec, line: 4, column: 9, fragment: "metadata.name"),
        FaultCase(label: "name of 64 characters", yaml: c + "metadata:\n  name: \(String(repeating: "n", count: 64))\n" + cSpec,
                  line: 4, column: 9, fragment: "metadata.name"),
        FaultCase(label: "name a number", yaml: c + "metadata:\n  name: 42\n" + cSpec, line: 4, column: 9,
                  fragment: "metadata.name must be a string, not a number"),
        FaultCase(label: "name missing", yaml: c + "metadata:\n  title: X\n" + cSpec, line: 4, column: 3, fragment: "metadata.name is missing"),
        FaultCase(label: "namespace with uppercase and underscore", yaml: meta("namespace: Bad_Namespace"), line: 5, column: 14,
                  fragment: "metadata.namespace \"Bad_Namespace\""),
        FaultCase(label: "namespace a list", yaml: meta("namespace: [a]"), line: 5, column: 14,
                  fragment: "metadata.namespace must be a string, not a list"),
        FaultCase(label: "title a number", yaml: meta("title: 42"), line: 5, column: 10, fragment: "metadata.title must be a string, not a number"),
        FaultCase(label: "description a mapping", yaml: meta("description: {a: b}"), line: 5, column: 16,
                  fragment: "metadata.description must be a string, not a mapping"),
        FaultCase(label: "label key with space and !", yaml: meta("labels:", "  \"bad key!\": fine"), line: 6, column: 5,
                  fragment: "label key \"bad key!\""),
        FaultCase(label: "label key with two slashes", yaml: meta("labels:", "  a/b/c: fine"), line: 6, column: 5, fragment: "label key \"a/b/c\""),
        FaultCase(label: "label value with space and !", yaml: meta("labels:", "  tier: \"not valid!\""), line: 6, column: 11,
                  fragment: "label value \"not valid!\""),
        FaultCase(label: "label value a number", yaml: meta("labels:", "  tier: 1"), line: 6, column: 11,
                  fragment: "label \"tier\" must be a string, not a number"),
        FaultCase(label: "labels a list", yaml: meta("labels: [x]"), line: 5, column: 11, fragment: "metadata.labels must be a mapping"),
        FaultCase(label: "annotation key invalid", yaml: meta("annotations:", "  \"bad key!\": fine"), line: 6, column: 5,
                  fragment: "annotation key \"bad key!\""),
        FaultCase(label: "annotation value a number", yaml: meta("annotations:", "  cairn.dev/health-interval: 15"), line: 6, column: 32,
                  fragment: "annotation \"cairn.dev/health-interval\" must be a string, not a number"),
        FaultCase(label: "annotation value a boolean", yaml: meta("annotations:", "  example.com/flag: true"), line: 6, column: 23,
                  fragment: "annotation \"example.com/flag\" must be a string, not a boolean"),
        FaultCase(label: "annotation value a mapping", yaml: meta("annotations:", "  cairn.dev/health-url:", "    url: http://x", "    interval: 15s"),
                  line: 7, column: 7, fragment: "annotation \"cairn.dev/health-url\" must be a string, not a mapping"),
        FaultCase(label: "annotations a string", yaml: meta("annotations: text"), line: 5, column: 16,
                  fragment: "metadata.annotations must be a mapping"),
        FaultCase(label: "tags a string", yaml: meta("tags: \"java\""), line: 5, column: 9, fragment: "metadata.tags must be a list, not a string"),
        FaultCase(label: "tag in uppercase", yaml: meta("tags:", "  - go", "  - UPPER"), line: 7, column: 7, fragment: "tag \"UPPER\""),
        FaultCase(label: "tag with a space", yaml: meta("tags: [go, Has Spaces]"), line: 5, column: 14, fragment: "tag \"Has Spaces\""),
        FaultCase(label: "tag a number", yaml: meta("tags: [go, 5]"), line: 5, column: 14, fragment: "a tag in metadata.tags must be a string"),
        FaultCase(label: "link without url", yaml: meta("links:", "  - title: Runbook", "    icon: docs"), line: 6, column: 7,
                  fragment: "a link has no url"),
        FaultCase(label: "link url without scheme", yaml: meta("links:", "  - url: runbooks.example.com"), line: 6, column: 12,
                  fragment: "link url \"runbooks.example.com\""),
        FaultCase(label: "link url a number", yaml: meta("links:", "  - url: 5"), line: 6, column: 12, fragment: "links[].url must be a string"),
        FaultCase(label: "link title a list", yaml: meta("links:", "  - url: https://x.example", "    title: [a]"), line: 7, column: 14,
                  fragment: "links[].title must be a string, not a list"),
        FaultCase(label: "link a string", yaml: meta("links:", "  - https://x.example"), line: 6, column: 7,
                  fragment: "each entry of metadata.links must be a mapping"),
        FaultCase(label: "links a mapping", yaml: meta("links: {url: https://x.example}"), line: 5, column: 10,
                  fragment: "metadata.links must be a list, not a mapping"),
    ]

    // MARK: Faults: spec types

    static func spec(_ lines: String...) -> String {
        c + "metadata:\n  name: x\nspec:\n" + lines.map { "  " + $0 + "\n" }.joined()
    }

    static let specFaults: [FaultCase] = [
        FaultCase(label: "owner a list", yaml: spec("type: service", "lifecycle: production", "owner: [a, b]"), line: 8, column: 10,
                  fragment: "spec.owner must be a string, not a list"),
        FaultCase(label: "owner empty", yaml: spec("type: service", "lifecycle: production", "owner: \"  \""), line: 8, column: 10,
                  fragment: "spec.owner must not be empty"),
        FaultCase(label: "owner with an empty kind", yaml: spec("type: service", "lifecycle: production", "owner: \":team-a\""), line: 8, column: 10,
                  fragment: "spec.owner: entity reference \":team-a\" is not of the form"),
        FaultCase(label: "lifecycle a boolean", yaml: spec("type: service", "lifecycle: true", "owner: team-a"), line: 7, column: 14,
                  fragment: "spec.lifecycle must be a string, not a boolean"),
        FaultCase(label: "type a number", yaml: spec("type: 3", "lifecycle: production", "owner: team-a"), line: 6, column: 9,
                  fragment: "spec.type must be a string, not a number"),
        FaultCase(label: "dependsOn a string", yaml: spec("type: service", "lifecycle: production", "owner: team-a", "dependsOn: component:y"),
                  line: 9, column: 14, fragment: "spec.dependsOn must be a list, not a string"),
        FaultCase(label: "dependsOn entry without kind", yaml: spec("type: service", "lifecycle: production", "owner: team-a", "dependsOn:", "  - bare-name"),
                  line: 10, column: 7, fragment: "spec.dependsOn: entity reference \"bare-name\" has no kind"),
        FaultCase(label: "dependsOn entry a mapping", yaml: spec("type: service", "lifecycle: production", "owner: team-a", "dependsOn: [{a: b}]"),
                  line: 9, column: 15, fragment: "an entry of spec.dependsOn must be a string, not a mapping"),
        FaultCase(label: "providesApis a mapping", yaml: spec("type: service", "lifecycle: production", "owner: team-a", "providesApis: {a: b}"),
                  line: 9, column: 17, fragment: "spec.providesApis must be a list, not a mapping"),
        FaultCase(label: "system a number", yaml: spec("type: service", "lifecycle: production", "owner: team-a", "system: 7"),
                  line: 9, column: 11, fragment: "spec.system must be a string, not a number"),
        FaultCase(label: "API definition a mapping",
                  yaml: document("API", spec: ["type: openapi", "lifecycle: production", "owner: team-a", "definition: {openapi: 3.0.0}"]),
                  line: 9, column: 15, fragment: "spec.definition must be a string, not a mapping"),
        FaultCase(label: "Group profile a string", yaml: document("Group", spec: ["type: team", "children: []", "profile: Team A"]),
                  line: 8, column: 12, fragment: "spec.profile must be a mapping, not a string"),
        FaultCase(label: "User memberOf a string", yaml: document("User", spec: ["memberOf: team-a"]),
                  line: 6, column: 13, fragment: "spec.memberOf must be a list, not a string"),
        FaultCase(label: "Location presence not allowed", yaml: document("Location", spec: ["target: ./a.yaml", "presence: maybe"]),
                  line: 7, column: 13, fragment: "spec.presence must be one of required, optional, not \"maybe\""),
        FaultCase(label: "Location targets a string", yaml: document("Location", spec: ["targets: ./a.yaml"]),
                  line: 6, column: 12, fragment: "spec.targets must be a list, not a string"),
        FaultCase(label: "Template steps a mapping",
                  yaml: document("Template", apiVersion: "scaffolder.backstage.io/v1beta3", spec: ["type: service", "steps: {a: b}"]),
                  line: 7, column: 10, fragment: "spec.steps must be a list, not a mapping"),
        FaultCase(label: "Template parameters a string",
                  yaml: document("Template", apiVersion: "scaffolder.backstage.io/v1beta3", spec: ["type: service", "steps: []", "parameters: none"]),
                  line: 8, column: 15, fragment: "spec.parameters must be a mapping or a list, not a string"),
    ]

    // MARK: Faults: required spec fields (error on the spec mapping, line 6 column 3)

    static let requiredFaults: [FaultCase] = [
        ("Component", ["lifecycle: production", "owner: team-a"], "spec.type is missing"),
        ("Component", ["type: service", "owner: team-a"], "spec.lifecycle is missing"),
        ("Component", ["type: service", "lifecycle: production"], "spec.owner is missing"),
        ("API", ["lifecycle: production", "owner: team-a", "definition: x"], "spec.type is missing"),
        ("API", ["type: openapi", "owner: team-a", "definition: x"], "spec.lifecycle is missing"),
        ("API", ["type: openapi", "lifecycle: production", "definition: x"], "spec.owner is missing"),
        ("API", ["type: openapi", "lifecycle: production", "owner: team-a"], "spec.definition is missing"),
        ("Resource", ["owner: team-a"], "spec.type is missing"),
        ("Resource", ["type: database"], "spec.owner is missing"),
        ("System", ["domain: commerce"], "spec.owner is missing"),
        ("Domain", ["type: area"], "spec.owner is missing"),
        ("Group", ["children: []"], "spec.type is missing"),
        ("Group", ["type: team"], "spec.children is missing"),
        ("User", ["profile: {displayName: X}"], "spec.memberOf is missing"),
        ("Location", ["type: file"], "spec.target or spec.targets is missing"),
    ].map { kind, lines, fragment in
        FaultCase(label: "\(kind): \(fragment)", yaml: document(kind, spec: lines), line: 6, column: 3, fragment: fragment)
    } + [
        FaultCase(label: "Template: spec.steps is missing",
                  yaml: document("Template", apiVersion: "scaffolder.backstage.io/v1beta3", spec: ["type: service"]),
                  line: 6, column: 3, fragment: "spec.steps is missing"),
        FaultCase(label: "Template: spec.type is missing",
                  yaml: document("Template", apiVersion: "scaffolder.backstage.io/v1beta3", spec: ["steps: []"]),
                  line: 6, column: 3, fragment: "spec.type is missing"),
        FaultCase(label: "Domain with empty spec", yaml: c.replacingOccurrences(of: "Component", with: "Domain") + "metadata:\n  name: x\nspec: {}\n",
                  line: 5, column: 7, fragment: "spec.owner is missing; a Domain needs it"),
        FaultCase(label: "API with no spec", yaml: "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: x\n",
                  line: 1, column: 1, fragment: "an API needs spec.type, spec.lifecycle, spec.owner, spec.definition"),
    ]

    @Test(arguments: envelopeFaults + metadataFaults + specFaults + requiredFaults)
    func reportsFault(_ fault: FaultCase) throws {
        let entity = try Self.read(fault.yaml)
        #expect(entity.isQuarantined)
        #expect(entity.problems.count == 1, "\(entity.problems.map(\.description))")
        let problem = try #require(entity.problems.first)
        #expect(problem.severity == .error)
        #expect(problem.file == Self.file)
        #expect(problem.line == fault.line)
        #expect(problem.column == fault.column)
        #expect(problem.message.contains(fault.fragment), "\(problem.message)")
    }

    /// "a User", not "an User": the article follows the sound, not the letter.
    @Test func requiredFieldMessageUsesTheRightArticle() throws {
        let user = try Self.read(Self.document("User", spec: ["profile: {displayName: X}"]))
        let message = try #require(user.problems.first?.message)
        #expect(message.contains("a User needs it"))
        let api = try Self.read(Self.document("API", spec: ["type: openapi", "lifecycle: production", "owner: team-a"]))
        #expect(api.problems.first?.message.contains("an API needs it") == true)
        let group = try Self.read(Self.document("Group", spec: ["type: team"]))
        #expect(group.problems.first?.message.contains("a Group needs it") == true)
    }

    // MARK: Problem subjects and file handling

    @Test func problemNamesTheEntity() throws {
        let entity = try Self.read(Self.meta("tags: [UPPER]").replacingOccurrences(of: "name: x", with: "name: Payments"))
        #expect(entity.problems.first?.entityRef == "component:default/payments")
        #expect(entity.problems.first?.description.hasPrefix("\(Self.file):5:10: error: component:default/payments: tag \"UPPER\"") == true)
    }

    @Test func namelessEntityIsNamedAfterItsLine() throws {
        let parsed = Support.parse(Support.stream(Support.component("a"), Self.c + "metadata: 5\n" + Self.cSpec))
        let nameless = try #require(parsed.entities.last)
        #expect(nameless.ref.name == "unnamed-at-line-10")
        #expect(nameless.isQuarantined)
    }

    @Test func documentWithoutAPIVersionAndKindIsSkippedWithANotice() throws {
        let parsed = Support.parse("# compose\nversion: \"3.9\"\nservices:\n  web: {image: nginx}\n")
        #expect(parsed.entities.isEmpty)
        #expect(parsed.problems.count == 1)
        let notice = try #require(parsed.problems.first)
        #expect(notice.severity == .notice)
        #expect((notice.line, notice.column) == (2, 1))
        #expect(notice.message.contains("without apiVersion and kind"))
    }

    @Test func readReturnsSkippedForNonEntities() throws {
        let document = try #require(YAMLParser.parse("name: just-data\n").documents.first)
        guard case .skipped(let problem) = EntityReader.read(document, file: "f.yaml") else {
            Issue.record("a document without apiVersion and kind was read as an entity")
            return
        }
        #expect(problem.severity == .notice)
        #expect(problem.file == "f.yaml")
    }

    @Test func validEntitiesInABrokenFileStillLoad() throws {
        let parsed = Support.parse(Support.stream(
            Support.component("first"),
            Self.meta("tags: [UPPER]").replacingOccurrences(of: "name: x", with: "name: broken"),
            Support.component("last")))
        #expect(parsed.entities.map(\.ref.name) == ["first", "broken", "last"])
        #expect(parsed.entities.map(\.isQuarantined) == [false, true, false])
    }

    @Test func duplicateKeyQuarantinesTheEntity() throws {
        let entity = try Self.read(Self.cx + "spec:\n  type: other\n")
        #expect(entity.isQuarantined)
        let problem = try #require(entity.problems.first)
        #expect(problem.message.contains("duplicate key \"spec\""))
        #expect((problem.line, problem.column) == (9, 1))
        #expect(entity.type == "service")
    }

    @Test func aliasBombBecomesAQuarantinedEntityUnderItsName() throws {
        var lines = ["apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:", "  name: bomb", "spec:", "  lol:",
                     "    a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        let letters = Array("abcdefghi")
        for level in 1..<9 {
            lines.append("    \(letters[level]): &\(letters[level]) [" + Array(repeating: "*\(letters[level - 1])", count: 9).joined(separator: ", ") + "]")
        }
        let entity = try Self.read(lines.joined(separator: "\n"))
        #expect(entity.ref == EntityRef(kind: "component", name: "bomb"))
        #expect(entity.isQuarantined)
        #expect(entity.problems.contains { $0.message.contains("alias") })
    }

    @Test func referencesRecordWhereTheyWereWritten() throws {
        let entity = try Self.read(Self.spec("type: service", "lifecycle: production", "owner: team-a", "dependsOn:", "  - resource:db",
                                             "providesApis: [orders]"))
        #expect(entity.declaredReferences == [
            DeclaredReference(field: "spec.owner", type: .ownedBy, target: EntityRef(kind: "group", name: "team-a"), line: 8, column: 10),
            DeclaredReference(field: "spec.providesApis", type: .providesApi, target: EntityRef(kind: "api", name: "orders"), line: 11, column: 18),
            DeclaredReference(field: "spec.dependsOn", type: .dependsOn, target: EntityRef(kind: "resource", name: "db"), line: 10, column: 7),
        ])
    }
}
