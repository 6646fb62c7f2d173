import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the drivers that start a server of their own on loopback share: a free port, a random
/// password, and waiting for a pid file's process to go.
enum LocalServer {
    /// A TCP port nothing listens on at 127.0.0.1 now (the kernel's choice).
    static func freePort() throws(ProvisionError) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .failed("cannot open a socket to find a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0 else { throw .failed("cannot find a free port on 127.0.0.1") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// 32 random characters from [A-Za-z0-9] (safe in URLs and config files unquoted).
    static func password() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// The pid in a pid file, when that process is alive and (given `program`) is that program:
    /// a pid reused by another process after a reboot is never signalled.
    static func livePid(_ pidFile: String, program: String? = nil) -> pid_t? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = Int32(text.split(whereSeparator: \.isWhitespace).first ?? ""), pid > 0, kill(pid, 0) == 0 else { return nil }
        if let program {
            // The command line, not the executable: Debian's redis-server is a link to redis-check-rdb.
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(program) else { return nil }
        }
        return pid
    }

    /// Waits up to `seconds` for `pid` to exit; true when it did.
    static func waitForExit(_ pid: pid_t, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            usleep(50_000)
        }
        return kill(pid, 0) != 0
    }
}
