import CairnCatalog
@testable import CairnScaffold
import Foundation
import Testing

/// Templates, catalogs and values files for the parameter tests, all built from YAML text.
enum ParameterFixtures {
    static let repository: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let templatesFolder = repository + "/catalog-samples/templates"

    /// A Template entity whose `spec.parameters` is `parameters` (YAML written at column 0).
    static func template(_ parameters: String, name: String = "demo") -> Entity {
        let indented = parameters.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        let yaml = """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata:
          name: \(name)
        spec:
          owner: platform-team
          type: service
          steps: []
          parameters:
        \(indented)
        """
        return entity(yaml, file: "templates/\(name).yaml")
    }

    static func form(_ parameters: String) throws -> TemplateForm {
        try TemplateForm(template: template(parameters))
    }

    /// The error `parameters` fails with, or nil when it reads.
    static func error(_ parameters: String) -> String? {
        do {
            _ = try TemplateForm(template: template(parameters))
            return nil
        } catch {
            return error.message
        }
    }

    static func entity(_ yaml: String, file: String) -> Entity {
        let parsed = FileParser.parse(Array(yaml.utf8), file: SourceFile(path: file, size: 0, modified: 0))
        precondition(parsed.entities.count == 1, "fixture does not hold one entity: \(parsed.problems)")
        return parsed.entities[0]
    }

    static func catalog(_ yaml: String) -> Catalog {
        CatalogAssembler.assemble([FileParser.parse(Array(yaml.utf8), file: SourceFile(path: "catalog.yaml", size: 0, modified: 0))])
    }

    /// Groups team-a (title "Payments Team") and team-b, team-c in namespace ops, user alice, a
    /// system and a component named team-x (a wrong kind for an owner).
    static let people = catalog("""
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: team-a, title: Payments Team}
    spec: {type: team, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: team-b, title: Search}
    spec: {type: team, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: team-c, namespace: ops}
    spec: {type: team, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata: {name: alice}
    spec: {memberOf: [team-a]}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: System
    metadata: {name: payments}
    spec: {owner: team-a}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata: {name: team-x}
    spec: {type: service, lifecycle: production, owner: team-a}
    """)

    /// Writes `text` to a fresh temporary file, runs `body` with its path, then removes it.
    static func withFile<T>(_ text: String, name: String = "values.yaml", _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-params-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try body(path)
    }
}

