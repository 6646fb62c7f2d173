import CairnCatalog
import CairnHealth
import CairnSources
@testable import CairnTUI
import Foundation
import Testing

/// PagerDuty in the portal: who is on call and the open incidents in the detail pane, the open
/// incidents on the Incidents screen beside failing checks, and what shows when PagerDuty
/// cannot say.
@Suite("PagerDuty on screen: detail rows and the Incidents view")
struct PagerDutyScreensTests {
    static let catalogText = """
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
      name: checkout
      annotations:
        pagerduty.com/service-id: PCHECKOUT
    spec:
      type: service
      lifecycle: production
      owner: team-x
      dependsOn: [component:ledger]
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: ledger
      annotations:
        pagerduty.com/service-id: PLEDGER
        cairn.dev/health-url: http://127.0.0.1:1/health
    spec:
      type: service
      lifecycle: production
      owner: team-x
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: ghost
      annotations:
        pagerduty.com/service-id: PGHOST
    spec:
      type: service
      lifecycle: production
      owner: team-x
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: newcomer
      annotations:
        pagerduty.com/service-id: PNEW
    spec:
      type: service
      lifecycle: production
      owner: team-x

    """

    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    /// TUI.now is Monday 1970-01-12 13:48:40 UTC.
    static let board = PagerDutyBoard(services: [
        "PCHECKOUT": .success(ServiceStatus(serviceID: "PCHECKOUT", name: "Checkout", escalationPolicyName: "Checkout on-call", onCall: [
            OnCallShift(escalationLevel: 1, userName: "kwame.mensah", scheduleName: "Primary", start: utc("1970-01-12T09:00:00Z"), end: utc("1970-01-12T18:00:00Z")),
            OnCallShift(escalationLevel: 2, userName: "bob.builder", scheduleName: "Secondary", start: utc("1970-01-12T09:00:00Z"), end: utc("1970-01-14T09:00:00Z")),
            OnCallShift(escalationLevel: 2, userName: "carol.chen"),
            OnCallShift(escalationLevel: 3, userName: "dana.diaz", end: utc("1970-02-01T09:00:00Z")),
        ], openIncidents: [
            PagerDutyIncident(id: "PINC1", number: 1234, title: "Checkout latency", status: .triggered, urgency: .high,
                              createdAt: TUI.now.addingTimeInterval(-12 * 60), url: nil, serviceID: "PCHECKOUT"),
            PagerDutyIncident(id: "PINC2", number: 1230, title: "Disk 80% on checkout-db", status: .acknowledged, urgency: .low,
                              createdAt: TUI.now.addingTimeInterval(-3 * 3600), url: nil, serviceID: "PCHECKOUT"),
        ])),
        "PLEDGER": .success(ServiceStatus(serviceID: "PLEDGER", name: "Ledger", onCall: [OnCallShift(escalationLevel: 1, userName: "li.wei")])),
        "PGHOST": .failure(PagerDutyError(.serviceNotFound, "PagerDuty service PGHOST: not found (404); check the pagerduty.com/service-id annotation")),
    ], fetchedAt: TUI.now.addingTimeInterval(-40))

    static func state(board: PagerDutyBoard? = board, width: Int = 120, height: Int = 40, isUnicode: Bool = true) -> AppState {
        var state = TUI.state(TUI.catalog(catalogText), width: width, height: height, isUnicode: isUnicode, isColor: isUnicode)
        state.timeZone = TimeZone(identifier: "UTC")!
        if let board { _ = reduce(&state, .pagerDutyUpdated(board)) }
        return state
    }

    /// The overview of `name`, opened from the list.
    static func detail(_ name: String, in state: inout AppState) -> Canvas {
        TUI.type(&state, "/" + name)
        TUI.press(&state, .enter, .enter)
        return TUI.screen(state)
    }

    static func text(_ canvas: Canvas) -> String { canvas.lines.joined(separator: "\n") }

