import CairnAccess
import CairnCatalog
import CairnStore
import Foundation

/// One entity's history for the portal's Audit tab: what was done to it, and to the
/// provisioning jobs that were for it or made it.
extension Portal {
    /// The newest `limit` records whose target is `ref` or one of its jobs (`job:ID` for jobs
    /// whose target or resource is `ref`), newest first. A reader without the `readAudit`
    /// permission on the entity gets `permissionDenied` with the policy's reason, not recorded:
    /// the tab follows the selection, and browsing past other teams' entities is not an attempt
    /// worth a record each (`cairn audit --target`, asked for explicitly, is audited). A job of
    /// the entity whose records the reader may not see is left out.
    public func entityAuditRecords(_ ref: EntityRef, limit: Int = 200) throws(PortalError) -> [AuditRecord] {
        if let reason = decision(.readAudit, on: catalog[ref].map(AccessTarget.init) ?? AccessTarget(ref: ref, owner: nil)).reason {
            throw .permissionDenied("cairn: error: permission denied: cannot read the audit records of \(ref): \(reason)")
        }
        var records = try auditRecords(target: ref.description, limit: limit)
        for job in jobs() where Self.job(job, concerns: ref) {
            guard decision(.readAudit, on: jobTarget(job)).isAllowed else { continue }
            records += try auditRecords(target: "job:\(job.id)", limit: limit)
        }
        // A job's records and the entity's are disjoint (their targets differ): no duplicates.
        return Array(records.sorted { $0.seq > $1.seq }.prefix(limit))
    }

    /// True when the job was requested for `ref` or provisions (or removes) `ref` itself.
    static func job(_ job: JobRecord, concerns ref: EntityRef) -> Bool {
        [job.targetRef, job.resourceRef].contains { (try? EntityRef.parse($0)) == ref }
    }
}
