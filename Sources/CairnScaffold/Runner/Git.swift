import Foundation

/// git, run with an argument vector (never through a shell), no prompts, output captured.
struct Git {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: String

    /// `git rev-parse --local-env-vars`.
    static let repositoryVariables = ["GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
                                      "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
                                      "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX",
                                      "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE", "GIT_COMMON_DIR", "GIT_NAMESPACE"]

    /// Runs `git <arguments>` in `directory`; returns standard output, throws with git's own
    /// last line of standard error when it fails.
    @discardableResult
    func run(_ arguments: [String]) throws(Failure) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        // Variables that point git at another repository (set inside hooks, rebase --exec, some
        // CI) must not reach it: the work area is the repository here.
        for name in Self.repositoryVariables { environment.removeValue(forKey: name) }
        // ssh must never ask on the terminal the portal draws on.
        if environment["GIT_SSH_COMMAND"] == nil { environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes" }
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
            let message = lines.first { $0.contains("[rejected]") || $0.contains("[remote rejected]") }?.trimmingCharacters(in: .whitespaces)
                ?? lines.first { $0.hasPrefix("fatal: ") || $0.hasPrefix("error: ") } ?? lines.last ?? ""
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
