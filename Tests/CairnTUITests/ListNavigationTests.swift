import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// The list cursor, grouping, sorting, resizing and fresh catalogs, through `reduce`.
@Suite("List navigation")
struct ListNavigationTests {
    let team = TUI.catalog(TestCatalogs.team)

    /// The catalog sorted by name: what the list shows before any key.
    static let byName = ["alice", "commerce", "ledger-db", "payments", "payments-api", "payments-service", "storefront-web", "team-x", "team-y"]

    @Test("the list starts on the first entity, sorted by name")
    func start() {
        let state = TUI.state(team)
        #expect(TUI.listedNames(state) == Self.byName)
        #expect(state.selection == 0)
        #expect(state.selectedEntity?.ref.name == "alice")
        #expect(state.focus == .list && state.screen == .catalog && state.overlay == .none)
    }

    @Test("j, k and the arrows move one row, clamped at both ends")
    func upAndDown() {
        var state = TUI.state(team)
        TUI.press(&state, .character("j"))
        #expect(state.selectedEntity?.ref.name == "commerce")
        TUI.press(&state, .down, .down)
        #expect(state.selectedEntity?.ref.name == "payments")
        TUI.press(&state, .character("k"))
        #expect(state.selectedEntity?.ref.name == "ledger-db")
        TUI.press(&state, .up, .up, .up, .up)
        #expect(state.selection == 0)
        TUI.press(&state, .character("G"), .character("j"), .down)
        #expect(state.selectedEntity?.ref.name == "team-y")
    }

    @Test("g and G (and Home, End) go to the first and last entity")
    func firstAndLast() {
        var state = TUI.state(team)
        TUI.press(&state, .character("G"))
        #expect(state.selectedEntity?.ref.name == "team-y")
        TUI.press(&state, .character("g"))
        #expect(state.selectedEntity?.ref.name == "alice")
        TUI.press(&state, .end)
        #expect(state.selection == 8)
        TUI.press(&state, .home)
        #expect(state.selection == 0)
    }

    @Test("PgDn and PgUp move a page of list rows; Ctrl-d and Ctrl-u half a page")
    func pages() throws {
        var state = TUI.state(try TUI.samples())
        let page = Layout(state).listRows
        #expect(page == 19) // 24 rows: status, box top, header, 19 rows, box bottom, footer
        TUI.press(&state, .pageDown)
        #expect(state.selection == 19)
        TUI.press(&state, .control("d"))
        #expect(state.selection == 28)
        TUI.press(&state, .control("u"))
        #expect(state.selection == 19)
        TUI.press(&state, .pageUp)
        #expect(state.selection == 0)
        for _ in 0..<10 { TUI.press(&state, .pageDown) }
        #expect(state.selection == state.rows.count - 1)
        #expect(state.selectedEntity?.ref.name == "web-team")
    }

    @Test("the cursor keeps out of view's way: listTop follows it down and up")
    func scrolling() throws {
        var state = TUI.state(try TUI.samples())
        for _ in 0..<19 { TUI.press(&state, .character("j")) }
        #expect(state.selection == 19)
        #expect(state.listTop == 1)
        TUI.press(&state, .character("G"))
        #expect(state.listTop == 73 - 19)
        TUI.press(&state, .character("g"))
        #expect(state.listTop == 0)
    }

