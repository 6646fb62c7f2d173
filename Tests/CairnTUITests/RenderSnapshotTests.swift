import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// Whole screens compared line by line with what a user should see. Each grid was checked by
/// eye; a change to any of these screens shows up here as a readable diff.
@Suite("Render snapshots")
struct RenderSnapshotTests {
    let team = TUI.catalog(TestCatalogs.team)

    /// Compares two grids line by line, so a failure names the row that differs.
    func expectLines(_ canvas: Canvas, _ expected: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let actual = canvas.lines
        #expect(actual.count == expected.count, "rows", sourceLocation: sourceLocation)
        for (row, (line, want)) in zip(actual, expected).enumerated() where line != want {
            Issue.record("row \(row):\n  got  \(line.debugDescription)\n  want \(want.debugDescription)", sourceLocation: sourceLocation)
        }
        TUI.expectWellFormed(canvas, sourceLocation: sourceLocation)
    }

    /// An empty row of a pane `inner` columns wide.
    func emptyRow(_ inner: Int) -> String { "│" + String(repeating: " ", count: inner) + "│" }

    @Test("the catalog list at 80x24")
    func catalogList() {
        expectLines(TUI.screen(TUI.state(team)), [
            " cairn  │ 9 entities │ cache 2m ago │ alice",
            "┌─ Catalog (9) · by name ──────────────────────────────────────────────────────┐",
            "│  NAME                         KIND       OWNER           LIFECYCLE    HEALTH │",
            "│▶ alice                        User                                           │",
            "│  commerce                     Domain     team-x                              │",
            "│  ledger-db                    Resource   team-x                       ?      │",
            "│  payments                     System     team-x                              │",
            "│  payments-api                 API        team-x          production   ?      │",
            "│  payments-service             Component  team-x          production   ?      │",
            "│  storefront-web               Component  team-y          experimental ?      │",
            "│  team-x                       Group                                          │",
            "│  team-y                       Group                                          │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "Enter open  / filter  e edit  p provision  J jobs  : command  ? help  q quit",
        ])
    }

    @Test("the list and the detail side by side at 160x48")
    func listAndDetail() {
        var state = TUI.state(team, width: 160, height: 48)
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        expectLines(TUI.screen(state), [
            " cairn  │ 9 entities │ cache 2m ago │ alice",
            "┌─ Catalog (9) · by name ─────────────────────────────────────────────────────────┐┌─ component:default/payments-service ──────────────────────────────────────┐",
            "│  NAME                            KIND       OWNER           LIFECYCLE    HEALTH ││  Payments Service                                                         │",
            "│  alice                           User                                           ││  Captures and refunds payments.                                           │",
            "│  commerce                        Domain     team-x                              ││                                                                           │",
            "│  ledger-db                       Resource   team-x                       ?      ││  Kind        Component · service                                          │",
            "│  payments                        System     team-x                              ││  Lifecycle   production                                                   │",
            "│  payments-api                    API        team-x          production   ?      ││  Owner       Team X (group:team-x)                                        │",
            "│▶ payments-service                Component  team-x          production   ?      ││              members: alice                                               │",
            "│  storefront-web                  Component  team-y          experimental ?      ││              on-call: alice                                               │",
            "│  team-x                          Group                                          ││  System      Payments (system:payments)                                   │",
            "│  team-y                          Group                                          ││  Domain      Commerce (domain:commerce)                                   │",
            "│                                                                                 ││  Tags        pci, kotlin                                                  │",
            "│                                                                                 ││  Source      t.yaml:45:1                                                  │",
            "│                                                                                 ││                                                                           │",
            "│                                                                                 ││  Relations                                                                │",
            "│                                                                                 ││    dependsOn                                                              │",
            "│                                                                                 ││      resource:default/ledger-db                                           │",
            "│                                                                                 ││    ownedBy                                                                │",
            "│                                                                                 ││      group:default/team-x                                                 │",
            "│                                                                                 ││    partOf                                                                 │",
            "│                                                                                 ││      system:default/payments                                              │",
            "│                                                                                 ││    providesApi                                                            │",
            "│                                                                                 ││      api:default/payments-api                                             │",
        ] + Array(repeating: emptyRow(81) + emptyRow(75), count: 22) + [
            "└─────────────────────────────────────────────────────────────────────────────────┘└─ [Overview] Health Docs Audit · [ ] ──────────────────────────────────────┘",
            "Enter open  / filter  e edit  p provision  J jobs  : command  ? help  q quit",
        ])
    }