@Suite("Template parameters → form")
struct ParameterFormTests {
    @Test("every sample template loads; the Go and Spring Boot ones read as written")
    func sampleTemplates() throws {
        let catalog = try CatalogLoader().load([ParameterFixtures.templatesFolder])
        let templates = catalog.entities.filter { $0.ref.kind == "template" }
        #expect(Set(templates.map(\.ref.name)).isSuperset(of: ["go-service-template", "spring-boot-service-template"]))
        for template in templates {
            let form = try TemplateForm(template: template)
            #expect(!form.fields.isEmpty, "\(template.ref)")
            // Every default passes its own field's rules.
            let defaults = Dictionary(form.defaults().map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            #expect(form.validate(defaults, catalog: nil).allSatisfy { $0.message == "required" }, "\(template.ref)")
        }

        let go = try TemplateForm(template: #require(catalog[EntityRef(kind: "template", name: "go-service-template")]))
        #expect(go.pages.map(\.title) == ["Service details", "Runtime"])
        #expect(go.fields.map(\.key) == ["name", "description", "owner", "system", "repoUrl", "port", "healthPath"])
        let name = try #require(go.field("name"))
        #expect(name.kind == .text && name.isRequired && name.autofocus)
        #expect(name.pattern == "^[a-z0-9]+(-[a-z0-9]+)*$" && name.maxLength == 63)
        #expect(go.field("owner")?.kind == .entity(kinds: ["Group"], allowArbitraryValues: true))
        #expect(go.field("owner")?.isRequired == true)
        #expect(go.field("system")?.kind == .entity(kinds: ["System"], allowArbitraryValues: true))
        #expect(go.field("system")?.isRequired == false)
        #expect(go.field("port")?.kind == .integer)
        #expect(go.field("healthPath")?.kind == .choice(["/healthz", "/livez", "/readyz"].map { .init(value: .string($0), label: $0) }))
        #expect(go.defaults().map(\.key) == ["port", "healthPath"])
        #expect(go.defaults().map(\.value) == [.int(8080), .string("/healthz")])

        let spring = try TemplateForm(template: #require(catalog[EntityRef(kind: "template", name: "spring-boot-service-template")]))
        #expect(spring.field("database")?.kind == .boolean)
        #expect(spring.defaults().map(\.value) == [.string("com.northwind.service"), .bool(false)])
    }

    @Test("a single object is one page; no parameters is no page")
    func singlePage() throws {
        let form = try ParameterFixtures.form("""
        required: [name]
        properties:
          name: {type: string}
        """)
        #expect(form.pages.count == 1)
        #expect(form.pages[0].title == "Step 1")
        #expect(form.fields.map(\.title) == ["name"])
        #expect(form.fields[0].isRequired)
        #expect(try ParameterFixtures.form("null").pages.isEmpty)
    }

    @Test("each widget and field extension has its kind")
    func kinds() throws {
        let form = try ParameterFixtures.form("""
        - title: Everything
          description: One of each
          properties:
            text: {type: string, title: Text, description: Plain, ui:help: Say something}
            password: {type: string, ui:widget: password}
            secret: {type: string, ui:field: Secret}
            notes: {type: string, ui:widget: textarea}
            count: {type: integer, minimum: 1, maximum: 9}
            ratio: {type: number, minimum: 0.5}
            enabled: {type: boolean}
            size: {type: string, enum: [s, m, l], enumNames: [Small, Medium]}
            tier: {type: integer, enum: [1, 2]}
            flavour:
              type: string
              oneOf:
                - {const: vanilla, title: Vanilla}
                - {const: mint, title: Mint}
            languages:
              type: array
              ui:widget: checkboxes
              items: {type: string, enum: [go, java], enumNames: [Go, Java]}
            tags: {type: array, ui:field: EntityTagsPicker, items: {type: string}}
            owner: {type: string, ui:field: OwnerPicker}
            anything: {type: string, ui:field: EntityPicker, ui:options: {allowArbitraryValues: false}}
            team: {type: string, ui:field: EntityPicker, ui:options: {catalogFilter: [{kind: [Group, User]}, {kind: System}]}}
            legacy: {type: string, ui:field: EntityPicker, ui:options: {allowedKinds: [Component]}}
            component: {type: string, ui:field: EntityNamePicker}
            repo: {type: string, ui:field: RepoUrlPicker, ui:options: {allowedHosts: [github.com]}}
            custom: {type: string, ui:field: SomeCustomExtension}
            untyped: {default: 3}
            nullable: {type: [string, "null"]}
            masked: {type: string, ui:backstage: {review: {mask: '***'}}}
        """)
        let kinds = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.key, $0.kind) })
        #expect(kinds["text"] == .text)
        #expect(kinds["password"] == .password)
        #expect(kinds["secret"] == .password)
        #expect(kinds["notes"] == .multiline)
        #expect(kinds["count"] == .integer)
        #expect(kinds["ratio"] == .number)
        #expect(kinds["enabled"] == .boolean)
        #expect(kinds["size"] == .choice([.init(value: .string("s"), label: "Small"), .init(value: .string("m"), label: "Medium"), .init(value: .string("l"), label: "l")]))
        #expect(kinds["tier"] == .choice([.init(value: .int(1), label: "1"), .init(value: .int(2), label: "2")]))
        #expect(kinds["flavour"] == .choice([.init(value: .string("vanilla"), label: "Vanilla"), .init(value: .string("mint"), label: "Mint")]))
        #expect(kinds["languages"] == .multiChoice([.init(value: .string("go"), label: "Go"), .init(value: .string("java"), label: "Java")]))
        #expect(kinds["tags"] == .multiChoice([]))
        #expect(kinds["owner"] == .entity(kinds: ["Group", "User"], allowArbitraryValues: true))
        #expect(kinds["anything"] == .entity(kinds: [], allowArbitraryValues: false))
        #expect(kinds["team"] == .entity(kinds: ["Group", "User", "System"], allowArbitraryValues: true))
        #expect(kinds["legacy"] == .entity(kinds: ["Component"], allowArbitraryValues: true))
        #expect(kinds["component"] == .entityName)
        #expect(kinds["repo"] == .repoUrl(allowedHosts: ["github.com"]))
        #expect(kinds["custom"] == .text)
        #expect(kinds["untyped"] == .integer)
        #expect(kinds["nullable"] == .text)

        #expect(form.fields.filter(\.isSecret).map(\.key) == ["password", "secret", "masked"])
        #expect(form.pages[0].description == "One of each")
        let text = try #require(form.field("text"))
        #expect(text.title == "Text" && text.description == "Plain" && text.help == "Say something")
        #expect(form.field("count")?.minimum == 1 && form.field("count")?.maximum == 9)
        #expect(form.field("ratio")?.minimum == 0.5)
    }

    @Test("dependencies, oneOf and object properties are skipped, not shown, not fatal")
    func conditionalSchema() throws {
        let form = try ParameterFixtures.form("""
        - title: Database
          required: [engine, hidden]
          properties:
            engine: {type: string, enum: [postgres, none]}
            settings: {type: object, properties: {size: {type: string}}}
          dependencies:
            engine:
              oneOf:
                - properties:
                    engine: {const: postgres}
                    version: {type: string}
                  required: [version]
                - properties:
                    engine: {const: none}
          oneOf:
            - required: [engine]
          allOf: []
        """)
        #expect(form.fields.map(\.key) == ["engine"])
        #expect(form.validate(["engine": .string("postgres")], catalog: nil).isEmpty)
    }

