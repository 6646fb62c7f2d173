#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A catalog file and the stat fingerprint that tells whether it changed since it was read.
public struct SourceFile: Sendable, Hashable {
    /// The path as reached from the user's --catalog (relative paths stay relative).
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since the epoch.
    public var modified: Int64

    public init(path: String, size: Int64, modified: Int64) {
        self.path = path
        self.size = size
        self.modified = modified
    }

    /// Stats `path`; nil when it does not exist or is not a regular file.
    public static func stat(_ path: String) -> SourceFile? {
        guard let info = FileSystem.status(path), info.isRegularFile else { return nil }
        return SourceFile(path: path, size: info.size, modified: info.modified)
    }
}

/// The few file-system calls the loader needs, on Glibc directly: Foundation's FileManager is
/// several times slower at walking trees of small files.
enum FileSystem {
    struct Status {
        var isDirectory: Bool
        var isRegularFile: Bool
        var size: Int64
        var modified: Int64
    }

    static func status(_ path: String) -> Status? {
        var info = stat()
        guard fstatat(AT_FDCWD, path, &info, 0) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return Status(isDirectory: type == S_IFDIR, isRegularFile: type == S_IFREG, size: Int64(info.st_size), modified: modified)
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Names in a directory, sorted, without `.` and `..`.
    static func entries(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 65_536, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < 65_536 { break }
        }
        return ferror(file) == 0 ? bytes : nil
    }

    /// The absolute, symlink-free form of a path, used to read each file once.
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Joins and lexically normalises (`a/./b/../c` → `a/c`), keeping relative paths relative.
    static func join(_ directory: String, _ relative: String) -> String {
        let combined = relative.hasPrefix("/") ? relative : (directory.isEmpty ? relative : directory + "/" + relative)
        var parts: [Substring] = []
        for part in combined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if combined.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
