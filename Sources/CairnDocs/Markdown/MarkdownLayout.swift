/// Turns the events of a cmark-gfm walk into styled lines. Containers (quotes, lists, items)
/// are a stack and leaf blocks are laid out when they end, so nothing recurses on the
/// document's nesting and the walk can stop as soon as `maximumLines` is reached.
struct MarkdownLayout {
    private(set) var lines: [StyledLine] = []
    private(set) var links = LinkReferences()
    /// Set when `maximumLines` was reached; the rest of the walk is skipped.
    private(set) var isCut = false

    private let width: Int
    private let glyphs: MarkdownGlyphs
    private let maximumLines: Int
    private var containers = BlockContainers()
    private var isBlankLinePending = false
    /// The paragraph, heading or table cell whose inline content is being collected.
    private var inline: InlineCollector?
    private var table: TableLayout?
    private var row: TableLayout.Row?

    /// Content is never narrower than a quarter of the width (and 8 columns): deep nesting
    /// overflows the width rather than leave a word per line.
    private static let minimumContentWidth = 8

    init(width: Int, glyphs: MarkdownGlyphs, maximumLines: Int) {
        self.width = width
        self.glyphs = glyphs
        self.maximumLines = maximumLines
    }

    mutating func handle(_ event: CMarkParser.Event, _ node: MarkdownNode) {
        let kind = node.kind
        if inline != nil, isInline(kind) {
            if event == .enter { inline!.enter(node, links: &links) } else { inline!.exit(node, links: &links) }
            return
        }
        switch (kind, event) {
        case (.blockQuote, .enter):
            separateFromPreviousBlock()
            containers.enterQuote()
        case (.list, .enter):
            separateFromPreviousBlock()
            containers.enterList(
                isOrdered: node.isOrderedList, start: node.listStart, itemCount: node.childCount,
                usesParenthesis: node.listUsesParenthesis, isTight: node.isTightList
            )
        case (.item, .enter):
            separateFromPreviousBlock()
            containers.enterItem(task: node.isTaskItem ? node.isCheckedTask : nil, glyphs: glyphs)
        case (.blockQuote, .exit), (.list, .exit):
            containers.exit()
            isBlankLinePending = !containers.isInTightList
        case (.item, .exit):
            if let marker = containers.exit() {
                beginBlock()
                emit(.text, [StyledSpan(marker.trimmingTrailingSpaces, .muted)], prefix: containers.contentPrefix(glyphs: glyphs))
                endBlock()
            }
        case (.paragraph, .enter):
            inline = InlineCollector()
        case (.paragraph, .exit):
            emitParagraph()
        case (.heading, .enter):
            let level = node.headingLevel
            inline = InlineCollector(baseStyle: level <= 2 ? [.heading, .strong] : .heading)
        case (.heading, .exit):
            emitHeading(level: node.headingLevel)
        case (.codeBlock, _):
            emitCodeBlock(node.literal, info: node.fenceInfo)
        case (.htmlBlock, _):
            emitHTMLBlock(node.literal)
        case (.thematicBreak, _):
            beginBlock()
            let rule = String(repeating: glyphs.rule, count: contentWidth)
            emit(.rule, [StyledSpan(rule, .muted)])
            endBlock()
        case (.table, .enter):
            table = TableLayout(alignments: node.tableAlignments, rows: [])
        case (.tableRow, .enter):
            row = TableLayout.Row(cells: [], isHeader: node.isHeaderRow)
        case (.tableCell, .enter):
            inline = InlineCollector()
        case (.tableCell, .exit):
            let cell = cellSpans(inline?.pieces ?? [])
            row?.cells.append(cell)
            inline = nil
        case (.tableRow, .exit):
            if let row { table?.rows.append(row) }
            row = nil
        case (.table, .exit):
            emitTable()
        default:
            break // the document node, and unknown blocks whose children carry their content
        }
    }

    // MARK: - Blocks

    private mutating func emitParagraph() {
        let pieces = inline?.pieces ?? []
        inline = nil
        beginBlock()
        for line in StyledWrapper.wrap(pieces, width: contentWidth) {
            emit(.text, line)
        }
        endBlock()
    }

    private mutating func emitHeading(level: Int) {
        let pieces = inline?.pieces ?? []
        inline = nil
        beginBlock()
        let wrapped = StyledWrapper.wrap(pieces, width: contentWidth)
        for line in wrapped {
            emit(.heading(level), line)
        }
        if level <= 2, let widest = wrapped.map({ DisplayWidth.of($0.map(\.text).joined()) }).max() {
            let underline = level == 1 ? glyphs.levelOneUnderline : glyphs.levelTwoUnderline
            emit(.heading(level), [StyledSpan(String(repeating: underline, count: max(1, widest)), .heading)])
        }
        endBlock()
    }

