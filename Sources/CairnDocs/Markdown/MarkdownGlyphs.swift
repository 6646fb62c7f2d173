/// The characters that frame rendered Markdown: box drawing and bullets, or plain ASCII for
/// terminals and pipes that cannot show them.
struct MarkdownGlyphs: Sendable {
    var bullet: String
    var quoteBar: String
    var rule: Character
    var levelOneUnderline: Character
    var levelTwoUnderline: Character
    var tableColumnSeparator: String
    var tableRule: Character
    var tableCrossing: String
    var ellipsis: String
    /// Put before a code block's language: `─ swift`.
    var codeLanguagePrefix: String

    static let unicode = MarkdownGlyphs(
        bullet: "•", quoteBar: "│ ", rule: "─", levelOneUnderline: "═", levelTwoUnderline: "─",
        tableColumnSeparator: " │ ", tableRule: "─", tableCrossing: "─┼─", ellipsis: "…",
        codeLanguagePrefix: "─ "
    )

    static let ascii = MarkdownGlyphs(
        bullet: "*", quoteBar: "| ", rule: "-", levelOneUnderline: "=", levelTwoUnderline: "-",
        tableColumnSeparator: " | ", tableRule: "-", tableCrossing: "-+-", ellipsis: "~",
        codeLanguagePrefix: "-- "
    )
}
