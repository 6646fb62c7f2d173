import CairnDocs
import Testing

/// Markdown in, expected lines out: the text of every line, and styles where they carry meaning.
@Suite struct MarkdownRendererTests {
    private func texts(_ markdown: String, width: Int = 40, ascii: Bool = false) -> [String] {
        MarkdownRenderer.render(markdown, width: width, ascii: ascii).lines.map(\.text)
    }

    // MARK: Headings

    @Test func headingsAreStyledAndTheFirstTwoLevelsUnderlined() {
        let document = MarkdownRenderer.render("# Payments\n\n## Setup\n\n### Keys", width: 40)
        #expect(document.lines.map(\.text) == ["Payments", "════════", "", "Setup", "─────", "", "Keys"])
        #expect(document.lines.map(\.kind) == [.heading(1), .heading(1), .blank, .heading(2), .heading(2), .blank, .heading(3)])
        #expect(document.lines[0].spans == [StyledSpan("Payments", [.heading, .strong])])
        #expect(document.lines[3].spans == [StyledSpan("Setup", [.heading, .strong])])
        #expect(document.lines[6].spans == [StyledSpan("Keys", .heading)])
    }

    @Test func asciiHeadingsAreUnderlinedWithEqualsAndDashes() {
        #expect(texts("Payments\n========\n\nSetup\n-----", ascii: true) == ["Payments", "========", "", "Setup", "-----"])
    }

