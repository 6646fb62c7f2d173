/// A file's line break style, taken from its first line break, so an edited document is
/// written back the way the rest of the file is.
enum LineEnding {
    case lineFeed
    case carriageReturnLineFeed

    /// The style of the first line break in `bytes`; a file without one counts as LF.
    static func of(_ bytes: [UInt8]) -> LineEnding {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return .lineFeed }
        return newline > 0 && bytes[newline - 1] == UInt8(ascii: "\r") ? .carriageReturnLineFeed : .lineFeed
    }

    var bytes: [UInt8] {
        switch self {
        case .lineFeed: return [UInt8(ascii: "\n")]
        case .carriageReturnLineFeed: return [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
    }

    /// `lineFeedText` (LF only) with each LF written in this style.
    func apply(to lineFeedText: [UInt8]) -> [UInt8] {
        guard self == .carriageReturnLineFeed else { return lineFeedText }
        var result: [UInt8] = []
        result.reserveCapacity(lineFeedText.count + lineFeedText.count / 16)
        for byte in lineFeedText {
            if byte == UInt8(ascii: "\n") { result.append(UInt8(ascii: "\r")) }
            result.append(byte)
        }
        return result
    }
}
