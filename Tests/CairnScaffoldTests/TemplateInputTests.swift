import CairnCatalog
import CairnScaffold
import Testing

@Suite("Template step inputs")
struct TemplateInputTests: TemplateTesting {
    func input(_ value: Value) throws(TemplateError) -> Value {
        try TemplateEngine.evaluateInput(value, context: TemplateFixture.context)
    }

    @Test("a string that is one ${{ }} keeps the expression's type", arguments: [
        ("${{ parameters.port }}", Value.int(8080)),
        ("  ${{ parameters.port }}\n", .int(8080)),
        ("${{- parameters.port -}}", .int(8080)),
        ("${{ parameters.ratio }}", .double(0.5)),
        ("${{ parameters.enabled }}", .bool(true)),
        ("${{ parameters.disabled }}", .bool(false)),
        ("${{ parameters.tags }}", TemplateFixture.strings("go", "grpc")),
        ("${{ parameters.nested }}", TemplateFixture.object(["deep": TemplateFixture.object(["value": .string("x")])])),
        ("${{ parameters.missing }}", .null),
        ("${{ parameters.name }}", .string("payments-api")),
        ("${{ parameters.port | string }}", .string("8080")),
        ("${{ parameters.repoUrl | parseRepoUrl }}",
         TemplateFixture.object(["host": .string("github.com"), "owner": .string("acme"), "repo": .string("payments-api")])),
        ("${{ '}}' }}", .string("}}")),
    ])
    func typePreserved(text: String, expected: Value) throws {
        #expect(try input(.string(text)) == expected)
    }

    @Test("any other string renders to a string", arguments: [
        ("port ${{ parameters.port }}", "port 8080"),
        ("${{ parameters.port }}${{ parameters.port }}", "80808080"),
        ("${{ parameters.enabled }} ${{ parameters.port }}", "true 8080"),
        ("{% if true %}${{ parameters.port }}{% endif %}", "8080"),
        ("${{ parameters.port }} {# note #}", "8080 "),
        ("${{ parameters.tags }}!", #"["go","grpc"]!"#),
        ("plain text", "plain text"),
        ("{{ parameters.port }}", "{{ parameters.port }}"),
    ])
    func rendered(text: String, expected: String) throws {
        #expect(try input(.string(text)) == .string(expected))
    }

    @Test("scalars pass through")
    func scalars() throws {
        for value in [Value.null, .bool(true), .int(3), .double(1.5)] {
            #expect(try input(value) == value)
        }
    }

    @Test("lists and mappings are evaluated recursively, keys rendered")
    func nested() throws {
        let step = TemplateFixture.object([
            "repoUrl": .string("${{ parameters.repoUrl }}"),
            "description": .string("This is ${{ parameters.name }}"),
            "defaultBranch": .string("main"),
            "protectDefaultBranch": .bool(false),
            "topics": .string("${{ parameters.tags }}"),
            "ports": .array([.string("${{ parameters.port }}"), .string("x-${{ parameters.port }}"), .int(1)]),
            "${{ parameters.name }}-key": TemplateFixture.object(["enabled": .string("${{ parameters.enabled }}")]),
        ])
        let expected = TemplateFixture.object([
            "repoUrl": .string("github.com?owner=acme&repo=payments-api"),
            "description": .string("This is payments-api"),
            "defaultBranch": .string("main"),
            "protectDefaultBranch": .bool(false),
            "topics": TemplateFixture.strings("go", "grpc"),
            "ports": .array([.int(8080), .string("x-8080"), .int(1)]),
            "payments-api-key": TemplateFixture.object(["enabled": .bool(true)]),
        ])
        #expect(try input(step) == expected)
    }

    @Test("errors point into the input string")
    func errors() {
        #expect(failure { () throws(TemplateError) in _ = try input(.string("${{ parameters.name | nope }}")) }
            == TemplateError(message: "unknown filter 'nope'", line: 1, column: 23))
        #expect(failure { () throws(TemplateError) in _ = try input(.array([.string("ok"), .string("a\n${{ 1 / 0 }}")])) }
            == TemplateError(message: "division by zero", line: 2, column: 7))
        #expect(failure { () throws(TemplateError) in _ = try input(.string("${{ parameters.name ")) }
            == TemplateError(message: "unclosed '${{': expected '}}'", line: 1, column: 1))
    }
}
