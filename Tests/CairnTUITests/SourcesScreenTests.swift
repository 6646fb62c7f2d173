import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

@Suite("Sources screen")
struct SourcesScreenTests {
    /// Five sources in precedence order: ok, stale (failed after an earlier success), failed
    /// (never succeeded), never fetched, and one being refreshed.
    static let sources: [SourceSummary] = [
        SourceSummary(name: "northwind", kind: "github", location: "organization northwind", declaredAt: "config.yaml:4", interval: 300,
                      folder: "/state/sources/northwind", isFetched: true, lastSuccessAt: TUI.now - 180, lastAttemptAt: TUI.now - 180,
                      entityCount: 42, fileCount: 40, notices: ["acme/legacy has no catalog-info.yaml"], seconds: 3.2),
        SourceSummary(name: "platform-git", kind: "git", location: "file:///srv/platform.git", declaredAt: "config.yaml:9", interval: 600,
                      folder: "/state/sources/platform-git", isFetched: true, lastSuccessAt: TUI.now - 7200, lastAttemptAt: TUI.now - 60,
                      lastError: "source platform-git: git fetch file:///srv/platform.git failed: repository not found; check the url",
                      entityCount: 7, fileCount: 3, seconds: 0.4),
        SourceSummary(name: "old-backstage", kind: "backstage", location: "http://127.0.0.1:1", folder: "/state/sources/old-backstage",
                      isFetched: true, lastAttemptAt: TUI.now - 30, lastError: "source old-backstage: GET http://127.0.0.1:1/api/catalog/entities: connection refused"),
        SourceSummary(name: "gitlab-infra", kind: "gitlab", folder: "/state/sources/gitlab-infra"),
        SourceSummary(name: "busy", kind: "git", folder: "/state/sources/busy", isFetched: true, lastSuccessAt: TUI.now - 600,
                      lastAttemptAt: TUI.now - 600, entityCount: 2, fileCount: 1, activity: .refreshing),
    ]

    /// The team catalog with the sources above arrived and the Sources screen open.
    static func sourcesState(width: Int = 80, height: Int = 24, isUnicode: Bool = true, isColor: Bool = true) -> AppState {
        var state = TUI.state(TUI.catalog(TestCatalogs.team), width: width, height: height, isUnicode: isUnicode, isColor: isColor)
        _ = reduce(&state, .sourcesUpdated(sources))
        TUI.press(&state, .character("S"))
        return state
    }

    @Test("S lists the sources in precedence order: name, type, entities, age of the last success, state; ok, stale, failed, never, refreshing")
    func rowsAt80Columns() {
        let state = Self.sourcesState()
        #expect(state.screen == .sources && state.sources.selectedName == "northwind")
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let lines = screen.lines
        #expect(lines[1].hasPrefix("┌─ Sources (5, 1 stale, 1 failed) · first listed wins ─"))
        #expect(lines[2] == "│  SOURCE         TYPE       ENTITIES  LAST SUCCESS  STATE                     │")
        #expect(lines[3] == "│▶ northwind      github           42  3m ago        ✓ ok                      │")
        #expect(lines[4] == "│  platform-git   git               7  2h ago        ⚠ stale 2h: git fetch fi… │")
        #expect(lines[5] == "│  old-backstage  backstage         -  never         ✖ failed: GET http://127… │")
        #expect(lines[6] == "│  gitlab-infra   gitlab            -  never         not fetched yet           │")
        #expect(lines[7] == "│  busy           git               2  10m ago       … refreshing              │")
        #expect(TUI.role(of: "✓ ok", y: 3, in: screen) == .selection, "the selected row is highlighted")
        #expect(TUI.role(of: "⚠ stale", y: 4, in: screen) == .badgeWarn)
        #expect(TUI.role(of: "✖ failed", y: 5, in: screen) == .badgeFail)
        #expect(TUI.role(of: "not fetched yet", y: 6, in: screen) == .dim)
        #expect(TUI.role(of: "… refreshing", y: 7, in: screen) == .jobRunning)
        #expect(lines.last?.hasPrefix("j/k move  r refresh  R refresh all  Esc back") == true)
    }

    @Test("the selected source in full under the list: what it reads, where declared, entities, last attempt and duration, notices")
    func detailOfAnOkSource() {
        let screen = TUI.screen(Self.sourcesState())
        let lines = screen.lines
        #expect(lines[8].hasPrefix("│─ northwind (github) · r refreshes it, R every source ─"))
        #expect(lines[9] == "│  Reads       organization northwind                                          │")
        #expect(lines[10] == "│  Declared    config.yaml:4 · refreshed every 5m                              │")
        #expect(lines[11] == "│  Entities    42 in 40 files                                                  │")
        #expect(lines[12] == "│  Last ok     3m ago                                                          │")
        #expect(lines[13] == "│  Attempted   3m ago · took 3.2s                                              │")
        #expect(lines[14] == "│  State       ✓ ok                                                            │")
        #expect(lines[15] == "│  Notices     acme/legacy has no catalog-info.yaml                            │")
    }