    @Test("the detail alone at 80x24, the link cursor on the owner, the rest scrolled off")
    func detailAlone() {
        var state = TUI.state(team)
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        TUI.press(&state, .enter)
        expectLines(TUI.screen(state), [
            " cairn  │ 9 entities │ cache 2m ago │ alice",
            "┌─ component:default/payments-service ─────────────────────────────────────────┐",
            "│  Payments Service                                                            │",
            "│  Captures and refunds payments.                                              │",
            "│                                                                              │",
            "│  Kind        Component · service                                             │",
            "│  Lifecycle   production                                                      │",
            "│▶ Owner       Team X (group:team-x)                                           │",
            "│              members: alice                                                  │",
            "│              on-call: alice                                                  │",
            "│  System      Payments (system:payments)                                      │",
            "│  Domain      Commerce (domain:commerce)                                      │",
            "│  Tags        pci, kotlin                                                     │",
            "│  Source      t.yaml:45:1                                                     │",
            "│                                                                              │",
            "│  Relations                                                                   │",
            "│    dependsOn                                                                 │",
            "│      resource:default/ledger-db                                              │",
            "│    ownedBy                                                                   │",
            "│      group:default/team-x                                                    │",
            "│    partOf                                                                    │",
            "│      system:default/payments                                                 │",
            "└─ [Overview] Health Docs Audit · [ ] ─────────────────────────────── 1-20/22 ─┘",
            "Enter follow  Esc back  j/k links  e edit  [ ] tabs  Tab list  ? help  q quit",
        ])
    }

    @Test("a quarantined entity: the marker, then its problems with file:line:column")
    func quarantinedDetail() {
        var state = TUI.state(TUI.catalog(TestCatalogs.broken))
        TUI.press(&state, .character("!"), .enter)
        expectLines(TUI.screen(state), [
            " cairn  │ 3 entities, 1 quarantined │ cache 2m ago │ alice",
            "┌─ component:default/orphan-service ───────────────────────────────────────────┐",
            "│  ✗ QUARANTINED: not trusted until its problems are fixed                     │",
            "│  orphan-service                                                              │",
            "│                                                                              │",
            "│  Kind        Component · service                                             │",
            "│  Lifecycle   production                                                      │",
            "│  Source      t.yaml:9:1                                                      │",
            "│                                                                              │",
            "│  Problems                                                                    │",
            "│    t.yaml:14:3 error                                                         │",
            "│      spec.owner is missing; a Component needs it (the owning group, e.g.     │",
            "│      team-a or group:team-a)                                                 │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "└─ [Overview] Health Docs Audit · [ ] ─────────────────────────────────────────┘",
            "Enter follow  Esc back  j/k links  e edit  [ ] tabs  Tab list  ? help  q quit",
        ])
    }

    @Test("ASCII without colour, grouped by owner: no box drawing, [?] for unknown health where health applies")
    func asciiGrouped() {
        var state = TUI.state(team, isUnicode: false, isColor: false)
        TUI.press(&state, .character("t"))
        expectLines(TUI.screen(state), [
            " cairn  | 9 entities | by owner | cache 2m ago | alice",
            "+- Catalog (9) | by name ------------------------------------------------------+",
            "|  NAME                         KIND       OWNER           LIFECYCLE    HEALTH |",
            "|v Team X (5)                                                                  |",
            "|  commerce                     Domain     team-x                              |",
            "|  ledger-db                    Resource   team-x                       [?]    |",
            "|  payments                     System     team-x                              |",
            "|  payments-api                 API        team-x          production   [?]    |",
            "|  payments-service             Component  team-x          production   [?]    |",
            "|v team-y (1)                                                                  |",
            "|  storefront-web               Component  team-y          experimental [?]    |",
            "|v (no owner) (3)                                                              |",
            "|> alice                        User                                           |",
            "|  team-x                       Group                                          |",
            "|  team-y                       Group                                          |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "+------------------------------------------------------------------------------+",
            "grouped by owner",
        ])
    }

    @Test("the problems screen at 80x24: the list, a separator, the selected problem in full")
    func problems() {
        var state = TUI.state(TUI.catalog(TestCatalogs.broken))
        TUI.press(&state, .character("!"), .character("j"))
        expectLines(TUI.screen(state), [
            " cairn  │ 3 entities, 1 quarantined │ cache 2m ago │ alice",
            "┌─ Problems: 1 error, 1 warning, 1 quarantined ────────────────────────────────┐",
            "│  LOCATION      PROBLEM                                                       │",
            "│  t.yaml:14:3   error component:default/orphan-service: spec.owner is missing;│",
            "│▶ t.yaml:25:15  warning component:default/billing-service: spec.dependsOn refe│",
        ] + Array(repeating: emptyRow(78), count: 13) + [
            "│──────────────────────────────────────────────────────────────────────────────│",
            "│  t.yaml:25:15: warning: component:default/billing-service: spec.dependsOn    │",
            "│  refers to component:default/ghost, which is not in the catalog; add that    │",
            "│  entity or fix the reference                                                 │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "Enter open  Esc back  j/k move  ? help  q quit",
        ])
    }

    @Test("a terminal under 80x24 says so instead of drawing garbled panes")
    func tooSmall() {
        expectLines(TUI.screen(TUI.state(team, width: 60, height: 20)), [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "                     terminal too small",
            "                  (need 80x24, have 60x20)",
            "               enlarge it, or press q to quit",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ])
    }
}
