/// The normal form of an edited document: no byte order mark, LF line breaks, no trailing
/// blank lines, and exactly one line break at the end (nothing at all when only blanks are
/// left). The edit is validated in this form, so what is checked is what gets written.
enum EditedText {
    static func normalized(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lineFeedOnly: [UInt8] = []
        lineFeedOnly.reserveCapacity(bytes.count + 1)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
            lineFeedOnly.append(bytes[index])
            index += 1
        }
        // Cut after the last line that holds something other than blanks, keeping that line whole
        // (trailing spaces inside a literal block scalar are content).
        guard let lastVisible = lineFeedOnly.lastIndex(where: { !isBlank($0) }) else { return [] }
        var end = lastVisible + 1
        while end < lineFeedOnly.count, lineFeedOnly[end] != UInt8(ascii: "\n") { end += 1 }
        return Array(lineFeedOnly[..<end]) + [UInt8(ascii: "\n")]
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
