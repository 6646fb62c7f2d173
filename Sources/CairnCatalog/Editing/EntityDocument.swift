/// One entity's YAML document as its file holds it now: which document of the file it is,
/// the exact bytes it occupies, its text, and a fingerprint of the whole file at read time.
///
/// The document's bytes run between its markers (see `byteRange`), so a copy of `text` is
/// what the user edits, and `check` then `EntityEdit.write` put the edit back in exactly that
/// range, every other byte of the file untouched.
public struct EntityDocument: Sendable {
    /// The catalog file as the entity names it (it may be relative or a symbolic link).
    public let file: String
    /// 0-based position among the file's YAML documents, empty documents included.
    public let documentIndex: Int
    /// The document's bytes in the file: from after its `---` line (or the start of the file,
    /// past a byte order mark, or after the previous `...` line) to its own `...` line, the
    /// next `---` line or the end of the file. The markers stay outside; comments above the
    /// next `---` are inside.
    public let byteRange: Range<Int>
    /// The bytes of `byteRange`, as written (line breaks included).
    public let text: String
    /// The whole file when `text` was read; `EntityEdit.write` refuses if it no longer matches.
    public let fingerprint: FileFingerprint
    /// The entity as the file holds it now, read the way the loader reads it.
    public let entity: Entity

    let fileBytes: [UInt8]
    let lineEnding: LineEnding
    /// True when the document starts on its `---` line (`--- !!map`): a replacement that does
    /// not start with a blank then needs a line break after the marker.
    let startsOnMarkerLine: Bool

    /// Finds `entity`'s document in its source file as the file is now. Throws
    /// `documentMoved` when no document of the same entity starts where the catalog saw it.
    public static func locate(_ entity: Entity) throws(EntityEditError) -> EntityDocument {
        let file = entity.source.file
        let snapshot: FileSnapshot
        switch FileSnapshot.load(file) {
        case .success(let loaded): snapshot = loaded
        case .failure(let error): throw .unreadable(file: file, reason: error.reason)
        }
        let bytes = snapshot.bytes
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { throw .notUTF8(file: file) }

        let scan = DocumentSpans.scan(bytes)
        let source = entity.source
        let moved = EntityEditError.documentMoved(file: file, line: source.line, column: source.column, ref: entity.ref)
        guard !scan.isInconsistent else {
            throw .boundsNotFound(file: file)
        }
        let span = scan.spans.first { span in
            (span.rootLine == source.line && span.rootColumn == source.column) || (span.line == source.line && span.column == source.column)
        }
        guard let span else {
            if let error = scan.syntaxError, error.line <= source.line {
                throw .syntaxErrorInFile(file: file, line: error.line, column: error.column, message: error.message)
            }
            throw moved
        }
        guard let end = span.contentEnd else {
            let error = scan.syntaxError ?? YAMLIssue(message: "YAML syntax error", line: source.line, column: source.column)
            throw .syntaxErrorInFile(file: file, line: error.line, column: error.column, message: error.message)
        }
        // Read the entity the way the loader does, then make sure it is still the same one.
        let parsed = FileParser.parse(bytes, file: SourceFile(path: file, size: snapshot.fingerprint.size, modified: snapshot.fingerprint.modified))
        guard let current = parsed.entities.first(where: { $0.source.line == source.line && $0.source.column == source.column }),
              current.ref == entity.ref else { throw moved }

        let range = span.contentStart..<end
        return EntityDocument(file: file, documentIndex: span.index, byteRange: range,
                              text: String(decoding: bytes[range], as: UTF8.self), fingerprint: snapshot.fingerprint,
                              entity: current, fileBytes: bytes, lineEnding: LineEnding.of(bytes),
                              startsOnMarkerLine: span.startsOnMarkerLine)
    }
}