    @Test("detail: the first responder with when the shift ends, further levels after, then +N more; open incidents; the data's age")
    func detailRows() throws {
        var narrow = Self.state()
        let cut = Self.text(Self.detail("checkout", in: &narrow))
        #expect(cut.contains("Checkout laten…  12m"), "a long title gives way to the age")

        var state = Self.state(width: 160)
        let screen = Self.detail("checkout", in: &state)
        TUI.expectWellFormed(screen)
        let onCall = try #require(TUI.row(containing: "On call", in: screen))
        #expect(screen.lines[onCall].contains("On call     kwame.mensah (L1, until 18:00)"), "\(screen.lines[onCall])")
        #expect(TUI.role(of: "kwame.mensah", y: onCall, in: screen) == .title, "who is paged first stands out")
        #expect(screen.lines[onCall + 1].contains("            bob.builder (L2, until Wed 09:00)"), "\(screen.lines[onCall + 1])")
        #expect(screen.lines[onCall + 2].contains("            +2 more"), "carol and dana are counted, not listed")
        let incidents = try #require(TUI.row(containing: "Incidents", in: screen))
        #expect(incidents == onCall + 3)
        #expect(screen.lines[incidents].contains("Incidents   #1234 triggered high  Checkout latency  12m"), "\(screen.lines[incidents])")
        #expect(TUI.role(of: "triggered", y: incidents, in: screen) == .badgeFail)
        #expect(screen.lines[incidents + 1].contains("#1230 acknowledged low  Disk 80% on checkout-db  3h"))
        #expect(TUI.role(of: "acknowledged", y: incidents + 1, in: screen) == .badgeWarn)
        #expect(screen.lines[incidents + 2].contains("PagerDuty   Checkout (PCHECKOUT) · 40s ago"))
    }

    @Test("detail: a permanent on-call reads always, nothing open reads none open")
    func detailNoneOpen() throws {
        var state = Self.state()
        let text = Self.text(Self.detail("ledger", in: &state))
        #expect(text.contains("On call     li.wei (L1, always)"))
        #expect(text.contains("Incidents   none open"))
        #expect(text.contains("PagerDuty   Ledger (PLEDGER) · 40s ago"))
    }

    @Test("detail: a service PagerDuty does not know shows its error dim in place; one not asked yet says asking")
    func detailErrors() throws {
        var state = Self.state()
        let screen = Self.detail("ghost", in: &state)
        let row = try #require(TUI.row(containing: "PagerDuty service PGHOST: not found (404)", in: screen))
        #expect(screen.lines[row].contains("PagerDuty   PagerDuty service PGHOST"))
        #expect(TUI.role(of: "PagerDuty service PGHOST", y: row, in: screen) == .dim)
        #expect(!Self.text(screen).contains("On call "))
        var other = Self.state()
        #expect(Self.text(Self.detail("newcomer", in: &other)).contains("PagerDuty   PNEW · asking…"))
    }

    @Test("detail: a failed ask keeps the last answer and its age, with the failure under it; without PagerDuty the annotation row stays")
    func detailFailureAndUnconfigured() throws {
        var state = Self.state()
        _ = reduce(&state, .pagerDutyUpdated(PagerDutyBoard(failure: "PagerDuty: PagerDuty refused the API key (401 Unauthorized)")))
        #expect(state.pagerDuty?.fetchedAt == Self.board.fetchedAt, "the earlier answer is kept")
        let text = Self.text(Self.detail("checkout", in: &state))
        #expect(text.contains("kwame.mensah (L1, until 18:00)"))
        #expect(text.contains("PagerDuty   Checkout (PCHECKOUT) · 40s ago"))
        #expect(text.contains("PagerDuty: PagerDuty refused the API key"), "wrapped under the age, not cut")
        #expect(text.contains("(401 Unauthorized)"))

        var plain = Self.state(board: nil)
        let unconfigured = Self.text(Self.detail("checkout", in: &plain))
        #expect(unconfigured.contains("PagerDuty   PCHECKOUT"))
        #expect(!unconfigured.contains("On call"))
    }

