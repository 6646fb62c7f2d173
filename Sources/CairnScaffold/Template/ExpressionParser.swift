import CairnCatalog

/// Parses Nunjucks expressions by recursive descent, loosest binding first:
/// `x if c else y`, `or`, `and`, `not`, `in`/`not in`, comparisons, `~`, `+ -`, `* / %`, unary `-`
/// with `|` filters, then `.name` / `[index]` lookups on literals, names and parentheses.
/// Filters bind tighter than binary operators: `a + b | upper` upper-cases only `b`.
struct ExpressionParser {
    private let source: SourceText
    private let tokens: [ExpressionToken]
    /// How the `.end` token reads in a message: "end of expression", "'}}'", "'%}'".
    private let endDescription: String
    private var position = 0
    private var nesting = 0

    private static let reservedWords: Set<String> = ["and", "or", "not", "in", "if", "else", "is"]

    init(source: SourceText, tokens: [ExpressionToken], endDescription: String) {
        self.source = source
        self.tokens = tokens
        self.endDescription = endDescription
    }

    private var current: ExpressionToken { tokens[position] }
    private var next: ExpressionToken { tokens[min(position + 1, tokens.count - 1)] }

    /// One expression that uses every token.
    mutating func parseComplete() throws(TemplateError) -> Expression {
        let expression = try parseExpression()
        try expectEnd()
        return expression
    }

    /// The names before `in` of a `{% for %}` tag: `item`, or `key, value`.
    mutating func parseLoopVariables() throws(TemplateError) -> [String] {
        var names: [String] = []
        repeat {
            guard case .identifier(let name) = current.kind, !Self.reservedWords.contains(name) else {
                throw source.error("expected a loop variable name, found \(describe(current))", at: current.offset)
            }
            names.append(name)
            position += 1
        } while skip(symbol: ",")
        guard skip(word: "in") else {
            throw source.error("expected 'in' after the loop variables, found \(describe(current))", at: current.offset)
        }
        return names
    }

    mutating func expectEnd() throws(TemplateError) {
        guard current.kind == .end else {
            var message = "expected \(endDescription), found \(describe(current))"
            if current.isSymbol("=") { message += " (use '==' to compare)" }
            throw source.error(message, at: current.offset)
        }
    }

    // MARK: Precedence levels, loosest first

    private mutating func parseExpression() throws(TemplateError) -> Expression {
        try enter()
        defer { nesting -= 1 }
        return try parseInlineIf()
    }

    private mutating func parseInlineIf() throws(TemplateError) -> Expression {
        let value = try parseOr()
        guard current.isWord("if") else { return value }
        let offset = current.offset
        position += 1
        let condition = try parseOr()
        var otherwise: Expression?
        // Nunjucks reads only `or`-level code after `else`; chaining `a if x else b if y else c`, as
        // Jinja does, costs nothing.
        if skip(word: "else") { otherwise = try parseExpression() }
        return try make(.conditional(value: value, condition: condition, otherwise: otherwise), at: offset)
    }

