import CNCursesW
import CairnCatalog
import Dispatch
import Foundation
import Synchronization

/// Actions from background work, and the pipe that wakes the UI loop when one arrives.
public final class Inbox: Sendable {
    private let actions = Mutex<[Action]>([])
    private let quitRequested = Mutex(false)
    private let foregroundChild = Mutex(false)
    let readEnd: Int32
    private let writeEnd: Int32

    public init() {
        var descriptors: [Int32] = [0, 0]
        pipe(&descriptors)
        readEnd = descriptors[0]
        writeEnd = descriptors[1]
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
    }

    /// Called from any thread: queue an action and wake the UI.
    public func post(_ action: Action) {
        actions.withLock { $0.append(action) }
        wake()
    }

    /// Called from a signal source: end the app cleanly at the next turn of the loop.
    public func requestQuit() {
        quitRequested.withLock { $0 = true }
        wake()
    }

    var isQuitRequested: Bool { quitRequested.withLock { $0 } }

    /// True while another program (the editor) has the terminal: the keyboard's Ctrl-C then
    /// reaches cairn as SIGINT too, and must end only that program.
    var isForegroundChildRunning: Bool {
        get { foregroundChild.withLock { $0 } }
        set { foregroundChild.withLock { $0 = newValue } }
    }

    /// Called from a signal source: SIGINT while the editor runs is the editor's; any other
    /// signal ends the app.
    func signalled(_ number: Int32) {
        if number == SIGINT, isForegroundChildRunning { return }
        requestQuit()
    }

    func drain() -> [Action] {
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) > 0 {}
        return actions.withLock { queued in
            defer { queued = [] }
            return queued
        }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }
}

/// The UI loop: wait on the keyboard and the inbox with `poll`, reduce, render, flush.
/// Redraws on change, never on a timer.
@MainActor
public final class TerminalApp {
    private var state: AppState
    private let terminal: NCursesTerminal
    public let inbox: Inbox
    private let loadTheme: @MainActor (String) -> Result<Theme, ThemeError>
    private let checkHealth: @MainActor ([EntityRef]) -> Void
    private let scaffold: @MainActor (EntityRef, [String: Value], Bool) -> Void
    private let jobCommand: @MainActor (JobCommand) -> Void
    private let loadDocs: @MainActor (EntityRef) -> Void
    private let searchDocs: @MainActor (String) -> Void
    private let loadAudit: @MainActor (EntityRef) -> Void
    private let refreshSources: @MainActor ([String]) -> Void
    private let editing: EntityEditing
    private var signalSources: [DispatchSourceSignal] = []

    public init(state: AppState, terminal: NCursesTerminal, inbox: Inbox, loadTheme: @escaping @MainActor (String) -> Result<Theme, ThemeError>,
                checkHealth: @escaping @MainActor ([EntityRef]) -> Void = { _ in },
                scaffold: @escaping @MainActor (EntityRef, [String: Value], Bool) -> Void = { _, _, _ in },
                jobCommand: @escaping @MainActor (JobCommand) -> Void = { _ in },
                loadDocs: @escaping @MainActor (EntityRef) -> Void = { _ in },
                searchDocs: @escaping @MainActor (String) -> Void = { _ in },
                loadAudit: @escaping @MainActor (EntityRef) -> Void = { _ in },
                refreshSources: @escaping @MainActor ([String]) -> Void = { _ in },
                editing: EntityEditing = .unavailable) {
        self.state = state
        self.terminal = terminal
        self.inbox = inbox
        self.loadTheme = loadTheme
        self.checkHealth = checkHealth
        self.scaffold = scaffold
        self.jobCommand = jobCommand
        self.loadDocs = loadDocs
        self.searchDocs = searchDocs
        self.loadAudit = loadAudit
        self.refreshSources = refreshSources
        self.editing = editing
    }

    /// Runs until the user quits or a signal asks to; always restores the terminal.
    public func run() {
        defer { terminal.end() }
        watchSignals()
        let size = terminal.size
        _ = reduce(&state, .resize(width: size.width, height: size.height))
        var isDirty = true
        while !inbox.isQuitRequested {
            if isDirty {
                terminal.draw(render(state))
                isDirty = false
            }
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: inbox.readEnd, events: Int16(POLLIN), revents: 0)]
            // Wake at least once a minute so "data age" in the status line stays true.
            let ready = poll(&descriptors, 2, 60_000)
            if ready < 0 && errno != EINTR { break }
            var actions = terminal.pendingActions()
            actions += inbox.drain()
            if ready == 0 { isDirty = true }
            for action in actions {
                isDirty = true
                for effect in reduce(&state, action) {
                    switch effect {
                    case .quit: return
                    case .checkHealth(let refs): checkHealth(refs)
                    case .scaffold(let template, let values, let isDryRun): scaffold(template, values, isDryRun)
                    case .job(let command): jobCommand(command)
                    case .loadDocs(let ref): loadDocs(ref)
                    case .searchDocs(let query): searchDocs(query)
                    case .loadAudit(let ref): loadAudit(ref)
                    case .editEntity(let ref): edit(ref)
                    case .refreshSources(let names): refreshSources(names)
                    case .loadTheme(let name):
                        switch loadTheme(name) {
                        case .success(let theme):
                            terminal.apply(theme, isColor: state.isColor)
                            _ = reduce(&state, .themeChanged(theme.name))
                        case .failure(let error):
                            _ = reduce(&state, .themeFailed(error.description))
                        }
                    }
                }
            }
        }
    }

    /// `e`: the portal checks the permission and writes a private copy; the screen is handed
    /// to the editor (ncurses suspended, the shell's terminal modes back) until it exits, then
    /// taken back exactly as it was (modes, the size as it is now, every cell drawn again)
    /// whatever the editor did, even when it could not start; the portal then reads the copy
    /// back. The outcome arrives as `.editFinished` through the inbox, after a `.resize`.
    private func edit(_ ref: EntityRef) {
        let result: EditResult
        switch editing.begin(ref) {
        case .refused(let reason):
            result = .failed(reason)
        case .run(let arguments):
            terminal.suspend()
            let exit = ForegroundProcess.run(arguments, inbox: inbox)
            terminal.resume()
            let size = terminal.size
            inbox.post(.resize(width: size.width, height: size.height))
            result = editing.finish(ref, exit)
        }
        inbox.post(.editFinished(result))
    }

    /// A signal source whose handler asks the loop to quit. Nonisolated on purpose: the handler
    /// runs on a dispatch queue, and a closure formed on the main actor would trap there.
    private nonisolated static func quitOnSignal(_ number: Int32, inbox: Inbox) -> DispatchSourceSignal {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { inbox.signalled(number) }
        source.resume()
        return source
    }

    /// SIGTERM, SIGHUP and SIGINT end the loop cleanly (Ctrl-C itself arrives as a key in
    /// raw mode); dispatch sources run off the signal handler, so nothing unsafe runs there.
    private func watchSignals() {
        for number in [SIGTERM, SIGHUP, SIGINT] {
            signalSources.append(Self.quitOnSignal(number, inbox: inbox))
        }
        // A crash must not leave the shell raw: restore the terminal, then die as before.
        for number in [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE] {
            signal(number) { received in
                endwin()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
