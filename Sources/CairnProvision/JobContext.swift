import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a driver may do while a job runs: log (secrets replaced by ***), check for a cancel,
/// and run programs that a cancel stops. One per job attempt; shared with the heartbeat thread.
public final class JobContext: Sendable {
    public let jobID: Int64
    /// Where the running child's pid is noted, so a resumed attempt can stop an orphan the
    /// killed worker left behind.
    let childRecordPath: String?
    private let sink: @Sendable ([String]) -> Void
    private struct State {
        var isCancelled = false
        var isAbandoned = false
        var secrets: [String] = []
        var lines = 0
    }
    /// A job's log keeps this many lines (a command that floods standard error cannot fill the
    /// database); each line at most `maxLineBytes`.
    public static let maxLines = 5_000
    public static let maxLineBytes = 2_000
    private let state = Mutex(State())

    public init(jobID: Int64, childRecordPath: String? = nil, secrets: [String] = [], sink: @escaping @Sendable ([String]) -> Void) {
        self.jobID = jobID
        self.childRecordPath = childRecordPath
        self.sink = sink
        state.withLock { $0.secrets = secrets.filter { $0.count >= 4 } }
    }

    /// Adds values that must never be written to the log.
    public func addSecrets(_ values: some Sequence<String>) {
        state.withLock { $0.secrets.append(contentsOf: values.filter { $0.count >= 4 }) }
    }

    /// `text` with every known secret replaced by ***.
    public func redacted(_ text: String) -> String {
        let secrets = state.withLock { $0.secrets }
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }

    public func log(_ line: String) {
        var lines = line.split(separator: "\n", omittingEmptySubsequences: false).map { part -> String in
            let text = redacted(String(part))
            return text.utf8.count > Self.maxLineBytes ? String(decoding: text.utf8.prefix(Self.maxLineBytes), as: UTF8.self) + " …(cut)" : text
        }
        let (kept, isFirstCut) = state.withLock { state -> (Int, Bool) in
            let room = max(0, Self.maxLines - state.lines)
            let wasCut = state.lines > Self.maxLines
            state.lines += lines.count
            return (room, !wasCut && state.lines > Self.maxLines)
        }
        if lines.count > kept {
            lines = Array(lines.prefix(kept))
            if isFirstCut { lines.append("(the log is cut at \(Self.maxLines) lines; later lines are dropped)") }
        }
        if !lines.isEmpty { sink(lines) }
    }

    public var isCancelled: Bool { state.withLock { $0.isCancelled } }

    /// Asks the running step to stop: the running program's process group gets SIGTERM.
    public func cancel() {
        state.withLock { $0.isCancelled = true }
    }

    /// Another worker took the job over: stop like a cancel, but leave what was made to it.
    func abandon() {
        state.withLock {
            $0.isAbandoned = true
            $0.isCancelled = true
        }
    }

    public var isAbandoned: Bool { state.withLock { $0.isAbandoned } }

    public func checkCancelled() throws(ProvisionError) {
        if isCancelled { throw .cancelled }
    }

    /// Runs a program; standard error (and with `logsOutput`, standard output) goes to the log
    /// line by line. Throws on a cancel, a timeout, or when it cannot start; a non-zero exit is
    /// returned for the driver to explain.
    public func run(_ arguments: [String], input: [UInt8] = [], environment: [String: String]? = nil, directory: String? = nil,
                    timeoutSeconds: Double? = 600, logsOutput: Bool = false) throws(ProvisionError) -> ProcessResult {
        try checkCancelled()
        var options = ChildProcess.Options()
        options.input = input
        if let environment { options.environment = environment }
        options.directory = directory
        options.timeoutSeconds = timeoutSeconds
        options.echoesOutput = logsOutput
        let record = childRecordPath
        defer { if let record { unlink(record) } }
        return try ChildProcess.run(arguments, options: options, onStart: { pid in
            if let record { try? "\(pid) \(ProcessIdentity.startTime(of: pid) ?? 0)\n".write(toFile: record, atomically: true, encoding: .utf8) }
        }, onErrorLine: { [self] line in log(line) }, isCancelled: { [self] in isCancelled })
    }

    /// Stops the process group a killed worker's attempt left running (its pid recorded by `run`).
    func stopOrphan() {
        guard let record = childRecordPath, let text = try? String(contentsOfFile: record, encoding: .utf8) else { return }
        let parts = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        defer { unlink(record) }
        guard parts.count == 2, let pid = Int32(exactly: parts[0]), ProcessIdentity.startTime(of: pid) == UInt64(parts[1]) else { return }
        log("stopping process group \(pid) left running by the previous attempt")
        // TERM first, so a tofu apply or compose run can stop cleanly; KILL only if it will not.
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, kill(-pid, 0) == 0 { usleep(100_000) }
        if kill(-pid, 0) == 0 {
            log("process group \(pid) did not stop within 30 s; killing it")
            kill(-pid, SIGKILL)
        }
    }
}

/// Who a worker is (`host:pid:start time`) and whether one is still alive.
public enum ProcessIdentity {
    /// A process's start time in clock ticks since boot (field 22 of /proc/PID/stat): a pid
    /// reused by a new process has another.
    public static func startTime(of pid: pid_t) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, so start time (22) is index 19.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// This process as a worker name.
    public static var current: String {
        let pid = getpid()
        return "\(hostName):\(pid):\(startTime(of: pid) ?? 0)"
    }

    /// Whether the worker `name` has stopped: on this host, by its pid and start time; on
    /// another, by a heartbeat older than `staleAfter`.
    public static func isGone(_ name: String, heartbeat: Date?, staleAfter: TimeInterval, now: Date = Date()) -> Bool {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count >= 3, let pid = Int32(parts[parts.count - 2]), let start = UInt64(parts[parts.count - 1]),
           parts.dropLast(2).joined(separator: ":") == hostName {
            return startTime(of: pid) != start
        }
        guard let heartbeat else { return true }
        return now.timeIntervalSince(heartbeat) > staleAfter
    }
}
