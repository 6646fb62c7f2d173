/// An edited copy of an entity's document, read and validated the way the loader reads a
/// catalog file, ready to be written back with `write()`.
///
/// Positions in `problems` (and `edited.source`) are lines and columns of the edited copy,
/// named by the copy's path, so the user can reopen the copy at the faulty line.
public struct EntityEdit: Sendable {
    /// The document the edit replaces, as it was read.
    public let document: EntityDocument
    /// The entity read from the edited copy.
    public let edited: Entity
    /// The path of the edited copy: named in problems, and where the edit is kept when the
    /// write is refused.
    public let copyPath: String
    /// The text that would replace the document: the edit with LF or CRLF line breaks like the
    /// rest of the file, ending with exactly one line break.
    public let text: String
    /// True when the edit leaves the document's bytes as they are; `write()` does nothing.
    public let isUnchanged: Bool

    let replacement: [UInt8]

    /// The entity as the file holds it before the edit.
    public var original: Entity { document.entity }

    /// The edited entity's problems; errors make the edit invalid, warnings do not.
    public var problems: [Problem] { edited.problems }

    /// False when a problem is an error: `write()` refuses such an edit.
    public var isValid: Bool { !edited.isQuarantined }

    /// True when the edit changes the entity's kind, namespace or name.
    public var isRefChanged: Bool { original.ref != edited.ref }
}

extension EntityDocument {
    /// Reads `editedText` (the content of the editor copy at `copyPath`) as this document's
    /// replacement. It must hold exactly one YAML document without `---`/`...` markers and be
    /// a catalog entity; the entity's own problems (invalid names, missing fields…) do not
    /// throw, they come back in `EntityEdit.problems`.
    public func check(_ editedText: String, copyPath: String) throws(EntityEditError) -> EntityEdit {
        let normalized = EditedText.normalized(editedText)
        guard !normalized.isEmpty else { throw .emptyEdit(copy: copyPath) }

        let scan = DocumentSpans.scan(normalized)
        if scan.spans.count > 1 { throw .severalDocuments(copy: copyPath, line: scan.spans[1].line) }
        if let span = scan.spans.first {
            if span.hasStartMarker { throw .documentMarker(copy: copyPath, line: span.line, column: span.column) }
            if span.hasEndMarker, let line = span.endMarkerLine, let column = span.endMarkerColumn {
                throw .documentMarker(copy: copyPath, line: line, column: column)
            }
        }
        if let error = scan.syntaxError {
            throw .syntaxErrorInEdit(copy: copyPath, line: error.line, column: error.column, message: error.message)
        }

        let parsed = FileParser.parse(normalized, file: SourceFile(path: copyPath, size: Int64(normalized.count), modified: 0))
        guard let edited = parsed.entities.first else {
            if let skipped = parsed.problems.first { throw .notAnEntity(copy: copyPath, line: skipped.line, column: skipped.column) }
            throw .emptyEdit(copy: copyPath)
        }

        var replacement = lineEnding.apply(to: normalized)
        if startsOnMarkerLine, let first = replacement.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") {
            replacement = lineEnding.bytes + replacement
        }
        let current = fileBytes[byteRange]
        let isUnchanged = replacement.elementsEqual(current) || Array(editedText.utf8).elementsEqual(current)
        return EntityEdit(document: self, edited: edited, copyPath: copyPath,
                          text: String(decoding: replacement, as: UTF8.self), isUnchanged: isUnchanged, replacement: replacement)
    }
}
