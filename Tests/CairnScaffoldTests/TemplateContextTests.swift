import CairnCatalog
import CairnScaffold
import Testing

/// The context the template tests render against, and helpers the template suites share.
enum TemplateFixture {
    static func object(_ members: KeyValuePairs<String, Value>) -> Value {
        .object(members.map { Value.Member($0.key, $0.value) })
    }

    static func strings(_ items: String...) -> Value { .array(items.map { .string($0) }) }

    /// What a Backstage scaffolder run sees: form parameters, template values, step outputs.
    static let context: Value = object([
        "parameters": object([
            "name": .string("payments-api"),
            "port": .int(8080),
            "zero": .int(0),
            "ratio": .double(0.5),
            "enabled": .bool(true),
            "disabled": .bool(false),
            "tags": strings("go", "grpc"),
            "empty": .array([]),
            "repoUrl": .string("github.com?owner=acme&repo=payments-api"),
            "description": .string("  Handles payments  "),
            "nothing": .null,
            "nested": object(["deep": object(["value": .string("x")])]),
            "hyphen-key": .string("h"),
        ]),
        "values": object([
            "name": .string("payments-api"),
            "destination": object(["host": .string("github.com"), "owner": .string("acme"), "repo": .string("payments-api")]),
            "tags": strings("go", "grpc"),
            "description": .string("  Handles payments  "),
            "components": strings("api", "worker"),
        ]),
        "steps": object([
            "fetch-base": object(["output": object(["targetPath": .string("./skeleton")])]),
        ]),
    ])
}

/// Shorthands for the template suites; a protocol so the names stay out of the module's globals.
protocol TemplateTesting {}

extension TemplateTesting {
    func evaluate(_ expression: String, _ context: Value = TemplateFixture.context) throws(TemplateError) -> Value {
        try TemplateEngine.evaluate(expression, context: context)
    }

    func render(_ text: String, _ context: Value = TemplateFixture.context, syntax: TemplateSyntax = .backstage) throws(TemplateError) -> String {
        try TemplateEngine.render(text, context: context, syntax: syntax)
    }

    /// The error `body` throws, or nil when it succeeds.
    func failure(_ body: () throws(TemplateError) -> Void) -> TemplateError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    func renderFailure(_ text: String, _ context: Value = TemplateFixture.context, syntax: TemplateSyntax = .backstage) -> TemplateError? {
        failure { () throws(TemplateError) in _ = try render(text, context, syntax: syntax) }
    }

    func evaluationFailure(_ expression: String, _ context: Value = TemplateFixture.context) -> TemplateError? {
        failure { () throws(TemplateError) in _ = try evaluate(expression, context) }
    }
}

@Suite("Template context: names, lookups, scopes")
struct TemplateContextTests: TemplateTesting {
    @Test("names and paths read the context; hyphenated keys through brackets", arguments: [
        ("parameters.name", Value.string("payments-api")),
        ("parameters['hyphen-key']", .string("h")),
        ("parameters[\"name\"]", .string("payments-api")),
        ("steps['fetch-base'].output.targetPath", .string("./skeleton")),
        ("parameters.nested.deep.value", .string("x")),
        ("parameters.tags[1]", .string("grpc")),
        ("parameters.tags[0 + 1]", .string("grpc")),
        ("parameters.tags.length", .int(2)),
        ("parameters.name.length", .int(12)),
        ("parameters.name[0]", .string("p")),
    ])
    func lookups(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("missing names, keys and indexes are null, not errors", arguments: [
        "parameters.missing", "missing", "missing.deeper.still", "parameters.tags[5]", "parameters.tags[-1]",
        "parameters.tags['x']", "parameters.name.first", "parameters.port.value", "parameters.nothing.value",
        "steps['no-such-step'].output.x",
    ])
    func missingIsNull(expression: String) throws {
        #expect(try evaluate(expression) == .null)
    }

    @Test("a context that is not a mapping makes every name null")
    func nonObjectContext() throws {
        #expect(try evaluate("parameters.name", .string("x")) == .null)
        #expect(try render("[${{ parameters.name }}]", .null) == "[]")
    }

    @Test("a loop variable shadows the context and is gone after the loop")
    func loopScope() throws {
        let context = TemplateFixture.object(["x": .string("o")])
        #expect(try render("${{ x }}{% for x in [1, 2] %}${{ x }}{% endfor %}${{ x }}", context) == "o12o")
        #expect(try render("{% for y in [1] %}{% endfor %}[${{ y }}][${{ loop.index }}]", context) == "[][]")
    }

    @Test("cookiecutter syntax: {{ }} interpolates and cookiecutter stands for values")
    func cookiecutter() throws {
        #expect(try render("{{ cookiecutter.name }}/{{ values.destination.owner }}", syntax: .cookiecutter)
            == "payments-api/acme")
        #expect(try render("{% if cookiecutter.name %}yes{% endif %}{# c #}", syntax: .cookiecutter) == "yes")
        let explicit = TemplateFixture.object(["cookiecutter": TemplateFixture.object(["name": .string("own")]),
                                               "values": TemplateFixture.object(["name": .string("values")])])
        #expect(try render("{{ cookiecutter.name }}", explicit, syntax: .cookiecutter) == "own")
        // Backstage syntax leaves {{ }} alone, and cookiecutter is not defined there.
        #expect(try render("{{ cookiecutter.name }} ${{ cookiecutter.name }}") == "{{ cookiecutter.name }} ")
    }
}
