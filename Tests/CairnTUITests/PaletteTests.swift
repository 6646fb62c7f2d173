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

    @Test(":goto of a name two kinds share lists both")
    func gotoAmbiguous() {
        let catalog = TUI.catalog(TestCatalogs.team + """
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
        var state = TUI.state(catalog)
        run("goto payments", in: &state)
        #expect(state.focus == .list)
        #expect(state.message == "payments is ambiguous: component:payments, system:payments")
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
        #expect(PaletteCommands.completions(for: "", in: state).count == PaletteCommands.commands.count)
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
        withKnownIssue("Reducer.swift:211 lets Down move the highlight to completions the palette does not draw; Enter then runs an invisible line") {
            #expect(highlighted.count == 1, "one highlighted completion on screen")
        }
        #expect(state.palette.selected == 9)
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
        withKnownIssue("Reducer.swift:201: Enter runs the typed text \"goto pay\" and reports no entity, ignoring the highlighted line") {
            #expect(state.detail.ref == TUI.ref("component:payments-service"))
        }
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
        withKnownIssue("Renderer.swift:292 clips every completion at 28 columns though no help follows a goto line: \"goto component:payment-gatew\"") {
            #expect(lines[5].contains("▶ goto api:payment-gateway-grpc "))
            #expect(lines[6].contains("  goto component:payment-gateway-adapter "))
        }
    }
}
