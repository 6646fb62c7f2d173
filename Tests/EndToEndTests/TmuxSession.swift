import Foundation

/// A private tmux server with one session and one pane, for driving the full-screen portal the
/// way a user does: keys in, screen text out. Each instance has its own server socket
/// (`tmux -L cairn-e2e-<uuid>`, never the user's default server) and its own state folder; both
/// go away in `close()` (or `deinit`).
///
/// Synchronisation is by polling `capture-pane` until the screen shows what a test expects,
/// with a timeout, never by sleeping a fixed time.
final class TmuxSession {
    /// Why a wait or a tmux command failed, with the last screen to look at.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let sessionName = "e2e"
    static let defaultTimeout: TimeInterval = 10

    /// The tmux executable, or nil when tmux is not installed.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin", "/bin"] {
            let candidate = "\(folder)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    /// A `PATH` for the programs the pane runs (bash, stty, …).
    static let searchPath = "/usr/local/bin:/usr/bin:/bin"

    let socket = "cairn-e2e-\(UUID().uuidString.lowercased())"
    /// A temporary folder for the cache database, config and anything else the run writes.
    let state: String
    /// Where the server listens; tmux leaves the socket file behind when it exits.
    private var socketPath: String?
    private var isStarted = false
    private var isClosed = false

    var database: String { state + "/cairn.db" }

