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

    /// Adds (or replaces) secrets of a resource.
    public func merge(_ new: [String: String], into resourceName: String) throws(ProvisionError) {
        guard !new.isEmpty else { return }
        var all = secrets(of: resourceName)
        for (key, value) in new { all[key] = value }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys])
        } catch {
            throw .failed("cannot encode the secrets of \(resourceName)")
        }
        try PrivateFile.write(data, to: path(resourceName), directoryMode: 0o700)
    }

    public func remove(_ resourceName: String) {
        unlink(path(resourceName))
    }
}

/// Files only their owner may read: created 0600 (never world-readable, not even for a
/// moment), written to a temporary name and renamed over the old one.
enum PrivateFile {
    static func write(_ data: Data, to path: String, directoryMode: mode_t? = nil) throws(ProvisionError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: directoryMode.map { [.posixPermissions: Int($0)] })
        } catch {
            throw .failed("cannot create \(folder): \(error.localizedDescription)")
        }
        if let directoryMode { chmod(folder, directoryMode) }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .failed("cannot write \(path): \(String(cString: strerror(errno)))") }
        fchmod(descriptor, 0o600)
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .failed("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
