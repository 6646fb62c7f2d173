import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// The detail pane's Audit tab: who did what to the entity and its jobs, read once per showing
/// in the background, as lines that read without colour and in ASCII.
@Suite("Audit tab")
struct AuditTabTests {
    let team = TUI.catalog(TestCatalogs.team)
    let ref = TUI.ref("component:default/payments-service")

    /// 2025-11-24 16:00:00 UTC and a little before.
    static func date(minusMinutes minutes: Double) -> Date { Date(timeIntervalSince1970: 1_764_000_000 - minutes * 60) }

    /// An edit, a refused cancel of one of the entity's jobs and a failed request, newest first.
    static let rows: [AuditRow] = [
        AuditRow(seq: 7, date: date(minusMinutes: 0), time: "2025-11-24T16:00:00.000Z", actor: "user:default/alice", action: "entity.edit",
                 target: "component:default/payments-service", parameters: ["file": "catalog/payments.yaml", "changed": "spec.lifecycle"], result: .ok),
        AuditRow(seq: 5, date: date(minusMinutes: 90), time: "2025-11-24T14:30:00.000Z", actor: "user:default/bob", action: "job.cancel", target: "job:12",
                 parameters: ["state": "running"], result: .denied,
                 detail: "only whoever requested job 12 (user:default/alice), members of group:default/team-x or a platform engineer may cancel it; you are user:bob"),
        AuditRow(seq: 3, date: date(minusMinutes: 600), time: "2025-11-24T06:00:00.000Z", actor: "unix:root", action: "provision.request",
                 target: "component:default/payments-service", parameters: ["type": "resourcetype:default/redis"], result: .failed, detail: "the driver failed"),
    ]

    /// payments-service open in the detail pane (the list alone below 100 columns), times in UTC.
    func opened(width: Int = 80, height: Int = 24, isUnicode: Bool = true, isColor: Bool = true) -> AppState {
        var state = TUI.state(team, width: width, height: height, isUnicode: isUnicode, isColor: isColor)
        state.timeZone = TimeZone(identifier: "UTC")!
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        TUI.press(&state, .enter)
        return state
    }

    /// `opened` on the Audit tab with `loaded` arrived.
    func onAuditTab(_ loaded: LoadedAudit?, width: Int = 80, height: Int = 24, isUnicode: Bool = true, isColor: Bool = true) -> AppState {
        var state = opened(width: width, height: height, isUnicode: isUnicode, isColor: isColor)
        TUI.press(&state, .character("]"), .character("]"), .character("]"))
        if let loaded { _ = reduce(&state, .auditLoaded(ref, loaded)) }
        return state
    }

    /// Compares two grids line by line, so a failure names the row that differs.
    func expectLines(_ canvas: Canvas, _ expected: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let actual = canvas.lines
        #expect(actual.count == expected.count, "rows", sourceLocation: sourceLocation)
        for (row, (line, want)) in zip(actual, expected).enumerated() where line != want {
            Issue.record("row \(row):\n  got  \(line.debugDescription)\n  want \(want.debugDescription)", sourceLocation: sourceLocation)
        }
        TUI.expectWellFormed(canvas, sourceLocation: sourceLocation)
    }

    func emptyRows(_ count: Int, inner: Int = 78, border: String = "│") -> [String] {
        Array(repeating: border + String(repeating: " ", count: inner) + border, count: count)
    }

    static let denial = "permission denied: cannot read the audit records of component:default/payments-service: you (user:bob) are not in "
        + "group:default/team-x, the owner of component:default/payments-service; ask one of its members or a platform engineer"

    // MARK: Loading

    @Test("the tab comes after API, for every kind, and asks for the shown entity's records once per showing")
    func loadsOncePerShowing() {
        var state = opened()
        #expect(state.detailTabs(for: state.detailEntity) == [.overview, .health, .docs, .audit], "no API tab for a component")
        #expect(state.detailTabs(for: team[TUI.ref("api:default/payments-api")]) == [.overview, .health, .docs, .api, .audit])
        #expect(state.detailTabs(for: team[TUI.ref("group:default/team-x")]).last == .audit)
        TUI.press(&state, .character("]"), .character("]"))
        #expect(TUI.press(&state, .character("]")) == [.loadAudit(ref)])
        #expect(state.detailTab == .audit)
        #expect(TUI.press(&state, .character("j")) == [], "asked once while the tab stays open")
        #expect(reduce(&state, .auditLoaded(ref, .records(Self.rows))) == [])
        #expect(TUI.press(&state, .character("[")) == [], "the Docs tab's files were read already")
        #expect(TUI.press(&state, .character("]")) == [.loadAudit(ref)], "shown again: read again, as records may have been added")
        #expect(TUI.screen(state).lines.contains { $0.contains("entity.edit") }, "the records on screen stay until the new ones arrive")
    }

