import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Secrets of resources (passwords, URLs with passwords), kept apart from the database: one
/// JSON file per resource under `<state>/secrets/`, the folder mode 0700 and each file 0600,
/// written atomically. Nothing here ever reaches logs, job lists or the catalog.
public struct SecretStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    private func path(_ resourceName: String) -> String {
        directory + "/" + resourceName + ".json"
    }

    /// The secrets of a resource; empty when there are none.
    public func secrets(of resourceName: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path(resourceName)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return [:] }
        return object
    }

    /// Adds (or replaces) secrets of a resource; read and rewritten under the folder's lock.
    public func merge(_ new: [String: String], into resourceName: String) throws(ProvisionError) {
        guard !new.isEmpty else { return }
        try PrivateFile.createFolder(directory, mode: 0o700)
        try PrivateFile.locked(directory) { () throws(ProvisionError) in
            var all = secrets(of: resourceName)
            for (key, value) in new { all[key] = value }
            let data: Data
            do {
                data = try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys])
            } catch {
                throw .failed("cannot encode the secrets of \(resourceName)")
            }
            try PrivateFile.write(data, to: path(resourceName))
        }
    }

    public func remove(_ resourceName: String) {
        unlink(path(resourceName))
    }
}

/// Files only their owner may read: created 0600 (never world-readable, not even for a
/// moment) under a temporary name of their own, then renamed over the old one.
enum PrivateFile {
    static func createFolder(_ folder: String, mode: mode_t? = nil) throws(ProvisionError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: mode.map { [.posixPermissions: Int($0)] })
        } catch {
            throw .failed("cannot create \(folder): \(error.localizedDescription)")
        }
        if let mode { chmod(folder, mode) }
    }

    static func write(_ data: Data, to path: String, directoryMode: mode_t? = nil) throws(ProvisionError) {
        let folder = (path as NSString).deletingLastPathComponent
        try createFolder(folder, mode: directoryMode)
        // Unique and exclusive: two writers never share a temporary file, and a planted
        // symbolic link is never followed.
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .failed("cannot write \(path): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .failed("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Runs `body` holding an exclusive lock on `folder` (flock on the folder itself, so no lock
    /// file is left in a service's folder): read-modify-write of one file by several jobs or
    /// processes loses nothing.
    static func locked<T>(_ folder: String, _ body: () throws(ProvisionError) -> T) throws(ProvisionError) -> T {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .failed("cannot open \(folder): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .failed("cannot lock \(folder): \(String(cString: strerror(errno)))") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
