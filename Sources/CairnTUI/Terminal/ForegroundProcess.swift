import Foundation

/// Runs another program (the user's editor) on cairn's own terminal, in the foreground, and
/// waits for it, the way git runs `$EDITOR`: the child stays in cairn's process group, so it
/// may read the terminal; it starts with default signal dispositions and nothing blocked
/// (cairn ignores SIGINT and friends, and an ignored signal would be inherited); and cairn
/// itself ignores the keyboard's SIGINT and SIGQUIT while it waits, so Ctrl-C in the editor
/// ends the editor, not the portal. Ctrl-Z stops both, as it would stop a shell's job.
/// Call between `NCursesTerminal.suspend()` and `resume()`.
@MainActor
enum ForegroundProcess {
    static func run(_ arguments: [String], inbox: Inbox) -> EditorExit {
        guard let program = arguments.first, !program.isEmpty else {
            return .couldNotStart(program: "", reason: "the editor command is empty")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The database, the inbox pipe and the like are cairn's, not the editor's (glibc skips
        // any of these closed by the time the child starts).
        for descriptor in openDescriptors() where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGWINCH, SIGALRM, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, number)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        inbox.isForegroundChildRunning = true
        // SIGQUIT would dump cairn's core; ncurses' SIGTSTP handler would redraw cairn over the
        // editor on SIGCONT: while the editor runs, the first is ignored and the second stops
        // cairn plainly, alongside the editor.
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        let previousStop = signal(SIGTSTP, SIG_DFL)
        defer {
            signal(SIGQUIT, previousQuit)
            signal(SIGTSTP, previousStop)
            inbox.isForegroundChildRunning = false
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            return .couldNotStart(program: program, reason: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .couldNotStart(program: program, reason: "cannot wait for it: " + String(cString: strerror(errno))) }
        }
        // WIFEXITED and friends are macros Swift does not import: low 7 bits hold the signal.
        let signalNumber = status & 0x7f
        return signalNumber == 0 ? .exited(status: (status >> 8) & 0xff) : .killed(signal: signalNumber)
    }

    /// This process's open file descriptors, from /proc.
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }
}
