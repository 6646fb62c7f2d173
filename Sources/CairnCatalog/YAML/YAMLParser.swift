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

/// Turns events into documents. One frame per open collection.
private struct StreamBuilder {
    private enum Frame {
        case sequence(items: [YAMLNode], line: Int, column: Int, anchor: String?, size: Int)
        case mapping(pairs: [YAMLPair], pendingKey: YAMLNode?, line: Int, column: Int, anchor: String?, size: Int, keys: Set<String>)
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
            isInDocument = true
            documentLine = line
            documentColumn = column
        case YAML_DOCUMENT_END_EVENT:
            if isInDocument {
                let hasContent: Bool
                if let root, case .scalar(_, .null) = root.content { hasContent = false } else { hasContent = root != nil || isAbandoned }
                if hasContent || !documentIssues.isEmpty {
                    stream.documents.append(YAMLDocument(root: isAbandoned ? nil : root, line: documentLine, column: documentColumn, issues: documentIssues))
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
            frames.append(.sequence(items: [], line: line, column: column, anchor: event.data.sequence_start.anchor.map { String(cString: $0) }, size: 1))
        case YAML_MAPPING_START_EVENT:
            guard !isAbandoned else { return }
            frames.append(.mapping(pairs: [], pendingKey: nil, line: line, column: column, anchor: event.data.mapping_start.anchor.map { String(cString: $0) }, size: 1, keys: []))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard !isAbandoned, let frame = frames.popLast() else { return }
            let node: YAMLNode
            let anchor: String?
            switch frame {
            case let .sequence(items, startLine, startColumn, frameAnchor, size):
                node = YAMLNode(content: .sequence(items), line: startLine, column: startColumn, expandedSize: size)
                anchor = frameAnchor
            case let .mapping(pairs, _, startLine, startColumn, frameAnchor, size, _):
                node = YAMLNode(content: .mapping(pairs), line: startLine, column: startColumn, expandedSize: size)
                anchor = frameAnchor
            }
            if let anchor { anchors[anchor] = node }
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
                frames = []
                anchors = [:]
                return
            }
        }
        guard let top = frames.popLast() else {
            root = node
            return
        }
        switch top {
        case .sequence(var items, let line, let column, let anchor, let size):
            items.append(node)
            frames.append(.sequence(items: items, line: line, column: column, anchor: anchor, size: size + node.expandedSize))
        case .mapping(var pairs, let pendingKey, let line, let column, let anchor, let size, var keys):
            if let key = pendingKey {
                let pair = YAMLPair(key: key, value: node)
                let keyText = pair.keyText
                if keys.contains(keyText) {
                    documentIssues.append(YAMLIssue(message: "duplicate key \"\(keyText)\" in a mapping; keep one of them", line: key.line, column: key.column))
                } else {
                    keys.insert(keyText)
                    pairs.append(pair)
                }
                frames.append(.mapping(pairs: pairs, pendingKey: nil, line: line, column: column, anchor: anchor, size: size + node.expandedSize, keys: keys))
            } else {
                frames.append(.mapping(pairs: pairs, pendingKey: node, line: line, column: column, anchor: anchor, size: size + node.expandedSize, keys: keys))
            }
        }
    }
}
