import CNCursesW
import Foundation

/// The thin ncurses backend: starts the terminal where users are, maps style roles to
/// attributes, flushes only the cells that changed (then one `doupdate`), and decodes keys.
/// Every call happens on the main actor: ncurses is not thread-safe.
@MainActor
public final class NCursesTerminal {
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    private let screen: OpaquePointer
    private var window: UnsafeMutablePointer<WINDOW> { cairn_stdscr() }
    private var previous: Canvas?
    private var styles: [StyleRole: (attributes: attr_t, pair: Int16)] = [:]
    private var isEnded = false
    /// The terminal type ncurses accepted (after falling back from $TERM if needed).
    public let terminalName: String

    /// Starts ncurses on `output`/`input` (the process's own terminal by default). When
    /// $TERM has no terminfo entry here (kitty or tmux-256color on an old jump host), falls back
    /// to xterm-256color, xterm, then vt100 instead of exiting as `initscr` would.
    public init(term: String? = ProcessInfo.processInfo.environment["TERM"], output: UnsafeMutablePointer<FILE>? = nil,
                input: UnsafeMutablePointer<FILE>? = nil) throws {
        // Exported LINES/COLUMNS would pin the size and break resizing.
        unsetenv("LINES")
        unsetenv("COLUMNS")
        set_escdelay(25)
        let candidates = [term, "xterm-256color", "xterm", "vt100"].compactMap { $0 }.filter { !$0.isEmpty }
        var started: (OpaquePointer, String)?
        for name in candidates {
            if let screen = newterm(name, output ?? cairn_stdout(), input ?? cairn_stdin()) {
                started = (screen, name)
                break
            }
        }
        guard let (screen, name) = started else {
            throw StartError(description: "cairn: error: cannot start the terminal (tried \(candidates.joined(separator: ", "))); set TERM to a type this host knows")
        }
        self.screen = screen
        terminalName = name
        raw()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        wtimeout(window, 0)
    }

    /// Maps roles to curses attributes and colour pairs. Without colour only attributes stay.
    public func apply(_ theme: Theme, isColor: Bool) {
        var theme = theme
        let canColor = isColor && has_colors()
        if canColor {
            start_color()
            use_default_colors()
        } else {
            theme = theme.withoutColor
        }
        let colors = canColor ? Int(cairn_colors()) : 0
        styles = [:]
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = theme.style(role)
            var attributes: attr_t = 0
            for attribute in style.attributes {
                switch attribute {
                case .bold: attributes |= cairn_a_bold()
                case .dim: attributes |= cairn_a_dim()
                case .underline: attributes |= cairn_a_underline()
                case .reverse: attributes |= cairn_a_reverse()
                }
            }
            var pair: Int16 = 0
            if canColor, index + 1 < Int(cairn_color_pairs()) {
                func code(_ color: Theme.Color) -> Int16 {
                    guard case .indexed(let number) = color else { return -1 }
                    if number < colors { return Int16(number) }
                    // Fewer colours than the theme wants: bright colours fall back to the base eight.
                    return number < 16 && number - 8 < colors ? Int16(number - 8) : -1
                }
                pair = Int16(index + 1)
                init_pair(pair, code(style.foreground), code(style.background))
            }
            styles[role] = (attributes, pair)
        }
        previous = nil // every cell must be drawn again in the new colours
    }

    /// Columns and rows of the terminal now.
    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        cairn_getmaxyx(cairn_stdscr(), &rows, &columns)
        return (Int(columns), Int(rows))
    }

    /// Writes the cells that differ from the last frame, then refreshes once.
    public func draw(_ canvas: Canvas) {
        let isFull = previous == nil || previous!.width != canvas.width || previous!.height != canvas.height
        if isFull { werase(window) }
        var currentRole: StyleRole?
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let cell = canvas[x, y]
                if cell.width == 0 { continue }
                if !isFull, let previous, previous[x, y] == cell, x + 1 >= canvas.width || previous[x + 1, y] == canvas[x + 1, y] { continue }
                if cell.role != currentRole {
                    let style = styles[cell.role] ?? (0, 0)
                    _ = cairn_wattr_set(window, style.attributes, style.pair)
                    currentRole = cell.role
                }
                _ = cairn_mvwaddnstr(window, Int32(y), Int32(x), cell.text, -1)
            }
        }
        previous = canvas
        wnoutrefresh(window)
        doupdate()
    }

    /// Forces a size, for output that is not a terminal (benchmarks writing to a file).
    public func resize(width: Int, height: Int) {
        resizeterm(Int32(height), Int32(width))
        previous = nil
    }

    /// Forgets the last frame so the next draw repaints everything (after a resize).
    public func invalidate() { previous = nil }

    /// Makes the next draw send the whole screen again, as after Ctrl-L.
    public func repaintAll() {
        previous = nil
        clearok(window, true)
    }

    /// Hands the terminal to another program (the user's editor): the shell's modes back, the
    /// cursor shown, the normal screen rather than cairn's. `resume` takes it back.
    public func suspend() {
        def_prog_mode()
        endwin()
        fflush(nil)
    }

    /// Takes the terminal back after `suspend`, as it was before: cairn's modes (raw, no echo,
    /// keypad, hidden cursor), the size as it is now (the window may have been resized
    /// meanwhile), and every cell sent again on the next `draw`.
    public func resume() {
        reset_prog_mode()
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0,
           Int(size.ws_row) != self.size.height || Int(size.ws_col) != self.size.width {
            resizeterm(Int32(size.ws_row), Int32(size.ws_col))
        }
        repaintAll()
        wrefresh(window)
    }

    /// Every key waiting now (none when none is), as actions; a resize becomes `.resize`.
    public func pendingActions() -> [Action] {
        var actions: [Action] = []
        while true {
            var character: wint_t = 0
            let result = wget_wch(window, &character)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                if Int32(character) == KEY_RESIZE {
                    let size = self.size
                    previous = nil
                    actions.append(.resize(width: size.width, height: size.height))
                } else if let key = Self.functionKey(Int32(character)) {
                    actions.append(.key(key))
                }
            } else if let key = Self.characterKey(UInt32(character)) {
                actions.append(.key(key))
            }
        }
        return actions
    }

    /// Restores the terminal. Safe to call more than once.
    public func end() {
        guard !isEnded else { return }
        isEnded = true
        endwin()
        delscreen(screen)
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        default: return nil
        }
    }

    static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 32 else { return nil }
            return .character(Character(scalar))
        }
    }
}
