import CairnCatalog
import CairnScaffold
import Testing

@Suite("Template filters")
struct TemplateFilterTests: TemplateTesting {
    @Test("text filters", arguments: [
        ("'Hello World' | lower", "hello world"),
        ("'Hello World' | upper", "HELLO WORLD"),
        ("'hELLO wORLD' | capitalize", "Hello world"),
        ("'' | capitalize", ""),
        ("'hello big  wORLD' | title", "Hello Big  World"),
        ("parameters.description | trim", "Handles payments"),
        ("'\\n\\t x y \\n' | trim", "x y"),
        ("'  Hello  ' | trim | lower | replace('h', 'j')", "jello"),
        ("parameters.missing | upper", ""),
        ("42 | string", "42"),
        ("[1] | string", "[1]"),
        ("'<b>' | safe", "<b>"),
    ])
    func text(expression: String, expected: String) throws {
        #expect(try evaluate(expression) == .string(expected))
    }

    @Test("replace: every occurrence, a count, an empty pattern", arguments: [
        ("'a-b-c' | replace('-', '_')", Value.string("a_b_c")),
        ("'a-b-c' | replace('-', '_', 1)", .string("a_b-c")),
        ("'a-b-c' | replace('-', '')", .string("abc")),
        ("'abc' | replace('', '.')", .string(".a.b.c.")),
        ("'aaa' | replace('a', 'aa')", .string("aaaaaa")),
        ("5 | replace(5, 6)", .string("6")),
        ("parameters.missing | replace('a', 'b')", .null),
        ("parameters.tags | replace('a', 'b')", TemplateFixture.strings("go", "grpc")),
    ])
    func replace(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("default: null, or any false value with a true second argument", arguments: [
        ("parameters.missing | default('fallback')", Value.string("fallback")),
        ("parameters.nothing | d('fallback')", .string("fallback")),
        ("'' | default('fallback')", .string("")),
        ("'' | default('fallback', true)", .string("fallback")),
        ("0 | default(5, true)", .int(5)),
        ("parameters.empty | default(['x'], true)", TemplateFixture.strings("x")),
        ("false | default(true)", .bool(false)),
        ("parameters.name | default('x', true)", .string("payments-api")),
    ])
    func defaultFilter(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("dump writes JSON, compact or indented")
    func dump() throws {
        #expect(try evaluate("parameters.tags | dump") == .string(#"["go","grpc"]"#))
        #expect(try evaluate(#"'say "hi"\n' | dump"#) == .string(#""say \"hi\"\n""#))
        #expect(try evaluate("parameters.missing | dump") == .string("null"))
        #expect(try evaluate("{a: 1, b: [1, 2]} | dump(2)") == .string("{\n  \"a\": 1,\n  \"b\": [\n    1,\n    2\n  ]\n}"))
        #expect(try evaluate("{a: {b: 'x  y'}} | dump(4)") == .string("{\n    \"a\": {\n        \"b\": \"x  y\"\n    }\n}"))
        #expect(try evaluate("{a: 1} | dump(0)") == .string(#"{"a":1}"#))
        #expect(evaluationFailure("1 | dump('x')")?.message == "filter 'dump': the indent must be an integer, not a string")
    }

    @Test("length, first, last, join", arguments: [
        ("parameters.tags | length", Value.int(2)),
        ("'héllo' | length", .int(5)),
        ("{a: 1} | length", .int(1)),
        ("parameters.missing | length", .int(0)),
        ("parameters.tags | first", .string("go")),
        ("parameters.tags | last", .string("grpc")),
        ("[] | first", .null),
        ("'abc' | first", .string("a")),
        ("'abc' | last", .string("c")),
        ("parameters.tags | join(', ')", .string("go, grpc")),
        ("parameters.tags | join", .string("gogrpc")),
        ("[1, 2.5, true, null] | join(',')", .string("1,2.5,true,")),
        ("[{name: 'a'}, {name: 'b'}, {}] | join('+', 'name')", .string("a+b+")),
    ])
    func collections(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("int reads leading digits like parseInt, else the default", arguments: [
        ("'42' | int", Value.int(42)),
        ("'  -12px' | int", .int(-12)),
        ("'+7' | int", .int(7)),
        ("3.9 | int", .int(3)),
        ("-3.9 | int", .int(-3)),
        ("parameters.port | int", .int(8080)),
        ("'abc' | int", .int(0)),
        ("'abc' | int(7)", .int(7)),
        ("true | int", .int(0)),
        ("parameters.missing | int(-1)", .int(-1)),
    ])
    func int(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("parseRepoUrl reads RepoUrlPicker values, leaving absent keys out", arguments: [
        ("github.com?owner=acme&repo=payments-api",
         TemplateFixture.object(["host": .string("github.com"), "owner": .string("acme"), "repo": .string("payments-api")])),
        ("github.com?repo=r&owner=o",
         TemplateFixture.object(["host": .string("github.com"), "owner": .string("o"), "repo": .string("r")])),
        ("bitbucket.org?workspace=ws&project=PRJ&repo=r",
         TemplateFixture.object(["host": .string("bitbucket.org"), "repo": .string("r"), "workspace": .string("ws"), "project": .string("PRJ")])),
        ("dev.azure.com?project=p&organization=org&owner=o&repo=r",
         TemplateFixture.object(["host": .string("dev.azure.com"), "owner": .string("o"), "repo": .string("r"),
                                 "organization": .string("org"), "project": .string("p")])),
        ("GitLab.Example.com:8443?owner=group%2Fsub&repo=my+repo&repo=second",
         TemplateFixture.object(["host": .string("gitlab.example.com:8443"), "owner": .string("group/sub"), "repo": .string("my repo")])),
        ("gitlab.com?project=12345",
         TemplateFixture.object(["host": .string("gitlab.com"), "project": .string("12345")])),
    ])
    func parseRepoUrl(repoUrl: String, expected: Value) throws {
        let context = TemplateFixture.object(["url": .string(repoUrl)])
        #expect(try evaluate("url | parseRepoUrl", context) == expected)
    }

    @Test("parseRepoUrl and projectSlug refuse values that name no repository")
    func repoUrlErrors() {
        #expect(evaluationFailure("'github.com?owner=acme' | parseRepoUrl")?.message
            == #"filter 'parseRepoUrl': "github.com?owner=acme" names no repository: expected a repo= parameter"#)
        #expect(evaluationFailure("'?repo=r' | parseRepoUrl")?.message
            == #"filter 'parseRepoUrl': "?repo=r" is not a repository URL: expected host?owner=…&repo=…"#)
        #expect(evaluationFailure("parameters.missing | parseRepoUrl")?.message
            == "filter 'parseRepoUrl': needs a string like github.com?owner=o&repo=r, not null")
        #expect(evaluationFailure("'gitlab.com?repo=r' | projectSlug")?.message
            == "filter 'projectSlug': needs owner= and repo= in gitlab.com?repo=r")
    }

    @Test("projectSlug and pick, as Backstage's")
    func backstageFilters() throws {
        #expect(try evaluate("parameters.repoUrl | projectSlug") == .string("acme/payments-api"))
        #expect(try evaluate("parameters.repoUrl | parseRepoUrl | pick('owner')") == .string("acme"))
        #expect(try evaluate("parameters | pick('nested.deep.value')") == .string("x"))
        #expect(try evaluate("values | pick('components.1')") == .string("worker"))
        #expect(try evaluate("values | pick('nope.deeper')") == .null)
        #expect(try evaluate("parameters.missing | pick('owner')") == .null)
    }

    @Test("an unknown filter or a wrong argument count is an error naming the filter", arguments: [
        ("x | shout", "unknown filter 'shout'", 5),
        ("'a' | replace('a')", "filter 'replace' takes 2 to 3 arguments, got 1", 7),
        ("'a' | upper(1)", "filter 'upper' takes no arguments, got 1", 7),
        ("x | pick", "filter 'pick' takes 1 argument, got 0", 5),
        ("'x' | replace(null, 'b')", "filter 'replace': arguments must be text, not null", 7),
        ("'x' | replace('a', 'b', 'c')", "filter 'replace': the count must be an integer, not a string", 7),
    ])
    func filterErrors(expression: String, message: String, column: Int) {
        #expect(evaluationFailure(expression) == TemplateError(message: message, line: 1, column: column))
    }

    @Test("an unknown filter fails even in a branch that is not taken")
    func unknownFilterInDeadBranch() {
        #expect(renderFailure("{% if false %}${{ x | shout }}{% endif %}")?.message == "unknown filter 'shout'")
    }

    @Test("filters that build strings stop at the size limit")
    func stringGrowthLimit() {
        let context = TemplateFixture.object(["x": .string(String(repeating: "a", count: 5_000))])
        #expect(evaluationFailure("x | replace('', x)", context)?.message == "filter 'replace': the result would be larger than 10 MB")
        #expect(evaluationFailure("x | replace('a', x)", context)?.message == "filter 'replace': the result would be larger than 10 MB")
    }
}
