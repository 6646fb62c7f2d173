/// Keeps table rows to a bounded number of columns before cmark-gfm sees them.
///
/// cmark-gfm 0.29.0.gfm.6 (Debian 12) appends each table cell to a linked list by walking it
/// from the start, so a row costs the square of its columns: a 130 KB header and delimiter row
/// of 65,000 columns takes over 10 seconds to parse. Pipes past `maximumColumns` on a line are
/// escaped (`\|`): a row that wide no longer splits into cells (its delimiter row stops being
/// one, so the table shows as text). Only lines with that many pipes change, code included.
enum TableColumnLimit {
    static let maximumColumns = 128

    static func apply(_ source: String) -> String {
        let pipe = UInt8(ascii: "|")
        let backslash = UInt8(ascii: "\\")
        let newline = UInt8(ascii: "\n")
        // Fast path: a document with few pipes in all cannot have a line with too many.
        var total = 0
        for byte in source.utf8 where byte == pipe { total += 1 }
        guard total > maximumColumns else { return source }

        var output: [UInt8] = []
        output.reserveCapacity(source.utf8.count + 64)
        var pipesOnLine = 0
        var previous: UInt8 = 0
        var changed = false
        for byte in source.utf8 {
            if byte == newline {
                pipesOnLine = 0
            } else if byte == pipe, previous != backslash {
                pipesOnLine += 1
                if pipesOnLine > maximumColumns {
                    output.append(backslash)
                    changed = true
                }
            }
            output.append(byte)
            // An escaped backslash does not escape what follows it.
            previous = (byte == backslash && previous == backslash) ? 0 : byte
        }
        return changed ? String(decoding: output, as: UTF8.self) : source
    }
}