    @Test("a stale source's whole error is wrapped under the list (the row cuts it), and its last good entities are said to stay")
    func detailOfAStaleSource() {
        var state = Self.sourcesState()
        TUI.press(&state, .character("j"))
        #expect(state.sources.selectedName == "platform-git")
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let lines = screen.lines
        #expect(lines[14] == "│  State       ⚠ stale 2h                                                      │")
        #expect(lines[15] == "│  Error       source platform-git: git fetch file:///srv/platform.git failed: │")
        #expect(lines[16] == "│              repository not found; check the url                             │")
        #expect(lines[17] == "│              its last good entities stay in the catalog                      │")
        #expect(TUI.role(of: "repository not found", y: 16, in: screen) == .error)
    }

    @Test("ASCII badges when the locale is not UTF-8; the words carry the state without colour", arguments: [(false, true), (true, false), (false, false)])
    func asciiAndNoColor(_ isUnicode: Bool, _ isColor: Bool) {
        let screen = TUI.screen(Self.sourcesState(isUnicode: isUnicode, isColor: isColor))
        TUI.expectWellFormed(screen)
        let text = screen.lines.joined(separator: "\n")
        let words = isUnicode ? ["✓ ok", "⚠ stale 2h: git fetch", "✖ failed: GET", "not fetched yet", "… refreshing", "sources: 1 stale, 1 failed (S)"]
            : ["+ ok", "! stale 2h: git fetch", "x failed: GET", "not fetched yet", "... refreshing", "sources: 1 stale, 1 failed (S)"]
        for word in words { #expect(text.contains(word), "\(word)") }
        if !isUnicode {
            TUI.expectASCII(screen)
            #expect(screen.lines[3] == "|> northwind      github           42  3m ago        + ok                      |")
        }
    }

    @Test("before the worker's first statuses the screen says it is reading them; with none configured, how to declare one")
    func loadingAndEmpty() {
        var state = TUI.state(TUI.catalog(TestCatalogs.team))
        TUI.press(&state, .character("S"))
        #expect(TUI.screen(state).lines.joined().contains("reading sources…"))
        _ = reduce(&state, .sourcesUpdated([]))
        let text = TUI.screen(state).lines.joined(separator: "\n")
        #expect(text.contains("No sources: the catalog is read from local files only."))
        #expect(text.contains("Declare sources: in") && text.contains("the config file (git, github, gitlab, backstage), or pass --catalog"))
        #expect(TUI.press(&state, .character("R")).isEmpty)
        #expect(state.messageIsError && state.message?.contains("no sources to refresh") == true)
    }

    @Test("S and :sources open the screen; Esc, Backspace and S go back to the catalog")
    func openAndClose() {
        var state = Self.sourcesState()
        TUI.press(&state, .escape)
        #expect(state.screen == .catalog)
        TUI.press(&state, .character("S"))
        #expect(state.screen == .sources)
        TUI.press(&state, .character("S"))
        #expect(state.screen == .catalog)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "sources")
        TUI.press(&state, .enter)
        #expect(state.screen == .sources)
        TUI.press(&state, .backspace)
        #expect(state.screen == .catalog)
    }

    @Test("r refreshes the selected source and R every source through the worker, marked queued at once; r elsewhere still checks health")
    func refreshKeys() {
        var state = Self.sourcesState()
        TUI.press(&state, .character("j"), .character("j"))
        #expect(TUI.press(&state, .character("r")) == [.refreshSources(["old-backstage"])])
        #expect(state.sources.selectedSource?.activity == .queued)
        #expect(state.message == "refreshing old-backstage…")
        let queued = TUI.screen(state)
        #expect(queued.lines[5].contains("… queued"))
        #expect(TUI.press(&state, .character("R")) == [.refreshSources([])])
        #expect(state.sources.sources.map(\.activity) == [.queued, .queued, .queued, .queued, .refreshing], "the one under way stays refreshing")
        TUI.press(&state, .escape)
        let health = TUI.press(&state, .character("r"))
        #expect(state.screen == .catalog)
        if case .checkHealth = health.first {} else { Issue.record("r on the catalog checks health, got \(health)") }
        #expect(TUI.press(&state, .character("R")).isEmpty, "R means nothing on the catalog")
    }

    @Test("the selection follows its source by name when statuses arrive, and moves with j, k, G, g")
    func selectionFollowsTheSource() {
        var state = Self.sourcesState()
        TUI.press(&state, .character("G"))
        #expect(state.sources.selectedName == "busy")
        TUI.press(&state, .character("k"))
        #expect(state.sources.selectedName == "gitlab-infra")
        var reordered = Self.sources
        reordered.swapAt(0, 3)
        reordered[0].activity = .refreshing
        _ = reduce(&state, .sourcesUpdated(reordered))
        #expect(state.sources.selectedName == "gitlab-infra")
        #expect(TUI.screen(state).lines[3].hasPrefix("│▶ gitlab-infra"))
        TUI.press(&state, .character("g"))
        #expect(state.sources.selectedName == "gitlab-infra")
        TUI.press(&state, .character("j"))
        #expect(state.sources.selectedName == "platform-git")
    }

    @Test("the status line says when a source is stale or failing (the catalog may be old), and says nothing when all are ok")
    func statusLineMark() {
        var state = TUI.state(TUI.catalog(TestCatalogs.team))
        _ = reduce(&state, .sourcesUpdated([Self.sources[0], Self.sources[3]]))
        #expect(!TUI.screen(state).lines[0].contains("sources:"))
        _ = reduce(&state, .sourcesUpdated([Self.sources[0], Self.sources[1]]))
        var screen = TUI.screen(state)
        #expect(screen.lines[0].hasPrefix(" cairn  │ 9 entities │ sources: 1 stale (S) │ cache 2m ago"))
        #expect(TUI.role(of: "sources: 1 stale", y: 0, in: screen) == .badgeWarn)
        _ = reduce(&state, .sourcesUpdated(Self.sources))
        screen = TUI.screen(state)
        #expect(screen.lines[0].contains("sources: 1 stale, 1 failed (S)"))
        #expect(TUI.role(of: "sources: 1 stale, 1 failed", y: 0, in: screen) == .badgeFail)
    }

    @Test("? and the footer list r and R on the Sources screen; S is in the help everywhere")
    func keyHelp() {
        var state = Self.sourcesState()
        let rows = HelpView.rows(state)
        #expect(rows.contains(.key("r", "refresh the selected source now (in the background)")))
        #expect(rows.contains(.key("R", "refresh every source, one after another")))
        TUI.press(&state, .escape)
        #expect(HelpView.rows(state).contains(.key("S", "sources: where the catalog comes from, their refreshes (:sources)")))
        #expect(PaletteCommands.completions(for: "sou", in: state) == ["sources"])
    }
}

@Suite("Sources screen: the outcome of r and R")
struct SourceRefreshOutcomeTests {
    static func updated(_ state: inout AppState, _ change: (inout [SourceSummary]) -> Void) {
        var sources = state.sources.sources
        change(&sources)
        _ = reduce(&state, .sourcesUpdated(sources))
    }

