/// One terminal cell: a grapheme, how many columns it takes, and its style role. The cell to
/// the right of a wide character is a continuation (`width == 0`).
public struct Cell: Sendable, Equatable {
    public var text: String
    public var width: UInt8
    public var role: StyleRole

    public static let blank = Cell(text: " ", width: 1, role: .text)

    public init(text: String, width: UInt8, role: StyleRole) {
        self.text = text
        self.width = width
        self.role = role
    }
}

/// The grid every view renders into. Pure value: `render(state, size) -> Canvas` has no side
/// effects, so screens are tested as text; the backend only flushes cells that changed.
/// Every string written passes `TerminalText.singleLine` first.
public struct Canvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// When true (non-UTF-8 locale or --ascii), text is transliterated to ASCII as it is put.
    public let isASCII: Bool
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, isASCII: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.isASCII = isASCII
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns (and the canvas); returns the
    /// columns used. A wide character that does not fit is replaced by a space.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole = .text, maxWidth: Int? = nil, ellipsis: String? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        if let ellipsis, let maxWidth, TerminalText.width(TerminalText.singleLine(text)) > maxWidth {
            // Cut with a mark, so a clipped value never reads as a complete one.
            return put(TerminalText.truncate(TerminalText.singleLine(text), to: maxWidth, ellipsis: ellipsis), x: x, y: y, role: role, maxWidth: maxWidth)
        }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        // Scalar by scalar, with the terminal's own widths: a joined emoji sequence becomes
        // the cells a terminal would draw, not one cell it would overflow.
        for scalar in TerminalText.singleLine(text).unicodeScalars {
            var scalar = scalar
            if isASCII, !scalar.isASCII {
                guard let replacement = Self.asciiReplacement(scalar) else { continue }
                scalar = replacement
            }
            let scalarWidth = TerminalText.width(String(scalar))
            if scalarWidth == 0 {
                // A combining mark joins the previous cell; other zero-width scalars are dropped.
                if scalar.properties.generalCategory == .nonspacingMark, column > x, column - 1 >= 0, column - 1 < width {
                    // After a wide character the previous cell is its continuation: join the character.
                    let target = cells[y * width + column - 1].width == 0 && column >= 2 ? column - 2 : column - 1
                    cells[y * width + target].text.unicodeScalars.append(scalar)
                }
                continue
            }
            if column + scalarWidth > limit {
                if column < limit { set(x: column, y: y, Cell(text: " ", width: 1, role: role)) }
                break
            }
            if column >= 0 {
                set(x: column, y: y, Cell(text: String(scalar), width: UInt8(scalarWidth), role: role))
                if scalarWidth == 2, column + 1 < width { set(x: column + 1, y: y, Cell(text: "", width: 0, role: role)) }
            }
            column += scalarWidth
        }
        return column - x
    }

    /// ASCII for the punctuation catalogs commonly carry, "?" for anything else that shows,
    /// nil for marks that vanish.
    static func asciiReplacement(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x2010...0x2015, 0x2212: return "-"
        case 0x2018, 0x2019, 0x201A, 0x2032: return "'"
        case 0x201C, 0x201D, 0x201E, 0x2033: return "\""
        case 0x2026: return "~"
        case 0x00A0, 0x2000...0x200A, 0x202F: return " "
        case 0x2022, 0x00B7: return "*"
        case 0x2192: return ">"
        case 0x2190: return "<"
        default:
            if scalar.properties.generalCategory == .nonspacingMark || TerminalText.width(String(scalar)) == 0 { return nil }
            return "?"
        }
    }

    /// Sets the role of a run of cells, keeping their text (selection bars, highlights).
    public mutating func paint(x: Int, y: Int, width span: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + span) { cells[y * width + column].role = role }
    }

    /// Fills a rectangle with blanks of `role`.
    public mutating func fill(_ rect: Rect, role: StyleRole = .text) {
        for row in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for column in max(0, rect.x)..<min(width, rect.x + rect.width) {
                cells[row * width + column] = Cell(text: " ", width: 1, role: role)
            }
        }
    }

    /// A box around `rect` with an optional title in its top edge.
    public mutating func box(_ rect: Rect, glyphs: Glyphs, role: StyleRole, title: String? = nil, titleRole: StyleRole = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.x + rect.width - 1
        let bottom = rect.y + rect.height - 1
        for column in (rect.x + 1)..<right {
            put(glyphs.horizontal, x: column, y: rect.y, role: role)
            put(glyphs.horizontal, x: column, y: bottom, role: role)
        }
        for row in (rect.y + 1)..<bottom {
            put(glyphs.vertical, x: rect.x, y: row, role: role)
            put(glyphs.vertical, x: right, y: row, role: role)
        }
        put(glyphs.topLeft, x: rect.x, y: rect.y, role: role)
        put(glyphs.topRight, x: right, y: rect.y, role: role)
        put(glyphs.bottomLeft, x: rect.x, y: bottom, role: role)
        put(glyphs.bottomRight, x: right, y: bottom, role: role)
        if let title, rect.width > 6 {
            put(" " + title + " ", x: rect.x + 2, y: rect.y, role: titleRole, maxWidth: rect.width - 4)
        }
    }

    /// The text of each row, trailing spaces removed: what snapshot tests compare.
    public var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width { line += cells[row * width + column].text }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The role of every cell of row `y`, one character each (for style assertions).
    public func roles(y: Int) -> [StyleRole] {
        (0..<width).map { cells[y * width + $0].role }
    }

    private mutating func set(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, x < width else { return }
        // Overwriting half of a wide character blanks its other half.
        let index = y * width + x
        if cells[index].width == 0, x > 0, cells[index - 1].width == 2 { cells[index - 1] = .blank }
        if cells[index].width == 2, x + 1 < width { cells[index + 1] = .blank }
        cells[index] = cell
    }
}

/// A rectangle of cells.
public struct Rect: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The area inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2)) }
}