    /// Makes the state folder; `start` then starts the server and its one session.
    init() throws {
        guard Self.isAvailable else { throw Failure(description: "tmux is not installed") }
        state = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: state + "/home", withIntermediateDirectories: true)
    }

    /// Starts a detached `width`×`height` session running `command` (an argument vector,
    /// started with `exec` through the server's shell so the pane's pid is the program's own).
    /// `environment` is the *whole* environment of the program (`env -i`), so nothing from the
    /// machine running the tests (NO_COLOR, LC_ALL, TMUX, …) leaks in.
    func start(width: Int, height: Int, command: [String], environment: [String: String]) throws {
        // remain-on-exit keeps the pane (and its exit status) after the program ends;
        // set-clipboard on turns an OSC 52 that leaks through into a visible paste buffer.
        let configuration = """
            set -g remain-on-exit on
            set -g set-clipboard on
            set -g history-limit 2000
            set -s escape-time 0
            set -g status off

            """
        try configuration.write(toFile: state + "/tmux.conf", atomically: true, encoding: .utf8)
        let words = ["exec", "/usr/bin/env", "-i"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + command
        let line = words.map(Self.shellQuoted).joined(separator: " ")
        isStarted = true
        let output = try tmux(["-f", state + "/tmux.conf", "new-session", "-d", "-s", Self.sessionName, "-x", "\(width)", "-y", "\(height)", line],
                              closingInheritedDescriptors: true)
        guard output.status == 0 else { throw Failure(description: "tmux new-session failed (\(output.status)): \(output.errors)") }
        socketPath = try? format("#{socket_path}")
    }

    /// The environment cairn gets unless a test says otherwise: a UTF-8 locale, a terminal type
    /// this host knows, and a cache, config and home of its own. A nil override removes a variable.
    func environment(_ overrides: [String: String?] = [:]) -> [String: String] {
        var environment = [
            "PATH": Self.searchPath,
            "HOME": state + "/home",
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
            "CAIRN_DB": database,
            "XDG_CONFIG_HOME": state + "/config",
            "XDG_STATE_HOME": state + "/state",
            "USER": "e2e",
        ]
        if let libraries = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { environment["LD_LIBRARY_PATH"] = libraries }
        for (key, value) in overrides { environment[key] = value }
        return environment
    }

    /// A session running cairn itself with `arguments`.
    static func portal(width: Int, height: Int, arguments: [String], environment overrides: [String: String?] = [:]) throws -> TmuxSession {
        let session = try TmuxSession()
        try session.start(width: width, height: height, command: [CairnProcess.binary] + arguments, environment: session.environment(overrides))
        return session
    }

    /// A session running an interactive `bash --norc --noprofile` with a `$ ` prompt, for
    /// typing command lines as a user would.
    static func shell(width: Int, height: Int, environment overrides: [String: String?] = [:]) throws -> TmuxSession {
        let session = try TmuxSession()
        var environment = session.environment(overrides)
        environment["PS1"] = "$ "
        environment["HISTFILE"] = "/dev/null"
        try session.start(width: width, height: height, command: ["/bin/bash", "--norc", "--noprofile", "-i"], environment: environment)
        // capture-pane drops trailing spaces, so the prompt reads "$".
        try session.waitUntil("the shell prompt") { $0.components(separatedBy: "\n").contains("$") }
        return session
    }

    deinit { close() }

    /// Stops the private server and removes the state folder. Safe to call twice. The pane's
    /// program gets SIGHUP from the closing terminal; one that outlives it is killed, so no
    /// test leaves a process behind.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        if isStarted {
            let panes = ((try? tmuxChecked(["list-panes", "-a", "-F", "#{pane_pid}"])) ?? "").split(separator: "\n").compactMap { Int32($0) }
            let program = panes + panes.flatMap(Self.children(of:))
            _ = try? tmux(["kill-server"])
            let deadline = Date().addingTimeInterval(2)
            while program.contains(where: Self.isRunning), Date() < deadline { usleep(20_000) }
            for pid in program where Self.isRunning(pid) { kill(pid, SIGKILL) }
        }
        if let socketPath { try? FileManager.default.removeItem(atPath: socketPath) }
        try? FileManager.default.removeItem(atPath: state)
    }

    /// Whether `pid` is alive (a zombie waiting to be reaped counts as ended).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    // MARK: Keys

    /// Sends key names as tmux knows them: `Enter`, `Escape`, `Tab`, `BSpace`, `C-c`, `j`, ….
    func press(_ keys: String...) throws {
        try tmuxChecked(["send-keys", "-t", Self.sessionName] + keys)
    }

    /// Types `text` literally (no key-name lookup).
    func type(_ text: String) throws {
        try tmuxChecked(["send-keys", "-t", Self.sessionName, "-l", "--", text])
    }

    /// Types a command line and presses Enter.
    func run(_ commandLine: String) throws {
        try type(commandLine)
        try press("Enter")
    }

    // MARK: Screen

    /// The visible screen as text, one line per row (wrapped lines stay separate rows).
    /// With `escapes`, the SGR attributes tmux holds for each cell are included.
    func screen(escapes: Bool = false) throws -> String {
        try tmuxChecked(["capture-pane", "-p", "-t", Self.sessionName] + (escapes ? ["-e"] : []))
    }

    /// The rows of a captured screen (capture-pane ends the last row with a newline too).
    static func lines(of screen: String) -> [String] {
        var lines = screen.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Waits until the screen contains every one of `texts`; returns that screen.
    @discardableResult
    func waitFor(_ texts: String..., timeout: TimeInterval = TmuxSession.defaultTimeout) throws -> String {
        try waitUntil("the screen shows \(texts.map { "\"\($0)\"" }.joined(separator: ", "))", timeout: timeout) { screen in
            texts.allSatisfy { screen.contains($0) }
        }
    }

    /// Waits until the screen no longer contains `text`; returns that screen.
    @discardableResult
    func waitForAbsence(of text: String, timeout: TimeInterval = TmuxSession.defaultTimeout) throws -> String {
        try waitUntil("\"\(text)\" leaves the screen", timeout: timeout) { !$0.contains(text) }
    }

    /// Polls `capture-pane` until `condition` holds for a settled screen (the same on two
    /// captures in a row, so a frame ncurses is still writing is never returned), or throws
    /// with the last screen after `timeout` seconds.
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = TmuxSession.defaultTimeout, _ condition: (String) throws -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var previous: String?
        var last = ""
        while true {
            last = try screen()
            if last == previous, try condition(last) { return last }
            if Date() > deadline { break }
            previous = last
            usleep(30_000) // the poll interval, not a synchronisation delay
        }
        throw Failure(description: "timed out after \(timeout) s waiting until \(what); the screen was:\n\(last)")
    }

    // MARK: Pane and server

    /// `display-message -p` of a format such as `#{pane_title}`.
    func format(_ format: String) throws -> String {
        try tmuxChecked(["display-message", "-p", "-t", Self.sessionName, format]).trimmingCharacters(in: .newlines)
    }

    var paneTitle: String { get throws { try format("#{pane_title}") } }

    /// The pid of the program the pane started (cairn itself when started with `portal`).
    var panePID: Int32 { get throws { Int32(try format("#{pane_pid}")) ?? -1 } }

    /// How the pane's program ended.
    enum Exit: Equatable, CustomStringConvertible {
        case status(Int)
        case signal(Int)

        var description: String {
            switch self {
            case .status(let code): return "exit status \(code)"
            case .signal(let number): return "killed by signal \(number)"
            }
        }
    }

    /// Waits until the pane's program has ended; returns how.
    @discardableResult
    func waitForExit(timeout: TimeInterval = TmuxSession.defaultTimeout) throws -> Exit {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() <= deadline {
            let fields = try format("#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}|#{pid}").split(separator: "|", omittingEmptySubsequences: false)
            if fields.first == "1" {
                if fields.count > 2, let number = Int(fields[2]) { return .signal(number) }
                if fields.count > 1, let code = Int(fields[1]) { return .status(code) }
                // The pty closed but the exit status is not in yet. Debian's tmux updates utmp
                // through libutempter, which swaps in its own SIGCHLD handler while it runs, so
                // tmux can miss the child's exit and leave it a zombie (tmux/tmux#311). Nudge
                // our private server to reap it, as the tmux maintainer suggests there.
                if fields.count > 3, let server = Int32(fields[3]) { kill(server, SIGCHLD) }
            }
            usleep(40_000)
        }
        throw Failure(description: "timed out after \(timeout) s waiting for the pane's program to exit; the screen was:\n\(try screen())")
    }

    func isPaneDead() throws -> Bool { try format("#{pane_dead}") == "1" }

    func resize(width: Int, height: Int) throws {
        try tmuxChecked(["resize-window", "-t", Self.sessionName, "-x", "\(width)", "-y", "\(height)"])
    }

    func setPaneTitle(_ title: String) throws {
        try tmuxChecked(["select-pane", "-t", Self.sessionName, "-T", title])
    }

    /// Names of the server's paste buffers (an OSC 52 that reaches tmux creates one).
    func pasteBuffers() throws -> [String] {
        try tmuxChecked(["list-buffers", "-F", "#{buffer_name}"]).split(separator: "\n").map(String.init)
    }

    /// The pids of the direct children of `pid`, from /proc.
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let child = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            // pid (comm) state ppid …; comm may hold spaces or parentheses, so parse after the last ')'.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == pid else { return nil }
            return child
        }
    }

    // MARK: Running tmux

    struct Output {
        var status: Int32
        var text: String
        var errors: String
    }

    @discardableResult
    func tmuxChecked(_ arguments: [String]) throws -> String {
        let output = try tmux(arguments)
        guard output.status == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed (\(output.status)): \(output.errors)")
        }
        return output.text
    }

    /// Runs a tmux client command. With `closingInheritedDescriptors`, for the command that
    /// starts the server: the server is a daemon that outlives the client and keeps every
    /// descriptor it inherited, including the socket Foundation's `Process` watches to learn
    /// that a child ended, so `waitUntilExit` would never return (and a concurrent test's
    /// process could hang the same way). A bash launcher closes them all before exec.
    func tmux(_ arguments: [String], closingInheritedDescriptors: Bool = false) throws -> Output {
        guard let executable = Self.executable else { throw Failure(description: "tmux is not installed") }
        let process = Process()
        let command = [executable, "-u", "-L", socket] + arguments
        if closingInheritedDescriptors {
            let closeAboveStandardError = #"for path in /proc/$$/fd/*; do fd=${path##*/}; if [ "$fd" -gt 2 ] && [ -e "$path" ]; then eval "exec $fd>&-"; fi; done; exec "$@""#
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", closeAboveStandardError, "tmux-launcher"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = Array(command.dropFirst())
        }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TMUX")
        environment.removeValue(forKey: "TMUX_PANE")
        environment["LANG"] = "C.UTF-8"
        environment.removeValue(forKey: "LC_ALL")
        environment.removeValue(forKey: "LC_CTYPE")
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try Self.withNoSignalsBlocked { try process.run() }
        let collected = ErrorCollector(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self), errors: collected.finish())
    }

    /// Runs `body` with this thread's signal mask empty. A child inherits the mask of the
    /// thread that spawns it, and test threads are libdispatch workers that block SIGTERM,
    /// SIGHUP, SIGINT, SIGWINCH and more: a tmux server started from one would ignore
    /// `kill-server` (tmux sends itself SIGTERM) and pass the mask on to every pane, so cairn
    /// would never see a resize or a signal as it does on a user's terminal.
    static func withNoSignalsBlocked<Result>(_ body: () throws -> Result) rethrows -> Result {
        var empty = sigset_t()
        var previous = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// Quotes a word for the POSIX shell tmux runs the session command with.
    static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }), word.unicodeScalars.allSatisfy(\.isASCII) {
            return word
        }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
