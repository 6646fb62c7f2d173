import CairnTUI
import Testing

@Suite("Terminal text")
struct TerminalTextTests {
    @Test("escape sequences, controls and bidi overrides never reach the terminal")
    func sanitise() {
        let hostile = "A\u{1B}]0;PWNED\u{07}B\u{1B}[31mRED\u{1B}[0mC\u{9B}31mD\rE\u{202E}xyz\tF\u{7F}G\u{1B}cH"
        let clean = TerminalText.singleLine(hostile)
        #expect(clean == "ABREDCD Exyz F GH")
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" })
    }

    @Test("an unterminated OSC swallows the rest instead of leaking it")
    func unterminated() {
        #expect(TerminalText.singleLine("ok\u{1B}]8;;http://x") == "ok")
    }

    @Test("widths come from wcwidth: wide CJK, zero-width marks")
    func widths() {
        // Through the shared flag: setlocale while another test measures widths would race.
        #expect(TUI.isLocalePrepared)
        #expect(TerminalText.width("abc") == 3)
        #expect(TerminalText.width("サービス") == 8)
        #expect(TerminalText.width("e\u{301}") == 1)
        #expect(TerminalText.truncate("サービス", to: 5) == "サー…")
        #expect(TerminalText.width(TerminalText.truncate("payments-service", to: 8)) <= 8)
        #expect(TerminalText.pad("ab", to: 4) == "ab  ")
    }
}
