import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// The `:` command palette: what each command does, completion, and errors.
@Suite("Command palette")
struct PaletteTests {
    let team = TUI.catalog(TestCatalogs.team)

    /// Opens the palette, types `line` and presses Enter; returns the effects.
    @discardableResult
    func run(_ line: String, in state: inout AppState) -> [Effect] {
        TUI.press(&state, .character(":"))
        TUI.type(&state, line)
        return TUI.press(&state, .enter)
    }

    @Test(": opens the palette empty; Esc closes it without running anything")
    func openAndClose() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        #expect(state.overlay == .palette)
        #expect(state.palette == AppState.Palette())
        TUI.type(&state, "kind api")
        TUI.press(&state, .escape)
        #expect(state.overlay == .none)
        #expect(state.filter.text == "")
        TUI.press(&state, .character(":"))
        #expect(state.palette.text == "", "opening again starts afresh")
        TUI.press(&state, .backspace)
        #expect(state.overlay == .none, "Backspace on an empty line closes it")
    }

    @Test("letters go to the palette, not to the list")
    func lettersAreText() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        #expect(TUI.type(&state, "jqtp") == [])
        #expect(state.palette.text == "jqtp")
        #expect(state.selection == 0 && state.grouping == .none && state.screen == .catalog)
    }

    @Test(":kind api filters by kind and says how many match")
    func kind() {
        var state = TUI.state(team)
        #expect(run("kind api", in: &state) == [])
        #expect(state.overlay == .none)
        #expect(state.filter.text == "kind:api")
        #expect(state.matchCount == 1)
        #expect(TUI.listedNames(state) == ["payments-api"])
        #expect(state.message == "1 match kind:api")
        #expect(!state.messageIsError)
    }

    @Test(":owner team-x filters by owner, and replaces an earlier owner term only")
    func owner() {
        var state = TUI.state(team)
        run("kind component", in: &state)
        run("owner team-y", in: &state)
        #expect(state.filter.text == "kind:component owner:team-y")
        #expect(TUI.listedNames(state) == ["storefront-web"])
        run("owner team-x", in: &state)
        #expect(state.filter.text == "kind:component owner:team-x")
        #expect(TUI.listedNames(state) == ["payments-service"])
        run("clear", in: &state)
        #expect(state.filter.text == "")
        #expect(state.matchCount == 9)
    }

    @Test(":goto opens an entity by name, kind:name or full ref")
    func goto() {
        var state = TUI.state(team)
        run("goto payments-api", in: &state)
        #expect(state.focus == .detail)
        #expect(state.detail.ref == TUI.ref("api:payments-api"))
        run("goto system:payments", in: &state)
        #expect(state.detail.ref == TUI.ref("system:payments"))
        #expect(state.detail.history == [TUI.ref("api:payments-api")], "from the detail, goto keeps the way back")
        run("goto nothing-here", in: &state)
        #expect(state.detail.ref == TUI.ref("system:payments"))
        #expect(state.messageIsError)
        #expect(state.message == "no entity nothing-here in the catalog")
    }

    /// The team catalog plus a component named like the system: `payments` is ambiguous.
    static let sharedName = TUI.catalog(TestCatalogs.team + """
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: payments
    spec:
      type: service
      lifecycle: production
      owner: team-x

    """)

    @Test(":goto of a name two kinds share opens the highlighted completion, as Enter does everywhere")
    func gotoAmbiguous() {
        var state = TUI.state(Self.sharedName)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "goto payments")
        let completions = PaletteCommands.completions(for: state.palette.text, in: state)
        #expect(completions.count > 1)
        #expect(TUI.screen(state).lines[5].contains("\(Glyphs.unicode.selection) \(completions[0]) "), "the first completion is highlighted")
        TUI.press(&state, .enter)
        #expect(state.focus == .detail)
        #expect(state.detail.ref.map { "goto " + $0.humanized } == completions[0], "what was highlighted is what opens")
        #expect(state.message == nil, "no ambiguity to report: a completion was highlighted")
        #expect(!state.messageIsError)
    }

    @Test(":goto of a typed name that has no completion but two matches lists both")
    func gotoAmbiguousWithoutCompletion() {
        var state = TUI.state(Self.sharedName)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "goto default/payments")
        #expect(PaletteCommands.completions(for: state.palette.text, in: state).isEmpty)
        TUI.press(&state, .enter)
        #expect(state.focus == .list)
        #expect(state.detail.ref == nil)
        #expect(state.messageIsError)
        #expect(state.message == "default/payments is ambiguous: component:payments, system:payments")
    }

    @Test(":goto with a name typed in full ranks the entities of exactly that name first")
    func gotoExactNameFirst() throws {
        var state = TUI.state(Self.sharedName)
        run("goto payments", in: &state)
        #expect(state.detail.ref?.name == "payments")
        // The sample catalog has one entity named payments (the system): typing its name in full opens something else.
        var samples = TUI.state(try TUI.samples())
        run("goto payments", in: &samples)
        #expect(samples.detail.ref == TUI.ref("system:payments"))
    }

    @Test(":goto moves the list cursor to the entity when it is listed, so side by side the list follows")
    func gotoMovesListCursor() {
        var state = TUI.state(team, width: 160, height: 48)
        #expect(state.selectedEntity?.ref.name == "alice")
        run("goto storefront-web", in: &state)
        #expect(state.detail.ref == TUI.ref("component:storefront-web"))
        #expect(state.selectedEntity?.ref == TUI.ref("component:storefront-web"))
        #expect(state.focus == .detail)
        let lines = TUI.screen(state).lines
        #expect(lines[9].hasPrefix("│▶ storefront-web "), "the list marks the entity on show")
        #expect(lines.filter { $0.hasPrefix("│▶ ") }.count == 1)

        // Not listed (filtered out): the cursor stays where it was, the detail still opens.
        var filtered = TUI.state(team, width: 160, height: 48)
        TUI.press(&filtered, .character("/"))
        TUI.type(&filtered, "kind:api")
        TUI.press(&filtered, .enter)
        run("goto storefront-web", in: &filtered)
        #expect(filtered.detail.ref == TUI.ref("component:storefront-web"))
        #expect(filtered.selectedEntity?.ref == TUI.ref("api:payments-api"))
    }

    @Test(":goto keeps the list cursor's row on screen in a long list")
    func gotoScrollsList() {
        var state = TUI.state(TestCatalogs.generated(500), width: 160, height: 48)
        run("goto service-00420", in: &state)
        #expect(state.selectedEntity?.ref.name == "service-00420")
        let visible = Layout(state).listRows
        #expect(state.selection >= state.listTop && state.selection < state.listTop + visible)
        #expect(TUI.screen(state).lines.contains { $0.hasPrefix("│▶ service-00420 ") })
    }

    @Test(":group and :sort set the list's grouping and order")
    func groupAndSort() {
        var state = TUI.state(team)
        run("group system", in: &state)
        #expect(state.grouping == .system)
        #expect(TUI.headings(state) == ["Payments (4)", "(no system) (5)"])
        run("sort owner", in: &state)
        #expect(state.sort == .owner)
        run("group none", in: &state)
        #expect(state.grouping == .none)
        #expect(TUI.listedNames(state).prefix(2) == ["commerce", "ledger-db"])
        run("group sideways", in: &state)
        #expect(state.grouping == .none)
        #expect(state.messageIsError)
        #expect(state.message == ":group needs a value, e.g. :group system")
    }

    @Test(":theme asks for the theme to be loaded; the name changes when it is")
    func theme() {
        var state = TUI.state(team)
        #expect(run("theme mono", in: &state) == [.loadTheme("mono")])
        #expect(state.themeName == "default")
        _ = reduce(&state, .themeChanged("mono"))
        #expect(state.themeName == "mono")
        #expect(state.message == "theme mono")
        _ = reduce(&state, .themeFailed("cairn: error: no theme \"neon\"; available: 256, default, light, mono"))
        #expect(state.messageIsError)
        #expect(state.themeName == "mono")
    }

    @Test(":q quits; so do :quit and :exit")
    func quit() {
        var state = TUI.state(team)
        #expect(run("q", in: &state) == [.quit])
        #expect(run("quit", in: &state) == [.quit])
        #expect(run("exit", in: &state) == [.quit])
    }

    @Test(":problems, :catalog and :help switch screens")
    func screens() {
        var state = TUI.state(team)
        run("problems", in: &state)
        #expect(state.screen == .problems)
        run("catalog", in: &state)
        #expect(state.screen == .catalog)
        run("help", in: &state)
        #expect(state.overlay == .help)
    }

    @Test("an unknown command says so and does nothing")
    func unknown() {
        var state = TUI.state(team)
        #expect(run("frobnicate now", in: &state) == [])
        #expect(state.messageIsError)
        #expect(state.message == "unknown command :frobnicate; type : and Tab to see the commands")
        #expect(state.overlay == .none && state.filter.text == "" && state.focus == .list)
        #expect(TUI.screen(state).lines[23] == "unknown command :frobnicate; type : and Tab to see the commands")
    }

    @Test("a command without its value says what to type")
    func missingValue() {
        var state = TUI.state(team)
        run("kind", in: &state)
        #expect(state.messageIsError)
        #expect(state.message == ":kind needs a value, e.g. :kind api")
        #expect(state.filter.text == "")
        #expect(run("theme", in: &state) == [])
        #expect(state.message == ":theme needs a value, e.g. :theme mono")
        run("goto", in: &state)
        #expect(state.message == ":goto needs a value, e.g. :goto payments-api")
    }

    @Test("Enter after a command and a space runs the highlighted value")
    func enterTakesFirstValue() {
        var state = TUI.state(team)
        run("kind ", in: &state)
        #expect(state.filter.text == "kind:api")
        #expect(run("theme ", in: &state) == [.loadTheme("256")])
    }

    @Test("completions: commands by prefix, then their values")
    func completions() {
        let state = TUI.state(team)
        #expect(PaletteCommands.visibleCompletions == 8)
        #expect(PaletteCommands.completions(for: "", in: state) == ["kind ", "owner ", "system ", "domain ", "lifecycle ", "tag ", "filter", "clear"],
                "the empty line lists the first eight commands, a space after those that take a value from the catalog")
        #expect(PaletteCommands.completions(for: "goto ", in: state).count == 8, "values are bounded too")
        #expect(PaletteCommands.completions(for: "t", in: state) == ["tag ", "theme "])
        #expect(PaletteCommands.completions(for: "kind ", in: state) == ["kind api", "kind component", "kind domain", "kind group",
                                                                         "kind resource", "kind system", "kind user"])
        #expect(PaletteCommands.completions(for: "theme ", in: state) == ["theme 256", "theme default", "theme light", "theme mono"])
        #expect(PaletteCommands.completions(for: "goto pay", in: state) == ["goto api:payments-api", "goto component:payments-service",
                                                                            "goto system:payments"],
                "names containing the text, since no ref starts with it")
        #expect(PaletteCommands.completions(for: "owner team", in: state) == ["owner team-x", "owner team-y"])
    }

    @Test("Tab completes the highlighted line; Down and Up move the highlight")
    func tabCompletes() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "go")
        TUI.press(&state, .tab)
        #expect(state.palette.text == "goto ")
        TUI.type(&state, "payments-s")
        TUI.press(&state, .tab)
        #expect(state.palette.text == "goto component:payments-service")
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("component:payments-service"))

        TUI.press(&state, .character(":"))
        TUI.type(&state, "th")
        TUI.press(&state, .tab)
        #expect(state.palette.text == "theme ")
        TUI.press(&state, .down, .down)
        #expect(state.palette.selected == 2)
        TUI.press(&state, .up)
        #expect(state.palette.selected == 1)
        TUI.press(&state, .tab)
        #expect(state.palette.text == "theme default")
        #expect(TUI.press(&state, .enter) == [.loadTheme("default")])
    }

    @Test("Enter on a partial command runs the highlighted completion")
    func enterCompletesCommand() {
        var state = TUI.state(team)
        run("prob", in: &state)
        #expect(state.screen == .problems)
    }

    @Test("the highlight stays on screen when Down goes past the eighth completion")
    func highlightBeyondEight() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        for _ in 0..<9 { TUI.press(&state, .down) }
        let lines = TUI.screen(state).lines
        let highlighted = lines.filter { $0.contains("│ ▶ ") }
        #expect(highlighted.count == 1, "one highlighted completion on screen")
        #expect(state.palette.selected == 7, "Down stops at the eighth completion")
        #expect(highlighted.first?.contains("│ ▶ clear ") == true, "the eighth command, the last one shown")
        #expect(lines[12].contains("│ ▶ clear "), "the last row of the palette")
        TUI.press(&state, .up)
        #expect(state.palette.selected == 6)
        #expect(TUI.press(&state, .down, .enter) == [])
        #expect(state.overlay == .none)
        #expect(!state.messageIsError, "Enter ran the visible line, :clear")
    }

    @Test("Down in the palette stops at the last completion shown", arguments: [("", 7), ("goto ", 7), ("t", 1), ("theme ", 3), ("q", 0)])
    func downStopsAtLast(_ example: (String, Int)) throws {
        var state = TUI.state(try TUI.samples())
        TUI.press(&state, .character(":"))
        TUI.type(&state, example.0)
        let shown = PaletteCommands.completions(for: example.0, in: state)
        #expect(shown.count == example.1 + 1)
        for _ in 0..<12 { TUI.press(&state, .down) }
        #expect(state.palette.selected == example.1)
        let lines = TUI.screen(state).lines
        #expect(lines.filter { $0.contains("│ ▶ ") }.count == 1)
        #expect(lines.contains { $0.contains("│ ▶ " + shown[example.1].trimmingSpaces) }, "the highlight is on the last line drawn")
        TUI.press(&state, .control("n"))
        #expect(state.palette.selected == example.1, "Ctrl-n stops there too")
    }

    @Test("Down with no completion leaves the highlight at 0 and Enter runs the typed text")
    func downWithoutCompletions() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "zzz")
        TUI.press(&state, .down, .down)
        #expect(state.palette.selected == 0)
        #expect(TUI.screen(state).lines[5].contains("no completion; Enter runs the command"))
        TUI.press(&state, .enter)
        #expect(state.message == "unknown command :zzz; type : and Tab to see the commands")
    }

    @Test("Enter runs the completion the user moved the highlight to")
    func enterRunsHighlighted() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "goto pay")
        TUI.press(&state, .down) // ▶ goto component:payments-service
        let lines = TUI.screen(state).lines
        #expect(lines.contains { $0.contains("▶ goto component:payments-") })
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("component:payments-service"))
        #expect(state.message == nil)
    }

    @Test("goto completions are shown whole when the palette has room",
          arguments: [(80, 24), (160, 48)])
    func gotoCompletionsWhole(_ size: (Int, Int)) throws {
        var state = TUI.state(try TUI.samples(), width: size.0, height: size.1)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "goto payment-gateway")
        let lines = TUI.screen(state).lines
        #expect(lines[5].contains("▶ goto api:payment-gateway-gr"))
        #expect(lines[6].contains("  goto component:payment-gate"))
        #expect(lines[5].contains("▶ goto api:payment-gateway-grpc "))
        #expect(lines[6].contains("  goto component:payment-gateway-adapter "))
        TUI.expectWellFormed(TUI.screen(state))
    }

    @Test("the palette is min(width - 4, 96) wide; the completion column fits the longest completion, help follows",
          arguments: [(80, 24), (100, 30), (160, 48)])
    func paletteGeometry(_ size: (Int, Int)) {
        var state = TUI.state(team, width: size.0, height: size.1)
        TUI.press(&state, .character(":"))
        let lines = TUI.screen(state).lines
        let width = min(size.0 - 4, 96)
        let left = (size.0 - width) / 2
        #expect(lines[3].dropFirst(left).hasPrefix("┌─ Command · Tab completes ─"))
        #expect(String(lines[3].dropFirst(left).prefix(width)).hasSuffix("─┐"))
        #expect(Array(lines[3])[left + width - 1] == "┐", "the right corner at column \(left + width - 1)")
        #expect(lines[4].dropFirst(left).hasPrefix("│ :█"))
        // Eight commands: the longest is "lifecycle " (10), so the column is 12 wide and help starts at 3 + 12 + 1 inside.
        #expect(lines[5].dropFirst(left).hasPrefix("│ ▶ kind" + String(repeating: " ", count: 9) + "filter by kind, e.g. :kind api"))
        #expect(lines[9].dropFirst(left).hasPrefix("│   lifecycle" + String(repeating: " ", count: 4) + "filter by lifecycle"))
        #expect(lines[12].dropFirst(left).hasPrefix("│   clear" + String(repeating: " ", count: 8) + "clear the filter"))
        #expect(lines[13].dropFirst(left).hasPrefix("└─") && String(lines[13].dropFirst(left).prefix(width)).hasSuffix("─┘"))
        TUI.expectWellFormed(TUI.screen(state))
    }

    @Test("a long command line keeps its end and the cursor in view, as the filter footer does")
    func longLine() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        let typed = "filter " + String(repeating: "abcdefghij", count: 9) + "XYZ"
        TUI.type(&state, typed)
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let line = canvas.lines[4]
        #expect(line.hasPrefix("│ │ :…"), "the start of a long line gives way to its end")
        #expect(line.hasSuffix("█ │ │"), "the cursor just inside the box")
        #expect(line.contains("XYZ█"), "the last characters typed, at the cursor")
    }

    @Test("help gives way when a completion leaves no room for it")
    func helpGivesWay() {
        let long = "service-" + String(repeating: "x", count: 80)
        var state = TUI.state(TUI.catalog("""
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata:
          name: \(long)
        spec:
          memberOf: []

        """))
        TUI.press(&state, .character(":"))
        TUI.type(&state, "goto serv")
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        // 76 wide at 80 columns: 74 inside; the completion column is at most 70, from inner column 3.
        // The list's border shows at columns 0 and 79, the palette's at 2 and 77.
        #expect(canvas.lines[5] == "│ │ ▶ goto user:service-" + String(repeating: "x", count: 70 - 18) + " │ │",
                "cut at the column's 70th column, one blank before the border, no help")
    }
}
