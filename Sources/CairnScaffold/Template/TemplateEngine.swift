import CairnCatalog

/// Backstage scaffolder templating: a Nunjucks subset over `Value`s.
///
/// Interpolations `${{ expr }}` (or `{{ expr }}` with `.cookiecutter`); tags `{% if %}`,
/// `{% elif %}`, `{% else %}`, `{% endif %}`, `{% for x in xs %}` (also `for k, v in mapping`, with
/// `loop.index`, `loop.first`, `loop.last` …, and `{% else %}` for an empty sequence),
/// `{% raw %}…{% endraw %}`; comments `{# … #}`; whitespace control with `-` inside any delimiter.
/// Expressions: literals, names, `a.b`, `a['b-c']`, `a[0]`, `+ - * / %`, `~`, comparisons,
/// `and or not`, `in`, `x if c else y`, and the filters in `TemplateFilters`. A missing name, key
/// or index is null, never an error.
public enum TemplateEngine {
    /// Renders `text`, or returns it untouched when it holds no template syntax.
    public static func render(_ text: String, context: Value, syntax: TemplateSyntax = .backstage) throws(TemplateError) -> String {
        guard containsTemplate(text, syntax: syntax) else { return text }
        let source = SourceText(text)
        let segments = try TemplateScanner(source: source, syntax: syntax).scan()
        var parser = TemplateParser(source: source, segments: segments)
        let nodes = try parser.parse()
        var renderer = TemplateRenderer(source: source)
        try renderer.render(nodes, in: TemplateScope(context: syntax.context(from: context)))
        return renderer.output
    }

    /// Evaluates one expression, written without delimiters, to a value.
    public static func evaluate(_ expression: String, context: Value) throws(TemplateError) -> Value {
        let source = SourceText(expression)
        let tokens = try ExpressionLexer(source: source).tokenize(from: 0, closing: nil).tokens
        var parser = ExpressionParser(source: source, tokens: tokens, endDescription: "end of expression")
        let parsed = try parser.parseComplete()
        return try ExpressionEvaluator(source: source).evaluate(parsed, in: TemplateScope(context: context))
    }

    /// Evaluates a step's input. A string that is exactly one `${{ expr }}` (whitespace around it
    /// allowed) keeps the expression's type, so `${{ parameters.port }}` stays a number; any other
    /// string is rendered to a string; lists and mappings are evaluated item by item, mapping keys
    /// rendered as text; other values pass through.
    public static func evaluateInput(_ value: Value, context: Value) throws(TemplateError) -> Value {
        switch value {
        case .string(let text):
            guard containsTemplate(text, syntax: .backstage) else { return value }
            if let single = try singleInterpolation(in: text) {
                var parser = ExpressionParser(source: single.source, tokens: single.tokens, endDescription: "'}}'")
                let parsed = try parser.parseComplete()
                return try ExpressionEvaluator(source: single.source).evaluate(parsed, in: TemplateScope(context: context))
            }
            return .string(try render(text, context: context))
        case .array(let items):
            var evaluated: [Value] = []
            evaluated.reserveCapacity(items.count)
            for item in items { evaluated.append(try evaluateInput(item, context: context)) }
            return .array(evaluated)
        case .object(let members):
            var evaluated = Value.object([])
            for member in members {
                evaluated = evaluated.setting(
                    try render(member.key, context: context), to: try evaluateInput(member.value, context: context))
            }
            return evaluated
        case .null, .bool, .int, .double:
            return value
        }
    }

    /// True when `text` holds template syntax: an interpolation opener, `{%` or `{#`.
    public static func containsTemplate(_ text: String, syntax: TemplateSyntax) -> Bool {
        let variableStart = String(syntax.variableStart)
        return text.contains(variableStart) || text.contains("{%") || text.contains("{#")
    }

    /// The tokens of the one interpolation `text` consists of, if it is one.
    private static func singleInterpolation(in text: String) throws(TemplateError)
        -> (source: SourceText, tokens: [ExpressionToken])? {
        // The scanner drops comments; this keeps `${{ x }} {# note #}` a rendered string.
        guard text.drop(while: \.isWhitespace).hasPrefix("${{"),
              text.reversed().drop(while: \.isWhitespace).starts(with: "}}") else { return nil }
        let source = SourceText(text)
        var tokens: [ExpressionToken]?
        for segment in try TemplateScanner(source: source, syntax: .backstage).scan() {
            switch segment {
            case .text(let literal, _) where literal.allSatisfy(\.isWhitespace):
                continue
            case .output(let found, _) where tokens == nil:
                tokens = found
            default:
                return nil
            }
        }
        return tokens.map { (source, $0) }
    }
}