    @Test("ui:order puts listed fields first, * for the rest")
    func order() throws {
        let form = try ParameterFixtures.form("""
        ui:order: [c, '*', a]
        properties:
          a: {type: string}
          b: {type: string}
          c: {type: string}
          d: {type: string}
        """)
        #expect(form.fields.map(\.key) == ["c", "b", "d", "a"])
    }

    @Test("defaults are typed per field; an integral 8080.0 is the integer 8080")
    func typedDefaults() throws {
        let form = try ParameterFixtures.form("""
        properties:
          port: {type: integer, default: 8080.0}
          ratio: {type: number, default: 1}
          enabled: {type: boolean, default: true}
          languages: {type: array, items: {enum: [go, java]}, default: [go]}
          version: {type: string, enum: ['1.22', '1.21'], default: 1.22}
          name: {type: string}
        """)
        #expect(form.defaults().map(\.key) == ["port", "ratio", "enabled", "languages", "version"])
        #expect(form.defaults().map(\.value) == [.int(8080), .int(1), .bool(true), .array([.string("go")]), .string("1.22")])
        #expect(form.field("name")?.defaultValue == nil)
    }

    @Test("what cannot be read is a one-line error naming the template and the JSON path",
          arguments: [
              ("parameters: nope", "spec.parameters must be a mapping (one page) or a list of pages, not a string"),
              ("- nope", "spec.parameters[0] must be a mapping"),
              ("- properties: [a]", "spec.parameters[0].properties must be a mapping"),
              ("- properties: {a: text}", "spec.parameters[0].properties.a must be a mapping"),
              ("- {}\n- properties: {name: {type: string, pattern: '[a-'}}", #"spec.parameters[1].properties.name.pattern "[a-" is not a valid regular expression"#),
              ("properties: {port: {type: integer, default: '8080'}}", "spec.parameters.properties.port.default must be an integer, not a string"),
              ("properties: {ok: {type: boolean, default: 'yes'}}", "spec.parameters.properties.ok.default must be true or false, not a string"),
              ("properties: {a: {type: strin}}", #"spec.parameters.properties.a.type "strin" is not one of string, integer, number"#),
              ("properties: {a: {type: string, maxLength: -1}}", "spec.parameters.properties.a.maxLength must be a whole number of at least 0, not -1"),
              ("properties: {a: {type: string, minimum: big}}", "spec.parameters.properties.a.minimum must be a number, not big"),
              ("properties: {a: {type: string, enum: a}}", "spec.parameters.properties.a.enum must be a list, not a string"),
              ("required: name\nproperties: {}", "spec.parameters.required must be a list of strings, not a string"),
              ("required: [1]", "spec.parameters.required[0] must be a string, not a number"),
              ("properties: {o: {ui:field: OwnerPicker, ui:options: {catalogFilter: [{kind: 3}]}}}",
               "spec.parameters.properties.o.ui:options.catalogFilter[0].kind must be a string or a list of strings, not a number"),
              ("properties: {o: {ui:field: EntityPicker, ui:options: {allowArbitraryValues: 'no'}}}",
               "spec.parameters.properties.o.ui:options.allowArbitraryValues must be true or false, not a string"),
              ("properties: {o: {type: string, ui:options: [x]}}", "spec.parameters.properties.o.ui:options must be a mapping, not a list"),
              ("properties: {'odd key': {type: string, pattern: '('}}", #"spec.parameters.properties["odd key"].pattern"#),
          ])
    func unreadable(parameters: String, expected: String) throws {
        // `parameters: nope` stands for a whole spec.parameters that is a string.
        let text = parameters == "parameters: nope" ? "nope" : parameters
        let message = try #require(ParameterFixtures.error(text))
        #expect(message.hasPrefix("templates/demo.yaml:1:1: error: template:demo: "))
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test("only a Template or a ResourceType has parameters")
    func notATemplate() throws {
        let component = ParameterFixtures.entity("""
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: payments}
        spec: {type: service, lifecycle: production, owner: team-a}
        """, file: "catalog/payments.yaml")
        #expect(throws: FormError(#"catalog/payments.yaml:1:1: error: component:payments: kind is "Component", not "Template" or "ResourceType"; only those have parameters"#)) {
            try TemplateForm(template: component)
        }
    }

    @Test("a hostile key or pattern cannot break the error onto two lines or reach the terminal")
    func hostileKey() throws {
        let message = try #require(ParameterFixtures.error(#"properties: {"evil\nkey\u001b[2J": {type: string, pattern: "(\u001b"}}"#))
        #expect(!message.contains("\n") && !message.contains("\u{1b}"))
        #expect(message.contains(#"properties["evil\nkey\u001b[2J"].pattern"#), "\(message)")
    }
}
