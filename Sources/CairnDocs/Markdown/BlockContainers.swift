/// The block quotes, lists and list items the walk is inside, and the prefix each of them puts
/// in front of a line: `│ ` for a quote, the item's marker on its first line and as many spaces
/// on the lines after (so continuation lines align under the text).
struct BlockContainers {
    /// Containers nested deeper than this add no prefix: hostile nesting costs neither columns
    /// nor time per line.
    static let visibleDepth = 24

    private enum Container {
        case quote
        case list(ListNumbering)
        case item(marker: String, indent: Int, isMarkerPending: Bool)
    }

    private struct ListNumbering {
        var isOrdered: Bool
        var nextNumber: Int
        var numberWidth: Int
        var delimiter: String
    }

    private var stack: [Container] = []
    private var tightness: [Bool] = []
    private(set) var quoteDepth = 0

    /// Inside a tight list, blocks are not separated by blank lines.
    var isInTightList: Bool { tightness.last ?? false }

    mutating func enterQuote() {
        stack.append(.quote)
        quoteDepth += 1
    }

    mutating func enterList(isOrdered: Bool, start: Int, itemCount: Int, usesParenthesis: Bool, isTight: Bool) {
        let lastNumber = start + max(0, itemCount - 1)
        stack.append(.list(ListNumbering(
            isOrdered: isOrdered, nextNumber: start, numberWidth: String(lastNumber).count,
            delimiter: usesParenthesis ? ")" : "."
        )))
        tightness.append(isTight)
    }

    /// Starts an item of the innermost list: `• `, ` 9. `, `[x] ` or `1. [ ] `.
    mutating func enterItem(task: Bool?, glyphs: MarkdownGlyphs) {
        var marker = glyphs.bullet + " "
        if let listIndex = stack.lastIndex(where: { if case .list = $0 { true } else { false } }),
           case .list(var numbering) = stack[listIndex] {
            if numbering.isOrdered {
                let number = String(numbering.nextNumber)
                marker = String(repeating: " ", count: numbering.numberWidth - number.count) + number + numbering.delimiter + " "
                numbering.nextNumber += 1
                stack[listIndex] = .list(numbering)
            }
            if let checked = task {
                // A task box replaces a bullet and follows a number.
                let box = checked ? "[x] " : "[ ] "
                marker = numbering.isOrdered ? marker + box : box
            }
        }
        stack.append(.item(marker: marker, indent: DisplayWidth.of(marker), isMarkerPending: true))
    }

    /// Leaves the innermost container; returns the marker of an item that never showed it
    /// (an empty item), so the caller can still print it.
    @discardableResult
    mutating func exit() -> String? {
        guard let container = stack.popLast() else { return nil }
        switch container {
        case .quote:
            quoteDepth -= 1
        case .list:
            tightness.removeLast()
        case .item(let marker, _, let isMarkerPending):
            return isMarkerPending && stack.count < Self.visibleDepth ? marker : nil
        }
        return nil
    }

    /// Columns the prefix takes.
    var prefixWidth: Int {
        var width = 0
        for container in stack.prefix(Self.visibleDepth) {
            switch container {
            case .quote: width += 2
            case .list: break
            case .item(_, let indent, _): width += indent
            }
        }
        return width
    }

    /// The prefix for the next line with content: pending item markers are shown (once).
    mutating func contentPrefix(glyphs: MarkdownGlyphs) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        for index in stack.indices.prefix(Self.visibleDepth) {
            switch stack[index] {
            case .quote:
                spans.append(StyledSpan(glyphs.quoteBar, .muted))
            case .list:
                break
            case .item(let marker, let indent, let isMarkerPending):
                if isMarkerPending {
                    spans.append(StyledSpan(marker, .muted))
                    stack[index] = .item(marker: marker, indent: indent, isMarkerPending: false)
                } else {
                    spans.append(StyledSpan(String(repeating: " ", count: indent)))
                }
            }
        }
        return spans
    }

    /// The prefix for a blank line between blocks: quote bars only, no trailing spaces, and no
    /// marker used up.
    func blankPrefix(glyphs: MarkdownGlyphs) -> [StyledSpan] {
        var text = ""
        for container in stack.prefix(Self.visibleDepth) {
            switch container {
            case .quote: text += glyphs.quoteBar
            case .list: break
            case .item(_, let indent, _): text += String(repeating: " ", count: indent)
            }
        }
        while text.last == " " { text.removeLast() }
        return text.isEmpty ? [] : [StyledSpan(text, .muted)]
    }
}
