import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// Style roles where they carry meaning: the selection bar, the focused pane's border, errors
/// and quarantine. Themes map roles to looks, so this is what a user sees as emphasis.
@Suite("Render roles")
struct RenderRoleTests {
    let team = TUI.catalog(TestCatalogs.team)
    let broken = TUI.catalog(TestCatalogs.broken)

    /// The distinct roles of cells `range` of row `y`.
    func roles(_ canvas: Canvas, y: Int, _ range: Range<Int>) -> Set<StyleRole> {
        Set(canvas.roles(y: y)[range])
    }

    @Test("the selected row is a .selection bar when the list has focus; other rows are not")
    func selectionBar() {
        var state = TUI.state(team)
        TUI.press(&state, .character("j"))
        let canvas = TUI.screen(state)
        #expect(canvas.lines[4].hasPrefix("│▶ commerce"))
        #expect(canvas[1, 4].role == .accent, "the ▶ marker")
        #expect(roles(canvas, y: 4, 3..<79) == [.selection], "the whole row inside the border")
        #expect(canvas[79, 4].role == .borderFocus)
        #expect(!canvas.roles(y: 3).contains(.selection))
        #expect(!canvas.roles(y: 5).contains(.selection))
        #expect(canvas[3, 3].role == .text, "an unselected name")
        #expect(TUI.role(of: "User", y: 3, in: canvas) == .dim, "the kind is dim")
        #expect(!canvas.lines[3].contains("?"), "a user has no health column value")
        #expect(canvas.lines[5].hasPrefix("│  ledger-db"))
        #expect(TUI.role(of: "?", y: 5, in: canvas) == .badgeUnknown, "a resource's health is not known yet")
    }

    @Test("the list's selection is dimmed, not highlighted, while the detail has focus")
    func selectionWithoutFocus() {
        var state = TUI.state(team, width: 160, height: 48)
        TUI.press(&state, .character("j"), .tab)
        let canvas = TUI.screen(state)
        #expect(roles(canvas, y: 4, 3..<82) == [.dim])
        #expect(!canvas.roles(y: 4)[0..<83].contains(.selection))
    }

    @Test("the focused pane's border is .borderFocus, the other's .border; Tab swaps them")
    func focusBorder() {
        var state = TUI.state(team, width: 160, height: 48)
        var canvas = TUI.screen(state)
        #expect(canvas[0, 1].role == .borderFocus, "list top-left corner")
        #expect(canvas[0, 20].role == .borderFocus, "list left edge")
        #expect(canvas[82, 46].role == .borderFocus, "list bottom-right corner")
        #expect(canvas[83, 1].role == .border, "detail top-left corner")
        #expect(canvas[159, 20].role == .border, "detail right edge")
        #expect(TUI.role(of: "Catalog (9)", y: 1, in: canvas) == .title)

        TUI.press(&state, .tab)
        canvas = TUI.screen(state)
        #expect(canvas[0, 1].role == .border)
        #expect(canvas[0, 20].role == .border)
        #expect(canvas[83, 1].role == .borderFocus)
        #expect(canvas[159, 20].role == .borderFocus)
        #expect(canvas[130, 46].role == .borderFocus, "detail bottom edge")
    }

    @Test("the detail's link cursor is a .selection bar only while the detail has focus")
    func linkCursor() {
        var state = TUI.state(team, width: 160, height: 48)
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        var canvas = TUI.screen(state)
        #expect(!canvas.roles(y: 7)[83...].contains(.selection), "no cursor while the list has focus")
        TUI.press(&state, .tab)
        canvas = TUI.screen(state)
        #expect(canvas.lines[7].hasSuffix("││▶ Owner       Team X (group:team-x)                                        │"))
        #expect(canvas[84, 7].role == .accent)
        #expect(roles(canvas, y: 7, 86..<159) == [.selection])
        #expect(TUI.role(of: "Owner", y: 7, in: canvas) == .selection)
        #expect(TUI.role(of: "System", y: 10, in: canvas) == .dim, "labels of other lines are dim")
        #expect(TUI.role(of: "Payments (system:payments)", y: 10, in: canvas) == .accent, "link values stand out")
        #expect(TUI.role(of: "Payments Service", y: 2, in: canvas) == .title)
    }

