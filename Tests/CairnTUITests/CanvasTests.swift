@testable import CairnTUI
import Foundation
import Testing

/// The cell grid: clipping, wide characters, boxes, and the text rows snapshots compare.
@Suite("Canvas")
struct CanvasTests {
    init() { precondition(TUI.isLocalePrepared) }

    func row(_ canvas: Canvas, _ y: Int = 0) -> String {
        (0..<canvas.width).map { canvas[$0, y].text }.joined()
    }

    @Test("a new canvas is blank text cells; lines are empty strings")
    func blank() {
        let canvas = Canvas(width: 4, height: 2)
        #expect(canvas.cells.count == 8)
        #expect(canvas.cells.allSatisfy { $0 == .blank })
        #expect(canvas.lines == ["", ""])
        #expect(Canvas(width: -3, height: -1).cells.isEmpty)
    }

    @Test("put writes at x, y with a role and returns the columns used")
    func put() {
        var canvas = Canvas(width: 10, height: 2)
        #expect(canvas.put("abc", x: 2, y: 1, role: .accent) == 3)
        #expect(canvas.lines == ["", "  abc"])
        #expect(canvas.roles(y: 1) == [.text, .text, .accent, .accent, .accent, .text, .text, .text, .text, .text])
    }

    @Test("put clips at maxWidth")
    func clipAtMaxWidth() {
        var canvas = Canvas(width: 10, height: 1)
        #expect(canvas.put("abcdef", x: 1, y: 0, maxWidth: 3) == 3)
        #expect(canvas.lines == [" abc"])
        #expect(canvas.put("xyz", x: 5, y: 0, maxWidth: 0) == 0)
        #expect(canvas.lines == [" abc"])
    }

    @Test("put clips at the canvas edge, and ignores rows and columns outside it")
    func clipAtEdge() {
        var canvas = Canvas(width: 5, height: 2)
        #expect(canvas.put("abcdefgh", x: 2, y: 0) == 3)
        #expect(canvas.lines == ["  abc", ""])
        #expect(canvas.put("zz", x: 5, y: 1) == 0)
        #expect(canvas.put("zz", x: 0, y: 2) == 0)
        #expect(canvas.put("zz", x: 0, y: -1) == 0)
        #expect(canvas.lines == ["  abc", ""])
        canvas.put("pqrs", x: -2, y: 1)
        #expect(canvas.lines == ["  abc", "rs"], "a start left of the canvas keeps what is inside")
    }

    @Test("a wide character takes its cell and an empty continuation")
    func wide() {
        var canvas = Canvas(width: 6, height: 1)
        #expect(canvas.put("a漢b", x: 0, y: 0) == 4)
        #expect(canvas[1, 0] == Cell(text: "漢", width: 2, role: .text))
        #expect(canvas[2, 0] == Cell(text: "", width: 0, role: .text))
        #expect(canvas[3, 0].text == "b")
        #expect(canvas.lines == ["a漢b"])
    }

    @Test("a wide character that does not fit becomes a space", arguments: [(5, nil), (10, 5)] as [(Int, Int?)])
    func wideDoesNotFit(_ setup: (Int, Int?)) {
        var canvas = Canvas(width: setup.0, height: 1)
        let used = canvas.put("ab漢字", x: 0, y: 0, role: .accent, maxWidth: setup.1)
        #expect(used == 4, "a, b and 漢; 字 would need columns 4 and 5")
        #expect(canvas[4, 0] == Cell(text: " ", width: 1, role: .accent))
        #expect(row(canvas).hasPrefix("ab漢 "))
        if setup.0 > 5 {
            #expect(canvas[5, 0] == .blank, "nothing written past maxWidth")
        }
    }

