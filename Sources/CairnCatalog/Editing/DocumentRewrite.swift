#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `EntityEdit.write()` did.
public enum DocumentWriteOutcome: Sendable, Equatable {
    /// The edit left the document as it was; the file was not touched.
    case unchanged
    /// The file now holds the edit; its new fingerprint.
    case written(FileFingerprint)
}

extension EntityEdit {
    /// Replaces the document's bytes in its file with `text`, every other byte untouched, and
    /// atomically: a temporary file in the same folder (created exclusively, with the file's
    /// mode, and its owner when running as root) is written and synced, the file is checked
    /// to be unchanged since `document` was read, then the temporary file is renamed over it
    /// and the folder synced. A symbolic link is written through: its target is replaced.
    ///
    /// Refuses an invalid edit (`invalidEdit`), a file the user may not write, and a file that
    /// changed meanwhile (`changedWhileEditing`, naming `copyPath`, which the caller must then
    /// keep). "Changed" is any difference in size, modification time or bytes: a file merely
    /// touched is refused too: the fingerprint is compared whole, and reapplying an edit is
    /// cheap where losing someone's change is not.
    public func write() throws(EntityEditError) -> DocumentWriteOutcome {
        if isUnchanged { return .unchanged }
        guard isValid else { throw .invalidEdit(problems) }
        let file = document.file
        guard let resolved = realpath(file, nil) else {
            throw .writeFailed(file: file, step: "resolve the file's real path", reason: SystemError.current.reason)
        }
        let target = String(cString: resolved)
        free(resolved)
        var status = stat()
        guard stat(target, &status) == 0 else { throw .writeFailed(file: file, step: "read the file's mode", reason: SystemError.current.reason) }
        // Replacing needs only the folder's write permission; honour the file's own as well.
        guard access(target, W_OK) == 0 else { throw .writeFailed(file: file, step: "write the file", reason: SystemError.current.reason) }

        let original = document.fileBytes
        let range = document.byteRange
        var bytes: [UInt8] = []
        bytes.reserveCapacity(original.count - range.count + replacement.count)
        bytes += original[..<range.lowerBound]
        bytes += replacement
        bytes += original[range.upperBound...]

        let folder = FileSystem.directory(of: target)
        let temporary = try TemporarySibling.create(next: target, folder: folder, file: file)
        do throws(EntityEditError) {
            try temporary.store(bytes, mode: status.st_mode & (S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO), owner: status.st_uid, group: status.st_gid, file: file)
            // The last moment to notice someone else's change; after the rename it would be lost.
            switch FileSnapshot.load(target) {
            case .success(let now) where now.fingerprint == document.fingerprint && now.bytes == original: break
            default: throw .changedWhileEditing(file: file, copy: copyPath)
            }
            guard rename(temporary.path, target) == 0 else {
                throw .writeFailed(file: file, step: "rename \(temporary.path) over the file", reason: SystemError.current.reason)
            }
        } catch {
            unlink(temporary.path)
            throw error
        }
        let modified: Int64
        if stat(target, &status) == 0 {
            modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        } else {
            modified = 0
        }
        if let reason = Self.syncFolder(folder) { throw .notDurable(file: file, reason: reason) }
        return .written(FileFingerprint(size: Int64(bytes.count), modified: modified, contentDigest: FileFingerprint.digest(bytes)))
    }

    /// Syncs a folder so a rename in it survives a crash; the failure's reason, or nil.
    private static func syncFolder(_ folder: String) -> String? {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return SystemError.current.reason }
        defer { close(descriptor) }
        return fsync(descriptor) == 0 ? nil : SystemError.current.reason
    }
}

/// A new file next to the one being replaced, created exclusively so no other process's file
/// (or a planted symbolic link) is ever written to.
private struct TemporarySibling {
    let path: String
    let descriptor: Int32

    static func create(next target: String, folder: String, file: String) throws(EntityEditError) -> TemporarySibling {
        let base = target.split(separator: "/").last.map(String.init) ?? "catalog.yaml"
        for _ in 0..<8 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            let path = folder == "/" ? "/.\(base).cairn-edit-\(suffix)" : "\(folder)/.\(base).cairn-edit-\(suffix)"
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR)
            if descriptor >= 0 { return TemporarySibling(path: path, descriptor: descriptor) }
            if errno != EEXIST {
                throw .writeFailed(file: file, step: "create a temporary file in \(folder)", reason: SystemError.current.reason)
            }
        }
        throw .writeFailed(file: file, step: "create a temporary file in \(folder)", reason: "every name tried was taken")
    }

    /// Writes `bytes`, gives the file `mode` (and the owner when running as root: an ordinary
    /// user cannot give files away), syncs and closes it.
    func store(_ bytes: [UInt8], mode: mode_t, owner: uid_t, group: gid_t, file: String) throws(EntityEditError) {
        var isClosed = false
        defer { if !isClosed { close(descriptor) } }
        if geteuid() == 0 {
            // Best effort: some file systems (FAT, some network mounts) refuse owners.
            _ = fchown(descriptor, owner, group)
        }
        // After fchown, which may clear set-user-ID bits.
        guard fchmod(descriptor, mode) == 0 else {
            throw .writeFailed(file: file, step: "set the temporary file's mode", reason: SystemError.current.reason)
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(file: file, step: "write the temporary file \(path)", reason: SystemError.current.reason)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            throw .writeFailed(file: file, step: "sync the temporary file \(path)", reason: SystemError.current.reason)
        }
        isClosed = true
        guard close(descriptor) == 0 else {
            throw .writeFailed(file: file, step: "close the temporary file \(path)", reason: SystemError.current.reason)
        }
    }
}
