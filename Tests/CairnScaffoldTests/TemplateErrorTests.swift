import CairnCatalog
import CairnScaffold
import Testing

@Suite("Template errors and limits")
struct TemplateErrorTests: TemplateTesting {
    @Test("errors carry the line and column of the cause", arguments: [
        ("Hello\n  ${{ parameters.name", "unclosed '${{': expected '}}'", 2, 3),
        ("a\n{% if x %}\nb", "unclosed {% if %}: expected {% endif %}", 2, 1),
        ("{% for x in y %}{% if x %}{% else %}", "unclosed {% if %}: expected {% endif %}", 1, 17),
        ("{% for x in y %}\n  {% if x %}\n{% endfor %}", "unexpected {% endfor %}: the {% if %} on line 2 is closed by {% endif %}", 3, 1),
        ("text {% endif %}", "unexpected {% endif %}: no {% if %} is open", 1, 6),
        ("{% else %}", "unexpected {% else %}: no {% if %} or {% for %} is open", 1, 1),
        ("{% if a %}{% else %}{% elif b %}{% endif %}", "unexpected {% elif %}: the {% if %} on line 1 is closed by {% endif %}", 1, 21),
        ("x {# never closed", "unclosed comment: expected '#}'", 1, 3),
        ("\n {% raw %}x", "unclosed {% raw %}: expected {% endraw %}", 2, 2),
        ("{% raw x %}{% endraw %}", "{% raw %} takes no arguments", 1, 8),
        ("{% if x", "unclosed '{%': expected '%}'", 1, 1),
        ("{% set x = 1 %}", "unknown tag 'set'", 1, 4),
        ("{% %}", "expected a tag name after '{%'", 1, 4),
        ("${{ }}", "expected an expression, found '}}'", 1, 5),
        ("{% if %}x{% endif %}", "expected an expression, found '%}'", 1, 7),
        ("{% if a b %}{% endif %}", "expected '%}', found 'b'", 1, 9),
        ("{% for x of y %}{% endfor %}", "expected 'in' after the loop variables, found 'of'", 1, 10),
        ("{% for 1 in y %}{% endfor %}", "expected a loop variable name, found '1'", 1, 8),
        ("{% if true %}{% endif junk %}", "{% endif %} takes nothing after its name", 1, 23),
        ("line one\nvalue: ${{ parameters.name | shout }}", "unknown filter 'shout'", 2, 30),
        ("x\n  ${{ 1 / parameters.zero }}", "division by zero", 2, 9),
        ("a\r\n${{ x | nope }}", "unknown filter 'nope'", 2, 9),
        ("👩‍💻 é ${{ x | nope }}", "unknown filter 'nope'", 1, 13),
        ("{% for x in 5 %}{% endfor %}", "cannot loop over a number", 1, 13),
        ("${{ 'abc }}", "unterminated string: expected a closing '", 1, 5),
    ])
    func positions(template: String, message: String, line: Int, column: Int) {
        #expect(renderFailure(template) == TemplateError(message: message, line: line, column: column))
    }

    @Test("an error describes itself as line, column: message")
    func description() {
        let error = TemplateError(message: "unknown filter 'shout'", line: 2, column: 30)
        #expect(error.description == "line 2, column 30: unknown filter 'shout'")
        #expect("\(renderFailure("\n  ${{ x")!)" == "line 2, column 3: unclosed '${{': expected '}}'")
    }

    @Test("cookiecutter errors name its delimiter")
    func cookiecutterUnclosed() {
        #expect(renderFailure("{{ x", syntax: .cookiecutter) == TemplateError(message: "unclosed '{{': expected '}}'", line: 1, column: 1))
    }

    @Test("a for over more than 100,000 items is refused")
    func loopItemLimit() throws {
        let fine = TemplateFixture.object(["items": .array(Array(repeating: .int(1), count: 100_000))])
        #expect(try render("{% for x in items %}{% endfor %}done", fine) == "done")
        let tooMany = TemplateFixture.object(["items": .array(Array(repeating: .int(1), count: 100_001))])
        #expect(renderFailure("a\n{% for x in items %}{% endfor %}", tooMany)
            == TemplateError(message: "{% for %} over 100001 items; the limit is 100000", line: 2, column: 1))
    }

    @Test("nested loops are bounded in total")
    func totalIterationLimit() {
        let context = TemplateFixture.object(["items": .array(Array(repeating: .int(1), count: 1_001))])
        #expect(renderFailure("{% for a in items %}{% for b in items %}{% endfor %}{% endfor %}", context)?.message
            == "loops ran more than 1000000 times in all")
    }

    @Test("output beyond 10 MB is refused")
    func outputLimit() throws {
        let megabyte = String(repeating: "x", count: 1024 * 1024)
        let ten = TemplateFixture.object(["big": .string(megabyte), "items": .array(Array(repeating: .int(1), count: 10))])
        #expect(try render("{% for x in items %}${{ big }}{% endfor %}", ten).utf8.count == 10 * 1024 * 1024)
        let eleven = TemplateFixture.object(["big": .string(megabyte), "items": .array(Array(repeating: .int(1), count: 11))])
        #expect(renderFailure("{% for x in items %}${{ big }}{% endfor %}", eleven)
            == TemplateError(message: "output would be larger than 10 MB", line: 1, column: 21))
    }

    @Test("blocks nested past 100 are refused, not a stack overflow")
    func blockNesting() throws {
        let fine = String(repeating: "{% if true %}", count: 100) + "x" + String(repeating: "{% endif %}", count: 100)
        #expect(try render(fine) == "x")
        let deep = String(repeating: "{% if true %}", count: 5_000) + String(repeating: "{% endif %}", count: 5_000)
        #expect(renderFailure(deep)?.message == "blocks are nested more than 100 deep")
    }
}