    @Test("t cycles the grouping none, owner, system, domain, none with headings and counts")
    func grouping() {
        var state = TUI.state(team)
        TUI.press(&state, .character("t"))
        #expect(state.grouping == .owner)
        #expect(state.message == "grouped by owner")
        #expect(TUI.headings(state) == ["Team X (5)", "team-y (1)", "(no owner) (3)"])
        #expect(TUI.listedNames(state) == ["commerce", "ledger-db", "payments", "payments-api", "payments-service", "storefront-web",
                                           "alice", "team-x", "team-y"])
        #expect(state.selectedEntity?.ref.name == "alice", "the cursor stays on the entity it was on")

        TUI.press(&state, .character("t"))
        #expect(state.grouping == .system)
        #expect(TUI.headings(state) == ["Payments (4)", "(no system) (5)"])
        #expect(TUI.listedNames(state) == ["ledger-db", "payments", "payments-api", "payments-service",
                                           "alice", "commerce", "storefront-web", "team-x", "team-y"])

        TUI.press(&state, .character("t"))
        #expect(state.grouping == .domain)
        #expect(TUI.headings(state) == ["Commerce (5)", "(no domain) (4)"])

        TUI.press(&state, .character("t"))
        #expect(state.grouping == .none)
        #expect(state.message == "not grouped")
        #expect(TUI.headings(state).isEmpty)
        #expect(TUI.listedNames(state) == Self.byName)
        #expect(state.selectedEntity?.ref.name == "alice")
    }

    @Test("moving in a grouped list skips the headings")
    func skipHeadings() {
        var state = TUI.state(team)
        TUI.press(&state, .character("t")) // by owner
        TUI.press(&state, .character("g"))
        #expect(state.selection == 1, "row 0 is the heading Team X")
        #expect(state.selectedEntity?.ref.name == "commerce")
        TUI.press(&state, .character("k"))
        #expect(state.selection == 1, "k from the first entity stays: only a heading is above")
        TUI.press(&state, .character("j"), .character("j"), .character("j"), .character("j"))
        #expect(state.selectedEntity?.ref.name == "payments-service")
        TUI.press(&state, .character("j"))
        #expect(state.selectedEntity?.ref.name == "storefront-web", "the heading team-y is stepped over")
        #expect(state.selection == 7)
        TUI.press(&state, .down)
        #expect(state.selectedEntity?.ref.name == "alice", "the heading (no owner) is stepped over")
        TUI.press(&state, .up)
        #expect(state.selectedEntity?.ref.name == "storefront-web")
        TUI.press(&state, .character("k"))
        #expect(state.selectedEntity?.ref.name == "payments-service")
        TUI.press(&state, .pageDown)
        #expect(state.selectedEntity?.ref.name == "team-y")
        TUI.press(&state, .pageUp)
        #expect(state.selectedEntity?.ref.name == "commerce")
    }

    @Test("in a grouped list scrolled down, the heading of the cursor's group stays in view")
    func headingInView() throws {
        var state = TUI.state(try TUI.samples())
        TUI.press(&state, .character("t"), .character("G"))
        for _ in 0..<40 { TUI.press(&state, .character("k")) }
        // Scrolling up puts the cursor on the top row, or just under its group's heading.
        if state.selection == state.listTop {
            if state.listTop > 0, case .group = state.rows[state.listTop - 1] { Issue.record("the heading above the cursor is hidden") }
        } else {
            #expect(state.selection == state.listTop + 1)
            guard case .group = state.rows[state.listTop] else { Issue.record("the top row is neither the cursor nor its heading"); return }
        }
        var shown = 0
        for _ in 0..<30 {
            TUI.press(&state, .character("k"))
            if state.selection == state.listTop + 1, case .group = state.rows[state.listTop] { shown += 1 }
        }
        #expect(shown >= 2, "walking up through several groups shows each heading")
    }

    @Test("s cycles the sort order name, kind, owner, name")
    func sorting() {
        var state = TUI.state(team)
        TUI.press(&state, .character("j"), .character("j")) // ledger-db
        TUI.press(&state, .character("s"))
        #expect(state.sort == .kind)
        #expect(state.message == "sorted by kind")
        #expect(TUI.listedNames(state) == ["payments-api", "payments-service", "storefront-web", "commerce", "team-x", "team-y",
                                           "ledger-db", "payments", "alice"])
        #expect(state.selectedEntity?.ref.name == "ledger-db")
        TUI.press(&state, .character("s"))
        #expect(state.sort == .owner)
        #expect(TUI.listedNames(state) == ["commerce", "ledger-db", "payments", "payments-api", "payments-service",
                                           "storefront-web", "alice", "team-x", "team-y"])
        TUI.press(&state, .character("s"))
        #expect(state.sort == .name)
        #expect(TUI.listedNames(state) == Self.byName)
        #expect(state.selectedEntity?.ref.name == "ledger-db")
    }

    @Test("q and Ctrl-c quit")
    func quit() {
        var state = TUI.state(team)
        #expect(TUI.press(&state, .character("q")) == [.quit])
        #expect(TUI.press(&state, .control("c")) == [.quit])
        #expect(TUI.press(&state, .character("j")) == [])
    }

    @Test("a resize changes the layout and keeps the cursor in view")
    func resize() throws {
        var state = TUI.state(try TUI.samples())
        TUI.press(&state, .character("G"))
        #expect(state.listTop == 73 - 19)
        #expect(reduce(&state, .resize(width: 160, height: 48)) == [])
        #expect(state.width == 160 && state.height == 48)
        #expect(Layout(state).detail != nil && Layout(state).list?.width == 83, "side by side from 100 columns")
        #expect(Layout(state).listRows == 43)
        #expect(state.listTop == 73 - 43, "no empty rows under the last entity")
        _ = reduce(&state, .resize(width: 80, height: 24))
        #expect(Layout(state).detail == nil, "one pane at a time under 100 columns")
        #expect(state.listTop == 73 - 19)
        #expect(state.selection == 72)
        let lines = TUI.screen(state).lines
        #expect(lines[21].hasPrefix("│▶ web-team"), "the cursor's row is the last one on screen")
    }

    @Test("a resize in the detail pane keeps the link cursor in view")
    func resizeDetail() throws {
        var state = TUI.state(try TUI.samples(), width: 160, height: 48)
        TUI.type(&state, ":goto payments-service")
        TUI.press(&state, .enter, .character("G"))
        let tall = try #require(state.detailContent)
        let tallCursor = tall.linkLines[state.detail.cursor]
        #expect(tallCursor >= state.detail.scroll && tallCursor < state.detail.scroll + Layout(state).detailRows, "G: the last link in view at 48 rows")
        _ = reduce(&state, .resize(width: 80, height: 24))
        let content = try #require(state.detailContent)
        let cursorLine = content.linkLines[state.detail.cursor]
        #expect(cursorLine >= state.detail.scroll && cursorLine < state.detail.scroll + Layout(state).detailRows)
    }

    @Test("a fresh catalog keeps the cursor on the same entity and clears the loading message")
    func catalogLoaded() {
        var state = TUI.state(team)
        state.message = AppState.loadingMessage
        TUI.press(&state, .character("j"), .character("j"), .character("j"), .character("j"), .character("j"))
        #expect(state.selectedEntity?.ref.name == "payments-service")
        state.message = AppState.loadingMessage
        let fresher = TUI.catalog(TestCatalogs.team + """
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: billing-service
        spec:
          type: service
          lifecycle: production
          owner: team-x
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: auditor
        spec:
          type: service
          lifecycle: production
          owner: team-x

        """)
        let fresh = CatalogSource(origin: .sources, builtAt: Date(timeIntervalSince1970: 1_000_100), isRefreshing: false)
        #expect(reduce(&state, .catalogLoaded(fresher, fresh)) == [])
        #expect(state.catalog.entities.count == 11)
        #expect(state.selectedEntity?.ref.name == "payments-service")
        #expect(state.selection == 7)
        #expect(state.message == nil)
        #expect(state.source == fresh)
        #expect(TUI.screen(state).lines[0] == " cairn  │ 11 entities │ sources 20s ago │ alice")
    }

    @Test("a fresh catalog without the entity on show in the detail goes back to the selection")
    func catalogLoadedWithoutDetailEntity() {
        var state = TUI.state(team, width: 160, height: 48)
        TUI.type(&state, ":goto storefront-web")
        TUI.press(&state, .enter)
        #expect(state.detail.ref?.name == "storefront-web")
        #expect(state.selectedEntity?.ref.name == "storefront-web", ":goto moved the list cursor too")
        #expect(state.selection == 6)
        let smaller = TUI.catalog(TestCatalogs.team.components(separatedBy: "---\n").dropLast().joined(separator: "---\n"))
        #expect(!smaller.contains(TUI.ref("component:storefront-web")))
        _ = reduce(&state, .catalogLoaded(smaller, TUI.source))
        #expect(state.detail.ref == nil)
        #expect(state.selection == 6, "the cursor stays on its row, now the next entity")
        #expect(state.selectedEntity?.ref.name == "team-x")
        #expect(state.detailEntity?.ref == state.selectedEntity?.ref, "the detail shows the selection again")
        #expect(TUI.screen(state).lines[1].contains("group:default/team-x"))
    }

    @Test("a failed refresh keeps the catalog and says so")
    func refreshFailed() {
        var state = TUI.state(team)
        state.source?.isRefreshing = true
        _ = reduce(&state, .refreshFailed("git fetch timed out"))
        #expect(state.source?.isRefreshing == false)
        #expect(state.messageIsError)
        #expect(state.message == "could not refresh the catalog: git fetch timed out; showing the last known one")
        #expect(state.catalog.entities.count == 9)
        TUI.press(&state, .character("j"))
        #expect(state.message == nil, "a message lasts until the next key")
    }

    @Test("the list is virtualised: 10,000 entities, to the end and back")
    func tenThousand() {
        var state = TUI.state(TestCatalogs.generated(10_000))
        #expect(state.rows.count == 10_000)
        TUI.press(&state, .character("G"))
        #expect(state.selectedEntity?.ref.name == "service-09999")
        #expect(state.listTop == 10_000 - 19)
        var lines = TUI.screen(state).lines
        #expect(lines[3] == "│  service-09981                Component  team-1          production   ?      │")
        #expect(lines[21] == "│▶ service-09999                Component  team-9          production   ?      │")
        TUI.press(&state, .pageUp, .pageUp)
        #expect(state.selection == 9999 - 38)
        #expect(state.listTop == state.selection)
        lines = TUI.screen(state).lines
        #expect(lines[3].hasPrefix("│▶ service-09961"))
        TUI.press(&state, .character("t"))
        #expect(TUI.headings(state).count == 10)
        #expect(state.selectedEntity?.ref.name == "service-09961")
        lines = TUI.screen(state).lines
        #expect(lines.contains { $0.hasPrefix("│▶ service-09961") })
    }
}
