/// Template or expression text as characters, with the line starts needed to turn an offset into
/// the line and column a user sees in an error.
struct SourceText: Sendable {
    let characters: [Character]
    private let lineStarts: [Int]

    init(_ text: String) {
        characters = Array(text)
        var starts = [0]
        for (offset, character) in characters.enumerated()
        where character == "\n" || character == "\r\n" || character == "\r" {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    var count: Int { characters.count }

    /// An error pointing at the character at `offset`.
    func error(_ message: String, at offset: Int) -> TemplateError {
        let (line, column) = location(of: offset)
        return TemplateError(message: message, line: line, column: column)
    }

    /// Line and column (both from 1) of the character at `offset`.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    func matches(_ pattern: [Character], at offset: Int) -> Bool {
        guard offset >= 0, offset + pattern.count <= characters.count else { return false }
        for (index, character) in pattern.enumerated() where characters[offset + index] != character {
            return false
        }
        return true
    }

    func text(_ range: Range<Int>) -> String { String(characters[range]) }
}
