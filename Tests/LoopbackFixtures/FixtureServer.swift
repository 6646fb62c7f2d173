import Foundation

/// A helper server on loopback for one test — a Python fixture under Tests/Fixtures (which
/// prints the port it listens on) or a script of the repository (which prints a ready line).
/// Stopped with SIGKILL: test threads block SIGTERM and a child inherits that mask, so a polite
/// signal would never arrive. Shared by the HTTP, health and end-to-end tests.
public final class FixtureServer {
    public let process = Process()
    /// The port it printed (0 for a server started with `waitingFor`).
    public let port: Int

    /// The repository root, found from this file so tests run from any directory.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    public static let fixtures = URL(fileURLWithPath: repository).appendingPathComponent("Tests/Fixtures")

    /// `python3 Tests/Fixtures/<script> <arguments>`, once it has printed its port.
    public convenience init(_ script: String, _ arguments: [String] = [], directory: String? = nil) throws {
        try self.init(path: Self.fixtures.appendingPathComponent(script).path, arguments, directory: directory, waitingFor: nil)
    }

    /// `python3 <path relative to the repository> <arguments>`, once it has printed a line
    /// containing `marker` (or, when nil, a port number as its first line).
    public init(path: String, _ arguments: [String] = [], directory: String? = nil, waitingFor marker: String?) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path.hasPrefix("/") ? path : Self.repository + "/" + path] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = Pipe() // a server that watches its stdin for EOF keeps running
        try process.run()
        var text = ""
        func isReady() -> Bool {
            if let marker { return text.contains(marker) }
            return text.contains("\n")
        }
        while !isReady() {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let firstLine = text.split(separator: "\n").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let port = marker == nil ? Int(firstLine) : 0
        guard isReady(), let port else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw FixtureError(message: "\(path) did not start: \(reason.suffix(600))")
        }
        self.port = port
        // Drain both pipes so a chatty server (grpcio logs handshake failures) never blocks on a full one.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
        output.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
    }

    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    public func url(_ path: String, scheme: String = "http") -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
