/// Pairs the scanned tags into blocks — `if`/`elif`/`else`/`endif`, `for`/`else`/`endfor` — and
/// parses every tag's and interpolation's expression, so a template with a mistake anywhere fails
/// before anything is rendered.
struct TemplateParser {
    private let source: SourceText
    private let segments: [TemplateSegment]
    private var position = 0

    /// The block being parsed, for messages about where it opened.
    private struct OpenBlock {
        var name: String
        var closer: String
        var offset: Int
        var depth: Int
    }

    /// The tag that opens the block each closing or middle tag belongs to.
    private static let openers = [
        "elif": "if", "elseif": "if", "else": "if", "endif": "if", "endfor": "for",
        "endraw": "raw", "endverbatim": "verbatim",
    ]

    init(source: SourceText, segments: [TemplateSegment]) {
        self.source = source
        self.segments = segments
    }

    mutating func parse() throws(TemplateError) -> [TemplateNode] {
        try parseNodes(until: [], in: nil).nodes
    }

    /// Nodes up to one of `terminators`, which is returned; at the top level (`block` nil) up to the end.
    private mutating func parseNodes(until terminators: Set<String>, in block: OpenBlock?) throws(TemplateError)
        -> (nodes: [TemplateNode], terminator: TemplateTag?) {
        var nodes: [TemplateNode] = []
        while position < segments.count {
            let segment = segments[position]
            position += 1
            switch segment {
            case .text(let text, let offset):
                nodes.append(.text(text, offset: offset))
            case .output(let tokens, let offset):
                var parser = ExpressionParser(source: source, tokens: tokens, endDescription: "'}}'")
                nodes.append(.output(try parser.parseComplete(), offset: offset))
            case .tag(let tag):
                if terminators.contains(tag.name) { return (nodes, tag) }
                let depth = (block?.depth ?? 0) + 1
                switch tag.name {
                case "if": nodes.append(try parseConditional(tag, depth: depth))
                case "for": nodes.append(try parseLoop(tag, depth: depth))
                default: throw misplaced(tag, in: block)
                }
            }
        }
        if let block {
            throw source.error("unclosed {% \(block.name) %}: expected {% \(block.closer) %}", at: block.offset)
        }
        return (nodes, nil)
    }

    private mutating func parseConditional(_ tag: TemplateTag, depth: Int) throws(TemplateError) -> TemplateNode {
        let block = try open(tag, closer: "endif", depth: depth)
        var branches: [TemplateNode.ConditionalBranch] = []
        var condition = try expression(in: tag)
        while true {
            let (body, terminator) = try parseNodes(until: ["elif", "elseif", "else", "endif"], in: block)
            branches.append(TemplateNode.ConditionalBranch(condition: condition, body: body))
            guard let terminator else { throw unclosed(block) }
            switch terminator.name {
            case "elif", "elseif":
                condition = try expression(in: terminator)
            case "else":
                try expectNoArguments(terminator)
                let (otherwise, end) = try parseNodes(until: ["endif"], in: block)
                guard let end else { throw unclosed(block) }
                try expectNoArguments(end)
                return .conditional(branches, otherwise: otherwise)
            default:
                try expectNoArguments(terminator)
                return .conditional(branches, otherwise: nil)
            }
        }
    }

    private mutating func parseLoop(_ tag: TemplateTag, depth: Int) throws(TemplateError) -> TemplateNode {
        let block = try open(tag, closer: "endfor", depth: depth)
        var parser = ExpressionParser(source: source, tokens: tag.arguments, endDescription: "'%}'")
        let variables = try parser.parseLoopVariables()
        let sequence = try parser.parseComplete()
        let (body, terminator) = try parseNodes(until: ["else", "endfor"], in: block)
        guard let terminator else { throw unclosed(block) }
        try expectNoArguments(terminator)
        var otherwise: [TemplateNode]?
        if terminator.name == "else" {
            let (nodes, end) = try parseNodes(until: ["endfor"], in: block)
            guard let end else { throw unclosed(block) }
            try expectNoArguments(end)
            otherwise = nodes
        }
        return .loop(TemplateNode.Loop(variables: variables, sequence: sequence, body: body, otherwise: otherwise, offset: tag.offset))
    }

    private func open(_ tag: TemplateTag, closer: String, depth: Int) throws(TemplateError) -> OpenBlock {
        guard depth <= TemplateLimits.blockNesting else {
            throw source.error("blocks are nested more than \(TemplateLimits.blockNesting) deep", at: tag.offset)
        }
        return OpenBlock(name: tag.name, closer: closer, offset: tag.offset, depth: depth)
    }

    private func expression(in tag: TemplateTag) throws(TemplateError) -> Expression {
        var parser = ExpressionParser(source: source, tokens: tag.arguments, endDescription: "'%}'")
        return try parser.parseComplete()
    }

    private func expectNoArguments(_ tag: TemplateTag) throws(TemplateError) {
        guard let extra = tag.arguments.first, extra.kind != .end else { return }
        throw source.error("{% \(tag.name) %} takes nothing after its name", at: extra.offset)
    }

    private func unclosed(_ block: OpenBlock) -> TemplateError {
        source.error("unclosed {% \(block.name) %}: expected {% \(block.closer) %}", at: block.offset)
    }

    private func misplaced(_ tag: TemplateTag, in block: OpenBlock?) -> TemplateError {
        guard let opener = Self.openers[tag.name] else {
            return source.error("unknown tag '\(tag.name)'", at: tag.nameOffset)
        }
        if let block {
            return source.error(
                "unexpected {% \(tag.name) %}: the {% \(block.name) %} on line \(source.location(of: block.offset).line) is closed by {% \(block.closer) %}",
                at: tag.offset)
        }
        let what = tag.name == "else" ? "{% if %} or {% for %}" : "{% \(opener) %}"
        return source.error("unexpected {% \(tag.name) %}: no \(what) is open", at: tag.offset)
    }
}
