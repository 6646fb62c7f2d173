import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// The `/` filter: typed incrementally, kept with Enter, cleared with Esc.
@Suite("Filter")
struct FilterTests {
    let team = TUI.catalog(TestCatalogs.team)

    @Test("/ starts editing; each character filters at once")
    func incremental() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        #expect(state.filter.isEditing)
        #expect(state.matchCount == 9)
        TUI.type(&state, "pay")
        #expect(state.filter.text == "pay")
        #expect(state.matchCount == 3)
        #expect(Set(TUI.listedNames(state)) == ["payments", "payments-api", "payments-service"])
        TUI.type(&state, "ments")
        #expect(TUI.listedNames(state).first == "payments", "an exact name ranks first")
        TUI.type(&state, "-")
        #expect(state.matchCount == 2)
        TUI.type(&state, "a")
        #expect(state.matchCount == 1)
        #expect(TUI.listedNames(state) == ["payments-api"])
        #expect(state.selectedEntity?.ref.name == "payments-api")
        TUI.press(&state, .backspace)
        #expect(state.filter.text == "payments-")
        #expect(state.matchCount == 2)
        TUI.press(&state, .control("u"))
        #expect(state.filter.text == "")
        #expect(state.matchCount == 9)
    }

    @Test("while typing, letters are text, not commands")
    func lettersAreText() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        #expect(TUI.type(&state, "qjkt?:p") == [])
        #expect(state.filter.text == "qjkt?:p")
        #expect(state.grouping == .none && state.overlay == .none && state.screen == .catalog)
        #expect(state.matchCount == 0)
        #expect(TUI.press(&state, .control("c")) == [.quit], "Ctrl-c still quits")
    }

    @Test("fields filter too: kind:api owner:team-y")
    func fields() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "kind:component")
        #expect(TUI.listedNames(state) == ["payments-service", "storefront-web"])
        TUI.type(&state, " owner:team-y")
        #expect(TUI.listedNames(state) == ["storefront-web"])
    }

    @Test("Enter keeps the filter; Esc in the list clears it and keeps the cursor's entity")
    func keepThenClear() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "pay")
        TUI.press(&state, .enter)
        #expect(!state.filter.isEditing)
        #expect(state.filter.text == "pay")
        #expect(state.matchCount == 3)
        TUI.press(&state, .character("j"))
        let chosen = state.selectedEntity?.ref
        #expect(chosen != nil)
        TUI.press(&state, .escape)
        #expect(state.filter.text == "")
        #expect(state.matchCount == 9)
        #expect(state.selectedEntity?.ref == chosen)
        #expect(state.focus == .list)
    }

    @Test("Esc while typing clears the filter")
    func escapeWhileTyping() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "store")
        #expect(state.matchCount == 1)
        TUI.press(&state, .escape)
        #expect(!state.filter.isEditing)
        #expect(state.filter.text == "")
        #expect(TUI.listedNames(state) == ListNavigationTests.byName)
        #expect(state.selectedEntity?.ref.name == "storefront-web", "the cursor stays on what was found")
    }

    @Test("arrows move the cursor while typing")
    func arrowsWhileTyping() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "pay")
        let first = state.selection
        TUI.press(&state, .down)
        #expect(state.selection == first + 1)
        #expect(state.filter.isEditing)
    }

    @Test("/ from the detail pane goes back to the list")
    func fromDetail() {
        var state = TUI.state(team)
        TUI.press(&state, .enter)
        #expect(state.focus == .detail)
        TUI.press(&state, .character("/"))
        #expect(state.focus == .list)
        #expect(state.filter.isEditing)
        #expect(state.detail.ref == nil)
    }

    @Test("a filter that matches nothing says so and Esc brings everything back")
    func nothingMatches() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "zzz")
        TUI.press(&state, .enter)
        #expect(state.rows.isEmpty)
        #expect(state.selectedEntity == nil)
        let lines = TUI.screen(state).lines
        #expect(lines[1].hasPrefix("┌─ Catalog (0 of 9) · by name ─"))
        #expect(lines[3] == "│  nothing matches the filter; Esc clears it                                   │")
        TUI.press(&state, .enter, .tab, .character("j"))
        #expect(state.focus == .list, "nothing to open")
        TUI.press(&state, .escape)
        #expect(state.rows.count == 9)
    }

    @Test("the filter works in a grouped list, with counts of what matches")
    func groupedFilter() {
        var state = TUI.state(team)
        TUI.press(&state, .character("t"), .character("/"))
        TUI.type(&state, "kind:component")
        #expect(TUI.headings(state) == ["Team X (1)", "team-y (1)"])
        #expect(state.selectedEntity != nil)
        #expect(state.matchCount == 2)
    }

    @Test("the footer shows the filter's typed text in full while it fits")
    func footerShort() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "kind:component owner:team-y")
        #expect(TUI.screen(state).lines[23] == "/kind:component owner:team-y█" + String(repeating: " ", count: 28) + "Enter keep · Esc clear")
    }

    @Test("a filter longer than the footer keeps its end and the cursor in view, clear of the hint")
    func footerLong() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        let typed = String(repeating: "abcdefghij", count: 7) + "XYZ"
        TUI.type(&state, typed)
        let footer = TUI.screen(state).lines[23]
        #expect(footer.hasPrefix("/…"), "the start gives way to an ellipsis")
        #expect(footer.contains("XYZ█"), "the last characters typed, at the cursor")
        #expect(!footer.contains("jabcdefEnter keep"), "text and hint run together")
        // 80 columns less the hint (22) and 4: 54 columns for the text, the ellipsis included.
        #expect(footer == "/…" + String(typed.suffix(53)) + "█ Enter keep · Esc clear")
        #expect(state.filter.text == typed, "only the display is cut")

        var ascii = TUI.state(team, isUnicode: false)
        TUI.press(&ascii, .character("/"))
        TUI.type(&ascii, typed)
        #expect(TUI.screen(ascii).lines[23] == "/~" + String(typed.suffix(53)) + "_ Enter keep | Esc clear")
    }

    @Test("a filter that just fits is shown whole; one character more and its start gives way")
    func footerBoundary() {
        var state = TUI.state(team)
        TUI.press(&state, .character("/"))
        let fits = String(repeating: "k", count: 53) + "Z"
        TUI.type(&state, fits)
        #expect(TUI.screen(state).lines[23] == "/" + fits + "█ Enter keep · Esc clear")
        TUI.type(&state, "Q")
        #expect(TUI.screen(state).lines[23] == "/…" + String(repeating: "k", count: 51) + "ZQ█ Enter keep · Esc clear")
        TUI.press(&state, .backspace)
        #expect(TUI.screen(state).lines[23] == "/" + fits + "█ Enter keep · Esc clear")
    }

    @Test("a long filter is cut on the terminal's columns: wide characters count two", arguments: [(80, 24), (160, 48)])
    func footerWide(_ size: (Int, Int)) {
        var state = TUI.state(team, width: size.0, height: size.1)
        TUI.press(&state, .character("/"))
        TUI.type(&state, String(repeating: "漢", count: 100) + "end")
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let footer = canvas.lines[size.1 - 1]
        #expect(footer.hasPrefix("/…漢"))
        #expect(footer.contains("漢end█"))
        #expect(footer.hasSuffix("Enter keep · Esc clear"))
        #expect(TerminalText.width(footer) == size.0 - 1)
    }
}
