import CCMark
import Synchronization

/// Parses Markdown with cmark-gfm and the GitHub extensions (tables, task lists, strikethrough,
/// autolinks) and walks the tree with `cmark_iter`.
enum CMarkParser {
    /// Whether the walk goes into a node or comes out of it; leaves (text, code blocks, breaks)
    /// are only entered.
    enum Event {
        case enter
        case exit
    }

    /// The extensions GitHub attaches, by the names cmark-gfm registers them under.
    private static let extensionNames = ["table", "tasklist", "strikethrough", "autolink"]

    /// cmark-gfm 0.29 is not re-entrant while parsing: extension registration is an unguarded
    /// check-then-set (a second registration aborts), and each parse adds the extensions'
    /// special characters to a process-wide table and removes them again when it finishes. So
    /// parsing is serialised; walking the finished tree is not.
    private static let parsing = Mutex(())

    /// Parses `source` and calls `visit` for every node in document order until it returns false.
    /// Nodes are valid only during the call.
    static func walk(_ source: String, visit: (Event, MarkdownNode) -> Bool) {
        let (parser, document) = parsing.withLock { _ in parse(source) }
        defer {
            if let document { cmark_node_free(document) }
            cmark_parser_free(parser)
        }
        guard let document, let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            let walkEvent: Event
            switch event {
            case CMARK_EVENT_ENTER: walkEvent = .enter
            case CMARK_EVENT_EXIT: walkEvent = .exit
            default: return // CMARK_EVENT_DONE (or NONE on a broken tree)
            }
            guard let node = cmark_iter_get_node(iterator) else { return }
            if !visit(walkEvent, MarkdownNode(node)) { return }
        }
    }

    private static func parse(_ source: String) -> (OpaquePointer?, OpaquePointer?) {
        cmark_gfm_core_extensions_ensure_registered()
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        source.withCString { bytes in
            cmark_parser_feed(parser, bytes, source.utf8.count)
        }
        return (parser, cmark_parser_finish(parser))
    }
}
