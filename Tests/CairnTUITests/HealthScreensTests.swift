import CairnCatalog
import CairnHealth
@testable import CairnTUI
import Foundation
import Testing

@Suite("Health on screen: badges, Health tab, incidents")
struct HealthScreensTests {
    /// The sample catalog with orders-db failing, payments-service warning, auth-service passing.
    static func stateWithHealth(width: Int = 120, height: Int = 40, isUnicode: Bool = true, isColor: Bool = true) throws -> AppState {
        var state = TUI.state(try TUI.samples(), width: width, height: height, isUnicode: isUnicode, isColor: isColor)
        var samples: [HealthSample] = []
        for (index, latency) in [12, 15, 40, 90, 20, 14].enumerated() {
            samples.append(HealthSample(entityRef: TUI.ref("component:default/auth-service"), status: index == 3 ? .warn : .pass, httpStatus: 200,
                                        latencyMilliseconds: latency, checkedAt: TUI.now.addingTimeInterval(Double(index - 6) * 15), reason: "ok"))
        }
        samples.append(HealthSample(entityRef: TUI.ref("resource:default/orders-db"), status: .fail, httpStatus: 503, latencyMilliseconds: 8,
                                    checkedAt: TUI.now.addingTimeInterval(-5), reason: "status DOWN, HTTP 503"))
        samples.append(HealthSample(entityRef: TUI.ref("component:default/payments-service"), status: .warn, httpStatus: 200, latencyMilliseconds: 1_700,
                                    checkedAt: TUI.now.addingTimeInterval(-3), reason: "slow: 1700 ms"))
        _ = reduce(&state, .healthUpdated(HealthBoard(samples: samples, catalog: state.catalog, graph: state.graph)))
        return state
    }

    @Test("list badges: a glyph and a word per status, impacted for what depends on a failure, readable without colour")
    func listBadges() throws {
        for isColor in [true, false] {
            var state = try Self.stateWithHealth(isColor: isColor)
            TUI.type(&state, "/orders-")
            let screen = TUI.screen(state)
            TUI.expectWellFormed(screen)
            let db = try #require(TUI.row(containing: "orders-db", in: screen))
            #expect(screen.lines[db].contains("✖ FAIL"))
            #expect(TUI.role(of: "✖ FAIL", y: db, in: screen) == .badgeFail)
            let service = try #require(TUI.row(containing: "orders-service", in: screen))
            #expect(screen.lines[service].contains("◆ impct"), "orders-service depends on the failing orders-db")
        }
    }

    @Test("ASCII badges when the locale is not UTF-8")
    func asciiBadges() throws {
        var state = try Self.stateWithHealth(isUnicode: false)
        TUI.type(&state, "/orders-")
        let screen = TUI.screen(state)
        #expect(screen.lines.contains { $0.contains("x FAIL") })
        #expect(screen.lines.contains { $0.contains("~ impct") })
        #expect(screen.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }

    @Test("the Health tab: status, endpoint, a latency sparkline coloured by status, the last checks newest first")
    func healthTab() throws {
        var state = try Self.stateWithHealth()
        TUI.type(&state, "/auth-service")
        TUI.press(&state, .enter, .enter, .character("]"))
        #expect(state.detailTab == .health)
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("[Health]"))
        #expect(text.contains("Endpoint    http://127.0.0.1:"))
        let spark = try #require(TUI.row(containing: "▁", in: screen))
        #expect(screen.lines[spark].contains("▁▁▃█▁▁"), "12, 15, 40, 90, 20, 14 ms")
        #expect(screen.lines[spark].contains("12–90 ms"))
        let warnColumn = try #require(screen.lines[spark].range(of: "█")).lowerBound
        #expect(screen[TerminalText.width(String(screen.lines[spark][..<warnColumn])), spark].role == .badgeWarn, "the warning check is yellow")
        let newest = try #require(TUI.row(containing: "TIME (UTC)", in: screen)) + 1
        #expect(screen.lines[newest].contains("01-12 13:48:25"), "newest first: \(screen.lines[newest])")
        TUI.press(&state, .character("["))
        #expect(state.detailTab == .overview)
    }

    @Test("incidents: one key, largest blast radius first, with reason, owner, on-call and what is impacted")
    func incidents() throws {
        var state = try Self.stateWithHealth()
        TUI.press(&state, .character("i"))
        #expect(state.screen == .incidents)
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let text = screen.lines.joined(separator: "\n")
        #expect(text.contains("Incidents (1 failing, 1 warning)"))
        let db = try #require(TUI.row(containing: "resource:orders-db", in: screen))
        let payments = try #require(TUI.row(containing: "component:payments-service", in: screen))
        #expect(db < payments, "orders-db has the larger blast radius")
        #expect(screen.lines[db].contains("blast radius 10"))
        #expect(screen.lines[db + 1].contains("status DOWN, HTTP 503"))
        #expect(screen.lines[db + 1].contains("owner"))
        #expect(screen.lines[db + 2].contains("impacts"))
        #expect(screen.lines[db + 2].contains("component:orders-service"))
        #expect(screen.lines[payments + 1].contains("on-call PagerDuty service"))
        TUI.press(&state, .character("j"), .enter)
        #expect(state.detail.ref == TUI.ref("component:default/payments-service"))
        #expect(state.detailTab == .health, "Enter opens the Health tab of the incident")
    }

    @Test("incidents at 80×24 stay well formed and page; an empty board says how health arrives")
    func incidentsSmall() throws {
        var state = TUI.state(try TUI.samples())
        TUI.press(&state, .character("i"))
        #expect(TUI.screen(state).lines.joined().contains("No health checks yet"))
        let catalog = state.catalog
        let samples = catalog.entities.filter { $0.annotation("cairn.dev/health-url") != nil }.map {
            HealthSample(entityRef: $0.ref, status: .fail, httpStatus: nil, latencyMilliseconds: 0, checkedAt: TUI.now, reason: "connection refused")
        }
        _ = reduce(&state, .healthUpdated(HealthBoard(samples: samples, catalog: catalog, graph: state.graph)))
        TUI.press(&state, .character("G"))
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        #expect(state.incidentSelection == samples.count - 1)
        #expect(state.incidentTop > 0, "scrolled to the last incident")
        #expect(screen.lines.contains { $0.contains("\(samples.count)/\(samples.count)") })
    }

    @Test("the status line counts health; r asks for a check now")
    func statusLineAndRecheck() throws {
        var state = try Self.stateWithHealth()
        let status = TUI.screen(state).lines[0]
        #expect(status.contains("health 1 ok, 1 warn, 1 FAIL 3s ago (i)"), "\(status)")
        TUI.type(&state, "/payments-service")
        TUI.press(&state, .enter)
        #expect(TUI.press(&state, .enter) == [])
        #expect(TUI.press(&state, .character("r")) == [.checkHealth([TUI.ref("component:default/payments-service")])])
    }
}
