/// Bounds that keep a hostile or mistaken template from hanging the portal or exhausting memory.
enum TemplateLimits {
    /// Items one `{% for %}` may iterate.
    static let loopItems = 100_000
    /// Loop iterations in one render, all loops together: nested loops multiply.
    static let totalIterations = 1_000_000
    /// UTF-8 bytes of rendered output, and of any string an expression builds.
    static let outputBytes = 10 * 1024 * 1024
    /// Blocks open inside one another.
    static let blockNesting = 100
    /// Parentheses, brackets and unary operators open inside one another in one expression.
    static let expressionNesting = 64
    /// Levels of one parsed expression, operator chains included: bounds the evaluator's recursion.
    static let expressionDepth = 256
}