    @Test func aHeadingKeepsItsInlineStyles() {
        let line = MarkdownRenderer.render("### The *new* API", width: 40).lines[0]
        #expect(line.spans == [
            StyledSpan("The ", .heading), StyledSpan("new", [.heading, .emphasis]), StyledSpan(" API", .heading),
        ])
    }

    // MARK: Paragraphs

    @Test func paragraphsWrapAtWordBoundaries() {
        let markdown = "The payments service charges cards and refunds them when asked."
        #expect(texts(markdown, width: 20) == ["The payments service", "charges cards and", "refunds them when", "asked."])
        #expect(texts(markdown, width: 19) == ["The payments", "service charges", "cards and refunds", "them when asked."])
    }

    @Test func aWordLongerThanTheWidthIsCut() {
        #expect(texts("see abcdefghijklmnop end", width: 8) == ["see", "abcdefgh", "ijklmnop", "end"])
    }

    @Test func emphasisStrongCodeAndStrikethroughKeepTheirStyles() {
        let line = MarkdownRenderer.render("a *b* **c** `d e` ~~f~~ ***g***", width: 80).lines[0]
        #expect(line.spans == [
            StyledSpan("a "), StyledSpan("b", .emphasis), StyledSpan(" "), StyledSpan("c", .strong), StyledSpan(" "),
            StyledSpan("d e", .code), StyledSpan(" "), StyledSpan("f", .strikethrough), StyledSpan(" "),
            StyledSpan("g", [.emphasis, .strong]),
        ])
    }

    @Test func softBreaksAreSpacesAndHardBreaksStartALine() {
        #expect(texts("one\ntwo  \nthree\\\nfour") == ["one two", "three", "four"])
    }

    @Test func blocksAreSeparatedByOneBlankLine() {
        let document = MarkdownRenderer.render("First.\n\n\n\nSecond.", width: 40)
        #expect(document.lines.map(\.text) == ["First.", "", "Second."])
        #expect(document.lines[1].kind == .blank)
        #expect(document.lines[1].spans.isEmpty)
    }

    // MARK: Links

    @Test func linksAreNumberedInOrderAndATargetKeepsItsNumber() {
        let document = MarkdownRenderer.render(
            "See [the docs](https://docs.example.com), [the API](https://api.example.com) and [docs](https://docs.example.com) again.",
            width: 80
        )
        #expect(document.lines.map(\.text) == ["See the docs [1], the API [2] and docs [1] again."])
        #expect(document.links == ["https://docs.example.com", "https://api.example.com"])
        let spans = document.lines[0].spans
        #expect(spans[1] == StyledSpan("the docs", .link))
        #expect(spans[2] == StyledSpan(" [1]", .muted))
    }

    @Test func autolinksAndImagesAreNumberedToo() {
        let document = MarkdownRenderer.render("Mail <https://x.org/a> or www.example.com.\n\n![the logo](logo.png)", width: 80)
        #expect(document.lines.map(\.text) == ["Mail https://x.org/a [1] or www.example.com [2].", "", "[image: the logo] [3]"])
        #expect(document.links == ["https://x.org/a", "http://www.example.com", "logo.png"])
    }

    @Test func aReferenceNumberIsNeverWrappedAwayFromItsText() {
        #expect(texts("Read the [docs](https://d.example) now", width: 15) == ["Read the", "docs [1] now"])
    }

    // MARK: Lists

    @Test func nestedListsAreIndentedAndContinuationLinesAlignUnderTheText() {
        let markdown = """
        - one
        - two
          - nested a
            - deeper
          - nested b
        - three is long enough to wrap
        """
        #expect(texts(markdown, width: 20) == [
            "• one",
            "• two",
            "  • nested a",
            "    • deeper",
            "  • nested b",
            "• three is long",
            "  enough to wrap",
        ])
        let first = MarkdownRenderer.render(markdown, width: 20).lines[0]
        #expect(first.spans == [StyledSpan("• ", .muted), StyledSpan("one")])
    }

    @Test func orderedListNumbersAreRightAlignedAndKeepTheirStart() {
        let markdown = (9...11).map { "\($0). item \($0)" }.joined(separator: "\n")
        #expect(texts(markdown) == [" 9. item 9", "10. item 10", "11. item 11"])
        #expect(texts("3) three\n4) four") == ["3) three", "4) four"])
    }

    @Test func looseListsAreSpacedAndTightListsAreNot() {
        #expect(texts("- a\n- b\n\nAfter.") == ["• a", "• b", "", "After."])
        #expect(texts("- a\n\n- b\n\n  more b") == ["• a", "", "• b", "", "  more b"])
    }

    @Test func taskListItemsShowTheirBoxes() {
        #expect(texts("- [x] done\n- [ ] to do\n\n1. [x] first") == ["[x] done", "[ ] to do", "", "1. [x] first"])
        #expect(texts("- [ ] a task long enough to wrap", width: 16) == ["[ ] a task long", "    enough to", "    wrap"])
    }

    @Test func asciiListsUseAsterisks() {
        #expect(texts("- a\n  - b\n- [x] c", ascii: true) == ["* a", "  * b", "[x] c"])
    }

    // MARK: Quotes

    @Test func quoteLinesArePrefixedAndNestedQuotesStack() {
        let markdown = "Before.\n\n> quoted text that wraps\n>\n> > nested\n>\n> back"
        let document = MarkdownRenderer.render(markdown, width: 20)
        #expect(document.lines.map(\.text) == [
            "Before.",
            "",
            "│ quoted text that",
            "│ wraps",
            "│",
            "│ │ nested",
            "│",
            "│ back",
        ])
        #expect(document.lines[1].kind == .blank)
        #expect(document.lines[2...].allSatisfy { $0.kind == .quote })
        #expect(document.lines[2].spans == [StyledSpan("│ ", .muted), StyledSpan("quoted text that", .quote)])
        #expect(texts("> a\n> > b", ascii: true) == ["| a", "|", "| | b"])
    }

    @Test func aListInsideAQuoteIsPrefixedOnEveryLine() {
        #expect(texts("> - one\n> - two wraps here", width: 12) == ["│ • one", "│ • two", "│   wraps", "│   here"])
    }

    // MARK: Code

    @Test func fencedCodeIsNotWrappedAndShowsItsLanguage() {
        let markdown = "```swift\nlet total = items.map(\\.price).reduce(0, +)\n\tindented\n```"
        let document = MarkdownRenderer.render(markdown, width: 12)
        #expect(document.lines.map(\.text) == ["─ swift", "let total = items.map(\\.price).reduce(0, +)", "    indented"])
        #expect(document.lines.allSatisfy { $0.kind == .code })
        #expect(document.lines[0].spans == [StyledSpan("─ swift", .muted)])
        #expect(document.lines[1].spans == [StyledSpan("let total = items.map(\\.price).reduce(0, +)", .code)])
        #expect(texts("```swift\nx\n```", ascii: true) == ["-- swift", "x"])
    }

    @Test func indentedCodeKeepsItsLinesAndBlankLines() {
        let document = MarkdownRenderer.render("Text.\n\n    a  =  1\n\n    b\tc", width: 40)
        #expect(document.lines.map(\.text) == ["Text.", "", "a  =  1", "", "b   c"])
        #expect(document.lines[2...].map(\.kind) == [.code, .code, .code])
    }

    @Test func codeInAListIsIndentedUnderTheItem() {
        #expect(texts("- item\n\n  ```\n  code\n  ```") == ["• item", "", "  code"])
    }

    // MARK: Tables

    @Test func aTableHonoursAlignmentInAnExactGrid() {
        let markdown = """
        | Name | Qty | Note |
        |:-----|:---:|-----:|
        | apple | 3 | fresh |
        | kiwi | 12 | x |
        """
        let document = MarkdownRenderer.render(markdown, width: 40)
        #expect(document.lines.map(\.text) == [
            "Name  │ Qty │  Note",
            "──────┼─────┼──────",
            "apple │  3  │ fresh",
            "kiwi  │ 12  │     x",
        ])
        #expect(document.lines.allSatisfy { $0.kind == .table })
        #expect(document.lines[0].spans.contains(StyledSpan("Name", .strong)))
        #expect(document.lines[1].spans == [StyledSpan("──────┼─────┼──────", .muted)])
        #expect(document.lines[2].spans.contains(StyledSpan(" │ ", .muted)))
    }

    @Test func aTableTooWideIsNarrowedWidestColumnFirstAndCellsCut() {
        let markdown = """
        | id | description |
        |----|-------------|
        | 1 | charges the card and sends a receipt |
        """
        #expect(texts(markdown, width: 20) == [
            "id │ description",
            "───┼────────────────",
            "1  │ charges the ca…",
        ])
        #expect(texts(markdown, width: 20, ascii: true) == [
            "id | description",
            "---+----------------",
            "1  | charges the ca~",
        ])
    }

    @Test func tableCellsKeepInlineStylesAndLinks() {
        let document = MarkdownRenderer.render("| a | b |\n|---|---|\n| `x` | [y](https://y.example) |", width: 40)
        #expect(document.lines.map(\.text) == ["a │ b", "──┼──────", "x │ y [1]"])
        #expect(document.lines[2].spans.contains(StyledSpan("x", .code)))
        #expect(document.links == ["https://y.example"])
    }

    // MARK: Rules and HTML

    @Test func aThematicBreakIsARuleAcrossTheWidth() {
        let document = MarkdownRenderer.render("a\n\n---\n\nb", width: 10)
        #expect(document.lines.map(\.text) == ["a", "", "──────────", "", "b"])
        #expect(document.lines[2].kind == .rule)
        #expect(texts("***", width: 5, ascii: true) == ["-----"])
        #expect(texts("> ***", width: 10) == ["│ ────────"])
    }

    @Test func htmlIsShownAsMutedTextNeverInterpreted() {
        let document = MarkdownRenderer.render("<div class=\"x\">\n<b>hi</b>\n</div>\n\nText <br> <em>here</em>.", width: 40)
        #expect(document.lines.map(\.text) == ["<div class=\"x\">", "<b>hi</b>", "</div>", "", "Text <br> <em>here</em>."])
        #expect(document.lines[1].spans == [StyledSpan("<b>hi</b>", .muted)])
        #expect(document.lines[4].spans.contains(StyledSpan("<br>", .muted)))
    }

    // MARK: Width

    @Test func wideCharactersWrapByDisplayWidth() {
        // Each ideograph takes two columns: five fit in ten.
        #expect(texts("中文字符中文字符中文", width: 10) == ["中文字符中", "文字符中文"])
        #expect(texts("表 表 表 表", width: 8) == ["表 表 表", "表"])
        #expect(texts("表 表 表 表", width: 7) == ["表 表", "表 表"])
    }

    @Test func combiningMarksTakeNoColumns() {
        // "é" written as e + combining acute: five letters fit in five columns.
        #expect(texts("cafe\u{301}s cafe\u{301}s", width: 5) == ["cafe\u{301}s", "cafe\u{301}s"])
    }

    // MARK: Hostile input

    @Test func escapeSequencesAndControlCharactersNeverReachTheOutput() {
        let markdown = """
        Red \u{1B}[31mtext\u{1B}[0m, title \u{1B}]0;owned\u{07}, C1 \u{9B}2J, entity &#27;[2J &#x9b;2J, \u{1B}(Bcharset, bell\u{07}, del\u{7F}.

        [link](https://x.example/\u{1B}[31m)

        ```
        code \u{1B}[2Jhere\u{0}
        ```

        | a\u{1B}[1m |
        |---|
        | b\u{9D}x\u{07} |
        """
        let document = MarkdownRenderer.render(markdown, width: 200)
        let everything = document.lines.map(\.text) + document.links
        for text in everything {
            let controls = text.unicodeScalars.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            #expect(controls.isEmpty, "control characters in \(text.debugDescription)")
        }
        #expect(document.lines[0].text == "Red text, title , C1 , entity  , charset, bell, del.")
        #expect(document.lines.map(\.text).contains("code here"))
        #expect(document.links == ["https://x.example/%1B%5B31m"] || document.links == ["https://x.example/"])
    }

    @Test func bidiOverridesAreDropped() {
        #expect(texts("evil\u{202E}txt.exe") == ["eviltxt.exe"])
    }

    @Test func outputPastTheLineLimitIsCut() {
        let markdown = String(repeating: "- item\n", count: MarkdownRenderer.maximumLines + 500)
        let lines = MarkdownRenderer.render(markdown, width: 40).lines
        #expect(lines.count == MarkdownRenderer.maximumLines + 1)
        #expect(lines.last == StyledLine(.text, [StyledSpan("(cut)", .muted)]))
        #expect(lines[lines.count - 2].text == "• item")
    }

    @Test func inputPastTheByteLimitIsCut() {
        // 2,100 unwrapped code lines of 1,000 bytes: the input limit, not the line limit, cuts.
        let markdown = "```\n" + String(repeating: String(repeating: "x", count: 999) + "\n", count: 2100) + "```\n"
        let lines = MarkdownRenderer.render(markdown, width: 40).lines
        #expect(lines.count < 2100)
        #expect(lines.count > 1900)
        #expect(lines.last?.text == "(cut)")
        #expect(MarkdownRenderer.render("short", width: 40).lines.map(\.text) == ["short"])
    }

    @Test func deepNestingNeitherCrashesNorWidensWithoutBound() {
        let quotes = MarkdownRenderer.render(String(repeating: ">", count: 100_000) + " deep", width: 80)
        #expect(quotes.lines.last?.text.hasSuffix("deep") == true)
        #expect(quotes.lines.allSatisfy { $0.text.count < 200 })
        let lists = MarkdownRenderer.render(String(repeating: "- ", count: 50_000) + "deep", width: 80)
        #expect(lists.lines.last?.text.hasSuffix("deep") == true)
        let emphasis = MarkdownRenderer.render(String(repeating: "*", count: 50_000) + "a" + String(repeating: "*", count: 50_000), width: 80)
        #expect(emphasis.lines.map(\.text).joined().contains("a"))
    }

    @Test func aTableWithThousandsOfColumnsStaysText() {
        let columns = 5_000
        let markdown = "|" + String(repeating: "a|", count: columns) + "\n|" + String(repeating: "-|", count: columns) + "\n"
        let document = MarkdownRenderer.render(markdown, width: 80)
        #expect(document.lines.allSatisfy { $0.kind != .table })
        #expect(!document.lines.isEmpty)
        let narrow = "|" + String(repeating: "a|", count: 100) + "\n|" + String(repeating: "-|", count: 100) + "\n"
        #expect(MarkdownRenderer.render(narrow, width: 80).lines.allSatisfy { $0.kind == .table })
    }

    @Test func rendersFromManyTasksAtOnceAlike() async {
        // cmark-gfm toggles its extensions' special characters in a process-wide table while it
        // parses: unserialised, one parse can lose another's strikethrough or autolinks.
        let markdown = String(repeating: "~~gone~~ and www.example.com\n\n| a |\n|---|\n| b |\n\n- [x] done\n\n", count: 300)
        let expected = MarkdownRenderer.render(markdown, width: 40)
        let results = await withTaskGroup(of: RenderedDocument.self) { group in
            for _ in 0..<16 { group.addTask { MarkdownRenderer.render(markdown, width: 40) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
        #expect(expected.lines[0].spans.first == StyledSpan("gone", .strikethrough))
    }

    @Test func emptyInputRendersNothing() {
        #expect(MarkdownRenderer.render("", width: 40) == RenderedDocument(lines: []))
        #expect(MarkdownRenderer.render("text", width: 0).lines.map(\.text) == ["t", "e", "x", "t"])
    }
}
