import CairnAccess
import CairnCatalog
import CairnPortal
import Foundation
import Testing

/// The records behind the portal's Audit tab: an entity's own and its jobs', for those who may
/// read them.
@Suite("Portal: an entity's audit records")
struct EntityAuditTests {
    static let catalog = AccessControlTests.catalog + """

        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: checkout-web}
        spec: {type: website, lifecycle: experimental, owner: checkout-team}
        """

    @Test("an owner reads the entity's records and its jobs', newest first, and not another entity's job; the limit keeps the newest")
    func ownerReadsEntityAndJobs() throws {
        let workspace = PortalTests.Workspace()
        try workspace.write("org.yaml", Self.catalog)
        let open = { (user: String) in try Portal.open(workspace.configuration(osUser: user)) }
        let owner = try open("pay-dev")
        let (job, _) = try owner.requestProvision(try owner.resourceType("volume"), for: try owner.provisionTarget("payments-api"), values: [:], key: nil)
        _ = try open("plat").decideJob(job.id, approve: true)
        let other = try open("other-dev")
        let (otherJob, _) = try other.requestProvision(try other.resourceType("volume"), for: try other.provisionTarget("checkout-web"), values: [:], key: nil)
        #expect(otherJob.id != job.id)

        let ref = EntityRef(kind: "component", name: "payments-api")
        let records = try owner.entityAuditRecords(ref)
        #expect(records.map(\.target) == ["job:\(job.id)", "component:default/payments-api"], "\(records.map { ($0.seq, $0.action, $0.target) })")
        #expect(records.map(\.seq) == records.map(\.seq).sorted(by: >), "newest first")
        #expect(records.last?.action == "provision.request" && records.last?.actor == "user:default/pay-dev")
        #expect(records.first?.actor == "user:default/plat")
        #expect(try owner.entityAuditRecords(ref, limit: 1).map(\.target) == ["job:\(job.id)"])
    }

    @Test("a developer of another team is refused with the policy's reason (exit 4); browsing is not recorded")
    func otherTeamIsDenied() throws {
        let workspace = PortalTests.Workspace()
        try workspace.write("org.yaml", Self.catalog)
        let other = try Portal.open(workspace.configuration(osUser: "other-dev"))
        do {
            _ = try other.entityAuditRecords(EntityRef(kind: "component", name: "payments-api"))
            Issue.record("another team's developer read the records")
        } catch {
            #expect(error.exitCode == 4)
            #expect(error.description.contains("cannot read the audit records of component:default/payments-api: you (user:other-dev) are not in group:default/payments-team"))
        }
        let owner = try Portal.open(workspace.configuration(osUser: "pay-dev"))
        let records = try owner.entityAuditRecords(EntityRef(kind: "component", name: "payments-api"))
        // The tab follows the selection: a refused glance is not an attempt worth a record.
        #expect(records.isEmpty)
    }
}
