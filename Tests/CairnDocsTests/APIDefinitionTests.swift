import CairnCatalog
import CairnDocs
import Foundation
import Testing

/// A temporary catalog folder: `catalog/catalog-info.yaml` plus whatever files a test writes,
/// and a sibling `outside/` that placeholders must not reach.
final class TemporaryCatalog {
    let root: URL
    var catalogFolder: URL { root.appendingPathComponent("catalog") }
    var catalogFile: String { catalogFolder.appendingPathComponent("catalog-info.yaml").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-apidef-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: catalogFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("outside"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// An API entity whose spec (YAML, under `spec:`) is `spec`, read from the catalog file.
    func api(_ spec: String, name: String = "petstore") throws -> Entity {
        let yaml = """
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: \(name)
        spec:
        \(spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        """
        let document = try #require(YAMLParser.parse(yaml).documents.first?.root?.value)
        return Entity(ref: EntityRef(kind: "api", name: name), apiVersion: "backstage.io/v1alpha1", kind: "API",
                      document: document, source: SourceLocation(file: catalogFile, line: 1, column: 1))
    }
}

@Suite struct APIDefinitionTests {
    static let petstore = """
    openapi: 3.0.0
    info: {title: Pets, version: '1'}
    paths:
      /pets:
        get: {summary: List pets, responses: {'200': {description: ok}}}
    """

    @Test func inlineTextIsParsed() throws {
        let catalog = try TemporaryCatalog()
        let entity = try catalog.api("type: openapi\ndefinition: |\n" + Self.petstore.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        let definition = try APIDefinition.read(entity)
        #expect(definition.origin == .inline)
        #expect(definition.type == "openapi")
        #expect(definition.text.hasPrefix("openapi: 3.0.0\n"))
        #expect(definition.value?["info"]?["title"] == .string("Pets"))
        let lines = APIDefinitionText.lines(definition, width: 60)
        #expect(lines.contains { $0.text == "  GET  /pets  List pets" })
    }

    @Test func textPlaceholderReadsAFileBesideTheCatalogFile() throws {
        let catalog = try TemporaryCatalog()
        try catalog.write("catalog/specs/petstore.yaml", Self.petstore)
        let entity = try catalog.api("type: openapi\ndefinition:\n  $text: ./specs/petstore.yaml")
        let definition = try APIDefinition.read(entity)
        #expect(definition.text == Self.petstore)
        #expect(definition.value?["paths"]?["/pets"] != nil)
        guard case .file(let path) = definition.origin else { Issue.record("origin \(definition.origin)"); return }
        #expect(path.hasSuffix("catalog/./specs/petstore.yaml"))
    }

    @Test func yamlAndJSONPlaceholdersParseWhateverTheType() throws {
        let catalog = try TemporaryCatalog()
        try catalog.write("catalog/events.yaml", "asyncapi: 2.6.0\nchannels:\n  user/signedup: {}\n")
        try catalog.write("catalog/pets.json", #"{"openapi": "3.1.0", "info": {"title": "JSON pets", "version": "2"}, "paths": {}}"#)
        let events = try APIDefinition.read(try catalog.api("type: asyncapi\ndefinition: {$yaml: events.yaml}", name: "events"))
        #expect(events.value?["asyncapi"] == .string("2.6.0"))
        let pets = try APIDefinition.read(try catalog.api("type: openapi\ndefinition: {$json: pets.json}"))
        #expect(pets.value?["info"]?["title"] == .string("JSON pets"))
        let value = try #require(pets.value)
        #expect(OpenAPISummary(document: value).specVersion == "3.1.0")
    }

    @Test func traversalOutOfTheCatalogFolderIsRefused() throws {
        let catalog = try TemporaryCatalog()
        try catalog.write("outside/secret.yaml", Self.petstore)
        for target in ["../outside/secret.yaml", "specs/../../outside/secret.yaml", catalog.root.appendingPathComponent("outside/secret.yaml").path] {
            let entity = try catalog.api("type: openapi\ndefinition:\n  $text: \(target)")
            let error = try #require(throws: APIDefinitionError.self) { try APIDefinition.read(entity) }
            #expect(error.message.hasPrefix("\(catalog.catalogFile):1:1: error: api:petstore: spec.definition.$text"), "\(error)")
            #expect(error.message.contains("leaves the folder of the catalog file; cairn reads only files in that folder or below it"), "\(error)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func aSymlinkOutOfTheCatalogFolderIsRefused() throws {
        let catalog = try TemporaryCatalog()
        try catalog.write("outside/secret.yaml", Self.petstore)
        try FileManager.default.createSymbolicLink(atPath: catalog.catalogFolder.appendingPathComponent("link.yaml").path,
                                                   withDestinationPath: catalog.root.appendingPathComponent("outside/secret.yaml").path)
        let error = try #require(throws: APIDefinitionError.self) {
            try APIDefinition.read(try catalog.api("type: openapi\ndefinition: {$text: link.yaml}"))
        }
        #expect(error.message.contains("is a link to"), "\(error)")
        #expect(error.message.contains("outside the folder of the catalog file"), "\(error)")
    }

    @Test func urlsAreRefusedBecauseCairnReadsOnlyLocalFiles() throws {
        let catalog = try TemporaryCatalog()
        for target in ["https://example.com/openapi.yaml", "file:/etc/passwd"] {
            let error = try #require(throws: APIDefinitionError.self) {
                try APIDefinition.read(try catalog.api("type: openapi\ndefinition:\n  $text: \(target)"))
            }
            #expect(error.message.contains("is a URL; cairn reads only local files"), "\(error)")
        }
    }

    @Test func missingTooLargeAndUnparsableFilesAreOneLineErrorsNamingTheFile() throws {
        let catalog = try TemporaryCatalog()
        let missing = try #require(throws: APIDefinitionError.self) {
            try APIDefinition.read(try catalog.api("type: openapi\ndefinition: {$text: nope.yaml}"))
        }
        #expect(missing.message.contains("no such file"), "\(missing)")
        #expect(missing.message.contains("nope.yaml"))

        try catalog.write("catalog/huge.yaml", "# " + String(repeating: "x", count: APIDefinition.maxFileBytes))
        let huge = try #require(throws: APIDefinitionError.self) {
            try APIDefinition.read(try catalog.api("type: openapi\ndefinition: {$text: huge.yaml}"))
        }
        #expect(huge.message.hasPrefix(catalog.catalogFolder.path + "/huge.yaml: error: api:petstore:"), "\(huge)")
        #expect(huge.message.contains("larger than 5 MB"))

        try catalog.write("catalog/bad.yaml", "openapi: 3.0.0\ninfo: {title: [unclosed\n")
        let bad = try #require(throws: APIDefinitionError.self) {
            try APIDefinition.read(try catalog.api("type: openapi\ndefinition: {$text: bad.yaml}"))
        }
        #expect(bad.message.hasPrefix(catalog.catalogFolder.path + "/bad.yaml: error: api:petstore: the definition (line "), "\(bad)")
        #expect(bad.message.contains("does not parse"))
        #expect(!bad.message.contains("\n"))
    }

