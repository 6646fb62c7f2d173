/// Splits the code inside `${{ … }}`, `{% … %}`, or a bare expression, into tokens. Inside a tag
/// it stops at the closing delimiter, which counts only outside string literals, so
/// `${{ "}}" }}` works; `-` right before the delimiter asks to trim the text that follows.
struct ExpressionLexer {
    let source: SourceText

    /// Where a tag's code ends, and what to say when it never does.
    struct Closing {
        var delimiter: [Character]
        var openerOffset: Int
        var unclosedMessage: String
    }

    struct Result {
        var tokens: [ExpressionToken]
        /// The offset just past the closing delimiter.
        var next: Int
        var trimsFollowingText: Bool
    }

    private static let symbols: [[Character]] = [
        "===", "!==", "==", "!=", "<=", ">=",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "+", "-", "*", "/", "%", "~", "<", ">", "=",
    ].map { Array($0) }

    /// Tokens from `start` up to `closing`'s delimiter, or to the end of the source when it is nil.
    /// The last token is always `.end`, placed where the expression stops.
    func tokenize(from start: Int, closing: Closing?) throws(TemplateError) -> Result {
        let characters = source.characters
        var tokens: [ExpressionToken] = []
        var index = start
        while true {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            if let closing {
                if index < characters.count, characters[index] == "-",
                   source.matches(closing.delimiter, at: index + 1) {
                    tokens.append(ExpressionToken(kind: .end, offset: index))
                    return Result(tokens: tokens, next: index + 1 + closing.delimiter.count, trimsFollowingText: true)
                }
                if source.matches(closing.delimiter, at: index) {
                    tokens.append(ExpressionToken(kind: .end, offset: index))
                    return Result(tokens: tokens, next: index + closing.delimiter.count, trimsFollowingText: false)
                }
                if index >= characters.count {
                    throw source.error(closing.unclosedMessage, at: closing.openerOffset)
                }
            } else if index >= characters.count {
                tokens.append(ExpressionToken(kind: .end, offset: index))
                return Result(tokens: tokens, next: index, trimsFollowingText: false)
            }
            tokens.append(try token(at: &index))
        }
    }

    private func token(at index: inout Int) throws(TemplateError) -> ExpressionToken {
        let characters = source.characters
        let start = index
        let character = characters[index]
        if character == "\"" || character == "'" {
            return ExpressionToken(kind: .string(try stringLiteral(at: &index)), offset: start)
        }
        if Self.isDigit(character) {
            return ExpressionToken(kind: numberLiteral(at: &index), offset: start)
        }
        if character.isLetter || character == "_" {
            index += 1
            while index < characters.count,
                  characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                index += 1
            }
            return ExpressionToken(kind: .identifier(source.text(start..<index)), offset: start)
        }
        for symbol in Self.symbols where source.matches(symbol, at: index) {
            index += symbol.count
            return ExpressionToken(kind: .symbol(String(symbol)), offset: start)
        }
        throw source.error("unexpected character '\(character)'", at: start)
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isWholeNumber
    }

    private func numberLiteral(at index: inout Int) -> ExpressionToken.Kind {
        let characters = source.characters
        let start = index
        while index < characters.count, Self.isDigit(characters[index]) { index += 1 }
        var isDecimal = false
        if index + 1 < characters.count, characters[index] == ".", Self.isDigit(characters[index + 1]) {
            isDecimal = true
            index += 1
            while index < characters.count, Self.isDigit(characters[index]) { index += 1 }
        }
        let text = source.text(start..<index)
        if !isDecimal, let integer = Int(text) { return .integer(integer) }
        return .decimal(Double(text) ?? .infinity)
    }

    /// A quoted string; `\n`, `\t`, `\r` and `\uXXXX` are escapes, and a backslash before any
    /// other character stands for that character (so `\'`, `\"` and `\\` work), as in Nunjucks.
    private func stringLiteral(at index: inout Int) throws(TemplateError) -> String {
        let characters = source.characters
        let start = index
        let quote = characters[index]
        var text = ""
        index += 1
        while index < characters.count {
            let character = characters[index]
            if character == quote {
                index += 1
                return text
            }
            if character == "\\", index + 1 < characters.count {
                let escaped = characters[index + 1]
                index += 2
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "u":
                    if let scalar = unicodeEscape(at: index) {
                        text.unicodeScalars.append(scalar)
                        index += 4
                    } else {
                        text.append("u")
                    }
                default: text.append(escaped)
                }
                continue
            }
            text.append(character)
            index += 1
        }
        throw source.error("unterminated string: expected a closing \(quote)", at: start)
    }

    private func unicodeEscape(at index: Int) -> Unicode.Scalar? {
        guard index + 4 <= source.count else { return nil }
        let hex = source.text(index..<index + 4)
        guard hex.allSatisfy(\.isHexDigit), let code = UInt32(hex, radix: 16) else { return nil }
        return Unicode.Scalar(code)
    }
}
