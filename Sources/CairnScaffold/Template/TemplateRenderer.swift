import CairnCatalog

/// Walks template nodes into text, within `TemplateLimits`.
struct TemplateRenderer {
    private let source: SourceText
    private let evaluator: ExpressionEvaluator
    private(set) var output = ""
    private var iterations = 0

    init(source: SourceText) {
        self.source = source
        evaluator = ExpressionEvaluator(source: source)
    }

    mutating func render(_ nodes: [TemplateNode], in scope: TemplateScope) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text, let offset):
                try append(text, at: offset)
            case .output(let expression, let offset):
                try append(try evaluator.evaluate(expression, in: scope).renderedText, at: offset)
            case .conditional(let branches, let otherwise):
                var body = otherwise
                for branch in branches where try evaluator.evaluate(branch.condition, in: scope).isTruthy {
                    body = branch.body
                    break
                }
                if let body { try render(body, in: scope) }
            case .loop(let loop):
                try render(loop, in: scope)
            }
        }
    }

    private mutating func render(_ loop: TemplateNode.Loop, in scope: TemplateScope) throws(TemplateError) {
        let sequence = try evaluator.evaluate(loop.sequence, in: scope)
        let items: [Value]
        switch sequence {
        case .null: items = []
        case .array(let values): items = values
        case .object(let members): items = members.map { .array([.string($0.key), $0.value]) }
        case .string(let text): items = text.map { .string(String($0)) }
        default: throw source.error("cannot loop over \(sequence.typeName)", at: loop.sequence.offset)
        }
        guard items.count <= TemplateLimits.loopItems else {
            throw source.error("{% for %} over \(items.count) items; the limit is \(TemplateLimits.loopItems)", at: loop.offset)
        }
        if items.isEmpty {
            if let otherwise = loop.otherwise { try render(otherwise, in: scope) }
            return
        }
        var inner = scope
        for (index, item) in items.enumerated() {
            iterations += 1
            guard iterations <= TemplateLimits.totalIterations else {
                throw source.error("loops ran more than \(TemplateLimits.totalIterations) times in all", at: loop.offset)
            }
            if loop.variables.count == 1 {
                inner.locals[loop.variables[0]] = item
            } else {
                for (position, name) in loop.variables.enumerated() {
                    inner.locals[name] = ValueLookup.element(.int(position), of: item)
                }
            }
            inner.locals["loop"] = Self.loopVariable(index: index, count: items.count)
            try render(loop.body, in: inner)
        }
    }

    /// Nunjucks's `loop`: index (from 1), index0, revindex, revindex0, first, last, length.
    private static func loopVariable(index: Int, count: Int) -> Value {
        .object([
            Value.Member("index", .int(index + 1)),
            Value.Member("index0", .int(index)),
            Value.Member("revindex", .int(count - index)),
            Value.Member("revindex0", .int(count - index - 1)),
            Value.Member("first", .bool(index == 0)),
            Value.Member("last", .bool(index == count - 1)),
            Value.Member("length", .int(count)),
        ])
    }

    private mutating func append(_ text: String, at offset: Int) throws(TemplateError) {
        guard output.utf8.count + text.utf8.count <= TemplateLimits.outputBytes else {
            throw source.error("output would be larger than \(TemplateLimits.outputBytes / 1024 / 1024) MB", at: offset)
        }
        output += text
    }
}
