import CairnCatalog
import CairnTUI
import Foundation

/// Writing to the terminal: text is sanitised here, JSON is escaped by its writer.
enum Output {
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((TerminalText.singleLine(text) + "\n").utf8))
    }

    static func json(_ value: Value) {
        line(JSONWriter.string(value, pretty: true))
    }

    /// User data made safe for one line of a terminal.
    static func clean(_ text: String?) -> String {
        TerminalText.singleLine(text ?? "")
    }

    /// A rendered line (code keeps its spacing) made safe for the terminal.
    static func cleanKeepingWidth(_ text: String) -> String {
        TerminalText.singleLine(text)
    }

    /// True when the user's locale is UTF-8 (what setlocale and nl_langinfo say, as ncurses sees it).
    static var isUnicode: Bool { TerminalText.prepareLocale() }

    /// Columns of the terminal on stdout, or nil when stdout is not a terminal (no truncation).
    static var terminalWidth: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    /// A table with left-aligned columns; the last column is cut to the terminal width.
    static func table(header: [String], rows: [[String]]) {
        guard !header.isEmpty else { return }
        var widths = header.map(TerminalText.width)
        for row in rows {
            for (index, cell) in row.enumerated().dropLast() { widths[index] = max(widths[index], TerminalText.width(cell)) }
        }
        for index in widths.indices.dropLast() { widths[index] = min(widths[index], 48) }
        func render(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                if index == cells.count - 1 {
                    text += cell
                } else {
                    text += TerminalText.pad(TerminalText.truncate(cell, to: widths[index], ellipsis: isUnicode ? "…" : "~"), to: widths[index]) + "  "
                }
            }
            if let width = terminalWidth { text = TerminalText.truncate(text, to: width, ellipsis: isUnicode ? "…" : "~") }
            return text
        }
        line(render(header))
        for row in rows { line(render(row)) }
    }
}
