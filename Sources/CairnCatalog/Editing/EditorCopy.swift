#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private copy of an entity's document for the user's editor: `<kind>-<name>.yaml`, so
/// editors highlight it as YAML, in a fresh folder only the user can open, the file itself
/// readable and writable by the user alone.
///
/// Keep the copy when `EntityEdit.write()` refuses with `changedWhileEditing`: the user's
/// text lives nowhere else.
public struct EditorCopy: Sendable {
    /// The file to hand to the editor.
    public let path: String
    /// The private folder holding it (editors may leave swap or backup files there).
    public let folder: String

    /// Writes `document.text` to a new copy under `temporaryFolder` (default: `$TMPDIR`, else `/tmp`).
    public static func create(for document: EntityDocument, in temporaryFolder: String? = nil) throws(EntityEditError) -> EditorCopy {
        let base = temporaryFolder ?? getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) + Array("cairn-edit-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw .copyFailed(path: base, step: "create a private folder for the editor copy", reason: SystemError.current.reason)
        }
        let folder = String(cString: created)
        let path = folder + "/" + fileName(for: document.entity.ref)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR)
        guard descriptor >= 0 else {
            let reason = SystemError.current.reason
            rmdir(folder)
            throw .copyFailed(path: path, step: "create the editor copy", reason: reason)
        }
        let bytes = Array(document.text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = SystemError.current.reason
                close(descriptor)
                unlink(path)
                rmdir(folder)
                throw .copyFailed(path: path, step: "write the editor copy", reason: reason)
            }
            written += count
        }
        close(descriptor)
        return EditorCopy(path: path, folder: folder)
    }

    /// The copy's text as the editor left it.
    public func read() throws(EntityEditError) -> String {
        let snapshot: FileSnapshot
        switch FileSnapshot.load(path) {
        case .success(let loaded): snapshot = loaded
        case .failure(let error): throw .unreadable(file: path, reason: error.reason)
        }
        guard let text = String(validating: snapshot.bytes, as: UTF8.self) else { throw .notUTF8(file: path) }
        return text
    }

    /// Deletes the copy, whatever else the editor left in its folder, and the folder.
    public func remove() throws(EntityEditError) {
        for name in FileSystem.entries(folder) { unlink(folder + "/" + name) }
        guard rmdir(folder) == 0 else {
            throw .copyFailed(path: folder, step: "remove the editor copy's folder", reason: SystemError.current.reason)
        }
    }

    /// `component-payments.yaml`; characters other than letters, digits, `.`, `-` and `_`
    /// (a quarantined entity's name may hold anything) become `_`.
    static func fileName(for ref: EntityRef) -> String {
        let stem = "\(ref.kind)-\(ref.name)"
        var name = String(String.UnicodeScalarView(stem.unicodeScalars.prefix(120).map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)) ? scalar : "_"
        }))
        if name.hasPrefix(".") { name = "_" + name.dropFirst() }
        return name + ".yaml"
    }
}