    @Test("a quarantined entity is .error in the list and in its detail")
    func quarantined() {
        var state = TUI.state(broken, width: 160, height: 48)
        var canvas = TUI.screen(state)
        #expect(canvas.lines[4].hasPrefix("│  ✗ orphan-service"))
        #expect(roles(canvas, y: 4, 3..<19) == [.error], "marker and name")
        #expect(canvas[3, 3].role == .selection, "billing-service is selected")
        #expect(TUI.role(of: "billing-service", y: 3, in: canvas) == .selection)

        TUI.press(&state, .character("j"), .tab)
        canvas = TUI.screen(state)
        let marker = TUI.row(containing: "QUARANTINED", in: canvas)
        #expect(marker == 2)
        #expect(roles(canvas, y: 2, 86..<141) == [.error])
        let location = TUI.row(containing: "t.yaml:14:3 error", in: canvas)
        #expect(location != nil)
        if let location {
            #expect(TUI.role(of: "t.yaml:14:3 error", y: location, in: canvas) == .error)
            #expect(TUI.role(of: "spec.owner is missing", y: location + 1, in: canvas) == .text)
        }
        #expect(TUI.role(of: "3 entities, 1 quarantined", y: 0, in: canvas) == .badgeWarn)
    }

    @Test("the problems screen: .error for errors, .badgeWarn for warnings, the selected row a .selection bar")
    func problems() {
        var state = TUI.state(broken)
        TUI.press(&state, .character("!"))
        let canvas = TUI.screen(state)
        #expect(canvas[0, 1].role == .borderFocus)
        #expect(roles(canvas, y: 3, 3..<79) == [.selection])
        TUI.press(&state, .character("j"))
        let next = TUI.screen(state)
        #expect(TUI.role(of: "error", y: 3, in: next) == .error)
        #expect(TUI.role(of: "component:default/orphan-service:", y: 3, in: next) == .accent)
        #expect(TUI.role(of: "warning", y: 4, in: next) == .selection)
        #expect(TUI.role(of: "warning", y: 4, in: canvas) == .badgeWarn)
    }

    @Test("an error message in the footer is .error; an information message .accent")
    func messages() {
        var state = TUI.state(team)
        TUI.type(&state, ":nope")
        TUI.press(&state, .enter)
        var canvas = TUI.screen(state)
        #expect(roles(canvas, y: 23, 0..<10) == [.error])
        TUI.press(&state, .character("t"))
        canvas = TUI.screen(state)
        #expect(canvas.lines[23] == "grouped by owner")
        #expect(roles(canvas, y: 23, 0..<16) == [.accent])
        #expect(TUI.role(of: "Team X (5)", y: 3, in: canvas) == .accent, "group headings")
    }

    @Test("overlays take focus: help and palette borders are .borderFocus, the panes' are not")
    func overlays() {
        var state = TUI.state(team)
        TUI.press(&state, .character("?"))
        var canvas = TUI.screen(state)
        // The help box is 76 wide at 80 columns: columns 2 to 77.
        #expect(canvas[2, 1].role == .borderFocus && canvas[3, 1].role == .borderFocus && canvas[77, 1].role == .borderFocus)
        #expect(canvas[2, 10].role == .borderFocus && canvas[77, 22].role == .borderFocus)
        #expect(TUI.role(of: "Keys", y: 1, in: canvas) == .title)
        #expect(TUI.role(of: "Catalog", y: 2, in: canvas) == .title)
        #expect(TUI.role(of: "Enter", y: 3, in: canvas) == .accent)
        TUI.press(&state, .escape, .character(":"))
        canvas = TUI.screen(state)
        // The palette is 76 wide too, from row 3: columns 2 to 77; completions from column 6.
        #expect(canvas[2, 3].role == .borderFocus && canvas[3, 3].role == .borderFocus && canvas[77, 3].role == .borderFocus)
        #expect(TUI.role(of: "Command", y: 3, in: canvas) == .title)
        #expect(canvas[4, 5].role == .accent, "the ▶ marker")
        #expect(roles(canvas, y: 5, 6..<77) == [.selection], "the highlighted completion")
        #expect(!canvas.roles(y: 6).contains(.selection))
        #expect(TUI.role(of: "filter by owner", y: 6, in: canvas) == .dim, "help text is dim")
    }

    @Test("in the too-small screen the headline is .error")
    func tooSmall() {
        let canvas = TUI.screen(TUI.state(team, width: 60, height: 20))
        #expect(TUI.role(of: "terminal too small", y: 9, in: canvas) == .error)
        #expect(TUI.role(of: "(need", y: 10, in: canvas) == .text)
    }
}
