#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes and its fingerprint, read through one descriptor so both describe the same
/// file even if the path is replaced meanwhile.
struct FileSnapshot {
    var bytes: [UInt8]
    var fingerprint: FileFingerprint

    /// Reads `path` (following symbolic links); the error names the system's reason.
    static func load(_ path: String) -> Result<FileSnapshot, SystemError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.current) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.current) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(SystemError(reason: "not a regular file")) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.current)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let fingerprint = FileFingerprint(size: Int64(bytes.count), modified: modified, contentDigest: FileFingerprint.digest(bytes))
        return .success(FileSnapshot(bytes: bytes, fingerprint: fingerprint))
    }
}

/// A failed system call's reason, as `strerror` words it.
struct SystemError: Error {
    var reason: String

    /// The reason for the current `errno`.
    static var current: SystemError { SystemError(reason: String(cString: strerror(errno))) }
}
