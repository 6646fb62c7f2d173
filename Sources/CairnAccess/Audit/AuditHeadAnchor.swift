import Foundation

/// The newest audit record's seq and hash, kept in a file beside the database
/// (`<database>.audit-head`, mode 0600, one line `seq hash`). The chain shows a record
/// altered, removed or moved in the middle, but not the newest ones removed: the anchor
/// names the record the log must reach. It is written inside the append's transaction, so
/// appenders in several processes write it in the order of their records.
struct AuditHeadAnchor: Sendable, Equatable {
    var seq: Int64
    var hash: String

    /// The anchor in `path`, nil when there is none. A file that is not `seq hash` is an
    /// error: the anchor was altered.
    static func read(_ path: String) throws(AccessError) -> AuditHeadAnchor? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw .storage("cannot read the head anchor \(path) (check its permissions)")
            }
            return nil
        }
        let fields = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard fields.count == 2, let seq = Int64(fields[0]), seq > 0, fields[1].utf8.count == 64,
              fields[1].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else {
            throw .invalid("the head anchor \(path) is not \"seq hash\": it was altered")
        }
        return AuditHeadAnchor(seq: seq, hash: String(fields[1]))
    }

    /// Replaces the anchor in `path` whole: written to a temporary file, flushed to disk,
    /// then renamed over the old one, so a crash leaves the old anchor or the new, never half.
    func write(to path: String) throws(AccessError) {
        // An unguessable name, created new and never through a symlink: the folder may be shared.
        let temporary = path + ".\(getpid()).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR)
        guard descriptor >= 0 else { throw Self.failure(path, "cannot create \(temporary)") }
        // A file left by a crash may have other permissions; the anchor is the owner's only.
        fchmod(descriptor, S_IRUSR | S_IWUSR)
        let bytes = Array("\(seq) \(hash)\n".utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let failure = Self.failure(path, "cannot write \(temporary)")
                close(descriptor)
                unlink(temporary)
                throw failure
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let failure = Self.failure(path, "cannot flush \(temporary)")
            close(descriptor)
            unlink(temporary)
            throw failure
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let failure = Self.failure(path, "cannot rename \(temporary) over it")
            unlink(temporary)
            throw failure
        }
    }

    /// Puts back what `read` found before a write (removing the file when there was none).
    static func restore(_ anchor: AuditHeadAnchor?, at path: String) {
        if let anchor {
            try? anchor.write(to: path)
        } else {
            unlink(path)
        }
    }

    private static func failure(_ path: String, _ what: String) -> AccessError {
        .storage("\(path): error: \(what) (\(String(cString: strerror(errno)))); check that the database's directory is writable")
    }
}
