import CairnAccess
import CairnCatalog
@testable import CairnPortal
import Foundation
import Testing

/// The audit log behind the facade: what use cases record, what `cairn audit` reads (targets
/// resolved as users type them) and verifies, with the head anchor beside the database.
@Suite("Portal: audit log")
struct AuditingTests {
    static let catalog = PortalTests.component + """

        ---
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata: { name: checkout }
        spec: { type: openapi, lifecycle: production, owner: team-a, definition: "openapi: 3.0.0" }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: checkout }
        spec: { type: service, lifecycle: production, owner: team-a }
        """

    func portal(_ workspace: PortalTests.Workspace) throws -> Portal {
        try workspace.write("catalog.yaml", Self.catalog)
        return try Portal.open(workspace.configuration())
    }

    @Test("records come back filtered by actor, target (an entity as typed, or job:ID as written), since and limit, oldest first")
    func filters() throws {
        let workspace = PortalTests.Workspace()
        let portal = try portal(workspace)
        try portal.audit(AuditEntry(actor: "ana", action: "provision.request", target: "component:default/payments", parameters: ["type": "redis"]))
        try portal.audit(AuditEntry(actor: "bo", action: "job.approve", target: "job:42"))
        try portal.audit(AuditEntry(actor: "cy", action: "job.cancel", target: "job:42", result: .denied, detail: "cy may not cancel ana's jobs"))
        try portal.audit(AuditEntry(actor: "ana", action: "login"))

        #expect(try portal.auditRecords().map(\.action) == ["provision.request", "job.approve", "job.cancel", "login"])
        #expect(try portal.auditRecords(actor: "ANA").map(\.seq) == [1, 4])
        #expect(try portal.auditRecords(target: "payments").map(\.seq) == [1], "resolved to component:default/payments")
        #expect(try portal.auditRecords(target: "job:42").map(\.seq) == [2, 3], "not an entity: matched as written")
        #expect(try portal.auditRecords(target: "job:4").isEmpty)
        #expect(try portal.auditRecords(actor: "cy").first?.detail == "cy may not cancel ana's jobs")
        #expect(try portal.auditRecords(actor: "cy").first?.result == "denied")
        #expect(try portal.auditRecords(since: Date().addingTimeInterval(-3_600)).count == 4)
        #expect(try portal.auditRecords(since: Date().addingTimeInterval(60)).isEmpty)
        #expect(try portal.auditRecords(limit: 2).map(\.seq) == [3, 4])
    }

    @Test("a target that names two entities is a usage error listing them, not an empty answer")
    func ambiguousTarget() throws {
        let workspace = PortalTests.Workspace()
        let portal = try portal(workspace)
        #expect {
            _ = try portal.auditRecords(target: "checkout")
        } throws: { error in
            guard let error = error as? PortalError else { return false }
            return error.exitCode == 2 && error.description.contains("api:default/checkout") && error.description.contains("component:default/checkout")
        }
    }

    @Test("verification: intact over what was recorded (anchor beside the database), and from another start of the portal")
    func verify() throws {
        let workspace = PortalTests.Workspace()
        let portal = try portal(workspace)
        #expect(try portal.verifyAudit().summary == "audit log intact: 0 records")
        let last = try (1...3).map { try portal.audit(AuditEntry(actor: "ana", action: "entity.edit", target: "component:default/payments",
                                                                 parameters: ["field": "owner", "step": "\($0)"])) }.last
        let verification = try portal.verifyAudit()
        #expect(verification.isIntact)
        #expect(verification.recordCount == 3)
        #expect(verification.headHash == last?.hash)
        let anchor = workspace.configuration().databasePath + ".audit-head"
        #expect(try String(contentsOfFile: anchor, encoding: .utf8) == "3 \(last?.hash ?? "")\n")
        #expect(try Portal.open(workspace.configuration()).verifyAudit() == verification)
    }

    @Test("secrets are gone before the record is stored; a failed append is an internal error (exit 70) naming what was not recorded")
    func secretsAndFailures() throws {
        let workspace = PortalTests.Workspace()
        let portal = try portal(workspace)
        let record = try portal.audit(AuditEntry(actor: "ana", action: "login", parameters: ["token": "eyJhbGc", "issuer": "https://id.example"],
                                                 result: .failed, detail: "eyJhbGc expired", secretValues: ["eyJhbGc"]))
        #expect(record.parameters == #"{"account":"\#(portal.configuration.realAccount)","issuer":"https://id.example","token":"***"}"#)
        #expect(record.detail == "*** expired")
        #expect {
            try portal.audit(AuditEntry(actor: "ana", action: "Not An Action"))
        } throws: { error in
            guard let error = error as? PortalError else { return false }
            return error.exitCode == 70 && error.description.contains("Not An Action")
        }
    }
}
