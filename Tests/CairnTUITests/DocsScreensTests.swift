@testable import CairnTUI
import CairnCatalog
import CairnDocs
import Foundation
import Testing

/// The Docs and API tabs and the search screen, as state and text.
@Suite(.serialized) struct DocsScreensTests {
    /// A state at 120×40 with payments-service's detail open in the detail pane.
    func opened(_ ref: String, width: Int = 120) throws -> AppState {
        var state = TUI.state(try TUI.samples(), width: width, height: 40)
        _ = reduce(&state, .key(.character(":")))
        TUI.type(&state, "goto \(ref)")
        _ = reduce(&state, .key(.enter))
        return state
    }

    static let page = DocsPageSource(file: "services/payments/docs/index.md", name: "index.md", markdown: """
        # Payments Service

        Captures payments. See the [runbook](https://runbooks.example.com/payments).

        ```bash
        ./gradlew bootRun --args='--server.port=18085' --info --stacktrace --console=plain --no-daemon
        ```

        \(String(repeating: "A paragraph that fills the page so that it scrolls.\n\n", count: 30))
        ## Operating it

        Watch the dashboard.
        """, modified: Date(timeIntervalSince1970: 1_700_000_000))

    @Test func theDocsTabAsksForTheFilesOnceThenRendersThePages() throws {
        var state = try opened("payments-service")
        let ref = TUI.ref("component:default/payments-service")
        #expect(TUI.press(&state, .character("]")) == [], "Health needs no files")
        #expect(TUI.press(&state, .character("]")) == [.loadDocs(ref)])
        #expect(state.detailTab == .docs)
        #expect(TUI.press(&state, .character("j")) == [], "asked once")
        #expect(TUI.screen(state).lines.contains { $0.contains("reading docs…") })

        let contradiction = DocsContradiction(file: Self.page.file, line: 3, message: "index.md names the health endpoint on port 9091, but cairn.dev/health-url uses 18085")
        _ = reduce(&state, .docsLoaded(ref, LoadedDocs(pages: [Self.page], contradictions: [contradiction])))
        state.detail.scroll = 0
        let lines = TUI.screen(state).lines
        #expect(lines.contains { $0.contains("index.md  services/payments/docs/index.md · changed ") })
        #expect(lines.contains { $0.contains("⚠ line 3: index.md names the health") })
        #expect(lines.contains { $0.contains("Payments Service") })
        #expect(lines.contains { $0.contains("════════════════") })
        let content = try #require(state.detailContent).lines.map { $0.segments.map(\.text).joined() }
        #expect(content.contains("[1] https://runbooks.example.com/payments"))
        #expect(lines.contains { $0.contains("Overview Health [Docs]") }, "no API tab for a component")
        TUI.expectWellFormed(TUI.screen(state))
    }

    @Test func codeLinesScrollSidewaysAndProseStays() throws {
        var state = try opened("payments-service", width: 100)
        let ref = TUI.ref("component:default/payments-service")
        TUI.press(&state, .character("]"), .character("]"))
        _ = reduce(&state, .docsLoaded(ref, LoadedDocs(pages: [Self.page])))
        if state.focus != .detail { TUI.press(&state, .tab) }
        let before = TUI.screen(state).lines
        #expect(before.contains { $0.contains("./gradlew bootRun") })
        TUI.press(&state, .character(">"), .character(">"))
        let after = TUI.screen(state).lines
        #expect(!after.contains { $0.contains("./gradlew bootRun") })
        #expect(after.contains { $0.contains("--args='--server.port=18085'") }, "\(after)")
        #expect(after.contains { $0.contains("Captures payments.") }, "prose does not move")
        TUI.press(&state, .character("<"), .character("<"))
        #expect(TUI.screen(state).lines.contains { $0.contains("./gradlew bootRun") })
    }

    @Test func theAPITabShowsTheSummaryAndEachEndpoint() throws {
        var state = try opened("payments-api")
        let entity = try #require(state.detailEntity)
        let ref = entity.ref
        TUI.press(&state, .character("]"), .character("]"))
        #expect(state.detailTab == .docs)
        #expect(TUI.press(&state, .character("]")) == [])
        #expect(state.detailTab == .api)
        _ = reduce(&state, .docsLoaded(ref, LoadedDocs(api: try APIDefinition.read(entity))))
        let text = TUI.screen(state).lines.joined(separator: "\n")
        #expect(text.contains("Overview Health Docs [Api]"))
        #expect(text.contains("POST  /payments"), "\(text)")
        #expect(text.contains("Payments API"))
    }

    @Test func searchAsYouTypeDropsStaleResultsAndOpensTheSectionOfAHit() throws {
        var state = try opened("payments-service")
        #expect(TUI.press(&state, .control("f")) == [])
        #expect(state.screen == .search)
        #expect(TUI.type(&state, "ref") == [.searchDocs("ref")])
        let ref = TUI.ref("component:default/payments-service")
        let hit = DocsSearchResult(entityRef: ref, kind: .docs, title: "Payments Service: index.md", section: "Operating it",
                                   snippet: "Watch the \u{1}dashboard\u{2}.")
        _ = reduce(&state, .docsSearched("re", [hit]))
        #expect(state.search.results.isEmpty, "results for an older query are dropped")
        _ = reduce(&state, .docsSearched("ref", [hit]))
        var lines = TUI.screen(state).lines
        #expect(lines.contains { $0.contains("component:payments-service  Payments Service: index.md · Operating it") })
        #expect(lines.contains { $0.contains("Watch the dashboard.") })
        TUI.press(&state, .enter)
        #expect(state.screen == .catalog)
        #expect(state.detailTab == .docs)
        #expect(state.detail.ref == ref)
        _ = reduce(&state, .docsLoaded(ref, LoadedDocs(pages: [Self.page])))
        lines = TUI.screen(state).lines
        #expect(lines.contains { $0.contains("Operating it") }, "scrolled to the section (as far as the page goes): \(lines)")
        #expect(state.detail.scroll > 0)
        // Backspace and Esc.
        TUI.press(&state, .control("f"))
        #expect(TUI.press(&state, .backspace) == [.searchDocs("re")])
        TUI.press(&state, .escape)
        #expect(state.screen == .catalog)
    }
}
