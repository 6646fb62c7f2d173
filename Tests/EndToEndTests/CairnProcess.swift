import Foundation

/// Runs the built `cairn` binary the way a user or a script would.
struct CairnProcess {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The `cairn` built next to this test bundle (or $CAIRN_BIN).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["CAIRN_BIN"] { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("cairn").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repository + "/.build/debug/cairn"
    }()

    /// A private state folder per test so runs never share a cache by accident.
    let state: String

    init() {
        state = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-e2e-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: state) }

    var database: String { state + "/cairn.db" }

    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? Self.repository)
        var environment = ProcessInfo.processInfo.environment
        environment["CAIRN_DB"] = database
        environment["XDG_CONFIG_HOME"] = state + "/config"
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "LC_ALL")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs so a full pipe cannot block it.
        let collected = ErrorCollector(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: collected.finish())
    }
}

/// Drains a pipe on a background thread.
final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
