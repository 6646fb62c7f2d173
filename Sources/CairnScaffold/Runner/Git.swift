import Foundation

/// git, run with an argument vector (never through a shell), no prompts, output captured.
struct Git {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: String

    /// Runs `git <arguments>` in `directory`; returns standard output, throws with git's own
    /// last line of standard error when it fails.
    @discardableResult
    func run(_ arguments: [String]) throws(Failure) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "/bin/false"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run git (\(error.localizedDescription)); install git")
        }
        // Read both pipes while git runs so neither can fill up and block it.
        let errorData = Mutexed<Data>(Data())
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1_000) }
        guard process.terminationStatus == 0 else {
            // git's reason is its first "fatal:"/"error:" line; advice ("Please make sure…") follows it.
            let lines = String(decoding: errorData.value, as: UTF8.self).split(separator: "\n").map(String.init)
            let message = lines.first { $0.hasPrefix("fatal: ") || $0.hasPrefix("error: ") } ?? lines.last ?? ""
            throw Failure(description: "git \(arguments.first ?? "") failed (exit \(process.terminationStatus)): \(message)")
        }
        return String(decoding: outputData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A value written once by another thread.
final class Mutexed<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    private var written = false

    init(_ value: T) { stored = value }

    func set(_ value: T) {
        lock.lock()
        stored = value
        written = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return written
    }

    var value: T {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
