import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// `e` on the catalog: the effect that hands the entity to the user's editor, only where a key
/// is not text being typed, and how the outcome reads in the footer.
@Suite("e edits the entity")
struct EditKeyTests {
    let team = TUI.catalog(TestCatalogs.team)
    let ref = TUI.ref("component:default/payments-service")

    /// payments-service under the list cursor (the sixth row by name).
    func listed(width: Int = 80, height: Int = 24, isUnicode: Bool = true) -> AppState {
        var state = TUI.state(team, width: width, height: height, isUnicode: isUnicode)
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        return state
    }

    static let denial = "permission denied: cannot edit component:default/payments-service: you (user:bob) are not in group:default/team-x, "
        + "the owner of component:default/payments-service; ask one of its members or a platform engineer"

    @Test("on the list and in the detail pane, e asks to edit the entity on show")
    func emitsTheEffect() {
        var state = listed()
        #expect(TUI.press(&state, .character("e")) == [.editEntity(ref)])
        #expect(state.message == "editing component:payments-service…" && !state.messageIsError)
        TUI.press(&state, .enter)
        #expect(state.focus == .detail)
        // Follow a link first: e edits what the detail shows, not the list's selection.
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("group:default/team-x"))
        #expect(TUI.press(&state, .character("e")) == [.editEntity(TUI.ref("group:default/team-x"))])
        var side = listed(width: 120, height: 30)
        TUI.press(&side, .tab)
        #expect(TUI.press(&side, .character("e")) == [.editEntity(ref)])
    }

    @Test("e is a letter wherever text is typed (filter, palette, search) and does nothing on other screens and overlays")
    func notWhereTextIsTyped() {
        var filter = listed()
        TUI.press(&filter, .character("/"))
        #expect(TUI.type(&filter, "pe") == [])
        #expect(filter.filter.text == "pe")

        var palette = listed()
        TUI.press(&palette, .character(":"))
        #expect(TUI.type(&palette, "e") == [])
        #expect(palette.palette.text == "e" && palette.overlay == .palette)

        var search = listed()
        TUI.press(&search, .control("f"))
        let effects = TUI.type(&search, "e")
        #expect(!effects.contains(.editEntity(ref)))
        #expect(search.search.query == "e")

        for key: Key in [.character("?"), .character("J"), .character("!"), .character("i"), .character("d")] {
            var state = listed()
            TUI.press(&state, key)
            let screen = state.screen, overlay = state.overlay
            #expect(!TUI.press(&state, .character("e")).contains { if case .editEntity = $0 { true } else { false } }, "\(key)")
            #expect(state.screen == screen && state.overlay == overlay, "\(key)")
        }
    }

    @Test("the request form and the new-project wizard keep e for themselves")
    func notInForms() throws {
        var state = TUI.state(try TUI.samples(), width: 100, height: 30)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "payments-service")
        TUI.press(&state, .enter)
        TUI.press(&state, .character("p"))
        #expect(state.screen == .provisionRequest)
        #expect(!TUI.press(&state, .character("e")).contains { if case .editEntity = $0 { true } else { false } })
        #expect(state.screen == .provisionRequest)
        TUI.press(&state, .escape)
        TUI.press(&state, .character("n"))
        #expect(state.screen == .wizard)
        #expect(!TUI.press(&state, .character("e")).contains { if case .editEntity = $0 { true } else { false } })
        #expect(state.screen == .wizard)
    }

    @Test("with nothing selected, e says how to use it")
    func nothingSelected() {
        var state = TUI.state(Catalog(entities: [], files: [], fileProblems: []))
        #expect(TUI.press(&state, .character("e")) == [])
        #expect(state.messageIsError && state.message?.contains("select an entity first, then e edits its YAML") == true)
    }

    @Test("saved and unchanged read as news; the next key clears them")
    func savedAndUnchanged() {
        var state = listed()
        _ = reduce(&state, .editFinished(.saved(ref, file: "catalog/payments.yaml", changes: ["spec.lifecycle"])))
        #expect(state.message == "saved component:payments-service (spec.lifecycle) to catalog/payments.yaml" && !state.messageIsError)
        let screen = TUI.screen(state)
        #expect(screen.lines[23] == "saved component:payments-service (spec.lifecycle) to catalog/payments.yaml")
        #expect(TUI.role(of: "saved", y: 23, in: screen) == .accent)
        _ = reduce(&state, .editFinished(.unchanged(ref)))
        #expect(state.message == "component:payments-service unchanged; nothing was written")
        TUI.press(&state, .character("j"))
        #expect(state.message == nil)
    }

    /// The list at 80x24 with `footer` as the last lines and the frame shortened to make room.
    func listWithFooter(_ footer: [String]) -> [String] {
        let rows = [
            "│  alice                        User                                           │",
            "│  commerce                     Domain     team-x                              │",
            "│  ledger-db                    Resource   team-x                       ?      │",
            "│  payments                     System     team-x                              │",
            "│  payments-api                 API        team-x          production   ?      │",
            "│▶ payments-service             Component  team-x          production   ?      │",
            "│  storefront-web               Component  team-y          experimental ?      │",
            "│  team-x                       Group                                          │",
            "│  team-y                       Group                                          │",
        ]
        let empty = "│" + String(repeating: " ", count: 78) + "│"
        return [
            " cairn  │ 9 entities │ cache 2m ago │ alice",
            "┌─ Catalog (9) · by name ──────────────────────────────────────────────────────┐",
            "│  NAME                         KIND       OWNER           LIFECYCLE    HEALTH │",
        ] + rows + Array(repeating: empty, count: 24 - 4 - rows.count - footer.count) + [
            "└──────────────────────────────────────────────────────────────────────────────┘",
        ] + footer
    }

    func expectLines(_ canvas: Canvas, _ expected: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let actual = canvas.lines
        #expect(actual.count == expected.count, "rows", sourceLocation: sourceLocation)
        for (row, (line, want)) in zip(actual, expected).enumerated() where line != want {
            Issue.record("row \(row):\n  got  \(line.debugDescription)\n  want \(want.debugDescription)", sourceLocation: sourceLocation)
        }
        TUI.expectWellFormed(canvas, sourceLocation: sourceLocation)
    }

    @Test("a refusal wraps over up to four footer lines in full, the panes give way, and the next key gives them back")
    func deniedAt80Columns() {
        var state = listed()
        let page = Layout(state).listRows
        _ = reduce(&state, .editFinished(.failed(Self.denial)))
        #expect(state.messageIsError)
        let screen = TUI.screen(state)
        expectLines(screen, listWithFooter([
            "permission denied: cannot edit component:default/payments-service: you",
            "(user:bob) are not in group:default/team-x, the owner of",
            "component:default/payments-service; ask one of its members or a platform",
            "engineer",
        ]))
        for y in 20...23 { #expect(screen[0, y].role == .error, "row \(y)") }
        #expect(Layout(state).listRows == page - 3, "the list pages by what is on screen")
        TUI.press(&state, .character("j"))
        expectLines(TUI.screen(state), listWithFooter(["Enter open  / filter  e edit  p provision  J jobs  : command  ? help  q quit"])
            .enumerated().map { $0.offset == 8 ? $0.element.replacingOccurrences(of: "▶ payments-service", with: "  payments-service")
                : $0.offset == 9 ? $0.element.replacingOccurrences(of: "  storefront-web", with: "▶ storefront-web") : $0.element })
    }

    @Test("the cursor's row stays on screen when the message takes rows from the list")
    func cursorStaysVisible() {
        var state = TUI.state(TestCatalogs.generated(100))
        for _ in 0..<18 { TUI.press(&state, .character("j")) }
        #expect(state.selection - state.listTop == Layout(state).listRows - 1, "the cursor on the last row shown")
        _ = reduce(&state, .editFinished(.failed(Self.denial)))
        #expect(state.selection - state.listTop < Layout(state).listRows)
        #expect(TUI.screen(state).lines.contains { $0.hasPrefix("│▶ service-00018") })
    }

    @Test("an invalid edit says that e reopens it, and where the copy is kept")
    func invalidIsKept() {
        var state = listed()
        let reason = "t.yaml:12:9: error: component:payments-service: metadata.name \"Pay$\" must match [a-z0-9A-Z] separated by -_."
        _ = reduce(&state, .editFinished(.kept(ref, reason: reason, copy: "/tmp/cairn-edit-Ab12Cd/component-payments-service.yaml")))
        expectLines(TUI.screen(state), listWithFooter([
            "t.yaml:12:9: error: component:payments-service: metadata.name \"Pay$\" must match",
            "[a-z0-9A-Z] separated by -_.; e reopens your edit of payments-service, kept in",
            "/tmp/cairn-edit-Ab12Cd/component-payments-service.yaml",
        ]))
    }

    @Test("a message longer than four lines ends in an ellipsis on the fourth; ASCII uses ~")
    func longestMessage() {
        for isUnicode in [true, false] {
            var state = listed(isUnicode: isUnicode)
            _ = reduce(&state, .editFinished(.failed(String(repeating: "word ", count: 100))))
            let lines = TUI.screen(state).lines
            #expect(lines[19].hasPrefix(isUnicode ? "└" : "+"))
            #expect(lines[20] == String(repeating: "word ", count: 16).dropLast())
            #expect(lines[23] == String(repeating: "word ", count: 15) + "wor" + (isUnicode ? "…" : "~"))
        }
    }

    @Test("keys, footers and help: e and the Audit tab are listed where they work")
    func keyHelp() {
        var state = listed()
        #expect(KeyHelp.footer(state).contains { $0 == ("e", "edit") })
        #expect(HelpView.rows(state).contains(.key("e", "edit its YAML in $EDITOR; saved if valid and allowed")))
        #expect(HelpView.rows(state).contains(.key("[ ]", "detail tabs: overview, health, docs, API, audit")), "under Health and dependencies")
        TUI.press(&state, .enter)
        #expect(KeyHelp.footer(state).map(\.0) == ["Enter", "Esc", "j/k", "e", "[ ]", "Tab", "?", "q"])
        #expect(TUI.screen(state).lines[23] == "Enter follow  Esc back  j/k links  e edit  [ ] tabs  Tab list  ? help  q quit")
        #expect(HelpView.rows(state).contains(.key("[ ]", "tabs: overview, health, docs, API, audit")))
        #expect(HelpView.rows(state).contains(.key("e", "edit its YAML in $EDITOR; saved if valid and allowed")))
        TUI.press(&state, .character("]"), .character("]"), .character("]"))
        #expect(state.detailTab == .audit)
        #expect(TUI.screen(state).lines[23] == "j/k scroll  [ ] tabs  e edit  Esc back  Tab list  ? help  q quit")
        TUI.press(&state, .character("?"))
        #expect(HelpView.rows(state).contains(.key("[ ]", "detail tabs: overview, health, docs, API, audit")))
    }
}
