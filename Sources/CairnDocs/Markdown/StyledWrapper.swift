/// Breaks styled inline content into lines of at most a given number of columns, at spaces; a
/// word wider than a whole line is cut between characters. Spaces at a break are dropped.
struct StyledWrapper {
    private let width: Int
    private var lines: [[StyledSpan]] = []
    private var line: [StyledSpan] = []
    private var lineWidth = 0
    /// Spaces after the line's last word, printed only if another word follows on this line.
    private var gap: [StyledSpan] = []
    private var gapWidth = 0
    private var word: [StyledSpan] = []
    private var wordWidth = 0

    static func wrap(_ pieces: [InlinePiece], width: Int) -> [[StyledSpan]] {
        var wrapper = StyledWrapper(width: max(1, width))
        for piece in pieces {
            switch piece {
            case .text(let span):
                for character in span.text { wrapper.add(character, span.style) }
            case .lineBreak:
                wrapper.breakLine()
            }
        }
        wrapper.placeWord()
        if !wrapper.line.isEmpty { wrapper.lines.append(wrapper.line) }
        return wrapper.lines
    }

    private init(width: Int) {
        self.width = width
    }

    private mutating func add(_ character: Character, _ style: TextStyle) {
        if character == " " {
            placeWord()
            if !line.isEmpty {
                Self.append(character, style, to: &gap)
                gapWidth += 1
            }
        } else {
            // The glue of a reference prints as a space but never breaks.
            Self.append(character == nonBreakingSpace ? " " : character, style, to: &word)
            wordWidth += DisplayWidth.of(character)
        }
    }

    private mutating func breakLine() {
        placeWord()
        lines.append(line)
        startLine()
    }

    private mutating func placeWord() {
        defer {
            word = []
            wordWidth = 0
        }
        guard !word.isEmpty else { return }
        if !line.isEmpty, lineWidth + gapWidth + wordWidth <= width {
            Self.append(gap, to: &line)
            lineWidth += gapWidth
            Self.append(word, to: &line)
            lineWidth += wordWidth
            gap = []
            gapWidth = 0
            return
        }
        if !line.isEmpty {
            lines.append(line)
            startLine()
        }
        if wordWidth <= width {
            Self.append(word, to: &line)
            lineWidth = wordWidth
            return
        }
        // Wider than a line: cut it between characters.
        for span in word {
            for character in span.text {
                let characterWidth = DisplayWidth.of(character)
                if lineWidth > 0, lineWidth + characterWidth > width {
                    lines.append(line)
                    startLine()
                }
                Self.append(character, span.style, to: &line)
                lineWidth += characterWidth
            }
        }
    }

    private mutating func startLine() {
        line = []
        lineWidth = 0
        gap = []
        gapWidth = 0
    }

    private static func append(_ character: Character, _ style: TextStyle, to spans: inout [StyledSpan]) {
        if let last = spans.indices.last, spans[last].style == style {
            spans[last].text.append(character)
        } else {
            spans.append(StyledSpan(String(character), style))
        }
    }

    private static func append(_ more: [StyledSpan], to spans: inout [StyledSpan]) {
        for span in more {
            if let last = spans.indices.last, spans[last].style == span.style {
                spans[last].text += span.text
            } else {
                spans.append(span)
            }
        }
    }
}
