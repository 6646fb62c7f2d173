import Foundation
import LoopbackFixtures
import Testing

/// PagerDuty in the portal as a user meets it: `pagerduty:` in the config file, the key in the
/// variable it names, and the portal's poller filling the detail pane and the Incidents view
/// from the (fixture) API.
@Suite("cairn portal with PagerDuty in tmux", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed; the portal end-to-end tests run cairn inside tmux"))
struct PagerDutyTUITests {
    static let catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: shop-team
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
          owner: shop-team

        """

    /// A session whose config file names a catalog of one annotated component and the fixture's
    /// API, with the fixture's key in PD_TOKEN; started at `width`×`height`.
    func session(port: Int, width: Int, height: Int, environment: [String: String?] = [:]) throws -> TmuxSession {
        let session = try TmuxSession()
        let folder = session.state + "/config/cairn"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.catalog.write(toFile: session.state + "/catalog.yaml", atomically: true, encoding: .utf8)
        let config = """
            catalog: \(session.state)/catalog.yaml
            pagerduty: {tokenEnv: PD_TOKEN, apiUrl: "http://127.0.0.1:\(port)"}

            """
        try config.write(toFile: folder + "/config.yaml", atomically: true, encoding: .utf8)
        var overrides: [String: String?] = ["PD_TOKEN": "pd-e2e-key"]
        for (key, value) in environment { overrides[key] = value }
        try session.start(width: width, height: height, command: [CairnProcess.binary], environment: session.environment(overrides))
        return session
    }

    @Test("the detail pane shows who is on call and the open incidents; the Incidents view lists them, triggered high first")
    func onCallAndIncidents() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py", ["--token", "pd-e2e-key"])
        defer { server.stop() }
        let session = try session(port: server.port, width: 140, height: 40)
        defer { session.close() }
        // Side by side: the detail of the selected (only) component fills in once PagerDuty answers.
        let detail = try session.waitFor("On call     Alice Adams (L1, until", "Checkout latency above 2 s", "PagerDuty   Checkout (PCHECKOUT)")
        #expect(detail.contains("#101 triggered high"), "\(detail)")
        #expect(detail.contains("Bob Builder (L2"), "the next level on the following line")
        try session.press("i")
        let incidents = try session.waitFor("Incidents (4 paged)", "#101 high urgency")
        let lines = TmuxSession.lines(of: incidents)
        let first = try #require(lines.firstIndex { $0.contains("#101 high urgency") })
        #expect(lines[first].contains("PAGE  component:checkout"), "\(lines[first])")
        #expect(lines[first + 1].contains("Checkout latency above 2 s"))
        #expect(lines[first + 2].contains("on-call Alice Adams"))
        let acknowledged = try #require(lines.firstIndex { $0.contains("#106 low urgency") })
        #expect(first < acknowledged, "acknowledged low urgency comes last")
        try session.press("Enter")
        try session.waitFor("On call     Alice Adams")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }

    @Test("80×24, NO_COLOR, LANG=C: ASCII only, and a missing key is said instead of an empty list",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func asciiAndMissingKey() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py", ["--token", "pd-e2e-key"])
        defer { server.stop() }
        let session = try session(port: server.port, width: 80, height: 24, environment: ["NO_COLOR": "1", "LANG": "C"])
        defer { session.close() }
        try session.waitFor("checkout")
        try session.press("Enter")
        let detail = try session.waitFor("On call     Alice Adams (L1, until", "#101 triggered high")
        #expect(detail.unicodeScalars.allSatisfy { $0.isASCII }, "\(detail)")
        try session.press("i")
        let incidents = try session.waitFor("P PAGE  component:checkout")
        #expect(incidents.unicodeScalars.allSatisfy { $0.isASCII }, "\(incidents)")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))

        let unset = try self.session(port: server.port, width: 80, height: 24, environment: ["PD_TOKEN": nil])
        defer { unset.close() }
        try unset.waitFor("checkout")
        try unset.press("i")
        try unset.waitFor("PagerDuty: the environment variable PD_TOKEN")
        try unset.press("q")
        #expect(try unset.waitForExit() == .status(0))
    }
}
