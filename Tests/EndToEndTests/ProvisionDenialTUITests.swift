import Foundation
import Testing

/// Access control seen from the portal: a developer of another team asks for a database for
/// payments-service with keys alone; the request screen says why it is refused, no job is
/// queued, and the denial is in the audit log under their name.
@Suite("cairn portal refuses a non-owner's request", .serialized)
struct ProvisionDenialTUITests {
    let samples = CairnProcess.repository + "/catalog-samples"

    @Test("grace.okafor (not in payments-team) requests PostgreSQL for payments-service: refused with the reason, audited",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
          .enabled(if: geteuid() == 0, "acting as a catalog user needs root (CAIRN_AS_USER)"))
    func nonOwnerIsRefused() throws {
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples], environment: ["CAIRN_AS_USER": "grace.okafor"])
        defer { session.close() }
        // The status line says who the portal acts as once the catalog is read.
        try session.waitFor("Catalog (", "grace.okafor · developer")
        try session.press("/")
        try session.type("payments-service")
        try session.press("Enter")
        try session.waitFor("▶ payments-service")
        try session.press("p")
        try session.waitFor("choose a type", "▶ PostgreSQL database")
        try session.press("Enter")
        try session.waitFor("PostgreSQL database · page 1 of")
        try session.press("Enter")
        try session.waitFor("· review", "Approvers")
        try session.press("Enter")
        let refused = try session.waitFor("permission denied")
        // The whole reason, wrapped inside the frame rather than cut.
        let text = refused.split(separator: "\n").map { $0.replacingOccurrences(of: "│", with: " ").trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("cannot request provisioning for component:default/payments-service: you (user:grace.okafor) are not in group:default/payments-team, the owner of component:default/payments-service; ask one of its members or a platform engineer"), "\(refused)")
        // Esc steps back: review → form → type picker → catalog.
        for _ in 0..<4 where !(try session.screen().contains("Catalog (")) {
            let before = try session.screen()
            try session.press("Escape")
            try session.waitUntil("the request screen steps back") { $0 != before }
        }
        try session.waitFor("Catalog (")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))

        let cairn = CairnProcess()
        defer { cairn.remove() }
        let jobs = try cairn.run(["jobs", "--json", "--catalog", samples, "--db", session.database])
        #expect(jobs.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "a refused request left a job: \(jobs.output)")
        let audit = try cairn.run(["audit", "--json", "--target", "payments-service", "--catalog", samples, "--db", session.database])
        #expect(audit.status == 0, "\(audit.errors)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(audit.output.utf8)) as? [[String: Any]])
        let denial = try #require(records.first { $0["action"] as? String == "provision.request" })
        #expect(denial["actor"] as? String == "user:default/grace.okafor")
        #expect(denial["result"] as? String == "denied")
        #expect((denial["detail"] as? String)?.contains("are not in group:default/payments-team") == true)
        #expect((denial["parameters"] as? [String: Any])?["type"] as? String == "resourcetype:default/postgresql")
        let verify = try cairn.run(["audit", "--verify", "--catalog", samples, "--db", session.database])
        #expect(verify.status == 0, "\(verify.output)\(verify.errors)")
    }
}
