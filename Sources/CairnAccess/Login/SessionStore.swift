import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where `cairn login` keeps the session: `<directory>/session.json`, mode 0600 from the moment
/// it exists (a private temporary file, synced, then renamed over the old one), in a directory
/// created 0700. A file others can read is refused rather than used: the tokens in it are secrets.
public struct SessionStore: Sendable {
    public let directory: String
    public var path: String { directory + "/session.json" }
    /// A session is a few kilobytes; anything far larger is not one.
    static let maxBytes = 1_048_576

    public init(directory: String) { self.directory = directory }

    /// The stored session, or nil when there is none. Expiry is the caller's to check
    /// (`SSOSession.isExpired`), so it can say "run cairn login".
    public func load() throws(AccessError) -> SSOSession? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw AccessError.invalid("\(path) is a symbolic link; run cairn logout, then cairn login") }
            throw AccessError.storage("could not open \(path): \(Self.systemError())")
        }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw AccessError.storage("could not stat \(path): \(Self.systemError())") }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw AccessError.invalid("\(path) is not a regular file; run cairn logout, then cairn login")
        }
        guard status.st_uid == getuid() else {
            throw AccessError.invalid("\(path) belongs to uid \(status.st_uid), not you; run cairn logout, then cairn login")
        }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw AccessError.invalid("\(path) has mode \(String(permissions, radix: 8).leftPadded(to: 4)), so others can read your tokens; run chmod 600 \(path)")
        }
        let data: Data
        do {
            data = try file.read(upToCount: Self.maxBytes + 1) ?? Data()
        } catch {
            throw AccessError.storage("could not read \(path): \(error.localizedDescription)")
        }
        guard data.count <= Self.maxBytes else {
            throw AccessError.invalid("\(path) is larger than a session can be; run cairn logout, then cairn login")
        }
        do {
            return try Self.decoder.decode(SSOSession.self, from: data)
        } catch let error as DecodingError {
            throw AccessError.invalid("\(path) is not a readable cairn session (\(ProviderConnection.explain(error))); run cairn logout, then cairn login")
        } catch {
            throw AccessError.invalid("\(path) is not a readable cairn session; run cairn logout, then cairn login")
        }
    }

    /// Stores `session`, replacing any other, without a moment in which the file is readable by others.
    public func save(_ session: SSOSession) throws(AccessError) {
        try createDirectory()
        let bytes: Data
        do { bytes = try Self.encoder.encode(session) } catch { throw AccessError.storage("could not encode the session: \(error)") }
        // mkstemp: O_CREAT | O_EXCL, mode 0600, in the same directory so the rename is atomic.
        var template = Array((directory + "/.session.json.XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw AccessError.storage("could not create a file in \(directory): \(Self.systemError())") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: String?
        if fchmod(descriptor, 0o600) != 0 { failure = "chmod: \(Self.systemError())" }
        if failure == nil {
            let written = bytes.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { return false }
                    offset += count
                }
                return true
            }
            if !written { failure = "write: \(Self.systemError())" } else if fsync(descriptor) != 0 { failure = "fsync: \(Self.systemError())" }
        }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = "rename: \(Self.systemError())" }
        if let failure {
            unlink(temporary)
            throw AccessError.storage("could not write \(path): \(failure)")
        }
        // The rename itself reaches the disk with the directory.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Deletes the session; false when there was none.
    @discardableResult
    public func remove() throws(AccessError) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw AccessError.storage("could not delete \(path): \(Self.systemError())")
    }

    /// The directory, and any missing parent, created 0700; an existing one is left as it is.
    private func createDirectory() throws(AccessError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AccessError.storage("could not create \(directory): \(error.localizedDescription)")
        }
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