    private mutating func parseOr() throws(TemplateError) -> Expression {
        var left = try parseAnd()
        while current.isWord("or") {
            let offset = current.offset
            position += 1
            left = try make(.or(left, try parseAnd()), at: offset)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateError) -> Expression {
        var left = try parseNot()
        while current.isWord("and") {
            let offset = current.offset
            position += 1
            left = try make(.and(left, try parseNot()), at: offset)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateError) -> Expression {
        guard current.isWord("not") else { return try parseMembership() }
        let offset = current.offset
        position += 1
        try enter()
        defer { nesting -= 1 }
        return try make(.not(try parseNot()), at: offset)
    }

    private mutating func parseMembership() throws(TemplateError) -> Expression {
        var left = try parseComparison()
        while true {
            let offset = current.offset
            let symbol: BinaryOperator
            if current.isWord("in") {
                position += 1
                symbol = .memberOf
            } else if current.isWord("not"), next.isWord("in") {
                position += 2
                symbol = .notMemberOf
            } else {
                return left
            }
            left = try make(.binary(symbol, left, try parseComparison()), at: offset)
        }
    }

    private mutating func parseComparison() throws(TemplateError) -> Expression {
        var left = try parseConcatenation()
        while case .symbol(let symbol) = current.kind {
            let comparison: BinaryOperator
            switch symbol {
            case "==", "===": comparison = .equal
            case "!=", "!==": comparison = .notEqual
            case "<": comparison = .less
            case ">": comparison = .greater
            case "<=": comparison = .lessOrEqual
            case ">=": comparison = .greaterOrEqual
            default: return left
            }
            let offset = current.offset
            position += 1
            left = try make(.binary(comparison, left, try parseConcatenation()), at: offset)
        }
        return left
    }

    private mutating func parseConcatenation() throws(TemplateError) -> Expression {
        var left = try parseAdditive()
        while current.isSymbol("~") {
            let offset = current.offset
            position += 1
            left = try make(.binary(.concatenate, left, try parseAdditive()), at: offset)
        }
        return left
    }

    private mutating func parseAdditive() throws(TemplateError) -> Expression {
        var left = try parseMultiplicative()
        while true {
            let offset = current.offset
            let operation: BinaryOperator
            if current.isSymbol("+") { operation = .add } else if current.isSymbol("-") { operation = .subtract } else { return left }
            position += 1
            left = try make(.binary(operation, left, try parseMultiplicative()), at: offset)
        }
    }

    private mutating func parseMultiplicative() throws(TemplateError) -> Expression {
        var left = try parseUnary(allowsFilters: true)
        while true {
            let offset = current.offset
            let operation: BinaryOperator
            if current.isSymbol("*") {
                operation = .multiply
            } else if current.isSymbol("/") {
                operation = .divide
            } else if current.isSymbol("%") {
                operation = .remainder
            } else {
                return left
            }
            position += 1
            left = try make(.binary(operation, left, try parseUnary(allowsFilters: true)), at: offset)
        }
    }

    /// Unary minus applies before filters, as in Nunjucks: `-x | string` is `(-x) | string`.
    private mutating func parseUnary(allowsFilters: Bool) throws(TemplateError) -> Expression {
        var operand: Expression
        if current.isSymbol("-") {
            let offset = current.offset
            position += 1
            try enter()
            defer { nesting -= 1 }
            operand = try make(.negate(try parseUnary(allowsFilters: false)), at: offset)
        } else {
            operand = try parsePostfix(try parsePrimary())
        }
        guard allowsFilters else { return operand }
        while current.isSymbol("|") {
            position += 1
            operand = try parseFilter(applyingTo: operand)
        }
        return operand
    }

    private mutating func parseFilter(applyingTo input: Expression) throws(TemplateError) -> Expression {
        guard case .identifier(let name) = current.kind else {
            throw source.error("expected a filter name after '|', found \(describe(current))", at: current.offset)
        }
        let offset = current.offset
        guard let filter = TemplateFilters.named(name) else {
            throw source.error("unknown filter '\(name)'", at: offset)
        }
        position += 1
        var arguments: [Expression] = []
        if skip(symbol: "(") {
            arguments = try parseList(closedBy: ")")
        }
        guard filter.argumentCount.contains(arguments.count) else {
            throw source.error("filter '\(name)' takes \(Self.describe(filter.argumentCount)), got \(arguments.count)", at: offset)
        }
        return try make(.filter(input, name: name, arguments: arguments), at: offset)
    }

    private static func describe(_ count: ClosedRange<Int>) -> String {
        if count.upperBound == 0 { return "no arguments" }
        if count.lowerBound == count.upperBound {
            return count.lowerBound == 1 ? "1 argument" : "\(count.lowerBound) arguments"
        }
        return "\(count.lowerBound) to \(count.upperBound) arguments"
    }

    private mutating func parsePostfix(_ base: Expression) throws(TemplateError) -> Expression {
        var expression = base
        while true {
            let offset = current.offset
            if skip(symbol: ".") {
                guard case .identifier(let name) = current.kind else {
                    throw source.error("expected a property name after '.', found \(describe(current)); use ['…'] for other keys", at: current.offset)
                }
                position += 1
                expression = try make(.member(expression, name), at: offset)
            } else if skip(symbol: "[") {
                let index = try parseExpression()
                try expect(symbol: "]")
                expression = try make(.element(expression, index), at: offset)
            } else if current.isSymbol("(") {
                throw source.error("function calls are not supported; use a filter: value | name(arguments)", at: offset)
            } else {
                return expression
            }
        }
    }

    private mutating func parsePrimary() throws(TemplateError) -> Expression {
        let token = current
        switch token.kind {
        case .string(let text):
            position += 1
            return Expression(.literal(.string(text)), at: token.offset)
        case .integer(let number):
            position += 1
            return Expression(.literal(.int(number)), at: token.offset)
        case .decimal(let number):
            position += 1
            return Expression(.literal(.double(number)), at: token.offset)
        case .identifier(let name):
            let literal: Value?
            switch name {
            case "true", "True": literal = .bool(true)
            case "false", "False": literal = .bool(false)
            case "none", "None", "null": literal = .null
            default:
                guard !Self.reservedWords.contains(name) else {
                    throw source.error("expected an expression, found '\(name)'", at: token.offset)
                }
                literal = nil
            }
            position += 1
            return Expression(literal.map { .literal($0) } ?? .variable(name), at: token.offset)
        case .symbol("("):
            position += 1
            let inner = try parseExpression()
            try expect(symbol: ")")
            return inner
        case .symbol("["):
            position += 1
            return try make(.array(try parseList(closedBy: "]")), at: token.offset)
        case .symbol("{"):
            position += 1
            return try make(.object(try parseObjectEntries()), at: token.offset)
        default:
            throw source.error("expected an expression, found \(describe(token))", at: token.offset)
        }
    }

    /// Comma-separated expressions up to `closer` (already past the opener); a trailing comma is fine.
    private mutating func parseList(closedBy closer: String) throws(TemplateError) -> [Expression] {
        var items: [Expression] = []
        while !skip(symbol: closer) {
            items.append(try parseExpression())
            if !skip(symbol: ",") {
                try expect(symbol: closer)
                break
            }
        }
        return items
    }

    /// `key: value` pairs up to `}`; keys are names or strings.
    private mutating func parseObjectEntries() throws(TemplateError) -> [Expression.ObjectEntry] {
        var entries: [Expression.ObjectEntry] = []
        while !skip(symbol: "}") {
            let key: String
            switch current.kind {
            case .identifier(let name): key = name
            case .string(let text): key = text
            default:
                throw source.error("expected a key (a name or a string), found \(describe(current))", at: current.offset)
            }
            position += 1
            try expect(symbol: ":")
            entries.append(Expression.ObjectEntry(key: key, value: try parseExpression()))
            if !skip(symbol: ",") {
                try expect(symbol: "}")
                break
            }
        }
        return entries
    }

    // MARK: Helpers

    private mutating func skip(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func skip(word: String) -> Bool {
        guard current.isWord(word) else { return false }
        position += 1
        return true
    }

    private mutating func expect(symbol: String) throws(TemplateError) {
        guard skip(symbol: symbol) else {
            throw source.error("expected '\(symbol)', found \(describe(current))", at: current.offset)
        }
    }

    /// Guards the parser's own recursion (parentheses, `not not …`, `- - …`).
    private mutating func enter() throws(TemplateError) {
        nesting += 1
        guard nesting <= TemplateLimits.expressionNesting else {
            throw source.error("expression is nested more than \(TemplateLimits.expressionNesting) levels deep", at: current.offset)
        }
    }

    /// Guards the evaluator's recursion, which long operator chains deepen too.
    private func make(_ kind: Expression.Kind, at offset: Int) throws(TemplateError) -> Expression {
        let expression = Expression(kind, at: offset)
        guard expression.depth <= TemplateLimits.expressionDepth else {
            throw source.error("expression is more than \(TemplateLimits.expressionDepth) levels deep; split it up", at: offset)
        }
        return expression
    }

    private func describe(_ token: ExpressionToken) -> String {
        switch token.kind {
        case .identifier(let name): return "'\(name)'"
        case .string(let text): return "the string \(JSONWriter.string(.string(text)))"
        case .integer(let number): return "'\(number)'"
        case .decimal(let number): return "'\(number)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return endDescription
        }
    }
}
