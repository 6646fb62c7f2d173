/// A definition shown as its source text (AsyncAPI, GraphQL SDL, protobuf): code lines, with
/// the few keywords that give the text its shape in bold and comments muted. Not a parser:
/// a keyword inside a string is bold too, which is cheap to live with.
public enum DefinitionSourceText {
    static let keywords: [String: Set<String>] = [
        "graphql": ["type", "query", "mutation", "subscription", "schema", "input", "enum", "interface", "union",
                    "scalar", "fragment", "extend", "directive", "implements"],
        "grpc": ["syntax", "package", "import", "service", "rpc", "message", "enum", "returns", "stream", "option",
                 "oneof", "map", "repeated", "optional", "reserved"],
    ]
    static let commentMarkers = ["graphql": "#", "grpc": "//", "asyncapi": "#"]

    /// One `.code` line per source line; tabs become four spaces, other controls a space.
    public static func lines(_ text: String, type: String) -> [StyledLine] {
        let keywords = keywords[type] ?? []
        let comment = commentMarkers[type]
        var body = Substring(text)
        if body.hasSuffix("\n") { body = body.dropLast() }
        return body.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            let line = OpenAPIText.singleLine(raw.replacingOccurrences(of: "\t", with: "    ").replacingOccurrences(of: "\r", with: ""))
            return StyledLine(.code, spans(line, keywords: keywords, comment: comment, isYAML: type == "asyncapi"))
        }
    }

    private static func spans(_ line: String, keywords: Set<String>, comment: String?, isYAML: Bool) -> [StyledSpan] {
        var code = Substring(line)
        var trailing: StyledSpan?
        if let comment, let range = line.range(of: comment), isYAML ? (range.lowerBound == line.startIndex || line[line.index(before: range.lowerBound)] == " ") : true {
            code = line[..<range.lowerBound]
            trailing = StyledSpan(String(line[range.lowerBound...]), [.code, .muted])
        }
        var spans: [StyledSpan] = []
        if isYAML {
            // A mapping key at the start of the line (`channels:`, `  user/signedup:`).
            let indent = code.prefix { $0 == " " || $0 == "-" }
            let rest = code.dropFirst(indent.count)
            if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains(" "), !rest[..<colon].isEmpty,
               rest.index(after: colon) == rest.endIndex || rest[rest.index(after: colon)] == " " {
                spans.append(StyledSpan(String(indent), .code))
                spans.append(StyledSpan(String(rest[...colon]), [.code, .strong]))
                spans.append(StyledSpan(String(rest[rest.index(after: colon)...]), .code))
            } else {
                spans.append(StyledSpan(String(code), .code))
            }
        } else {
            var plain = ""
            var word = ""
            func flushWord() {
                guard !word.isEmpty else { return }
                if keywords.contains(word) {
                    if !plain.isEmpty { spans.append(StyledSpan(plain, .code)); plain = "" }
                    spans.append(StyledSpan(word, [.code, .strong]))
                } else {
                    plain += word
                }
                word = ""
            }
            for character in code {
                if character.isLetter || character.isNumber || character == "_" {
                    word.append(character)
                } else {
                    flushWord()
                    plain.append(character)
                }
            }
            flushWord()
            if !plain.isEmpty { spans.append(StyledSpan(plain, .code)) }
        }
        if let trailing { spans.append(trailing) }
        return spans.filter { !$0.text.isEmpty }
    }
}
