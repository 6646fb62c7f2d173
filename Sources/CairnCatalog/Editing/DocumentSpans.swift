import CYAML

/// Where each document of a YAML stream lies, read from libyaml's document events. A
/// document's content runs between its markers: from after its `---` line (or the start of
/// the stream, after a byte order mark, or after the previous `...` line) to its `...` line,
/// the next `---` or directive line, or the end of the stream. The markers themselves, and
/// whatever lies between a `...` and the next `---`, belong to no document.
///
/// libyaml's marks count characters (a CRLF counts two), not bytes, so they are mapped to
/// byte offsets here; every marker found that way is checked against the bytes before use.
struct DocumentSpans {
    struct Span {
        /// 0-based position in the stream, empty documents included.
        var index: Int
        /// Byte range of the content; `end` is nil when a syntax error cut the document.
        var contentStart: Int
        var contentEnd: Int?
        /// 1-based position of the document's first token (its `---` or directive when it has one).
        var line: Int
        var column: Int
        /// 1-based position of the root node, where `EntityReader` places the entity.
        var rootLine: Int?
        var rootColumn: Int?
        var hasStartMarker: Bool
        var hasEndMarker: Bool
        /// True when content follows `---` on the marker's own line (`--- !!map`, `--- |`).
        var startsOnMarkerLine: Bool
        /// 1-based position of the `...` marker, when there is one.
        var endMarkerLine: Int?
        var endMarkerColumn: Int?
    }

    var spans: [Span] = []
    var syntaxError: YAMLIssue?
    /// True when libyaml's marks did not land on the marker bytes they should (an unknown
    /// libyaml counting rule): the spans cannot be trusted.
    var isInconsistent = false

    static func scan(_ bytes: [UInt8]) -> DocumentSpans {
        var result = DocumentSpans()
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            result.syntaxError = YAMLIssue(message: "could not start the YAML parser", line: 1, column: 1)
            return result
        }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var offsets = CharacterOffsets(bytes: buffer)
            var event = yaml_event_t()
            var previousEndMarkerEnd: Int?
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
                    result.syntaxError = YAMLIssue(message: "YAML syntax error: \(problem)",
                                                   line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
                    break
                }
                defer { yaml_event_delete(&event) }
                let start = event.start_mark
                switch event.type {
                case YAML_DOCUMENT_START_EVENT:
                    let isImplicit = event.data.document_start.implicit == 1
                    var span = Span(index: result.spans.count, contentStart: offsets.bomLength, contentEnd: nil,
                                    line: Int(start.line) + 1, column: Int(start.column) + 1,
                                    hasStartMarker: !isImplicit, hasEndMarker: false, startsOnMarkerLine: false)
                    if !isImplicit {
                        let markerEnd = offsets.byteOffset(ofCharacter: Int(event.end_mark.index))
                        guard markerEnd >= 3, Array(buffer[(markerEnd - 3)..<markerEnd]) == Array("---".utf8) else {
                            result.isInconsistent = true
                            return
                        }
                        (span.contentStart, span.startsOnMarkerLine) = afterMarkerLine(buffer, from: markerEnd)
                    } else if let previousEndMarkerEnd {
                        span.contentStart = afterMarkerLine(buffer, from: previousEndMarkerEnd).start
                    }
                    previousEndMarkerEnd = nil
                    result.spans.append(span)
                case YAML_SCALAR_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT, YAML_ALIAS_EVENT:
                    let last = result.spans.count - 1
                    if last >= 0, result.spans[last].rootLine == nil {
                        result.spans[last].rootLine = Int(start.line) + 1
                        result.spans[last].rootColumn = Int(start.column) + 1
                    }
                case YAML_DOCUMENT_END_EVENT:
                    let last = result.spans.count - 1
                    guard last >= 0 else { break }
                    let end = offsets.byteOffset(ofCharacter: Int(start.index))
                    result.spans[last].contentEnd = end
                    if event.data.document_end.implicit == 0 {
                        guard buffer.count >= end + 3, Array(buffer[end..<(end + 3)]) == Array("...".utf8) else {
                            result.isInconsistent = true
                            return
                        }
                        result.spans[last].hasEndMarker = true
                        result.spans[last].endMarkerLine = Int(start.line) + 1
                        result.spans[last].endMarkerColumn = Int(start.column) + 1
                        previousEndMarkerEnd = offsets.byteOffset(ofCharacter: Int(event.end_mark.index))
                    }
                case YAML_STREAM_END_EVENT:
                    return
                default:
                    break
                }
            }
        }
        return result
    }

    /// Where content starts after a marker ending at `offset`: at the next line when the rest
    /// of the marker's line is blank or a comment (which then stays with the marker), else
    /// right after the marker.
    private static func afterMarkerLine(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> (start: Int, isOnMarkerLine: Bool) {
        var position = offset
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: "#") {
            while position < bytes.count, bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r") { position += 1 }
        }
        if position == bytes.count { return (position, false) }
        if bytes[position] == UInt8(ascii: "\r") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
            return (position, false)
        }
        if bytes[position] == UInt8(ascii: "\n") { return (position + 1, false) }
        return (offset, true)
    }
}

/// Maps libyaml's character indices (which skip a UTF-8 byte order mark) to byte offsets.
/// Marks arrive in stream order, so a cursor walks forward once over the whole input.
private struct CharacterOffsets {
    let bytes: UnsafeBufferPointer<UInt8>
    let bomLength: Int
    private var character = 0
    private var byte: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        bomLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        byte = bomLength
    }

    mutating func byteOffset(ofCharacter index: Int) -> Int {
        if index < character {
            character = 0
            byte = bomLength
        }
        while character < index, byte < bytes.count {
            byte += 1
            // Skip continuation bytes (10xxxxxx): they belong to the character just passed.
            while byte < bytes.count, bytes[byte] & 0xC0 == 0x80 { byte += 1 }
            character += 1
        }
        return byte
    }
}
