import CLinux
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: [UInt8]
    /// The last lines of standard error (all of it went to the job log as it came).
    public var errorTail: [String]
    public var isSuccess: Bool { status == 0 }
}

/// Runs a program by argument vector (never through a shell) in its own process group, feeding
/// it `input` and reading its output without threads: one poll loop that also watches for a
/// cancel, a timeout and the child's exit. Standard error goes to `onErrorLine` line by line.
enum ChildProcess {
    struct Options {
        var input: [UInt8] = []
        var environment: [String: String] = ProcessInfo.processInfo.environment
        var directory: String?
        var timeoutSeconds: Double?
        /// Standard output lines are also passed on as they come (they are still returned whole).
        var echoesOutput = false
    }

    static func run(_ arguments: [String], options: Options, onStart: (pid_t) -> Void = { _ in }, onErrorLine: (String) -> Void,
                    isCancelled: () -> Bool) throws(ProvisionError) -> ProcessResult {
        guard let program = arguments.first else { throw .failed("no command to run") }
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe2(&input, O_CLOEXEC) == 0, pipe2(&output, O_CLOEXEC) == 0, pipe2(&errors, O_CLOEXEC) == 0 else {
            let reason = String(cString: strerror(errno))
            for descriptor in input + output + errors where descriptor >= 0 { close(descriptor) }
            throw .failed("cannot create pipes: \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        if let directory = options.directory { posix_spawn_file_actions_addchdir_np(&actions, directory) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        Self.ownGroup(&attributes, resetting: [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCHLD])

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = options.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        close(input[0]); close(output[1]); close(errors[1])
        guard spawned == 0 else {
            close(input[1]); close(output[0]); close(errors[0])
            throw .failed("cannot run \(program): \(String(cString: strerror(spawned)))")
        }
        onStart(pid)
        for descriptor in [input[1], output[0], errors[0]] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }

        var stdinFD: Int32 = input[1]
        var pendingInput = options.input[...]
        if pendingInput.isEmpty { close(stdinFD); stdinFD = -1 }
        var stdoutFD = output[0], stderrFD = errors[0]
        var standardOutput: [UInt8] = []
        var errorBuffer: [UInt8] = [], outputLineBuffer: [UInt8] = []
        var errorTail: [String] = []
        var status: Int32?
        var exitedAt: Double?
        var killSentAt: Double?
        var stopReason: ProvisionError?
        let started = Self.now()
        var chunk = [UInt8](repeating: 0, count: 65_536)

        func emit(_ buffer: inout [UInt8], final: Bool, to sink: (String) -> Void) {
            while let newline = buffer.firstIndex(of: 10) {
                sink(String(decoding: buffer[..<newline], as: UTF8.self))
                buffer.removeSubrange(...newline)
            }
            if final, !buffer.isEmpty {
                sink(String(decoding: buffer, as: UTF8.self))
                buffer.removeAll()
            }
        }
        let errorSink: (String) -> Void = { line in
            onErrorLine(line)
            errorTail.append(line)
            if errorTail.count > 20 { errorTail.removeFirst() }
        }

        while true {
            if status == nil {
                var raw: Int32 = 0
                let waited = waitpid(pid, &raw, WNOHANG)
                if waited == pid {
                    status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                    exitedAt = Self.now()
                }
            }
            // After the exit, a daemon it started may still hold the pipes: read what is there, then stop.
            if let exitedAt, (stdoutFD < 0 && stderrFD < 0) || Self.now() - exitedAt > 0.5 { break }
            if status == nil, stopReason == nil {
                if isCancelled() {
                    stopReason = .cancelled
                } else if let limit = options.timeoutSeconds, Self.now() - started > limit {
                    stopReason = .failed("\(program) did not finish within \(Int(limit)) s; stopped it")
                }
                if stopReason != nil {
                    kill(-pid, SIGTERM)
                    killSentAt = Self.now()
                }
            }
            if status == nil, let sent = killSentAt, Self.now() - sent > 3 {
                kill(-pid, SIGKILL)
                killSentAt = .infinity
            }
            var descriptors: [pollfd] = []
            if stdoutFD >= 0 { descriptors.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            if stderrFD >= 0 { descriptors.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            if stdinFD >= 0 { descriptors.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            if descriptors.isEmpty {
                if status == nil { usleep(20_000) }
                continue
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), 100)
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == stdinFD {
                    let written = pendingInput.withUnsafeBytes { Self.writeWithoutSIGPIPE(stdinFD, $0.baseAddress, $0.count) }
                    if written > 0 { pendingInput = pendingInput.dropFirst(written) }
                    if pendingInput.isEmpty || (written < 0 && errno != EAGAIN) {
                        close(stdinFD)
                        stdinFD = -1
                    }
                    continue
                }
                let count = read(descriptor.fd, &chunk, chunk.count)
                if count > 0 {
                    if descriptor.fd == stdoutFD {
                        guard standardOutput.count + count <= Self.maxOutputBytes else {
                            if stopReason == nil, status == nil {
                                stopReason = .failed("\(program) printed more than \(Self.maxOutputBytes >> 20) MB on standard output; stopped it (print one JSON object, send messages to standard error)")
                                kill(-pid, SIGTERM)
                                killSentAt = Self.now()
                            }
                            continue
                        }
                        standardOutput.append(contentsOf: chunk[..<count])
                        if options.echoesOutput {
                            outputLineBuffer.append(contentsOf: chunk[..<count])
                            emit(&outputLineBuffer, final: false, to: onErrorLine)
                        }
                    } else {
                        errorBuffer.append(contentsOf: chunk[..<count])
                        emit(&errorBuffer, final: false, to: errorSink)
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(descriptor.fd)
                    if descriptor.fd == stdoutFD { stdoutFD = -1 } else { stderrFD = -1 }
                }
            }
        }
        for descriptor in [stdinFD, stdoutFD, stderrFD] where descriptor >= 0 { close(descriptor) }
        emit(&errorBuffer, final: true, to: errorSink)
        if options.echoesOutput { emit(&outputLineBuffer, final: true, to: onErrorLine) }
        if let stopReason { throw stopReason }
        return ProcessResult(status: status ?? -1, standardOutput: standardOutput, errorTail: errorTail)
    }

    /// Spawn attributes for a child in a process group of its own (a cancel stops it and all it
    /// started), with `signals` back at their defaults and nothing blocked.
    static func ownGroup(_ attributes: inout posix_spawnattr_t, resetting signals: [Int32]) {
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in signals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    }

    /// Standard output is kept whole (an exec driver's JSON): up to this much.
    static let maxOutputBytes = 16 << 20

    /// write(2) to a pipe whose reader may be gone: the EPIPE comes back as an error instead of
    /// a SIGPIPE killing cairn (SIGPIPE is blocked on this thread for the call and a pending one
    /// is taken back).
    static func writeWithoutSIGPIPE(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        var pipeSignal = sigset_t(), previous = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        let written = write(descriptor, buffer, count)
        let failure = errno
        if written < 0, failure == EPIPE {
            var none = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeSignal, nil, &none)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        errno = failure
        return written
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The program's path when it is on PATH (or is a path), else nil.
    static func find(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// Starts a program that outlives cairn (a headless worker after `cairn provision`): its own
/// process group, standard input from /dev/null, output appended to `logFile`. Not waited for.
public enum DetachedProcess {
    @discardableResult
    public static func start(_ arguments: [String], logFile: String) -> Bool {
        guard let program = arguments.first else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // SIGHUP stays as the worker sets it (ignored), so closing the terminal does not stop it.
        ChildProcess.ownGroup(&attributes, resetting: [SIGPIPE, SIGINT, SIGTERM, SIGCHLD])
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        return posix_spawn(&pid, program, &actions, &attributes, argv, envp) == 0
    }
}
