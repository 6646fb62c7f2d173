import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// The detail pane names the source that supplied an entity, how old its data is, and marks it
/// stale with the error when the source's last refresh failed.
@Suite("Detail pane: the source of an entity")
struct SourceDetailRowTests {
    static let component = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-x
    spec:
      type: team
      children: []
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: billing
    spec:
      type: service
      lifecycle: production
      owner: team-x

    """

    /// `billing`, read from the northwind source's tree, opened in the detail pane.
    static func state(_ source: SourceSummary, width: Int = 120, height: Int = 30, isUnicode: Bool = true) -> AppState {
        var state = TUI.state(TUI.catalog(component, file: "/state/sources/northwind/acme/billing/catalog-info.yaml"), width: width, height: height,
                              isUnicode: isUnicode)
        _ = reduce(&state, .sourcesUpdated([source]))
        TUI.press(&state, .character("/"))
        TUI.type(&state, "billing")
        TUI.press(&state, .enter, .enter)
        return state
    }

    static let fresh = SourceSummary(name: "northwind", kind: "github", folder: "/state/sources/northwind", isFetched: true,
                                     lastSuccessAt: TUI.now - 240, lastAttemptAt: TUI.now - 240, entityCount: 1, fileCount: 1)

    static var stale: SourceSummary {
        var source = fresh
        source.lastSuccessAt = TUI.now - 7200
        source.lastAttemptAt = TUI.now - 60
        source.lastError = "source northwind: GET https://api.github.com/orgs/northwind/repos: HTTP 502 Bad Gateway; the last good entities are kept"
        return source
    }

    @Test("a Source row: the source's name and kind and how old its data is; the file within the source's tree")
    func freshSource() {
        let screen = TUI.screen(Self.state(Self.fresh))
        TUI.expectWellFormed(screen)
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Source      northwind (github) · 4m ago"))
        #expect(text.contains("File        acme/billing/catalog-info.yaml:9:1"))
        #expect(!text.contains("stale"))
        #expect(!text.contains("/state/sources"), "the state folder is not spelled out")
    }

    @Test("a stale source: the mark with its age and the error, wrapped, under the Source row")
    func staleSource() throws {
        let screen = TUI.screen(Self.state(Self.stale))
        TUI.expectWellFormed(screen)
        let lines = screen.lines
        let row = try #require(TUI.row(containing: "Source      northwind (github) · 2h ago", in: screen))
        // Side by side at 120 columns the pane is narrow: the URL breaks rather than being cut.
        #expect(lines[row + 1].hasSuffix("││              ⚠ stale 2h: GET                           │"))
        #expect(lines[row + 2].hasSuffix("││              https://api.github.com/orgs/northwind/repo│"))
        #expect(lines[row + 3].hasSuffix("││              s: HTTP 502 Bad Gateway; the last good    │"))
        #expect(lines[row + 4].hasSuffix("││              entities are kept                         │"))
        #expect(lines[row + 5].contains("File        acme/billing/catalog-info.yaml:9:1"))
        #expect(TUI.role(of: "⚠ stale 2h", y: row + 1, in: screen) == .badgeWarn)
    }

    @Test("the stale mark stays while the source is being refreshed again, which the Source row says too; ASCII without the Unicode glyphs")
    func refreshingAndASCII() throws {
        var source = Self.stale
        source.activity = .refreshing
        let screen = TUI.screen(Self.state(source, isUnicode: false))
        TUI.expectWellFormed(screen)
        TUI.expectASCII(screen)
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Source      northwind (github) | 2h ago | refreshing~"))
        #expect(text.contains("! stale 2h: GET"))
        #expect(text.contains("entities are kept"))
    }

    @Test("an entity of the local catalog keeps its file as the Source row, whatever the sources")
    func localEntity() {
        var state = TUI.state(TUI.catalog(TestCatalogs.team))
        _ = reduce(&state, .sourcesUpdated([Self.stale]))
        TUI.press(&state, .character("/"))
        TUI.type(&state, "payments-service")
        TUI.press(&state, .enter, .enter)
        let text = TUI.screen(state).lines.joined(separator: "\n")
        #expect(text.contains("Source      t.yaml:"))
        #expect(!text.contains("northwind"))
    }

    @Test("a folder that only shares a prefix with the source's is not the source's")
    func prefixIsAFolder() {
        let source = SourceSummary(name: "north", kind: "git", folder: "/state/sources/north")
        #expect(source.supplies(file: "/state/sources/north/a.yaml"))
        #expect(!source.supplies(file: "/state/sources/northwind/a.yaml"))
        #expect(!source.supplies(file: "/state/sources/north"))
    }
}