    @Test("overwriting either half of a wide character blanks the other half")
    func overwriteHalf() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.put("漢字", x: 0, y: 0)
        canvas.put("x", x: 1, y: 0) // the right half of 漢
        #expect(canvas[0, 0] == .blank)
        #expect(canvas[1, 0].text == "x" && canvas[1, 0].width == 1)
        #expect(row(canvas) == " x字  ")
        canvas.put("y", x: 2, y: 0) // the left half of 字
        #expect(canvas[3, 0] == .blank)
        #expect(row(canvas) == " xy   ")
        canvas.put("漢字", x: 0, y: 0)
        canvas.put("漢", x: 1, y: 0) // straddles both
        #expect(row(canvas) == " 漢   ")
        #expect(canvas[0, 0] == .blank && canvas[3, 0] == .blank)
        TUI.expectWellFormed(canvas)
    }

    @Test("a combining mark stays with its letter; invisible format characters take no cell")
    func zeroWidth() {
        var canvas = Canvas(width: 6, height: 1)
        #expect(canvas.put("e\u{301}a\u{200B}b", x: 0, y: 0) == 3)
        #expect(canvas[0, 0].text == "e\u{301}")
        #expect(canvas.lines == ["e\u{301}ab"])
        TUI.expectWellFormed(canvas)
    }

    @Test("paint changes roles and keeps the text, clipped to the canvas")
    func paint() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.put("abcde", x: 0, y: 0)
        canvas.paint(x: 3, y: 0, width: 10, role: .selection)
        canvas.paint(x: -2, y: 0, width: 3, role: .error)
        canvas.paint(x: 0, y: 4, width: 3, role: .error)
        #expect(canvas.roles(y: 0) == [.error, .text, .text, .selection, .selection])
        #expect(canvas.lines == ["abcde"])
    }

    @Test("fill blanks a rectangle, clipped to the canvas")
    func fill() {
        var canvas = Canvas(width: 4, height: 3)
        for y in 0..<3 { canvas.put("abcd", x: 0, y: y) }
        canvas.fill(Rect(x: 2, y: 1, width: 9, height: 9), role: .dim)
        #expect(canvas.lines == ["abcd", "ab", "ab"])
        #expect(canvas.roles(y: 2) == [.text, .text, .dim, .dim])
    }

    @Test("box draws the corners, the edges and the title inside the top edge")
    func box() {
        var canvas = Canvas(width: 12, height: 4)
        canvas.box(Rect(x: 0, y: 0, width: 12, height: 4), glyphs: .unicode, role: .borderFocus, title: "Hi")
        #expect(canvas.lines == [
            "┌─ Hi ─────┐",
            "│          │",
            "│          │",
            "└──────────┘",
        ])
        #expect(canvas[0, 0].role == .borderFocus && canvas[11, 3].role == .borderFocus && canvas[0, 2].role == .borderFocus)
        #expect(canvas.roles(y: 0)[2..<6] == [.title, .title, .title, .title])

        var ascii = Canvas(width: 8, height: 3)
        ascii.box(Rect(x: 1, y: 0, width: 6, height: 3), glyphs: .ascii, role: .border)
        #expect(ascii.lines == [" +----+", " |    |", " +----+"])
    }

    @Test("a title longer than the box is cut inside it")
    func longTitle() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.box(Rect(x: 0, y: 0, width: 10, height: 3), glyphs: .unicode, role: .border, title: "A very long title")
        #expect(canvas.lines[0] == "┌─ A ver─┐")
        var narrow = Canvas(width: 6, height: 2)
        narrow.box(Rect(x: 0, y: 0, width: 6, height: 2), glyphs: .unicode, role: .border, title: "T")
        #expect(narrow.lines == ["┌────┐", "└────┘"], "no title in a box too narrow for one")
        var tiny = Canvas(width: 3, height: 3)
        tiny.box(Rect(x: 0, y: 0, width: 1, height: 3), glyphs: .unicode, role: .border)
        #expect(tiny.lines == ["", "", ""], "nothing for a box under 2x2")
    }

    @Test("lines trims trailing spaces only")
    func lines() {
        var canvas = Canvas(width: 8, height: 2)
        canvas.put(" a  b", x: 0, y: 0)
        canvas.put("c", x: 7, y: 1)
        #expect(canvas.lines == [" a  b", "       c"])
    }

    @Test("Rect.inner is the area inside a one-cell border, never negative")
    func inner() {
        #expect(Rect(x: 2, y: 3, width: 10, height: 5).inner == Rect(x: 3, y: 4, width: 8, height: 3))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inner == Rect(x: 1, y: 1, width: 0, height: 0))
    }

    @Test("an emoji sequence wider than two columns does not garble the row")
    func emojiSequence() {
        var canvas = Canvas(width: 10, height: 1)
        #expect(canvas.put("a👩‍💻b", x: 0, y: 0) == 6, "a, two wide emoji (the ZWJ dropped), b")
        for x in 0..<10 {
            #expect(canvas[x, 0].width <= 2, "cell \(x) is \(canvas[x, 0].width) wide")
        }
        #expect(TerminalText.width(row(canvas)) == 10)
        #expect(canvas[1, 0] == Cell(text: "👩", width: 2, role: .text))
        #expect(canvas[2, 0] == Cell(text: "", width: 0, role: .text))
        #expect(canvas[3, 0] == Cell(text: "💻", width: 2, role: .text))
        #expect(canvas[4, 0] == Cell(text: "", width: 0, role: .text))
        #expect(canvas[5, 0].text == "b")
        #expect(canvas.lines[0] == "a👩💻b")
        #expect(!canvas.cells.contains { $0.text.unicodeScalars.contains("\u{200D}") }, "no cell keeps the joiner")
        TUI.expectWellFormed(canvas)
    }

    @Test("a joined emoji cut by maxWidth keeps its first part and blanks the rest")
    func emojiSequenceClipped() {
        var canvas = Canvas(width: 10, height: 1)
        #expect(canvas.put("👩‍💻x", x: 0, y: 0, maxWidth: 3) == 2)
        #expect(canvas[0, 0].text == "👩" && canvas[2, 0] == Cell(text: " ", width: 1, role: .text))
        #expect(canvas[3, 0] == .blank)
        TUI.expectWellFormed(canvas)
    }

    @Test("ASCII canvases transliterate the punctuation catalogs carry", arguments: [
        ("a\u{2013}b\u{2014}c\u{2212}d\u{2010}e", "a-b-c-d-e"),
        ("\u{2018}it\u{2019}s\u{2019} \u{201C}quoted\u{201D} \u{201E}low\u{201C}", "'it's' \"quoted\" \"low\""),
        ("wait\u{2026}", "wait~"),
        ("a\u{00A0}b\u{2009}c\u{202F}d", "a b c d"),
        ("\u{2022} one \u{00B7} two", "* one * two"),
        ("in \u{2192} out \u{2190} back", "in > out < back"),
        ("caf\u{00E9} \u{6F22} \u{1F600}!", "caf? ? ?!"),
        ("e\u{301}x\u{200B}y\u{FE0F}z\u{200D}", "exyz"),
    ])
    func asciiTransliteration(_ example: (String, String)) {
        var canvas = Canvas(width: 40, height: 1, isASCII: true)
        let used = canvas.put(example.0, x: 0, y: 0)
        #expect(canvas.lines[0] == example.1)
        #expect(used == example.1.count, "every replacement takes one column")
        TUI.expectASCII(canvas)
        TUI.expectWellFormed(canvas)
    }

    @Test("a Unicode canvas keeps the punctuation as it is")
    func unicodeKeepsPunctuation() {
        var canvas = Canvas(width: 40, height: 1)
        canvas.put("a\u{2014}b \u{201C}q\u{201D} \u{2026} \u{2192}", x: 0, y: 0)
        #expect(canvas.lines[0] == "a\u{2014}b \u{201C}q\u{201D} \u{2026} \u{2192}")
        #expect(!canvas.isASCII)
    }

    @Test("a combining mark after a wide character stays with it")
    func combiningAfterWide() {
        var canvas = Canvas(width: 6, height: 1)
        #expect(canvas.put("\u{304B}\u{3099}x", x: 0, y: 0) == 3) // か + combining dakuten: が written decomposed
        #expect(canvas.lines[0] == "\u{304B}\u{3099}x")
        #expect(canvas[0, 0].text == "\u{304B}\u{3099}")
        #expect(canvas[1, 0] == Cell(text: "", width: 0, role: .text))
    }
}