    @Test("once the worker has refreshed what r asked for, the footer says how it went; a status sent before it started does not count")
    func singleSource() {
        var state = SourcesScreenTests.sourcesState()
        TUI.press(&state, .character("j"))
        #expect(TUI.press(&state, .character("r")) == [.refreshSources(["platform-git"])])
        // Statuses read before the worker saw the request: still idle, not done.
        Self.updated(&state) { $0[1].activity = .idle }
        #expect(state.message == "refreshing platform-git…")
        Self.updated(&state) { $0[1].activity = .refreshing }
        #expect(TUI.screen(state).lines[4].contains("… refreshing"))
        Self.updated(&state) { sources in
            sources[1].activity = .idle
            sources[1].lastError = nil
            sources[1].entityCount = 9
        }
        #expect(state.message == "platform-git refreshed: 9 entities" && !state.messageIsError)
    }

    @Test("R: the footer waits for every source, then names the failing ones")
    func everySource() {
        var state = SourcesScreenTests.sourcesState()
        TUI.press(&state, .character("R"))
        Self.updated(&state) { sources in for index in sources.indices { sources[index].activity = index == 0 ? .refreshing : .queued } }
        Self.updated(&state) { sources in for index in sources.indices { sources[index].activity = index < 4 ? .idle : .refreshing } }
        #expect(state.message == "refreshing every source…")
        Self.updated(&state) { sources in for index in sources.indices { sources[index].activity = .idle } }
        #expect(state.message == "refreshed 5 sources; failed: platform-git, old-backstage, gitlab-infra" && state.messageIsError)
    }

    @Test("the row leaves out the error's lead that names the source, with or without where it was declared")
    func shortError() {
        var source = SourcesScreenTests.sources[2]
        #expect(SourceBadge.shortError(source) == "GET http://127.0.0.1:1/api/catalog/entities: connection refused")
        source.lastError = "/home/u/.config/cairn/config.yaml:4: source old-backstage: the url must be http or https"
        #expect(SourceBadge.shortError(source) == "the url must be http or https")
        source.lastError = "cannot link /s/sources/old-backstage.incoming: No space left on device"
        #expect(SourceBadge.shortError(source) == source.lastError)
    }

    @Test("a stale source's outcome says its last good entities stay")
    func staleOutcome() {
        var state = SourcesScreenTests.sourcesState()
        TUI.press(&state, .character("j"), .character("r"))
        Self.updated(&state) { $0[1].activity = .refreshing }
        Self.updated(&state) { $0[1].activity = .idle }
        #expect(state.message == "platform-git failed, its last good entities stay: git fetch file:///srv/platform.git failed: repository not found; check the url")
        #expect(state.messageIsError)
    }
}
