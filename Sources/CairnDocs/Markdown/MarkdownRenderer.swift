/// Renders Markdown (CommonMark with GitHub's tables, task lists, strikethrough and autolinks,
/// parsed by cmark-gfm) as styled terminal lines wrapped to a width.
///
/// - Headings: `.heading(level)` lines styled `.heading` (levels 1–2 also `.strong`), levels
///   1–2 underlined with `═`/`─` (`=`/`-` in ASCII).
/// - Paragraphs wrap at spaces by display width (wide characters take 2 columns); emphasis,
///   strong, inline code and strikethrough keep their styles; a hard break starts a new line.
/// - Links and images: the text styled `.link` (an image as `[image: alt]`), then a muted `[n]`
///   where `links[n - 1]` is the target; a target seen again keeps its number.
/// - Lists: `•` (`*`) or right-aligned numbers, task items `[x]`/`[ ]`; nested lists and
///   continuation lines align under the item's text.
/// - Block quotes: a muted `│ ` (`| `) per level; their text lines are `.quote`.
/// - Code blocks: never wrapped (the view scrolls sideways), one `.code` line per source
///   line, tabs expanded to 4-column stops, the language (if any) first as a muted `─ swift`
///   (`-- swift`) line.
/// - Tables: a grid narrowed to fit the width (cells cut with `…`/`~`), header row strong
///   and ruled off, alignment honoured.
/// - Thematic breaks: a `.rule` line of `─` (`-`) across the width. HTML: muted text, never
///   interpreted.
///
/// Escape sequences and control characters never reach the output. Input past
/// `maximumInputBytes` and output past `maximumLines` are cut, ending with a muted "(cut)".
public enum MarkdownRenderer {
    /// Markdown beyond this many UTF-8 bytes is not rendered.
    public static let maximumInputBytes = 2_000_000

    /// Rendered lines beyond this many are dropped.
    public static let maximumLines = 20_000

    /// The last line of a document that was cut.
    public static let cutMarker = "(cut)"

    public static func render(_ markdown: String, width: Int, ascii: Bool = false) -> RenderedDocument {
        let (source, isInputCut) = capped(markdown)
        var layout = MarkdownLayout(width: max(1, width), glyphs: ascii ? .ascii : .unicode, maximumLines: maximumLines)
        CMarkParser.walk(TableColumnLimit.apply(TerminalSafeText.source(source))) { event, node in
            layout.handle(event, node)
            return !layout.isCut
        }
        var lines = layout.lines
        if isInputCut || layout.isCut {
            lines.append(StyledLine(.text, [StyledSpan(cutMarker, .muted)]))
        }
        return RenderedDocument(lines: lines, links: layout.links.urls)
    }

    /// The first `maximumInputBytes` of `markdown`, ending on a whole character.
    private static func capped(_ markdown: String) -> (String, isCut: Bool) {
        let utf8 = markdown.utf8
        guard utf8.count > maximumInputBytes else { return (markdown, false) }
        var end = utf8.index(utf8.startIndex, offsetBy: maximumInputBytes)
        while end > utf8.startIndex, end.samePosition(in: markdown) == nil {
            end = utf8.index(before: end)
        }
        return (String(markdown[..<end]), true)
    }
}