    @Test("an action by this portal (a job command, an edit, a scaffold run) reads the log again: at once when the tab is on show, else when it is next shown")
    func refreshesAfterAnAction() {
        var state = onAuditTab(.records(Self.rows))
        #expect(reduce(&state, .jobCommandFinished(.done("job #12 cancelled"))) == [.loadAudit(ref)])
        #expect(reduce(&state, .editFinished(.saved(ref, file: "t.yaml", changes: ["spec.lifecycle"]))) == [.loadAudit(ref)])
        #expect(reduce(&state, .editFinished(.failed("permission denied: cannot edit"))) == [.loadAudit(ref)], "a refusal is recorded too")
        TUI.press(&state, .character("["))
        #expect(reduce(&state, .editFinished(.unchanged(ref))) == [], "not on show: nothing read now")
        #expect(state.detailTab == .docs)
    }

    @Test("moving the list on the Audit tab (side by side) asks for each entity shown, and an entity seen already is not read again until the tab is reopened")
    func followsTheSelection() {
        var state = TUI.state(team, width: 120, height: 30)
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        TUI.press(&state, .character("]"), .character("]"))
        #expect(TUI.press(&state, .character("]")) == [.loadAudit(ref)])
        #expect(TUI.press(&state, .character("j")) == [.loadAudit(TUI.ref("component:default/storefront-web"))])
        #expect(TUI.press(&state, .character("k")) == [])
    }

    // MARK: Rendering

    @Test("records at 80x24: local time, who, what (a job's records name the job), a badge that reads without colour; parameters and detail on dim lines")
    func recordsAt80Columns() {
        let state = onAuditTab(.records(Self.rows))
        let screen = TUI.screen(state)
        expectLines(screen, [
            " cairn  │ 9 entities │ cache 2m ago │ alice",
            "┌─ component:default/payments-service ─────────────────────────────────────────┐",
            "│  Payments Service                                                            │",
            "│                                                                              │",
            "│  3 records, newest first; times in UTC                                       │",
            "│                                                                              │",
            "│  TIME                 WHO         ACTION             RESULT                  │",
            "│  2025-11-24 16:00:00  user:alice  entity.edit        ✓ ok                    │",
            "│      changed=spec.lifecycle · file=catalog/payments.yaml                     │",
            "│  2025-11-24 14:30:00  user:bob    job.cancel job:12  ✖ denied                │",
            "│      state=running                                                           │",
            "│      only whoever requested job 12 (user:default/alice), members of          │",
            "│      group:default/team-x or a platform engineer may cancel it; you are      │",
            "│      user:bob                                                                │",
            "│  2025-11-24 06:00:00  unix:root   provision.request  ⚠ failed                │",
            "│      type=resourcetype:default/redis                                         │",
            "│      the driver failed                                                       │",
        ] + emptyRows(5) + [
            "└─ Overview Health Docs [Audit] · [ ] ─────────────────────────────────────────┘",
            "j/k scroll  [ ] tabs  e edit  Esc back  Tab list  ? help  q quit",
        ])
        #expect(TUI.role(of: "✓ ok", y: 7, in: screen) == .badgePass)
        #expect(TUI.role(of: "✖ denied", y: 9, in: screen) == .badgeFail)
        #expect(TUI.role(of: "⚠ failed", y: 14, in: screen) == .badgeWarn)
        #expect(TUI.role(of: "2025-11-24 16:00:00", y: 7, in: screen) == .dim)
        #expect(TUI.role(of: "state=running", y: 10, in: screen) == .dim)
        #expect(TUI.role(of: "the driver failed", y: 16, in: screen) == .dim)
    }

    @Test("times are shown in the user's zone")
    func localTime() {
        var state = onAuditTab(.records(Self.rows))
        state.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        let lines = TUI.screen(state).lines
        #expect(lines[4].contains("times in GMT+9") || lines[4].contains("times in JST"), "\(lines[4])")
        #expect(lines[7].contains("2025-11-25 01:00:00  user:alice"))
    }

