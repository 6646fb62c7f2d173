import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// Opening entities, following links with history, switching panes, the problems screen and
/// the help overlay, through `reduce`.
@Suite("Detail navigation")
struct DetailNavigationTests {
    let team = TUI.catalog(TestCatalogs.team)
    let broken = TUI.catalog(TestCatalogs.broken)

    /// The list state with the cursor on payments-service.
    func onPaymentsService(width: Int = 80, height: Int = 24) -> AppState {
        var state = TUI.state(team, width: width, height: height)
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        return state
    }

    /// The entity each link line of the detail leads to, in order.
    func links(_ state: AppState) -> [String] {
        guard let content = state.detailContent else { return [] }
        return content.linkLines.compactMap { content.lines[$0].link?.description }
    }

    @Test("Enter opens the selected entity in the detail pane")
    func open() {
        var state = onPaymentsService()
        #expect(TUI.press(&state, .enter) == [])
        #expect(state.focus == .detail)
        #expect(state.detail.ref == TUI.ref("component:default/payments-service"))
        #expect(state.detail.history.isEmpty)
        #expect(state.detail.cursor == 0)
        #expect(links(state) == [
            "group:default/team-x", "system:default/payments", "domain:default/commerce",
            "resource:default/ledger-db", "group:default/team-x", "system:default/payments", "api:default/payments-api",
        ], "owner, system, domain, then the relations by type")
    }

    @Test("j and k move between links, clamped at both ends")
    func linkCursor() {
        var state = onPaymentsService()
        TUI.press(&state, .enter, .character("k"))
        #expect(state.detail.cursor == 0)
        TUI.press(&state, .character("j"), .down)
        #expect(state.detail.cursor == 2)
        TUI.press(&state, .character("G"))
        #expect(state.detail.cursor == 6)
        TUI.press(&state, .character("j"))
        #expect(state.detail.cursor == 6)
        TUI.press(&state, .up)
        #expect(state.detail.cursor == 5)
        TUI.press(&state, .character("g"))
        #expect(state.detail.cursor == 0)
    }

    @Test("Enter follows a link and remembers the way back; Esc and Backspace walk it back to the list")
    func history() {
        var state = onPaymentsService()
        TUI.press(&state, .enter, .character("j")) // System: payments
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("system:payments"))
        #expect(state.detail.history == [TUI.ref("component:payments-service")])
        #expect(state.detail.cursor == 0)
        TUI.press(&state, .enter) // its owner, team-x
        #expect(state.detail.ref == TUI.ref("group:team-x"))
        #expect(state.detail.history == [TUI.ref("component:payments-service"), TUI.ref("system:payments")])

        TUI.press(&state, .escape)
        #expect(state.detail.ref == TUI.ref("system:payments"))
        #expect(state.detail.history.count == 1)
        TUI.press(&state, .backspace)
        #expect(state.detail.ref == TUI.ref("component:payments-service"))
        #expect(state.detail.history.isEmpty)
        #expect(state.focus == .detail)
        TUI.press(&state, .escape)
        #expect(state.focus == .list)
        #expect(state.detail.ref == nil)
        #expect(state.selectedEntity?.ref.name == "payments-service", "back where we started")
    }

    @Test("following a link from a pane opened with Tab starts history at the selection")
    func historyFromTab() {
        var state = onPaymentsService(width: 160, height: 48)
        TUI.press(&state, .tab)
        #expect(state.focus == .detail)
        #expect(state.detail.ref == nil, "the detail shows the list's selection")
        #expect(state.detailEntity?.ref.name == "payments-service")
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("group:team-x"))
        #expect(state.detail.history == [TUI.ref("component:payments-service")])
    }

    @Test("Tab switches between the list and the detail pane")
    func tab() {
        var state = onPaymentsService(width: 160, height: 48)
        TUI.press(&state, .tab)
        #expect(state.focus == .detail)
        TUI.press(&state, .tab)
        #expect(state.focus == .list)
        TUI.press(&state, .backTab)
        #expect(state.focus == .detail)
        TUI.press(&state, .enter, .tab)
        #expect(state.focus == .list)
        #expect(state.detail == AppState.Detail(), "the detail follows the list again")
    }

    @Test("! toggles the problems screen; Enter there opens the entity of the problem")
    func problems() {
        var state = TUI.state(broken)
        #expect(broken.problems.count == 2)
        TUI.press(&state, .character("!"))
        #expect(state.screen == .problems)
        TUI.press(&state, .character("!"))
        #expect(state.screen == .catalog)
        TUI.press(&state, .character("!"), .enter)
        #expect(state.screen == .catalog)
        #expect(state.focus == .detail)
        #expect(state.detail.ref == TUI.ref("component:orphan-service"))

        TUI.press(&state, .character("!"), .character("j"))
        #expect(state.problemSelection == 1)
        TUI.press(&state, .character("j"))
        #expect(state.problemSelection == 1, "clamped at the last problem")
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("component:billing-service"))
        #expect(state.detail.history.isEmpty)

        TUI.press(&state, .character("!"), .escape)
        #expect(state.screen == .catalog)
    }

    /// `count` components without an owner: one error problem each, on lines 1, 8, 15...
    static func orphans(_ count: Int) -> Catalog {
        TUI.catalog((0..<count).map { number in
            """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: orphan-\(String(number).leftPadded(to: 2))
            spec:
              type: service
              lifecycle: production

            """
        }.joined(separator: "---\n"))
    }

    @Test("the problem list scrolls inside the rows left above the full-text panel", arguments: [(80, 24), (160, 48)])
    func problemsScroll(_ size: (Int, Int)) {
        let catalog = Self.orphans(60)
        #expect(catalog.problems.count == 60)
        var state = TUI.state(catalog, width: size.0, height: size.1)
        TUI.press(&state, .character("!"))
        let rows = Layout(state).problemRows
        #expect(rows == size.1 - 2 - 3 - 1 - 3, "main height less the header and borders, the separator and three lines of text")
        var canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let separator = 3 + rows
        #expect(canvas.lines[separator].hasPrefix("│────"))
        #expect(canvas.lines[separator - 1].contains("orphan-"), "the last list row is just above the separator")
        for _ in 0..<rows { TUI.press(&state, .character("j")) }
        #expect(state.problemSelection == rows)
        #expect(state.problemTop == 1, "one row scrolled: the cursor is on the last list row")
        canvas = TUI.screen(state)
        #expect(canvas.lines[separator - 1].hasPrefix("│▶ "))
        #expect(canvas.lines[separator].hasPrefix("│────"), "the list never runs into the panel")
        let selected = catalog.problems[rows]
        #expect(canvas.lines[separator + 1].contains("\(selected.file):\(selected.line):\(selected.column): error: \(selected.entityRef!): spec.owner"))
        TUI.press(&state, .pageDown)
        #expect(state.problemSelection == min(2 * rows, 59), "a page of problem rows, clamped at the last")
        #expect(state.problemTop == state.problemSelection - rows + 1)
        TUI.press(&state, .character("G"))
        #expect(state.problemTop == 60 - rows)
        canvas = TUI.screen(state)
        #expect(canvas.lines[separator - 1].hasPrefix("│▶ "))
        #expect(canvas.lines[separator + 1].contains("orphan-59"))
        TUI.expectWellFormed(canvas)
    }

    @Test("a problems screen without problems survives every key")
    func noProblems() {
        var state = TUI.state(team)
        TUI.press(&state, .character("!"), .character("G"), .character("j"), .pageDown, .enter, .character("k"))
        #expect(state.screen == .problems)
        #expect(state.problemSelection == 0)
        #expect(TUI.screen(state).lines[2] == "│  no problems: every entity is valid                                          │")
    }

    @Test("? opens the help; Esc closes it, and keys do nothing else meanwhile")
    func help() {
        var state = TUI.state(team)
        TUI.press(&state, .character("?"))
        #expect(state.overlay == .help)
        TUI.press(&state, .character("j"), .character("t"))
        #expect(state.selection == 0 && state.grouping == .none)
        TUI.press(&state, .escape)
        #expect(state.overlay == .none)
        TUI.press(&state, .character("?"), .character("?"))
        #expect(state.overlay == .none, "? toggles it too")
        TUI.press(&state, .character("?"), .enter)
        #expect(state.overlay == .none, "Enter closes it")
        #expect(state.focus == .list && state.detail.ref == nil, "without opening the selection")
    }

    @Test("q in the help quits, as it does everywhere outside text entry", arguments: [false, true])
    func helpQuits(_ inDetail: Bool) {
        var state = TUI.state(team)
        if inDetail { TUI.press(&state, .enter) }
        TUI.press(&state, .character("?"))
        #expect(state.overlay == .help)
        #expect(TUI.press(&state, .character("q")) == [.quit])
        #expect(TUI.press(&state, .control("c")) == [.quit])
        #expect(TUI.press(&state, .character("j")) == [])
        #expect(state.overlay == .help, "other keys leave it open")
    }

    @Test("q in the palette and in the filter is text, not quit")
    func qIsTextInEntry() {
        var state = TUI.state(team)
        TUI.press(&state, .character(":"))
        #expect(TUI.press(&state, .character("q")) == [])
        #expect(state.palette.text == "q")
        TUI.press(&state, .escape, .character("/"))
        #expect(TUI.press(&state, .character("q")) == [])
        #expect(state.filter.text == "q")
    }

    @Test("in a detail without links, j and k scroll, clamped to the content")
    func scrollWithoutLinks() throws {
        let words = (1...300).map { "word\($0)" }.joined(separator: " ")
        let catalog = TUI.catalog("""
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata:
          name: chatty
          description: \(words)
        spec:
          memberOf: []

        """)
        var state = TUI.state(catalog)
        TUI.press(&state, .enter)
        let content = try #require(state.detailContent)
        #expect(content.linkLines.isEmpty)
        let overflow = content.lines.count - Layout(state).detailRows
        #expect(overflow > 2)
        TUI.press(&state, .character("j"), .down)
        #expect(state.detail.scroll == 2)
        TUI.press(&state, .character("k"))
        #expect(state.detail.scroll == 1)
        TUI.press(&state, .character("G"))
        #expect(state.detail.scroll == overflow)
        TUI.press(&state, .pageDown)
        #expect(state.detail.scroll == overflow)
        TUI.press(&state, .character("g"))
        #expect(state.detail.scroll == 0)
        TUI.press(&state, .up)
        #expect(state.detail.scroll == 0)
    }

    @Test("following a link to an entity that is not in the catalog says so and stays")
    func danglingLink() throws {
        var state = TUI.state(broken)
        TUI.press(&state, .enter) // billing-service
        let content = try #require(state.detailContent)
        let ghost = try #require(content.linkLines.firstIndex { content.lines[$0].link == TUI.ref("component:ghost") })
        for _ in 0..<ghost { TUI.press(&state, .character("j")) }
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("component:billing-service"))
        #expect(state.messageIsError)
        #expect(state.message == "component:default/ghost is not in the catalog")
        #expect(TUI.screen(state).lines[23] == "component:default/ghost is not in the catalog")
    }
}

@Suite("Detail links")
struct DetailLinkTests {
    @Test("links: metadata.links first, then the repository, GitHub, docs and an API's endpoints, without repeats")
    func derivedLinks() throws {
        let samples = try TUI.samples()
        let service = try #require(samples[EntityRef(kind: "component", name: "checkout-service")])
        let links = DetailContent.links(of: service)
        #expect(links.first?.title == "Checkout funnel")
        #expect(links.contains { $0.title == "Repository" && $0.url == "https://git.example.com/northwind/checkout-service" })
        #expect(links.contains { $0.title == "GitHub" && $0.url == "https://github.com/northwind/checkout-service" })
        #expect(links.contains { $0.title == "Docs" && $0.url.hasPrefix("dir:.") })
        #expect(Set(links.map(\.url)).count == links.count, "no URL twice")
        let api = try #require(samples[EntityRef(kind: "api", name: "checkout-api")])
        let endpoints = DetailContent.links(of: api).filter { $0.title.hasPrefix("Endpoint") }
        #expect(endpoints.contains { $0.url == "https://api.northwind.example.com/checkout/v2" && $0.title == "Endpoint (Production)" })
    }
}
