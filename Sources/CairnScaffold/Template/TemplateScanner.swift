/// A piece of template text: literal text, an interpolation, or a tag.
enum TemplateSegment {
    case text(String, offset: Int)
    /// The tokens between the interpolation's delimiters; `offset` is the opening delimiter's.
    case output([ExpressionToken], offset: Int)
    case tag(TemplateTag)
}

/// `{% name arguments %}`.
struct TemplateTag {
    var name: String
    var nameOffset: Int
    /// The tokens after the name, ending with `.end` at the closing delimiter.
    var arguments: [ExpressionToken]
    /// Where `{%` stands.
    var offset: Int
}

/// Splits template text into literal text, interpolations and tags. It applies whitespace
/// control (`{%-`, `-%}`, `${{-`, `-}}`, `{#-`, `-#}` remove all whitespace, newlines included, on
/// their side up to the next non-space), drops comments, and hands `{% raw %}` bodies on as text.
struct TemplateScanner {
    let source: SourceText
    let syntax: TemplateSyntax

    private enum Opener { case variable, tag, comment }

    func scan() throws(TemplateError) -> [TemplateSegment] {
        let characters = source.characters
        let lexer = ExpressionLexer(source: source)
        let variableStart = syntax.variableStart
        var segments: [TemplateSegment] = []
        var index = 0
        var textStart = 0
        var trimsNextText = false

        while index < characters.count {
            let opener: Opener
            let openerLength: Int
            if source.matches(variableStart, at: index) {
                (opener, openerLength) = (.variable, variableStart.count)
            } else if source.matches(TemplateSyntax.tagStart, at: index) {
                (opener, openerLength) = (.tag, 2)
            } else if source.matches(TemplateSyntax.commentStart, at: index) {
                (opener, openerLength) = (.comment, 2)
            } else {
                index += 1
                continue
            }
            var contentStart = index + openerLength
            let trimsBefore = contentStart < characters.count && characters[contentStart] == "-"
            if trimsBefore { contentStart += 1 }
            appendText(textStart..<index, trimmingStart: trimsNextText, trimmingEnd: trimsBefore, to: &segments)

            switch opener {
            case .comment:
                var close = contentStart
                while close < characters.count, !source.matches(TemplateSyntax.commentEnd, at: close) { close += 1 }
                guard close < characters.count else {
                    throw source.error("unclosed comment: expected '#}'", at: index)
                }
                trimsNextText = close > contentStart && characters[close - 1] == "-"
                index = close + TemplateSyntax.commentEnd.count
            case .variable:
                let closing = ExpressionLexer.Closing(
                    delimiter: TemplateSyntax.variableEnd, openerOffset: index,
                    unclosedMessage: "unclosed '\(String(variableStart))': expected '}}'")
                let code = try lexer.tokenize(from: contentStart, closing: closing)
                segments.append(.output(code.tokens, offset: index))
                trimsNextText = code.trimsFollowingText
                index = code.next
            case .tag:
                let closing = ExpressionLexer.Closing(
                    delimiter: TemplateSyntax.tagEnd, openerOffset: index, unclosedMessage: "unclosed '{%': expected '%}'")
                let code = try lexer.tokenize(from: contentStart, closing: closing)
                let tag = try makeTag(code.tokens, at: index)
                if tag.name == "raw" || tag.name == "verbatim" {
                    if let extra = tag.arguments.first, extra.kind != .end {
                        throw source.error("{% \(tag.name) %} takes no arguments", at: extra.offset)
                    }
                    let raw = try rawBody(from: code.next, of: tag, trimmingStart: code.trimsFollowingText)
                    if !raw.text.isEmpty { segments.append(.text(raw.text, offset: code.next)) }
                    trimsNextText = raw.trimsFollowingText
                    index = raw.next
                } else {
                    segments.append(.tag(tag))
                    trimsNextText = code.trimsFollowingText
                    index = code.next
                }
            }
            textStart = index
        }
        appendText(textStart..<characters.count, trimmingStart: trimsNextText, trimmingEnd: false, to: &segments)
        return segments
    }

    private func appendText(_ range: Range<Int>, trimmingStart: Bool, trimmingEnd: Bool, to segments: inout [TemplateSegment]) {
        var lower = range.lowerBound
        var upper = range.upperBound
        if trimmingStart { while lower < upper, source.characters[lower].isWhitespace { lower += 1 } }
        if trimmingEnd { while upper > lower, source.characters[upper - 1].isWhitespace { upper -= 1 } }
        if lower < upper { segments.append(.text(source.text(lower..<upper), offset: lower)) }
    }

    private func makeTag(_ tokens: [ExpressionToken], at offset: Int) throws(TemplateError) -> TemplateTag {
        guard let first = tokens.first, case .identifier(let name) = first.kind else {
            throw source.error("expected a tag name after '{%'", at: tokens.first?.offset ?? offset)
        }
        return TemplateTag(name: name, nameOffset: first.offset, arguments: Array(tokens.dropFirst()), offset: offset)
    }

    /// The text up to the matching `{% endraw %}` (or `{% endverbatim %}`), untouched except for
    /// the whitespace control on the two tags.
    private func rawBody(from start: Int, of tag: TemplateTag, trimmingStart: Bool) throws(TemplateError)
        -> (text: String, next: Int, trimsFollowingText: Bool) {
        let characters = source.characters
        let endName = Array("end" + tag.name)
        var index = start
        while index < characters.count {
            defer { index += 1 }
            guard source.matches(TemplateSyntax.tagStart, at: index) else { continue }
            var cursor = index + 2
            let trimsEnd = cursor < characters.count && characters[cursor] == "-"
            if trimsEnd { cursor += 1 }
            while cursor < characters.count, characters[cursor].isWhitespace { cursor += 1 }
            guard source.matches(endName, at: cursor) else { continue }
            cursor += endName.count
            while cursor < characters.count, characters[cursor].isWhitespace { cursor += 1 }
            let trimsAfter = cursor < characters.count && characters[cursor] == "-"
            if trimsAfter { cursor += 1 }
            guard source.matches(TemplateSyntax.tagEnd, at: cursor) else { continue }
            var lower = start
            var upper = index
            if trimmingStart { while lower < upper, characters[lower].isWhitespace { lower += 1 } }
            if trimsEnd { while upper > lower, characters[upper - 1].isWhitespace { upper -= 1 } }
            return (source.text(lower..<upper), cursor + TemplateSyntax.tagEnd.count, trimsAfter)
        }
        throw source.error("unclosed {% \(tag.name) %}: expected {% end\(tag.name) %}", at: tag.offset)
    }
}