    @Test("a narrow pane (side by side at 100 columns): time and result, then who and what, on two lines; long values break rather than vanish")
    func narrowPane() {
        var rows = Self.rows
        rows[0].parameters["file"] = "/srv/catalogs/northwind/services/payments/payments-service.yaml"
        let screen = TUI.screen(onAuditTab(.records(rows), width: 100, height: 30))
        let detail = screen.lines.map { String($0.dropFirst(53).dropLast()) }
        #expect(Array(detail[4...12]) == [
            "  3 records, newest first; times in UTC       ",
            "                                              ",
            "  2025-11-24 16:00:00  ✓ ok                   ",
            "    user:alice entity.edit                    ",
            "      changed=spec.lifecycle                  ",
            "      file=/srv/catalogs/northwind/services/pa",
            "      yments/payments-service.yaml            ",
            "  2025-11-24 14:30:00  ✖ denied               ",
            "    user:bob job.cancel job:12                ",
        ])
        #expect(screen.lines[28].contains("Overview Health Docs [Audit] ─"), "the tab hint gives way when the tabs need the room")
        TUI.expectWellFormed(screen)
    }

    @Test("a denied read shows the policy's reason instead of records")
    func deniedRead() {
        let screen = TUI.screen(onAuditTab(.denied(Self.denial)))
        expectLines(screen, [
            " cairn  │ 9 entities │ cache 2m ago │ alice",
            "┌─ component:default/payments-service ─────────────────────────────────────────┐",
            "│  Payments Service                                                            │",
            "│                                                                              │",
            "│  ✖ denied                                                                    │",
            "│  cannot read the audit records of component:default/payments-service: you    │",
            "│  (user:bob) are not in group:default/team-x, the owner of                    │",
            "│  component:default/payments-service; ask one of its members or a platform    │",
            "│  engineer                                                                    │",
        ] + emptyRows(13) + [
            "└─ Overview Health Docs [Audit] · [ ] ─────────────────────────────────────────┘",
            "j/k scroll  [ ] tabs  e edit  Esc back  Tab list  ? help  q quit",
        ])
        #expect(TUI.role(of: "✖ denied", y: 4, in: screen) == .badgeFail)
    }

    @Test("no records yet, still reading, and a log that cannot be read each say so")
    func emptyPendingAndFailed() {
        let empty = TUI.screen(onAuditTab(.records([]))).lines
        #expect(empty[4] == "│  No audit records for this entity yet.                                       │")
        #expect(empty[5].contains("Edits, resource requests, job decisions and refused attempts on it are"))
        #expect(TUI.screen(onAuditTab(nil)).lines[4] == "│  reading the audit log…                                                      │")
        let failed = TUI.screen(onAuditTab(.failed("cannot read the audit log (disk I/O error); check the database path")))
        #expect(failed.lines[4].contains("cannot read the audit log (disk I/O error); check the database path"))
        #expect(TUI.role(of: "cannot read", y: 4, in: failed) == .error)
    }

    @Test("ASCII and NO_COLOR: + ok, x denied, ! failed, ASCII separators, nothing outside ASCII")
    func asciiNoColor() {
        let screen = TUI.screen(onAuditTab(.records(Self.rows), isUnicode: false, isColor: false))
        TUI.expectASCII(screen)
        TUI.expectWellFormed(screen)
        let lines = screen.lines
        #expect(lines[7] == "|  2025-11-24 16:00:00  user:alice  entity.edit        + ok                    |")
        #expect(lines[8] == "|      changed=spec.lifecycle | file=catalog/payments.yaml                     |")
        #expect(lines[9] == "|  2025-11-24 14:30:00  user:bob    job.cancel job:12  x denied                |")
        #expect(lines[14] == "|  2025-11-24 06:00:00  unix:root   provision.request  ! failed                |")
        #expect(lines[22] == "+- Overview Health Docs [Audit] | [ ] -----------------------------------------+")
        let denied = TUI.screen(onAuditTab(.denied(Self.denial), isUnicode: false, isColor: false))
        TUI.expectASCII(denied)
        #expect(denied.lines[4].hasPrefix("|  x denied "))
    }

    @Test("records scroll like the Docs tab: j, G and PgUp over lines, with the position in the border")
    func scrolls() {
        let many = (1...40).map { number in
            AuditRow(seq: Int64(100 - number), date: Self.date(minusMinutes: Double(number)), time: "", actor: "user:default/alice", action: "entity.edit",
                     target: "component:default/payments-service", parameters: ["step": "\(number)"], result: .ok)
        }
        var state = onAuditTab(.records(many))
        let screen = TUI.screen(state)
        // Five lines of heading, then two a record (its line and its parameter).
        #expect(screen.lines[22].contains(" 1-20/85 "), "\(screen.lines[22])")
        TUI.press(&state, .character("j"), .character("j"))
        #expect(state.detail.scroll == 2)
        TUI.press(&state, .character("G"))
        #expect(state.detail.scroll == 85 - 20)
        #expect(TUI.screen(state).lines[21].contains("step=40"))
        TUI.press(&state, .pageUp)
        #expect(state.detail.scroll == 85 - 40)
    }

    @Test("what users typed reaches the screen sanitised: no escape sequence, control or bidi override, every row well formed")
    func hostileRecords() {
        let hostile = AuditRow(seq: 9, date: nil, time: "2025\u{1B}[31m-11-24\u{7}", actor: "sso:\u{1B}]0;PWNED\u{7}mallory\u{202E}", action: "entity.edit\r\nFAKE",
                               target: "job:1\u{9B}31m", parameters: ["note\u{1B}[2J": "a\tb\u{0}c\u{2066}d", "title": "line one\nline two 漢字"],
                               result: .denied, detail: "\u{1B}[1A\u{1B}[2Kwiped\u{8}\u{8}")
        for width in [80, 100] {
            let screen = TUI.screen(onAuditTab(.records([hostile]), width: width, height: 30))
            TUI.expectWellFormed(screen)
            for (y, line) in screen.lines.enumerated() {
                #expect(!line.unicodeScalars.contains(where: TUI.isHostile), "row \(y): \(line.debugDescription)")
            }
            let text = screen.lines.joined(separator: "\n")
            #expect(!text.contains("PWNED"), "an OSC title sequence is dropped whole")
            #expect(text.contains("mallory"))
            #expect(text.contains("wiped"))
            #expect(text.contains("漢字"))
        }
    }
}
