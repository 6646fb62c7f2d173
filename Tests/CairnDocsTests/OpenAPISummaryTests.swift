import CairnCatalog
import CairnDocs
import Foundation
import Testing

/// Specs under Tests/Fixtures/openapi, shaped like the ones real catalogs hold.
enum OpenAPIFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/openapi")

    static func document(_ name: String) throws -> Value {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let stream = YAMLParser.parse(text)
        #expect(stream.syntaxError == nil, "\(name): \(String(describing: stream.syntaxError))")
        return try #require(stream.documents.first?.root?.value)
    }

    static func summary(_ name: String) throws -> OpenAPISummary {
        OpenAPISummary(document: try document(name))
    }
}

@Suite struct OpenAPISummaryTests {
    // MARK: Petstore (3.0)

    @Test func petstoreInfoAndServers() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        #expect(summary.specVersion == "3.0.3")
        #expect(summary.info.title == "Swagger Petstore")
        #expect(summary.info.version == "1.0.0")
        #expect(summary.info.description?.hasPrefix("A sample API") == true)
        #expect(summary.servers.map(\.url) == ["https://petstore.example.com/v1", "http://localhost:8080/v1"])
        #expect(summary.servers.map(\.description) == ["Production", nil])
        #expect(summary.problems == [])
    }

    @Test func groupsFollowDeclaredTagsThenAppearanceWithUntaggedByTheirOrder() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        // pets and store are declared (unused is declared but empty); admin and default appear later.
        #expect(summary.groups.map(\.name) == ["pets", "store", "admin", "default"])
        #expect(summary.groups[0].description == "Everything about your pets")
        // An operation with two tags is listed under its first only.
        #expect(summary.groups[0].operations.map { "\($0.method) \($0.path)" } ==
                ["GET /pets", "POST /pets", "GET /pets/{petId}", "DELETE /pets/{petId}"])
        #expect(summary.groups[1].operations.map(\.operationId) == ["getInventory"])
        #expect(summary.groups[3].operations.map(\.summary) == ["Liveness"])
    }

    @Test func petstoreOperationsCarryParametersBodiesAndResponses() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        let list = try #require(summary.operation(method: "get", path: "/pets"))
        #expect(list.parameters.map(\.name) == ["limit", "status"])
        #expect(list.parameters[0].type.text() == "integer(int32)")
        #expect(list.parameters[0].isRequired == false)
        #expect(list.parameters[0].location == "query")
        #expect(list.parameters[1].type.text() == "enum(available|pending|sold)")
        // Unquoted 200 is an integer key in YAML; it is still the status "200".
        #expect(list.responses.map(\.status) == ["200", "default"])
        #expect(list.responses[0].content.first?.type?.text() == "Pets")
        #expect(list.responses[0].content.first?.expandedName == "Pet")

        let create = try #require(summary.operation(method: "POST", path: "/pets"))
        let body = try #require(create.requestBody)
        #expect(body.isRequired)
        #expect(body.content.map(\.contentType) == ["application/json", "application/x-www-form-urlencoded"])
        #expect(body.content.map { $0.type?.text() } == ["Pet", "object{name?: string}"])

        let show = try #require(summary.operation(method: "GET", path: "/pets/{petId}"))
        #expect(show.parameters.first?.isRequired == true)

        let delete = try #require(summary.operation(method: "DELETE", path: "/pets/{petId}"))
        #expect(delete.isDeprecated)
        #expect(!show.isDeprecated)
        // A path parameter is required even when the spec forgot to say so.
        #expect(delete.parameters.first?.isRequired == true)

        let inventory = try #require(summary.operation(method: "GET", path: "/store/inventory"))
        #expect(inventory.responses.first?.content.first?.type?.text() == "map<string, integer(int32)>")
    }

    @Test func schemaLinesListNamedSchemaPropertiesWithTypesAndRequired() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        let pet = try #require(summary.schemaLines(named: "Pet"))
        #expect(pet.map(\.name) == ["id", "name", "tag", "tags"])
        #expect(pet.map { $0.type.text() } == ["integer(int64)", "string", "string?", "array<string>"])
        #expect(pet.map(\.isRequired) == [true, true, false, false])
        #expect(pet[1].description == "The pet's name")
        #expect(summary.schemaType(named: "Pet")?.text() == "object{id: integer(int64), name: string, tag?: string?, tags?: array<string>}")
        #expect(summary.schemaType(named: "Pets")?.text() == "array<Pet>")
        #expect(summary.schemaLines(named: "Nope") == nil)
    }

    // MARK: OpenAPI 3.1

    @Test func openAPI31TypeListsWithNullAreNullable() throws {
        let summary = try OpenAPIFixtures.summary("nullable-31.json")
        #expect(summary.specVersion == "3.1.0")
        let account = try #require(summary.schemaLines(named: "Account"))
        let types = Dictionary(uniqueKeysWithValues: account.map { ($0.name, $0.type.text()) })
        #expect(types["nickname"] == "string?")
        #expect(types["age"] == "integer(int32)?")
        #expect(types["balance"] == "number | string")
        #expect(types["parent"] == "Account?")
        #expect(types["kind"] == "enum(personal)")
        #expect(types["metadata"] == "map<string, string>")
        #expect(types["anything"] == "any")
        #expect(types["email"] == "string(email)")
        let get = try #require(summary.operations.first)
        #expect(get.parameters.map { $0.type.text() } == ["string(uuid)", "string(date-time)?"])
        #expect(summary.groups.map(\.name) == ["default"])
    }

    // MARK: $ref

    @Test func parameterRefChainsResolveToTheParameterAndItsNamedSchema() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        let get = try #require(summary.operation(method: "GET", path: "/pets/{petId}"))
        let petId = try #require(get.parameters.first)
        #expect(petId.name == "petId")
        #expect(petId.location == "path")
        #expect(petId.description == "The pet's id")
        #expect(petId.type.text() == "PetId")
        // A dangling parameter ref is kept and marked, not dropped or fatal.
        #expect(get.parameters.count == 2)
        #expect(get.parameters[1].type.text() == "⚠ unresolved #/components/parameters/Missing")
    }

    @Test func refsIntoPathsAndPropertiesUnescapeJSONPointers() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        let siblings = try #require(summary.operation(method: "GET", path: "/pets/{petId}/siblings"))
        // `#/paths/~1pets~1{petId}/…` (~1 is /) and `…/a~0b` (~0 is ~).
        #expect(siblings.parameters.map(\.name) == ["petId", "weird"])
        #expect(siblings.parameters[1].type.text() == "integer")
    }

    @Test func responseAndRequestBodyRefsResolveAndDanglingOnesAreMarked() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        let get = try #require(summary.operation(method: "GET", path: "/pets/{petId}"))
        #expect(get.responses.map(\.status) == ["200", "404", "500"])
        #expect(get.responses[1].description == "no such pet")
        // The 404 names a schema that does not exist.
        #expect(get.responses[1].content.first?.type?.text() == "⚠ unresolved #/components/schemas/Problem")
        #expect(get.responses[2].content.first?.type?.text() == "⚠ unresolved #/components/responses/Gone")
        let siblings = try #require(summary.operation(method: "GET", path: "/pets/{petId}/siblings"))
        #expect(siblings.requestBody?.isRequired == true)
        #expect(siblings.requestBody?.content.first?.type?.text() == "TreeNode")
    }

    @Test func allOfComposesAndItsPropertiesMerge() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        #expect(summary.schemaType(named: "Dog")?.text() == "allOf(Pet & {barks: boolean})")
        let dog = try #require(summary.schemaLines(named: "Dog"))
        #expect(dog.map(\.name) == ["id", "name", "barks"])
        #expect(dog.map(\.isRequired) == [true, false, true])
        #expect(dog[0].type.text() == "PetId")
        // A ref to a ref (DogAlias → Dog) lists the same properties.
        #expect(summary.schemaLines(named: "DogAlias") == dog)
        let get = try #require(summary.operation(method: "GET", path: "/pets/{petId}"))
        #expect(get.responses[0].content.first?.expandedName == "Dog")
        #expect(get.responses[0].content.first?.properties.map(\.name) == ["id", "name", "barks"])
        #expect(summary.schemaType(named: "Shape")?.text() == "oneOf(Dog | TreeNode)")
        #expect(summary.schemaType(named: "Either")?.text() == "anyOf(string | integer)")
    }

    @Test func nestedArraysOfRefs() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        #expect(summary.schemaType(named: "Grid")?.text() == "array<array<Pet>>")
        let siblings = try #require(summary.operation(method: "GET", path: "/pets/{petId}/siblings"))
        let grid = try #require(siblings.responses.first?.content.first)
        #expect(grid.type?.text() == "Grid")
        // The detail expands through both arrays down to Pet.
        #expect(grid.expandedName == "Pet")
        #expect(grid.properties.map(\.name) == ["id", "name"])
    }

    @Test func recursiveSchemasPrintTheirNameInsteadOfExpanding() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        #expect(summary.schemaType(named: "TreeNode")?.text() == "object{value?: string, children?: array<TreeNode>}")
        #expect(summary.schemaLines(named: "A")?.map { $0.type.text() } == ["B"])
        #expect(summary.schemaLines(named: "B")?.map { $0.type.text() } == ["A"])
        // An inline ref back into itself (not a named schema) unrolls once, then stops at its own name.
        #expect(summary.schemaType(named: "Chain")?.text() == "object{link?: object{next?: object{next?: link}}}")
    }

    @Test func refChainCyclesEndInsteadOfLooping() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        #expect(summary.schemaType(named: "Loop1") == .cycle("#/components/schemas/Loop1"))
        #expect(summary.schemaLines(named: "Loop1") == nil)
    }

    @Test func unresolvableRefsAreShownNotFatal() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        let broken = try #require(summary.schemaLines(named: "Broken"))
        #expect(broken.map { $0.type.text() } == ["⚠ unresolved #/components/schemas/Missing",
                                                   "⚠ unresolved https://example.com/schemas.yaml#/Owner"])
        #expect(broken[0].type.text(.ascii) == "! unresolved #/components/schemas/Missing")
    }

    @Test func inlineExpansionStopsAtTheDepthLimit() throws {
        let summary = try OpenAPIFixtures.summary("refs.yaml")
        let deep = try #require(summary.operation(method: "GET", path: "/deep")?.responses.first?.content.first?.type)
        #expect(deep.text() == "object{l1?: object{l2?: object{l3?: object{l4?: object{l5?: …}}}}}")
        #expect(deep.text(.ascii).hasSuffix("l5?: ...}}}}}"))
    }

    // MARK: Shapes

    @Test func pathLevelParametersMergeAndOperationLevelOnesOverrideByNameAndLocation() throws {
        let summary = try OpenAPIFixtures.summary("path-parameters.yaml")
        let get = try #require(summary.operation(method: "GET", path: "/orgs/{org}/repos/{repo}"))
        #expect(get.parameters.map { "\($0.location):\($0.name)" } == ["path:org", "path:repo", "header:X-Trace", "query:repo", "query:page"])
        #expect(get.parameters[1].description == "The repository name")
        #expect(get.parameters[3].type.text() == "boolean")
        let delete = try #require(summary.operation(method: "DELETE", path: "/orgs/{org}/repos/{repo}"))
        #expect(delete.parameters.map(\.name) == ["org", "repo", "X-Trace"])
        #expect(delete.parameters[1].description == "shared")
    }

    @Test func untaggedOperationsGoUnderDefaultInDocumentOrder() throws {
        let summary = try OpenAPIFixtures.summary("no-tags.json")
        #expect(summary.groups.map(\.name) == ["default"])
        #expect(summary.operations.map { "\($0.method) \($0.path)" } == ["POST /b", "GET /b", "GET /a"])
        #expect(summary.operations[2].operationId == "listAs")
    }

    @Test func aBrokenSpecGivesProblemsAndAnEmptySummary() throws {
        let summary = try OpenAPIFixtures.summary("broken.yaml")
        #expect(summary.groups.isEmpty)
        #expect(summary.problems.contains("paths is a list, not a mapping of path to operations; no operations read"))
        #expect(summary.problems.contains("info is a list, not a mapping"))
        #expect(summary.problems.contains("servers is a string, not a list"))
        let lines = OpenAPIText.lines(summary, width: 60)
        #expect(lines.contains { $0.text == "⚠ paths is a list, not a mapping of path to operations; no" && $0.spans.first?.style == .warning })
        #expect(lines.contains { $0.text == "No operations." })
    }

    @Test func wrongShapesInsideOperationsAreSkippedOneByOne() throws {
        let summary = try OpenAPIFixtures.summary("broken-operations.yaml")
        #expect(summary.operations.map { "\($0.method) \($0.path)" } == ["GET /ok", "GET /bad-params", "POST /nameless"])
        #expect(summary.problems.contains("GET /string-op is a string, not a mapping; skipped"))
        #expect(summary.problems.contains("GET /bad-params: parameters is a mapping, not a list; skipped"))
        #expect(summary.problems.contains("GET /bad-params: responses is a list, not a mapping of status to response; skipped"))
        #expect(summary.problems.contains("path /item-list is a list, not a mapping; skipped"))
        let nameless = try #require(summary.operation(method: "POST", path: "/nameless"))
        #expect(nameless.parameters.isEmpty)
        #expect(nameless.requestBody?.content == [])
        #expect(nameless.responses.first?.content.first?.type == .any)
    }

    @Test func documentsThatAreNotMappingsAreProblemsNotCrashes() {
        for document: Value in [.null, .string("openapi: nope"), .array([.int(1)])] {
            let summary = OpenAPISummary(document: document)
            #expect(summary.operations.isEmpty)
            #expect(summary.problems.count == 1)
            #expect(summary.problems[0].hasPrefix("the definition is"))
        }
    }

    // MARK: Text

    @Test func overviewListsOperationsUnderTagHeadingsAligned() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        let lines = OpenAPIText.lines(summary, width: 80)
        #expect(lines[0] == StyledLine(.heading(1), [StyledSpan("Swagger Petstore", .heading)]))
        #expect(lines[1].text == "version 1.0.0 · OpenAPI 3.0.3")
        let texts = lines.map(\.text)
        let pets = try #require(texts.firstIndex(of: "pets · Everything about your pets"))
        #expect(Array(texts[(pets + 1)...(pets + 4)]) == [
            "  GET     /pets          List all pets",
            "  POST    /pets          Create a pet",
            "  GET     /pets/{petId}  Info for a specific pet",
            "  DELETE  /pets/{petId}  Deletes a pet (deprecated)",
        ])
        #expect(texts.contains("  https://petstore.example.com/v1  Production"))
        let get = lines[pets + 1]
        #expect(get.spans.first { $0.text == "GET" }?.style == .method)
        #expect(get.spans.first { $0.text == "/pets" }?.style == .code)
        #expect(lines[pets].kind == .heading(2))
    }

    @Test func deprecatedOperationsAreMuted() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        let lines = OpenAPIText.lines(summary, width: 80)
        let delete = try #require(lines.first { $0.text.contains("DELETE") })
        #expect(delete.spans.filter { !$0.text.allSatisfy(\.isWhitespace) }.allSatisfy { $0.style.contains(.muted) })
        #expect(delete.text.hasSuffix("(deprecated)"))
        let get = try #require(lines.first { $0.text.contains("List all pets") })
        #expect(get.spans.allSatisfy { !$0.style.contains(.muted) })
    }

    @Test func noLinePassesTheWidthAndASCIIModeIsASCII() throws {
        for name in ["petstore.yaml", "refs.yaml", "nullable-31.json", "broken.yaml", "path-parameters.yaml"] {
            let summary = try OpenAPIFixtures.summary(name)
            for width in [24, 40, 100] {
                var lines = OpenAPIText.lines(summary, width: width, symbols: .ascii)
                for operation in summary.operations {
                    lines += OpenAPIText.operationLines(operation, in: summary, width: width, symbols: .ascii)
                }
                for line in lines {
                    #expect(line.text.count <= width, "\(name) at \(width): \(line.text)")
                    #expect(line.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(name): \(line.text)")
                }
            }
        }
    }

    @Test func operationDetailShowsParametersBodyResponsesAndSchemaProperties() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        let create = try #require(summary.operation(method: "POST", path: "/pets"))
        let lines = OpenAPIText.operationLines(create, in: summary, width: 80)
        let texts = lines.map(\.text)
        #expect(texts[0] == "POST /pets")
        #expect(lines[0].spans[0] == StyledSpan("POST", .method))
        #expect(texts.contains("operationId createPets"))
        #expect(texts.contains("Request body (required)"))
        // The content-type column is capped at a third of the line; longer types are cut.
        #expect(texts.contains("  application/json            Pet"))
        #expect(texts.contains("  application/x-www-form-ur…  object{name?: string}"))
        #expect(texts.contains("  201  Null response"))
        let schema = try #require(texts.firstIndex(of: "Schema Pet"))
        #expect(Array(texts[(schema + 1)...(schema + 4)]) == [
            "  id    integer(int64)  required",
            "  name  string          required  The pet's name",
            "  tag   string?",
            "  tags  array<string>",
        ])

        let list = try #require(summary.operation(method: "GET", path: "/pets"))
        let listTexts = OpenAPIText.operationLines(list, in: summary, width: 100).map(\.text)
        #expect(listTexts.contains("  limit   query  integer(int32)                How many items to return at one time (max 100)"))
        #expect(listTexts.contains("  200      A paged array of pets"))
        #expect(listTexts.contains("           application/json  Pets"))
    }

    @Test func deprecatedOperationDetailSaysSo() throws {
        let summary = try OpenAPIFixtures.summary("petstore.yaml")
        let delete = try #require(summary.operation(method: "DELETE", path: "/pets/{petId}"))
        let heading = OpenAPIText.operationLines(delete, in: summary, width: 80)[0]
        #expect(heading.text == "DELETE /pets/{petId} (deprecated)")
        #expect(heading.spans[0].style == [.method, .muted])
    }

    @Test func controlCharactersInSpecTextNeverReachTheLines() {
        let document = Value.object([
            .init("openapi", .string("3.0.0")),
            .init("info", .object([.init("title", .string("Evil\u{1B}[2Jtitle")), .init("version", .string("1"))])),
            .init("paths", .object([.init("/x", .object([.init("get", .object([.init("summary", .string("line\nbreak\u{7}"))]))]))])),
        ])
        let lines = OpenAPIText.lines(OpenAPISummary(document: document), width: 80)
        for line in lines {
            #expect(!line.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(line.text.debugDescription)")
        }
        #expect(lines[0].text == "Evil [2Jtitle")
    }
}
