import CairnAccess
import CairnCatalog
import CairnStore
import Foundation

/// The audit log behind the facade: use cases record what they did (or refused), and
/// `cairn audit` reads and verifies it.
extension Portal {
    /// The log over this portal's database, anchored by `<database path>.audit-head`.
    var auditLog: AuditLog {
        AuditLog(database: database, headAnchorPath: configuration.databasePath + ".audit-head")
    }

    /// Appends an entry (secrets removed) and returns the record as stored. A failure is an
    /// internal error: the caller decides whether the action may go on unrecorded.
    /// Internal: interfaces never write records of their own, so every record's actor is the
    /// identity the portal resolved. Each record also names the OS account that acted
    /// (root standing in for someone, or the account behind a sign-in) and any sudo user.
    @discardableResult
    func audit(_ entry: AuditEntry) throws(PortalError) -> AuditRecord {
        var entry = entry
        if entry.parameters["account"] == nil { entry.parameters["account"] = configuration.realAccount }
        do {
            return try auditLog.record(entry)
        } catch {
            throw .internalError(error.description)
        }
    }

    /// The newest `limit` records matching every filter given, oldest first. `target` is what a
    /// user typed: resolved to the entity's full ref when it names one (`payments` →
    /// `component:default/payments`), else matched as written (`job:42`, a removed entity's ref).
    /// Reading needs the `readAudit` permission: the whole log for auditors, tech leads,
    /// platform engineers and admins; one's own teams' entities (and their jobs) for developers.
    public func auditRecords(since: Date? = nil, actor: String? = nil, target: String? = nil, limit: Int = 100) throws(PortalError) -> [AuditRecord] {
        var targetRef = target
        var accessTarget = AccessTarget(ref: nil, owner: nil)
        if let target {
            do {
                let found = try entity(target)
                targetRef = found.ref.description
                accessTarget = AccessTarget(found)
            } catch {
                guard case .notFound = error else { throw error }
                if target.hasPrefix("job:"), let id = Int64(target.dropFirst(4)), let job = try? job(id) {
                    accessTarget = AccessTarget(ref: jobTarget(job).ref, owner: jobTarget(job).owner)
                } else {
                    accessTarget = AccessTarget(ref: (try? EntityRef.parse(target)), owner: nil)
                }
            }
        }
        try authorize(.readAudit, on: accessTarget, auditTarget: targetRef ?? "")
        do {
            return try auditLog.records(AuditFilter(since: since, actor: actor, target: targetRef, limit: limit))
        } catch {
            throw .internalError(error.description)
        }
    }

    /// Checks the whole log: intact, or the first record altered, removed or reordered.
    public func verifyAudit() throws(PortalError) -> AuditVerification {
        do {
            return try auditLog.verify()
        } catch {
            throw .internalError(error.description)
        }
    }
}
