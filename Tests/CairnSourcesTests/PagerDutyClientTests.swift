import CairnHTTP
import CairnSources
import Foundation
import LoopbackFixtures
import Testing

/// The PagerDuty client against `Tests/Fixtures/hosted-apis/pagerduty.py`, PagerDuty's REST API
/// v2 shapes on loopback. Waits on 429 go through an injected sleep that only records them.
@Suite("PagerDuty client against a loopback REST API", .serialized)
struct PagerDutyClientTests {
    static let key = "pd-test-key"

    /// Records each wait instead of sleeping.
    final class SleepLog: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [TimeInterval] = []
        var waits: [TimeInterval] { lock.withLock { recorded } }
        func sleep(_ seconds: TimeInterval) { lock.withLock { recorded.append(seconds) } }
    }

    static func client(_ server: FixtureServer, key: String = key, log: SleepLog = SleepLog()) -> PagerDutyClient {
        PagerDutyClient(settings: PagerDutySettings(token: key, apiURL: server.url("")), sleep: { log.sleep($0) })
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// What the fixture was asked: path, query items, whether the key matched, the Accept header.
    static func requests(_ server: FixtureServer) throws -> [(path: String, query: [URLQueryItem], isAuthorized: Bool, accept: String)] {
        let response = HTTPClient().perform([HTTPRequest(url: server.url("/_requests"))])[0]
        let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
        return list.map { item in
            let query = URLComponents(string: "http://x/?" + (item["query"] as? String ?? ""))?.queryItems ?? []
            return (item["path"] as? String ?? "", query, item["authorized"] as? Bool ?? false, item["accept"] as? String ?? "")
        }
    }

    @Test("who is on call now, by escalation level, with when each shift ends (none for someone named directly)")
    func onCallByLevel() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py")
        defer { server.stop() }
        let report = try Self.client(server).statuses(ofServices: ["PCHECKOUT"])
        let checkout = try #require(try report.services["PCHECKOUT"]?.get())
        #expect(checkout.name == "Checkout")
        #expect(checkout.escalationPolicyID == "PEP1" && checkout.escalationPolicyName == "Checkout on-call")
        #expect(checkout.url == "https://acme.pagerduty.example/services/PCHECKOUT")
        #expect(checkout.onCall == [
            OnCallShift(escalationLevel: 1, userName: "Alice Adams", userID: "PALICE", userURL: "https://acme.pagerduty.example/users/PALICE",
                        scheduleName: "Primary", start: Self.date("2030-01-15T09:00:00Z"), end: Self.date("2030-01-16T09:00:00Z")),
            OnCallShift(escalationLevel: 2, userName: "Bob Builder", userID: "PBOB", userURL: "https://acme.pagerduty.example/users/PBOB",
                        scheduleName: "Secondary", start: Self.date("2030-01-14T08:00:00Z"), end: Self.date("2030-01-21T08:00:00Z")),
            OnCallShift(escalationLevel: 2, userName: "Carol Chen", userID: "PCAROL", userURL: "https://acme.pagerduty.example/users/PCAROL"),
        ])
        #expect(checkout.firstResponders.map(\.userName) == ["Alice Adams"])
        #expect(checkout.onCall.map(\.isPermanent) == [false, false, true])
        let asked = try Self.requests(server)
        let onCalls = try #require(asked.first { $0.path == "/oncalls" })
        #expect(onCalls.query.contains(URLQueryItem(name: "escalation_policy_ids[]", value: "PEP1")))
        #expect(onCalls.query.contains(URLQueryItem(name: "earliest", value: "true")))
        #expect(asked.allSatisfy { $0.isAuthorized && $0.accept == "application/vnd.pagerduty+json;version=2" })
    }

    @Test("open incidents of several services come over two pages (more: true), each to its service, newest first, any age")
    func incidentsAcrossPages() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py")
        defer { server.stop() }
        let report = try Self.client(server).statuses(ofServices: ["PCHECKOUT", "PPAYMENTS", "PSEARCH", "PNOINCIDENTS"])
        let checkout = try #require(try report.services["PCHECKOUT"]?.get())
        #expect(checkout.openIncidents.map(\.number) == [101, 102, 105, 106])
        let first = try #require(checkout.openIncidents.first)
        #expect(first.id == "PINC0101" && first.title == "Checkout latency above 2 s")
        #expect(first.status == .triggered && first.urgency == .high && first.serviceID == "PCHECKOUT")
        #expect(first.url == "https://acme.pagerduty.example/incidents/PINC0101")
        #expect(abs(first.createdAt.timeIntervalSinceNow + 3600) < 120, "created an hour before the fixture started")
        #expect(checkout.openIncidents.map(\.status) == [.triggered, .acknowledged, .triggered, .acknowledged])
        #expect(try report.services["PPAYMENTS"]?.get().openIncidents.map(\.number) == [103])
        #expect(try report.services["PSEARCH"]?.get().openIncidents.map(\.number) == [107], "90 days old: date_range=all")
        #expect(try report.services["PNOINCIDENTS"]?.get().openIncidents == [])
        #expect(try report.services["PSEARCH"]?.get().onCall.map(\.userName) == ["Dana Diaz"])

        let incidentPages = try Self.requests(server).filter { $0.path == "/incidents" }
        #expect(incidentPages.map { $0.query.first { $0.name == "offset" }?.value } == ["0", "3"])
        let query = try #require(incidentPages.first?.query)
        #expect(query.filter { $0.name == "service_ids[]" }.map(\.value) == ["PCHECKOUT", "PPAYMENTS", "PSEARCH", "PNOINCIDENTS"])
        #expect(query.filter { $0.name == "statuses[]" }.map(\.value) == ["triggered", "acknowledged"])
        #expect(report.requests == 4 + 2 + 2, "four services, then two pages of incidents and two of on-call entries (three a page here)")
    }

    @Test("a 429 is waited out as Retry-After asks (through the injected sleep), then the request succeeds")
    func rateLimitedOnce() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py", ["--throttle", "1"])
        defer { server.stop() }
        let log = SleepLog()
        let report = try Self.client(server, log: log).statuses(ofServices: ["PCHECKOUT"])
        #expect(log.waits == [1])
        #expect(report.rateLimitWaits == [1])
        #expect(try report.services["PCHECKOUT"]?.get().openIncidents.count == 4)
        #expect(report.requests == 1 + 1 + 2 + 1)

        let resetOnly = try FixtureServer("hosted-apis/pagerduty.py", ["--throttle", "2", "--retry-after", "7", "--reset-only"])
        defer { resetOnly.stop() }
        let resetLog = SleepLog()
        let resetReport = try Self.client(resetOnly, log: resetLog).statuses(ofServices: ["PSEARCH"])
        #expect(resetLog.waits == [7, 7], "ratelimit-reset alone is honoured")
        #expect(try resetReport.services["PSEARCH"]?.get().onCall.count == 1)
    }

    @Test("when the rate limit asks for more than 60 s in all, the client gives up with a message per service")
    func rateLimitedTooLong() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py", ["--throttle", "1000", "--retry-after", "40"])
        defer { server.stop() }
        let log = SleepLog()
        let report = try Self.client(server, log: log).statuses(ofServices: ["PCHECKOUT", "PSEARCH"])
        #expect(log.waits == [40])
        for id in ["PCHECKOUT", "PSEARCH"] {
            guard case .failure(let error)? = report.services[id] else {
                Issue.record("\(id) should have failed")
                continue
            }
            #expect(error.reason == .rateLimited)
            #expect(error.message == "PagerDuty service \(id): PagerDuty is rate limiting this API key (429 Too Many Requests): it asks for 40 s more after 40 s of waiting; try again later")
        }
    }

    @Test("an unknown service and an id that cannot be one fail on their own; the others are read")
    func unknownService() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py")
        defer { server.stop() }
        let report = try Self.client(server).statuses(ofServices: ["PCHECKOUT", "PNOPE", "../users", "PCHECKOUT"])
        #expect(report.services.count == 3)
        #expect(try report.services["PCHECKOUT"]?.get().onCall.count == 3)
        #expect(report.services["PNOPE"] == .failure(PagerDutyError(.serviceNotFound,
            "PagerDuty service PNOPE: not found (404); check the pagerduty.com/service-id annotation")))
        guard case .failure(let invalid)? = report.services["../users"] else {
            Issue.record("../users should have failed")
            return
        }
        #expect(invalid.reason == .serviceNotFound && invalid.message.contains("not a service id"))
        #expect(try Self.requests(server).filter { $0.path.hasPrefix("/services/") }.map(\.path) == ["/services/PCHECKOUT", "/services/PNOPE"])
    }

    @Test("a refused key is thrown once, without the key; the settings never show it")
    func tokenRefused() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py")
        defer { server.stop() }
        let wrong = "u+wrongkey-91cc"
        #expect {
            try Self.client(server, key: wrong).statuses(ofServices: ["PCHECKOUT", "PSEARCH"])
        } throws: { error in
            guard let error = error as? PagerDutyError else { return false }
            return error.reason == .tokenRefused && error.message.contains("401") && !error.message.contains(wrong)
        }
        let settings = PagerDutySettings(token: wrong)
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!"\(settings)".contains(wrong) && !String(reflecting: settings).contains(wrong) && !dumped.contains(wrong))
        #expect(settings.apiURL == "https://api.pagerduty.com")
    }

    @Test("a server error on the incidents list and an unreachable API are reported per service")
    func failures() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py", ["--fail-path", "/incidents"])
        defer { server.stop() }
        let report = try Self.client(server).statuses(ofServices: ["PCHECKOUT"])
        #expect(report.services["PCHECKOUT"] == .failure(PagerDutyError(.unexpectedAnswer,
            "PagerDuty service PCHECKOUT: GET /incidents: HTTP 500: Internal Server Error")))

        let closed = PagerDutyClient(settings: PagerDutySettings(token: Self.key, apiURL: "http://127.0.0.1:1/"))
        let unreachable = try closed.statuses(ofServices: ["PCHECKOUT"])
        #expect(unreachable.services["PCHECKOUT"] == .failure(PagerDutyError(.unreachable,
            "PagerDuty service PCHECKOUT: GET http://127.0.0.1:1/services/PCHECKOUT: connection refused")))

        #expect(throws: PagerDutyError.self) {
            try PagerDutyClient(settings: PagerDutySettings(token: Self.key, apiURL: "ftp://example.com")).statuses(ofServices: ["P1"])
        }
    }
}
