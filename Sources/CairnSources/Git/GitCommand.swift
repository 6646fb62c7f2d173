import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `git` run as a child process for the sources: an argument vector (never a shell), no prompt
/// of any kind, in a process group of its own that a timeout or a quit stops whole, standard
/// output kept, standard error's last lines kept for the message.
///
/// Output is read by one poll loop without threads. It stops reading shortly after git exits
/// even when something git started (an ssh control master, a detached gc) still holds the pipes.
struct GitCommand {
    /// How a run ended when git itself got to the end (any exit status).
    struct Output {
        var status: Int32
        var standardOutput: [UInt8]
        /// The last lines of standard error.
        var errorLines: [String]

        var isSuccess: Bool { status == 0 }
        var text: String { String(decoding: standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }

        /// git's reason: its first `fatal:`/`error:` line (advice such as "Please make sure you
        /// have the correct access rights" follows it), else the last line.
        var reason: String {
            let line = errorLines.first { $0.hasPrefix("fatal: ") || $0.hasPrefix("error: ") } ?? errorLines.last ?? ""
            return line.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Why a run did not get to git's own end.
    enum Failure: Error, Equatable {
        case cannotStart(String)
        case timedOut(seconds: Int)
        case stopped
        case outputTooLarge(bytes: Int)
    }

    /// Variables that point git at another repository (`git rev-parse --local-env-vars`): set
    /// inside hooks and some CI, they must not reach the source's own work repository.
    static let repositoryVariables = ["GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
                                      "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
                                      "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX",
                                      "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE", "GIT_COMMON_DIR", "GIT_NAMESPACE"]

    /// The repository git works in (`git -C`); nil runs it where cairn runs.
    var directory: String?
    var timeout: TimeInterval = 120
    /// Added to (and winning over) the prepared environment.
    var extraEnvironment: [String: String] = [:]
    /// Checked while git runs: true stops it (cairn is quitting).
    var shouldStop: @Sendable () -> Bool = { false }

    /// The environment git gets: cairn's, without repository overrides, with every prompt off.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in Self.repositoryVariables { environment.removeValue(forKey: name) }
        environment["GIT_TERMINAL_PROMPT"] = "0"
        // An askpass that answers nothing: an https remote wanting a password fails with
        // "Authentication failed" instead of opening a dialog.
        environment["GIT_ASKPASS"] = "true"
        environment.removeValue(forKey: "SSH_ASKPASS")
        // ssh would ask for a password or a host key on the terminal cairn draws on.
        if environment["GIT_SSH_COMMAND"] == nil, environment["GIT_SSH"] == nil {
            environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
        }
        environment["LC_ALL"] = "C"
        environment.removeValue(forKey: "LANGUAGE")
        environment.merge(extraEnvironment) { _, extra in extra }
        return environment
    }

    /// Runs `git <arguments>` with `input` on standard input (from an unlinked temporary file, so
    /// there is no pipe to write and no SIGPIPE), keeping at most `maxOutputBytes` of output.
    func run(_ arguments: [String], input: [UInt8] = [], maxOutputBytes: Int = 64 << 20) throws(Failure) -> Output {
        guard let program = Self.find("git") else { throw .cannotStart("git is not on PATH; install git") }
        let fullArguments = ["git"] + (directory.map { ["-C", $0] } ?? []) + arguments

        let inputDescriptor = try Self.inputFile(input)
        defer { close(inputDescriptor) }
        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0, pipe(&errors) == 0 else {
            let reason = String(cString: strerror(errno))
            for descriptor in output + errors where descriptor >= 0 { close(descriptor) }
            throw .cannotStart("cannot create pipes: \(reason)")
        }
        // Not inherited by children another thread starts meanwhile (pipe2 is not in Glibc's
        // module; the window is a few instructions and the reader does not wait for EOF anyway).
        for descriptor in output + errors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inputDescriptor, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        // Whatever cairn holds open (sockets, the database) is not git's business. glibc ignores
        // a close action on a descriptor that has gone meanwhile (the listing's own one).
        for descriptor in Self.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = fullArguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        close(output[1])
        close(errors[1])
        guard spawned == 0 else {
            close(output[0])
            close(errors[0])
            throw .cannotStart("cannot run git: \(String(cString: strerror(spawned)))")
        }
        return try collect(pid: pid, output: output[0], errors: errors[0], maxOutputBytes: maxOutputBytes)
    }

    /// The poll loop: reads both pipes, reaps git, stops it on a timeout, a quit or too much output.
    private func collect(pid: pid_t, output: Int32, errors: Int32, maxOutputBytes: Int) throws(Failure) -> Output {
        for descriptor in [output, errors] { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        var outputFD = output, errorFD = errors
        var standardOutput: [UInt8] = []
        var errorBuffer: [UInt8] = []
        var status: Int32?
        var exitedAt: Double?
        var killedAt: Double?
        var failure: Failure?
        let started = Self.now()
        var chunk = [UInt8](repeating: 0, count: 65_536)

        func stop(_ reason: Failure) {
            guard failure == nil else { return }
            failure = reason
            kill(-pid, SIGTERM)
            killedAt = Self.now()
        }

        while true {
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                    exitedAt = Self.now()
                    // Whatever git left running in its group (a stuck ssh) goes with it on a stop.
                    if failure != nil { kill(-pid, SIGKILL) }
                }
            }
            // After the exit, something git started may still hold the pipes: take what is there, then stop.
            if let exitedAt, (outputFD < 0 && errorFD < 0) || Self.now() - exitedAt > 0.5 { break }
            if status == nil {
                if shouldStop() {
                    stop(.stopped)
                } else if Self.now() - started > timeout {
                    stop(.timedOut(seconds: Int(timeout.rounded(.up))))
                }
                if let sent = killedAt, Self.now() - sent > 2 {
                    kill(-pid, SIGKILL)
                    killedAt = .infinity
                }
            }
            var descriptors: [pollfd] = []
            if outputFD >= 0 { descriptors.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
            if errorFD >= 0 { descriptors.append(pollfd(fd: errorFD, events: Int16(POLLIN), revents: 0)) }
            if descriptors.isEmpty {
                usleep(10_000)
                continue
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), 50)
            for descriptor in descriptors where descriptor.revents != 0 {
                let count = read(descriptor.fd, &chunk, chunk.count)
                if count > 0 {
                    if descriptor.fd == outputFD {
                        if standardOutput.count + count > maxOutputBytes {
                            stop(.outputTooLarge(bytes: maxOutputBytes))
                        } else {
                            standardOutput.append(contentsOf: chunk[..<count])
                        }
                    } else {
                        errorBuffer.append(contentsOf: chunk[..<count])
                        // Only the tail matters; a chatty git must not grow it without bound.
                        if errorBuffer.count > 65_536 { errorBuffer.removeFirst(errorBuffer.count - 16_384) }
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(descriptor.fd)
                    if descriptor.fd == outputFD { outputFD = -1 } else { errorFD = -1 }
                }
            }
        }
        for descriptor in [outputFD, errorFD] where descriptor >= 0 { close(descriptor) }
        if let failure { throw failure }
        let errorLines = String(decoding: errorBuffer, as: UTF8.self).split(whereSeparator: \.isNewline).suffix(20).map(String.init)
        return Output(status: status ?? -1, standardOutput: standardOutput, errorLines: errorLines)
    }

    /// An open, already unlinked file holding `input`, positioned at its start.
    private static func inputFile(_ input: [UInt8]) throws(Failure) -> Int32 {
        var template = Array((NSTemporaryDirectory() + "/cairn-git-input-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .cannotStart("cannot create a temporary file: \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var written = 0
        while written < input.count {
            let count = input[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .cannotStart("cannot write git's input: \(reason)")
            }
            written += count
        }
        lseek(descriptor, 0, SEEK_SET)
        return descriptor
    }

    /// The descriptors open in this process (to close in the child).
    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    private static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
