/// The inline content of a paragraph, heading or table cell, before it is wrapped: styled text
/// and the hard line breaks the author asked for.
enum InlinePiece: Equatable {
    case text(StyledSpan)
    case lineBreak
}

/// Joins a glued reference (`docs [1]`) so wrapping never separates it from its text; the
/// wrapper prints it as a plain space.
let nonBreakingSpace: Character = "\u{00A0}"

/// Collects inline nodes into pieces while the walk is inside a paragraph, heading or cell.
/// Nesting is a stack, not recursion, so deeply nested emphasis cannot exhaust the call stack.
struct InlineCollector {
    private(set) var pieces: [InlinePiece] = []
    /// The combined style at each nesting level; the last is the current one.
    private var styles: [TextStyle]

    init(baseStyle: TextStyle = []) {
        styles = [baseStyle]
    }

    private var style: TextStyle { styles[styles.count - 1] }

    mutating func enter(_ node: MarkdownNode, links: inout LinkReferences) {
        switch node.kind {
        case .text:
            append(TerminalSafeText.inline(node.literal), style)
        case .softBreak:
            append(" ", style)
        case .lineBreak:
            pieces.append(.lineBreak)
        case .code:
            append(TerminalSafeText.inline(node.literal), style.union(.code))
        case .htmlInline:
            append(TerminalSafeText.inline(node.literal), style.union(.muted))
        case .emphasis:
            styles.append(style.union(.emphasis))
        case .strong:
            styles.append(style.union(.strong))
        case .strikethrough:
            styles.append(style.union(.strikethrough))
        case .link:
            styles.append(style.union(.link))
        case .image:
            append("[image: ", style.union(.muted))
            styles.append(style)
        default:
            // An inline node this renderer does not know: show its text if it has any.
            let literal = node.literal
            if !literal.isEmpty { append(TerminalSafeText.inline(literal), style) }
        }
    }

    mutating func exit(_ node: MarkdownNode, links: inout LinkReferences) {
        switch node.kind {
        case .emphasis, .strong, .strikethrough:
            popStyle()
        case .link:
            popStyle()
            appendReference(to: node.url, links: &links)
        case .image:
            popStyle()
            append("]", style.union(.muted))
            appendReference(to: node.url, links: &links)
        default:
            break
        }
    }

    /// Numbered on exit, so an image inside a link gets its number first, as it is read.
    private mutating func appendReference(to url: String, links: inout LinkReferences) {
        let target = TerminalSafeText.inline(url)
        guard !target.isEmpty else { return }
        let number = links.number(for: target)
        append("\(nonBreakingSpace)[\(number)]", style.union(.muted))
    }

    private mutating func popStyle() {
        if styles.count > 1 { styles.removeLast() }
    }

    private mutating func append(_ text: String, _ style: TextStyle) {
        guard !text.isEmpty else { return }
        pieces.append(.text(StyledSpan(text, style)))
    }
}