    @Test("Incidents: open pages beside failing checks, triggered high first, with entity, status, urgency, age and title; Enter opens the entity")
    func incidentsView() throws {
        var state = Self.state()
        let ledger = TUI.ref("component:default/ledger")
        let sample = HealthSample(entityRef: ledger, status: .fail, httpStatus: nil, latencyMilliseconds: 0, checkedAt: TUI.now, reason: "connection refused")
        _ = reduce(&state, .healthUpdated(HealthBoard(samples: [sample], catalog: state.catalog, graph: state.graph)))
        TUI.press(&state, .character("i"))
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let text = Self.text(screen)
        #expect(text.contains("Incidents (1 failing, 0 warning, 2 paged)"))
        #expect(text.contains("triggered high-urgency pages first, then failing checks by blast radius"))
        let page = try #require(TUI.row(containing: "#1234 high urgency", in: screen))
        let check = try #require(TUI.row(containing: "component:ledger", in: screen))
        let acknowledged = try #require(TUI.row(containing: "#1230 low urgency", in: screen))
        #expect(page < check && check < acknowledged, "triggered high, then the failing check, then acknowledged low")
        #expect(screen.lines[page].contains("☎ PAGE  component:checkout"))
        #expect(TUI.role(of: "#1234 high urgency", y: page, in: screen) == .selection, "the cursor starts on the most urgent")
        #expect(screen.lines[page + 1].contains("Checkout latency"))
        #expect(screen.lines[page + 2].contains("PagerDuty Checkout · triggered · opened 12m ago · on-call kwame.mensah"))
        #expect(screen.lines[check + 1].contains("on-call li.wei"), "a failing check names who PagerDuty pages now")
        #expect(screen.lines[acknowledged].contains("☎ ack"))
        #expect(TUI.role(of: "☎ ack", y: acknowledged, in: screen) == .badgeWarn)
        TUI.press(&state, .enter)
        #expect(state.detail.ref == TUI.ref("component:default/checkout"))
        #expect(state.detailTab == .overview, "the overview holds the on-call and incidents")
        TUI.press(&state, .character("i"), .character("j"), .enter)
        #expect(state.detail.ref == ledger)
        #expect(state.detailTab == .health)
    }

    @Test("Incidents: a failed ask is said, never an empty all-quiet list")
    func incidentsFailure() throws {
        var state = Self.state(board: PagerDutyBoard(failure: "the environment variable PD_TOKEN (pagerduty.tokenEnv) is not set"))
        TUI.press(&state, .character("i"))
        let text = Self.text(TUI.screen(state))
        #expect(text.contains("PagerDuty: the environment variable PD_TOKEN"))
        var quiet = Self.state(board: PagerDutyBoard(services: [:], fetchedAt: TUI.now))
        TUI.press(&quiet, .character("i"))
        #expect(Self.text(TUI.screen(quiet)).contains("No PagerDuty incident open."))
    }

    @Test("ASCII at 80×24: detail and Incidents draw with ASCII only")
    func ascii() throws {
        var state = Self.state(width: 80, height: 24, isUnicode: false)
        let detail = Self.detail("checkout", in: &state)
        TUI.expectWellFormed(detail)
        TUI.expectASCII(detail)
        let text = Self.text(detail)
        #expect(text.contains("kwame.mensah (L1, until 18:00)"))
        #expect(text.contains("PagerDuty   Checkout (PCHECKOUT) | 40s ago"))
        TUI.press(&state, .escape, .escape, .character("i"))
        #expect(state.screen == .incidents)
        let incidents = TUI.screen(state)
        TUI.expectWellFormed(incidents)
        TUI.expectASCII(incidents)
        #expect(Self.text(incidents).contains("P PAGE  component:checkout"))
    }
}