    private mutating func emitCodeBlock(_ literal: String, info: String) {
        beginBlock()
        let language = TerminalSafeText.inline(info).split(separator: " ").first.map(String.init) ?? ""
        if !language.isEmpty {
            emit(.code, [StyledSpan(glyphs.codeLanguagePrefix + language, .muted)])
        }
        var sourceLines = literal.split(separator: "\n", omittingEmptySubsequences: false)
        if sourceLines.last == "" { sourceLines.removeLast() }
        for sourceLine in sourceLines {
            let text = Self.expandingTabs(TerminalSafeText.codeLine(String(sourceLine)))
            emit(.code, text.isEmpty ? [] : [StyledSpan(text, .code)], trimsTrailingSpaces: false)
            if isCut { return }
        }
        endBlock()
    }

    private mutating func emitHTMLBlock(_ literal: String) {
        beginBlock()
        for sourceLine in literal.split(separator: "\n") {
            let pieces = [InlinePiece.text(StyledSpan(TerminalSafeText.inline(String(sourceLine)), .muted))]
            for line in StyledWrapper.wrap(pieces, width: contentWidth) {
                emit(.text, line)
            }
            if isCut { return }
        }
        endBlock()
    }

    private mutating func emitTable() {
        guard let finished = table else { return }
        table = nil
        beginBlock()
        for line in finished.lines(width: contentWidth, glyphs: glyphs) {
            emit(.table, line)
            if isCut { return }
        }
        endBlock()
    }

    /// A cell is one line: hard breaks become spaces.
    private func cellSpans(_ pieces: [InlinePiece]) -> [StyledSpan] {
        pieces.map { piece in
            switch piece {
            case .text(let span):
                StyledSpan(span.text.replacingNonBreakingSpaces, span.style)
            case .lineBreak:
                StyledSpan(" ")
            }
        }
    }

    // MARK: - Lines

    /// Columns left for content after the prefix of the enclosing containers.
    private var contentWidth: Int {
        max(width - containers.prefixWidth, min(width, max(Self.minimumContentWidth, width / 4)))
    }

    /// Separates this block from the one before by a blank line, unless both sit in a tight list.
    private mutating func beginBlock() {
        separateFromPreviousBlock()
    }

    /// The blank line between blocks, printed before a container is entered so it carries the
    /// prefix of the containers both blocks share (no quote bar above a quote).
    private mutating func separateFromPreviousBlock() {
        if isBlankLinePending, !lines.isEmpty {
            let kind: StyledLine.Kind = containers.quoteDepth > 0 ? .quote : .blank
            emit(kind, [], prefix: containers.blankPrefix(glyphs: glyphs))
        }
        isBlankLinePending = false
    }

    private mutating func endBlock() {
        isBlankLinePending = !containers.isInTightList
    }

    private mutating func emit(_ kind: StyledLine.Kind, _ content: [StyledSpan], trimsTrailingSpaces: Bool = true) {
        emit(kind, content, prefix: containers.contentPrefix(glyphs: glyphs), trimsTrailingSpaces: trimsTrailingSpaces)
    }

    private mutating func emit(_ kind: StyledLine.Kind, _ content: [StyledSpan], prefix: [StyledSpan], trimsTrailingSpaces: Bool = true) {
        guard !isCut else { return }
        guard lines.count < maximumLines else {
            isCut = true
            return
        }
        var kind = kind
        var content = content
        if containers.quoteDepth > 0, kind == .text {
            kind = .quote
            content = content.map { StyledSpan($0.text, $0.style.union(.quote)) }
        }
        var spans = (prefix + content).filter { !$0.text.isEmpty }
        if trimsTrailingSpaces {
            while let last = spans.last, last.text.last == " " {
                let trimmed = last.text.trimmingTrailingSpaces
                if trimmed.isEmpty { spans.removeLast() } else { spans[spans.count - 1].text = trimmed }
            }
        }
        lines.append(StyledLine(kind, spans))
    }

    private func isInline(_ kind: MarkdownNode.Kind) -> Bool {
        switch kind {
        case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .strikethrough, .link, .image, .other:
            true
        default:
            false
        }
    }

    /// Tabs to the next multiple of 4 columns.
    private static func expandingTabs(_ text: String) -> String {
        guard text.contains("\t") else { return text }
        var output = ""
        var column = 0
        for character in text {
            if character == "\t" {
                let spaces = 4 - column % 4
                output += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                output.append(character)
                column += DisplayWidth.of(character)
            }
        }
        return output
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    fileprivate var replacingNonBreakingSpaces: String {
        guard contains(nonBreakingSpace) else { return self }
        return String(map { $0 == nonBreakingSpace ? " " : $0 })
    }
}
