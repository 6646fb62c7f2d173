import CYAML

/// Reads a YAML stream through libyaml's event API (which, unlike the document API, tells a
/// quoted `"true"` from a plain `true`) into `YAMLNode` trees.
///
/// Aliases are shared, never copied, but every alias counts the size of what it would expand
/// to; a document whose expansion passes `maxNodesPerDocument` is dropped with an issue, so a
/// few kilobytes of nested aliases (a "billion laughs") end at once instead of filling memory.
public enum YAMLParser {
    public static let defaultMaxNodesPerDocument = 200_000

    public static func parse(_ bytes: [UInt8], maxNodesPerDocument: Int = defaultMaxNodesPerDocument) -> YAMLStream {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return YAMLStream(documents: [], syntaxError: YAMLIssue(message: "could not start the YAML parser", line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = StreamBuilder(maxNodes: maxNodesPerDocument)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fail(with: syntaxIssue(parser))
                    break
                }
                let done = event.type == YAML_STREAM_END_EVENT
                builder.handle(&event)
                yaml_event_delete(&event)
                if done { break }
            }
            return builder.stream
        }
    }

    public static func parse(_ text: String, maxNodesPerDocument: Int = defaultMaxNodesPerDocument) -> YAMLStream {
        parse(Array(text.utf8), maxNodesPerDocument: maxNodesPerDocument)
    }

    private static func syntaxIssue(_ parser: yaml_parser_t) -> YAMLIssue {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        var message = "YAML syntax error: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " \(context) at line \(parser.context_mark.line + 1)"
        }
        return YAMLIssue(message: message, line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
    }
}

/// Turns events into documents. One frame per open collection, mutated in place (popping
/// and re-pushing enum payloads copied every child array: a third of the parse time).
private struct StreamBuilder {
    private struct Frame {
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var line: Int
        var column: Int
        var anchor: String?
        var size = 1
        var keys: Set<String> = []
    }

    let maxNodes: Int
    var stream = YAMLStream(documents: [], syntaxError: nil)
    private var frames: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var root: YAMLNode?
    private var documentLine = 1
    private var documentColumn = 1
    private var documentIssues: [YAMLIssue] = []
    private var documentNodes = 0
    private var isAbandoned = false
    private var partialRoot: YAMLNode?
    private var isInDocument = false

    init(maxNodes: Int) { self.maxNodes = maxNodes }

    mutating func fail(with issue: YAMLIssue) {
        stream.syntaxError = issue
        // A document cut by a syntax error is lost; earlier ones are already in `stream`.
        isInDocument = false
    }

    mutating func handle(_ event: inout yaml_event_t) {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            frames = []
            anchors = [:]
            root = nil
            documentIssues = []
            documentNodes = 0
            isAbandoned = false
            partialRoot = nil
            isInDocument = true
            documentLine = line
            documentColumn = column
        case YAML_DOCUMENT_END_EVENT:
            if isInDocument {
                let hasContent: Bool
                if let root, case .scalar(_, .null) = root.content { hasContent = false } else { hasContent = root != nil || isAbandoned }
                if hasContent || !documentIssues.isEmpty {
                    stream.documents.append(YAMLDocument(root: isAbandoned ? nil : root, partialRoot: partialRoot,
                                                         line: documentLine, column: documentColumn, issues: documentIssues))
                }
            }
            isInDocument = false
        case YAML_SCALAR_EVENT:
            guard !isAbandoned else { return }
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
            let value: Value
            if let tag = scalar.tag.map({ String(cString: $0) }) {
                value = CoreSchema.resolveTagged(text, tag: tag)
            } else if scalar.plain_implicit == 1 {
                value = CoreSchema.resolvePlain(text)
            } else {
                value = .string(text)
            }
            let node = YAMLNode(content: .scalar(text: text, value: value), line: line, column: column)
            remember(node, anchor: scalar.anchor)
            attach(node)
        case YAML_ALIAS_EVENT:
            guard !isAbandoned else { return }
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard var target = anchors[name] else {
                documentIssues.append(YAMLIssue(message: "alias *\(name) refers to no anchor; define &\(name) before using it", line: line, column: column))
                return
            }
            target.line = line
            target.column = column
            attach(target)
        case YAML_SEQUENCE_START_EVENT:
            guard !isAbandoned else { return }
            frames.append(Frame(isMapping: false, line: line, column: column, anchor: event.data.sequence_start.anchor.map { String(cString: $0) }))
        case YAML_MAPPING_START_EVENT:
            guard !isAbandoned else { return }
            frames.append(Frame(isMapping: true, line: line, column: column, anchor: event.data.mapping_start.anchor.map { String(cString: $0) }))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard !isAbandoned, let frame = frames.popLast() else { return }
            let node = YAMLNode(content: frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items),
                                line: frame.line, column: frame.column, expandedSize: frame.size)
            if let anchor = frame.anchor { anchors[anchor] = node }
            attach(node, counted: true)
        default:
            break
        }
    }

    private mutating func remember(_ node: YAMLNode, anchor: UnsafeMutablePointer<yaml_char_t>?) {
        if let anchor { anchors[String(cString: anchor)] = node }
    }

    /// Adds a finished node to the open collection (or makes it the root). `counted` is true for
    /// collections whose children were already counted as they arrived.
    private mutating func attach(_ node: YAMLNode, counted: Bool = false) {
        if !counted {
            documentNodes += node.expandedSize
            if documentNodes > maxNodes {
                documentIssues.append(YAMLIssue(
                    message: "document expands to more than \(maxNodes) nodes through aliases (an alias bomb?); remove the nested aliases",
                    line: documentLine, column: documentColumn))
                isAbandoned = true
                if let first = frames.first, first.isMapping {
                    partialRoot = YAMLNode(content: .mapping(first.pairs), line: first.line, column: first.column)
                }
                frames = []
                anchors = [:]
                return
            }
        }
        guard !frames.isEmpty else {
            root = node
            return
        }
        let top = frames.count - 1
        frames[top].size += node.expandedSize
        guard frames[top].isMapping else {
            frames[top].items.append(node)
            return
        }
        guard let key = frames[top].pendingKey else {
            frames[top].pendingKey = node
            return
        }
        frames[top].pendingKey = nil
        let pair = YAMLPair(key: key, value: node)
        let keyText = pair.keyText
        // Most mappings are small: a linear check beats hashing every key into a set.
        let isDuplicate: Bool
        if frames[top].pairs.count < 16 {
            isDuplicate = frames[top].pairs.contains { $0.keyText == keyText }
        } else {
            if frames[top].keys.isEmpty { frames[top].keys = Set(frames[top].pairs.map(\.keyText)) }
            isDuplicate = !frames[top].keys.insert(keyText).inserted
        }
        if !isDuplicate {
            frames[top].pairs.append(pair)
        } else {
            documentIssues.append(YAMLIssue(message: "duplicate key \"\(keyText)\" in a mapping; keep one of them", line: key.line, column: key.column))
        }
    }
}
