import Foundation
import LoopbackFixtures
import Testing

/// `cairn oncall` against a local server that answers as PagerDuty's REST API does.
@Suite("on-call end to end")
struct OnCallEndToEndTests {
    static let catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: checkout, annotations: {pagerduty.com/service-id: PCHECKOUT}}
        spec: {type: service, lifecycle: production, owner: team-a}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: ghost, annotations: {pagerduty.com/service-id: PNOSUCH}}
        spec: {type: service, lifecycle: production, owner: team-a}
        """

    func workspace(apiURL: String) throws -> (CairnProcess, String) {
        let cairn = CairnProcess()
        let catalog = cairn.state + "/catalog.yaml"
        try Self.catalog.write(toFile: catalog, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: cairn.state + "/config/cairn", withIntermediateDirectories: true)
        try "pagerduty:\n  tokenEnv: PD_TOKEN\n  apiUrl: \(apiURL)\n".write(toFile: cairn.state + "/config/cairn/config.yaml", atomically: true, encoding: .utf8)
        return (cairn, catalog)
    }

    @Test("on call by level and open incidents across pages; an unknown service fails alone (exit 1); a refused token says which variable")
    func onCall() throws {
        let server = try FixtureServer("hosted-apis/pagerduty.py")
        defer { server.stop() }
        let (cairn, catalog) = try workspace(apiURL: server.url(""))
        defer { cairn.remove() }

        let checkout = try cairn.run(["oncall", "checkout", "--catalog", catalog], environment: ["PD_TOKEN": "pd-test-key"])
        #expect(checkout.status == 0, "\(checkout.errors)")
        #expect(checkout.output.contains("on call L1: Alice"), "\(checkout.output)")
        #expect(checkout.output.contains("on call L2: Carol") && checkout.output.contains("(always)"))
        let incidentLines = checkout.output.split(separator: "\n").filter { $0.hasPrefix("  #") }
        #expect(incidentLines.count == 4, "four open incidents over two pages: \(checkout.output)")

        let all = try cairn.run(["oncall", "--json", "--catalog", catalog], environment: ["PD_TOKEN": "pd-test-key"])
        #expect(all.status == 1, "PNOSUCH cannot be read")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(all.output.utf8)) as? [[String: Any]])
        #expect(items.count == 2)
        #expect((items.first { $0["entityRef"] as? String == "component:default/ghost" }?["error"] as? String)?.contains("PNOSUCH") == true)
        #expect((items.first { $0["entityRef"] as? String == "component:default/checkout" }?["incidents"] as? [Any])?.count == 4)

        let refused = try cairn.run(["oncall", "--catalog", catalog], environment: ["PD_TOKEN": "wrong-key"])
        #expect(refused.status != 0)
        #expect(!refused.errors.contains("wrong-key"), "the token is never printed")
        let unset = try cairn.run(["oncall", "--catalog", catalog], environment: ["PD_TOKEN": ""])
        #expect(unset.status == 2 && unset.errors.contains("PD_TOKEN"), "\(unset.errors)")
    }
}
