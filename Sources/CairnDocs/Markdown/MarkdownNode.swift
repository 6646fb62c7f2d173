import CCMark

/// A read-only view of one cmark-gfm node, valid while `CMarkParser.walk` runs.
struct MarkdownNode {
    /// What the node is. The GitHub extensions' node types are registered at run time, so they
    /// are told apart by name (`cmark_node_get_type_string`) rather than by a C constant.
    enum Kind: Equatable {
        case document
        case blockQuote
        case list
        case item
        case codeBlock
        case htmlBlock
        case paragraph
        case heading
        case thematicBreak
        case table
        case tableRow
        case tableCell
        case text
        case softBreak
        case lineBreak
        case code
        case htmlInline
        case emphasis
        case strong
        case strikethrough
        case link
        case image
        case other
    }

    /// How a table column is aligned by its delimiter row (`:--`, `:-:`, `--:`).
    enum ColumnAlignment: Equatable {
        case left
        case center
        case right
    }

    private let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    var kind: Kind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item // also a task list item ("tasklist" by name)
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        default:
            switch typeName {
            case "table": return .table
            // The header row and body rows share one node type; only the name differs.
            case "table_header", "table_row": return .tableRow
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            default: return .other
            }
        }
    }

    /// The node type's name: "paragraph", "table_cell", "tasklist"…
    var typeName: String { string(cmark_node_get_type_string(pointer)) }

    /// Text of a text, code, code block or HTML node.
    var literal: String { string(cmark_node_get_literal(pointer)) }

    /// Target of a link or image.
    var url: String { string(cmark_node_get_url(pointer)) }

    /// A fenced code block's info string (usually the language).
    var fenceInfo: String { string(cmark_node_get_fence_info(pointer)) }

    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

    var isOrderedList: Bool { cmark_node_get_list_type(pointer) == CMARK_ORDERED_LIST }

    var listStart: Int { Int(cmark_node_get_list_start(pointer)) }

    /// Whether an ordered list is written `1)` rather than `1.`.
    var listUsesParenthesis: Bool { cmark_node_get_list_delim(pointer) == CMARK_PAREN_DELIM }

    /// A tight list has no blank lines between its items.
    var isTightList: Bool { cmark_node_get_list_tight(pointer) != 0 }

    var childCount: Int {
        var count = 0
        var child = cmark_node_first_child(pointer)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        return count
    }

    /// A list item with a `[ ]` or `[x]` box (the tasklist extension strips the box from the text).
    var isTaskItem: Bool { typeName == "tasklist" }

    var isCheckedTask: Bool { cmark_gfm_extensions_get_tasklist_item_checked(pointer) }

    /// A table row that is the header (`table_header`), not a body row.
    var isHeaderRow: Bool { cmark_gfm_extensions_get_table_row_is_header(pointer) != 0 }

    /// One entry per column; the table extension stores 'l', 'c', 'r' or 0 (none) per column.
    var tableAlignments: [ColumnAlignment] {
        let count = Int(cmark_gfm_extensions_get_table_columns(pointer))
        guard count > 0, let alignments = cmark_gfm_extensions_get_table_alignments(pointer) else { return [] }
        return (0..<count).map { column in
            switch alignments[column] {
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: .left
            }
        }
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