    @Test func placeholderAndDefinitionShapesAreChecked() throws {
        let catalog = try TemporaryCatalog()
        let number = try #require(throws: APIDefinitionError.self) {
            try APIDefinition.read(try catalog.api("type: openapi\ndefinition: {$text: 42}"))
        }
        #expect(number.message.contains("spec.definition.$text must be a file path, not a number"), "\(number)")
        let list = try #require(throws: APIDefinitionError.self) {
            try APIDefinition.read(try catalog.api("type: openapi\ndefinition: [a, b]"))
        }
        #expect(list.message.contains("spec.definition must be text or a placeholder"), "\(list)")
        let absent = try #require(throws: APIDefinitionError.self) { try APIDefinition.read(try catalog.api("type: openapi")) }
        #expect(absent.message.contains("spec.definition is missing"))
    }

    @Test func graphQLAndProtobufAreShownAsHighlightedSource() throws {
        let catalog = try TemporaryCatalog()
        try catalog.write("catalog/schema.graphql", "# The schema\ntype Query {\n  pets: [Pet!]!  # all\n}\n")
        let graphql = try APIDefinition.read(try catalog.api("type: graphql\ndefinition: {$text: schema.graphql}", name: "pets-graphql"))
        #expect(graphql.value == nil)
        let lines = APIDefinitionText.lines(graphql, width: 80)
        #expect(lines.map(\.text) == ["# The schema", "type Query {", "  pets: [Pet!]!  # all", "}"])
        #expect(lines.allSatisfy { $0.kind == .code })
        #expect(lines[0].spans == [StyledSpan("# The schema", [.code, .muted])])
        #expect(lines[1].spans == [StyledSpan("type", [.code, .strong]), StyledSpan(" Query {", .code)])
        // `pets` is a field, not a keyword.
        #expect(lines[2].spans.first == StyledSpan("  pets: [Pet!]!  ", .code))

        let proto = "syntax = \"proto3\";\nservice Pets {\n\trpc Get(GetRequest) returns (Pet);\n}\nmessage Pet { string name = 1; }"
        let grpc = try APIDefinition.read(try catalog.api("type: grpc\ndefinition: |\n" + proto.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"), name: "pets-grpc"))
        let grpcLines = APIDefinitionText.lines(grpc, width: 80)
        let strong = grpcLines.flatMap(\.spans).filter { $0.style.contains(.strong) }.map(\.text)
        #expect(strong == ["syntax", "service", "rpc", "returns", "message"])
        #expect(grpcLines[2].text == "    rpc Get(GetRequest) returns (Pet);")
    }

    @Test func asyncAPIIsShownAsTextWithKeysInBold() throws {
        let catalog = try TemporaryCatalog()
        let entity = try catalog.api("type: asyncapi\ndefinition: |\n  asyncapi: 2.6.0\n  channels:\n    user/signedup:\n      subscribe: {}", name: "events")
        let definition = try APIDefinition.read(entity)
        #expect(definition.value?["asyncapi"] == .string("2.6.0"))
        let lines = APIDefinitionText.lines(definition, width: 80)
        #expect(lines.map(\.text) == ["asyncapi: 2.6.0", "channels:", "  user/signedup:", "    subscribe: {}"])
        #expect(lines[0].spans == [StyledSpan("asyncapi:", [.code, .strong]), StyledSpan(" 2.6.0", .code)])
    }
}
