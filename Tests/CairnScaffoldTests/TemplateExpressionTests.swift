import CairnCatalog
import CairnScaffold
import Testing

@Suite("Template expressions")
struct TemplateExpressionTests: TemplateTesting {
    @Test("literals", arguments: [
        ("'single'", Value.string("single")),
        ("\"double\"", .string("double")),
        ("'it\\'s'", .string("it's")),
        ("\"a\\nb\\tc\\\\\"", .string("a\nb\tc\\")),
        ("'caf\\u00e9'", .string("café")),
        ("'}}'", .string("}}")),
        ("42", .int(42)),
        ("3.25", .double(3.25)),
        ("true", .bool(true)),
        ("True", .bool(true)),
        ("false", .bool(false)),
        ("null", .null),
        ("none", .null),
        ("None", .null),
        ("[1, 'a', [true], ]", .array([.int(1), .string("a"), .array([.bool(true)])])),
        ("[]", .array([])),
        ("{b: 1, 'a-c': 'x', \"d\": [2]}", TemplateFixture.object(["b": .int(1), "a-c": .string("x"), "d": .array([.int(2)])])),
        ("{}", .object([])),
    ])
    func literals(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("arithmetic and concatenation", arguments: [
        ("1 + 2 * 3", Value.int(7)),
        ("(1 + 2) * 3", .int(9)),
        ("10 - 2 - 3", .int(5)),
        ("7 / 2", .double(3.5)),
        ("6 / 3", .int(2)),
        ("7 % 3", .int(1)),
        ("-7 % 3", .int(-1)),
        ("2 - -1", .int(3)),
        ("1.5 + 1", .double(2.5)),
        ("0.5 * 4", .double(2)),
        ("parameters.port + 1", .int(8081)),
        ("9223372036854775807 + 1", .double(9_223_372_036_854_775_808)),
        ("'a' + 1", .string("a1")),
        ("1 + 'a'", .string("1a")),
        ("'a' + parameters.missing", .string("a")),
        ("values.destination.owner + '/' + values.destination.repo", .string("acme/payments-api")),
        ("'x' ~ 1 ~ true", .string("x1true")),
        ("[1] + [2]", .array([.int(1), .int(2)])),
    ])
    func arithmetic(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("comparisons", arguments: [
        ("1 == 1.0", true),
        ("'a' == 'a'", true),
        ("1 === 1", true),
        ("1 != 2", true),
        ("1 !== 1", false),
        ("'1' == 1", false),
        ("[1, {a: 2}] == [1.0, {a: 2}]", true),
        ("{a: 1, b: 2} == {b: 2, a: 1}", true),
        ("2 < 10", true),
        ("'2' < '10'", false),
        ("parameters.port >= 8080", true),
        ("parameters.port > 8080", false),
        ("parameters.ratio <= 0.5", true),
        ("parameters.missing > 1", false),
        ("parameters.missing < 1", false),
        ("parameters.missing == null", true),
    ])
    func comparisons(expression: String, expected: Bool) throws {
        #expect(try evaluate(expression) == .bool(expected))
    }

    @Test("truthiness: null, false, 0, '', [] and {} are false", arguments: [
        ("null", false), ("false", false), ("0", false), ("0.0", false), ("''", false), ("[]", false), ("{}", false),
        ("parameters.missing", false), ("true", true), ("1", true), ("-1", true), ("0.1", true), ("'0'", true),
        ("[0]", true), ("{a: null}", true),
    ])
    func truthiness(expression: String, isTruthy: Bool) throws {
        #expect(try evaluate("not (\(expression))") == .bool(!isTruthy))
        #expect(try render("{% if \(expression) %}T{% else %}F{% endif %}") == (isTruthy ? "T" : "F"))
    }

    @Test("and/or return an operand, like Nunjucks, and short-circuit", arguments: [
        ("true and false", Value.bool(false)),
        ("'a' and 'b'", .string("b")),
        ("'' and 'b'", .string("")),
        ("0 or 'x'", .string("x")),
        ("parameters.missing or 'fallback'", .string("fallback")),
        ("false and (1 / 0)", .bool(false)),
        ("true or (1 / 0)", .bool(true)),
        ("not 1 == 2", .bool(true)),
        ("not not 'x'", .bool(true)),
        ("1 + 2 == 3 and 'a' in 'cat'", .bool(true)),
        ("false or true and false", .bool(false)),
    ])
    func logic(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("inline if", arguments: [
        ("'yes' if parameters.enabled else 'no'", Value.string("yes")),
        ("'yes' if parameters.disabled else 'no'", .string("no")),
        ("'yes' if false", .null),
        ("1 if false else 2 if true else 3", .int(2)),
        ("('a' if true else 'b') + 'c'", .string("ac")),
        ("'x' if false else (1 / 1)", .int(1)),
    ])
    func inlineIf(expression: String, expected: Value) throws {
        #expect(try evaluate(expression) == expected)
    }

    @Test("in and not in: list elements, substrings, mapping keys", arguments: [
        ("'go' in parameters.tags", true),
        ("'rust' in parameters.tags", false),
        ("'rust' not in parameters.tags", true),
        ("8080 in [8080.0]", true),
        ("'pay' in parameters.name", true),
        ("'' in 'abc'", true),
        ("'name' in parameters", true),
        ("'nope' in parameters", false),
        ("'x' in parameters.missing", false),
    ])
    func membership(expression: String, expected: Bool) throws {
        #expect(try evaluate(expression) == .bool(expected))
    }

    @Test("filters bind tighter than binary operators, looser than unary minus")
    func filterPrecedence() throws {
        #expect(try evaluate("'a' + 'b' | upper") == .string("aB"))
        #expect(try evaluate("('a' + 'b') | upper") == .string("AB"))
        #expect(try evaluate("-parameters.port | string") == .string("-8080"))
        #expect(try evaluate("parameters.tags | length > 1") == .bool(true))
    }

    @Test("operations on the wrong types fail at the operator", arguments: [
        ("1 / 0", "division by zero", 3),
        ("5 % 0", "remainder of a division by zero", 3),
        ("true - 1", "'-' needs two numbers, got a boolean and a number", 6),
        ("null + 1", "'+' needs numbers, strings or lists, got null and a number", 6),
        ("'a' * 2", "'*' needs two numbers, got a string and a number", 5),
        ("'a' < 1", "cannot compare a string with a number using '<'", 5),
        ("1 in 5", "'in' needs a list, a string or a mapping on its right, not a number", 3),
        ("-'a'", "cannot negate a string", 1),
    ])
    func typeErrors(expression: String, message: String, column: Int) {
        #expect(evaluationFailure(expression) == TemplateError(message: message, line: 1, column: column))
    }

    @Test("syntax errors name what was expected, at the offending token", arguments: [
        ("", "expected an expression, found end of expression", 1),
        ("1 +", "expected an expression, found end of expression", 4),
        ("(1 + 2", "expected ')', found end of expression", 7),
        ("a b", "expected end of expression, found 'b'", 3),
        ("a = b", "expected end of expression, found '=' (use '==' to compare)", 3),
        ("'abc", "unterminated string: expected a closing '", 1),
        ("a ? b", "unexpected character '?'", 3),
        ("x(1)", "function calls are not supported; use a filter: value | name(arguments)", 2),
        ("a.1", "expected a property name after '.', found '1'; use ['…'] for other keys", 3),
        ("[1, 2", "expected ']', found end of expression", 6),
        ("{a 1}", "expected ':', found '1'", 4),
        ("{1: 2}", "expected a key (a name or a string), found '1'", 2),
        ("and", "expected an expression, found 'and'", 1),
        ("1 | ", "expected a filter name after '|', found end of expression", 5),
    ])
    func syntaxErrors(expression: String, message: String, column: Int) {
        #expect(evaluationFailure(expression) == TemplateError(message: message, line: 1, column: column))
    }

    @Test("deep nesting is refused, not a stack overflow")
    func nestingLimits() throws {
        let fine = String(repeating: "(", count: 40) + "1" + String(repeating: ")", count: 40)
        #expect(try evaluate(fine) == .int(1))
        let parentheses = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(evaluationFailure(parentheses)?.message == "expression is nested more than 64 levels deep")
        let negations = String(repeating: "not ", count: 10_000) + "true"
        #expect(evaluationFailure(negations)?.message == "expression is nested more than 64 levels deep")
        let chain = "1" + String(repeating: " + 1", count: 10_000)
        #expect(evaluationFailure(chain)?.message == "expression is more than 256 levels deep; split it up")
        let longButFine = "1" + String(repeating: " + 1", count: 200)
        #expect(try evaluate(longButFine) == .int(201))
    }
}
