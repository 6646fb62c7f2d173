import Foundation

/// A folder of catalog files, read and written with plain POSIX calls: FileManager and
/// Data.write cost milliseconds a file on Linux, which for 500 repositories took longer than
/// fetching them (see `cairn-bench sources`).
struct CatalogTree {
    let root: String

    /// Why a file could not be written, in the system's words.
    struct WriteError: Error {
        var path: String
        var reason: String
    }

    func path(_ relativePath: String) -> String { root + "/" + relativePath }

    func contains(_ relativePath: String) -> Bool { access(path(relativePath), R_OK) == 0 }

    /// The file's bytes, or nil when it cannot be read.
    func read(_ relativePath: String) -> [UInt8]? {
        let descriptor = open(path(relativePath), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    /// Writes the file, creating the folders on its way (`relativePath` is already safe: see
    /// `CatalogFileTarget`).
    func write(_ bytes: [UInt8], to relativePath: String) throws(WriteError) {
        var folder = root
        for part in relativePath.split(separator: "/").dropLast() {
            folder += "/" + part
            guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw WriteError(path: folder, reason: Self.reason()) }
        }
        let file = path(relativePath)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: file, reason: Self.reason()) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw WriteError(path: file, reason: Self.reason()) }
            written += count
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
