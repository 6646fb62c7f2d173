/// Why an entity's document could not be located, its edit accepted, or the file written.
/// `description` is one line naming the file (and line) and what to do.
public enum EntityEditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The catalog file or the edited copy could not be read.
    case unreadable(file: String, reason: String)
    /// The file is not UTF-8 (a UTF-16 byte order mark, or invalid UTF-8 in the edited copy).
    case notUTF8(file: String)
    /// The catalog file has a YAML syntax error before the entity's document ends.
    case syntaxErrorInFile(file: String, line: Int, column: Int, message: String)
    /// libyaml's positions did not land on the file's `---`/`...` markers, so the document's
    /// bytes cannot be told apart safely.
    case boundsNotFound(file: String)
    /// The document at the entity's place holds something else now: the file changed since
    /// the catalog was loaded.
    case documentMoved(file: String, line: Int, column: Int, ref: EntityRef)
    /// The edited copy holds no document (only blanks or comments, or a null document).
    case emptyEdit(copy: String)
    /// The edited copy holds more than one document; `line` is where the second starts.
    case severalDocuments(copy: String, line: Int)
    /// The edited copy carries a `---` or `...` marker, or a directive.
    case documentMarker(copy: String, line: Int, column: Int)
    /// The edited copy is not valid YAML.
    case syntaxErrorInEdit(copy: String, line: Int, column: Int, message: String)
    /// The edited copy is YAML but not a catalog entity (no apiVersion and no kind).
    case notAnEntity(copy: String, line: Int, column: Int)
    /// `write` was asked to write an edit that has errors.
    case invalidEdit([Problem])
    /// The file changed between reading the document and writing it back.
    case changedWhileEditing(file: String, copy: String)
    /// A step of the write failed; the file was not changed.
    case writeFailed(file: String, step: String, reason: String)
    /// The file was replaced, but its folder could not be synced to disk.
    case notDurable(file: String, reason: String)
    /// The editor copy could not be created or removed.
    case copyFailed(path: String, step: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): error: cannot read the file (\(reason)); check that it exists and that you may read it"
        case .notUTF8(let file):
            return "\(file):1:1: error: the text is not UTF-8; cairn edits UTF-8 only, save or convert it as UTF-8"
        case .syntaxErrorInFile(let file, let line, let column, let message):
            return "\(file):\(line):\(column): error: \(message); the entity's document cannot be found until the YAML is fixed"
        case .boundsNotFound(let file):
            return "\(file):1:1: error: cannot tell where the entity's document starts and ends (libyaml's positions do not match the file's markers); edit the file directly"
        case .documentMoved(let file, let line, let column, let ref):
            return "\(file):\(line):\(column): error: \(ref) is no longer here: the file changed since the catalog was loaded; reload and edit again"
        case .emptyEdit(let copy):
            return "\(copy): the edit is empty; nothing was changed"
        case .severalDocuments(let copy, let line):
            return "\(copy):\(line):1: error: a second YAML document starts here; an edit holds exactly one document, remove this one"
        case .documentMarker(let copy, let line, let column):
            return "\(copy):\(line):\(column): error: remove this document marker or directive; the file keeps its own --- and ... lines"
        case .syntaxErrorInEdit(let copy, let line, let column, let message):
            return "\(copy):\(line):\(column): error: \(message); fix the YAML in the edited copy"
        case .notAnEntity(let copy, let line, let column):
            return "\(copy):\(line):\(column): error: the edit has no apiVersion and no kind, so it is not a catalog entity; restore them"
        case .invalidEdit(let problems):
            let errors = problems.filter { $0.severity == .error }
            guard let first = errors.first else { return "error: the edit is not valid; check it again" }
            let more = errors.count > 1 ? " (and \(errors.count - 1) more errors)" : ""
            return "\(first)\(more); the file was not changed, fix the edit first"
        case .changedWhileEditing(let file, let copy):
            return "\(file): error: the file changed while you were editing; your edit is kept in \(copy), reapply it"
        case .writeFailed(let file, let step, let reason):
            return "\(file): error: could not \(step) (\(reason)); the file was not changed"
        case .notDurable(let file, let reason):
            return "\(file): error: the file was rewritten but its folder could not be synced (\(reason)); the change may not survive a power loss"
        case .copyFailed(let path, let step, let reason):
            return "\(path): error: could not \(step) (\(reason)); check the temporary folder ($TMPDIR)"
        }
    }
}
