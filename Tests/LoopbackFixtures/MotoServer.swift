import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real `moto_server` (PyPI moto, an S3-compatible mock of AWS) on loopback, for one test.
/// Started on port 0, so the kernel picks a free port with no race between tests; the port is
/// read from moto's "Running on" line, then a TCP connect confirms it answers. Stopped with
/// SIGKILL, like `FixtureServer` and for the same reason.
public final class MotoServer {
    public let process = Process()
    public let port: Int
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    public init(timeoutSeconds: Double = 30) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "0"]
        let errors = Pipe()
        let collected = Collected()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        process.standardInput = Pipe()
        // moto (werkzeug) writes its address and request log here: gathered, never left to fill the pipe.
        errors.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var port: Int?
        while true {
            port = port ?? Self.listeningPort(in: collected.text)
            if let port, Self.acceptsConnections(port: port) { break }
            guard process.isRunning, Date() < deadline else {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                throw FixtureError(message: "moto_server did not start (is moto installed? pip install 'moto[server]'): \(collected.text.suffix(600))")
            }
            usleep(50_000)
        }
        self.port = port ?? 0
    }

    /// The port of werkzeug's ` * Running on http://127.0.0.1:PORT` line.
    static func listeningPort(in text: String) -> Int? {
        guard let marker = text.range(of: "Running on http://127.0.0.1:") else { return nil }
        let digits = text[marker.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : Int(digits)
    }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    /// A port that was just free: bind to port 0, read the port, close (for a refused endpoint).
    public static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FixtureError(message: "socket: \(String(cString: strerror(errno)))") }
        defer { close(socket) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        guard bound == 0 else { throw FixtureError(message: "bind: \(String(cString: strerror(errno)))") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something listens on 127.0.0.1:`port` (a TCP connect succeeds).
    public static func acceptsConnections(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}

/// Output gathered on a pipe's reading thread.
private final class Collected: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) {
        data.withLock { data in
            data.append(chunk)
            if data.count > 65_536 { data = data.suffix(16_384) }
        }
    }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
