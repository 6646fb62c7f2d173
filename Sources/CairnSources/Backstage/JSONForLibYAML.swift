/// Rewrites JSON text so libyaml (a YAML 1.1 reader) reads it as the same JSON. cairn reads
/// JSON through `YAMLParser` because it keeps key order (Foundation's readers do not), but a
/// few things valid in JSON strings are not in YAML 1.1 double-quoted scalars:
/// - surrogate-pair escapes (`\ud83d\ude00`) are refused: they become the UTF-8 character, and a
///   lone surrogate becomes `\ufffd`;
/// - raw DEL and C1 control characters are refused, and raw U+2028/U+2029 (and NEL) are line
///   breaks that YAML folds: all of them become `\u` escapes.
/// Everything outside strings, and every other byte, is copied as it is.
enum JSONForLibYAML {
    static func rewrite(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var isInString = false
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            guard isInString else {
                if byte == UInt8(ascii: "\"") { isInString = true }
                output.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                isInString = false
                output.append(byte)
                index += 1
            case UInt8(ascii: "\\"):
                guard index + 1 < count else {
                    output.append(byte)
                    index += 1
                    continue
                }
                guard bytes[index + 1] == UInt8(ascii: "u"), let unit = hexUnit(bytes, at: index + 2) else {
                    output.append(contentsOf: bytes[index...(index + 1)]) // \" \\ \n …: copied whole, so \\u stays literal
                    index += 2
                    continue
                }
                if (0xD800...0xDBFF).contains(unit), index + 11 < count, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u"),
                   let low = hexUnit(bytes, at: index + 8), (0xDC00...0xDFFF).contains(low),
                   let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) {
                    output.append(contentsOf: Array(String(Character(scalar)).utf8))
                    index += 12
                } else if (0xD800...0xDFFF).contains(unit) {
                    output.append(contentsOf: Array("\\ufffd".utf8))
                    index += 6
                } else {
                    output.append(contentsOf: bytes[index..<(index + 6)])
                    index += 6
                }
            case 0x7F:
                output.append(contentsOf: Array("\\u007f".utf8))
                index += 1
            case 0xC2 where index + 1 < count && (0x80...0x9F).contains(bytes[index + 1]):
                output.append(contentsOf: Array(("\\u00" + String(bytes[index + 1], radix: 16)).utf8))
                index += 2
            case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                output.append(contentsOf: Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8))
                index += 3
            default:
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// The four hex digits at `start` as a UTF-16 code unit.
    private static func hexUnit(_ bytes: [UInt8], at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[start..<(start + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
