import CNCursesW

/// The one sanitiser between catalog data and a terminal (DESIGN.md §3): control characters,
/// escape sequences and bidi overrides never reach the screen, and widths come from `wcwidth`,
/// the function ncurses uses.
public enum TerminalText {
    /// One line of display text: ESC sequences removed, other controls (C0, DEL, C1, line
    /// breaks and tabs) shown as a space, bidi controls dropped.
    public static func singleLine(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                skipEscapeSequence(&scalars)
            case 0x9B:
                skipCSI(&scalars) // C1 form of ESC [
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                output.append(" ")
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
                continue
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// Sets the locale from the environment, as every terminal program must before ncurses or
    /// wcwidth; call once at start-up. Returns true when the user's locale is UTF-8 (when it is
    /// not, widths still come from a UTF-8 character table).
    @discardableResult
    public static func prepareLocale() -> Bool { userLocaleIsUTF8 }

    /// Set up once (a static let is initialised exactly once, thread-safely): setlocale must not
    /// run again while another thread measures widths.
    private static let userLocaleIsUTF8 = cairn_prepare_locale() == 1

    /// Columns `text` takes on a terminal (0 for combining marks, 2 for wide characters).
    public static func width(_ text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            let columns = cairn_wcwidth(scalar.value)
            total += max(0, Int(columns))
        }
        return total
    }

    /// `text` cut to at most `columns`, with an ellipsis when cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if width(text) <= columns { return text }
        let room = columns - width(ellipsis)
        var output = ""
        var used = 0
        for character in text {
            let characterWidth = width(String(character))
            if used + characterWidth > room { break }
            output.append(character)
            used += characterWidth
        }
        return output + ellipsis
    }

    /// The end of `text` in at most `columns`, with an ellipsis in front when cut: for input
    /// lines, where the typing happens at the end.
    public static func tail(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        var text = singleLine(text)
        guard width(text) > columns else { return text }
        let room = columns - width(ellipsis)
        while width(text) > room, !text.isEmpty { text.removeFirst() }
        return ellipsis + text
    }

    /// `text` padded with spaces to `columns`.
    public static func pad(_ text: String, to columns: Int) -> String {
        let missing = columns - width(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let next = scalars.next() else { return }
        switch next {
        case "[": skipCSI(&scalars)
        case "]", "P", "X", "^", "_":
            // OSC / DCS / SOS / PM / APC: until BEL or ESC \.
            while let scalar = scalars.next() {
                if scalar.value == 0x07 { return }
                if scalar.value == 0x1B { _ = scalars.next(); return }
            }
        default:
            return // a two-character sequence such as ESC c
        }
    }

    private static func skipCSI(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
        }
    }
}
