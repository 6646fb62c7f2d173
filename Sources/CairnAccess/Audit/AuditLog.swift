import CairnStore
import Foundation

/// The append-only audit log: every scaffold, provision, approval, cancel, edit, login and
/// denial, each record chained to the one before by its hash, stored in cairn's database.
/// The head anchor file (nil disables it) lets verification see the newest records removed.
public struct AuditLog: Sendable {
    public let database: CairnDatabase
    public let headAnchorPath: String?

    /// Records read at a time by `verify`: memory stays flat however long the log is.
    static let verificationBatchSize = 10_000

    public init(database: CairnDatabase, headAnchorPath: String?) {
        self.database = database
        self.headAnchorPath = headAnchorPath
    }

    /// Appends an entry, secrets removed, and returns the record as stored. When the head
    /// anchor cannot be written nothing is appended (the log and its anchor never disagree).
    @discardableResult
    public func record(_ entry: AuditEntry) throws(AccessError) -> AuditRecord {
        guard !entry.actor.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("cairn: error: an audit entry for \(entry.action) has no actor; pass the user (or system) who acted")
        }
        guard Self.isDottedAction(entry.action) else {
            throw .invalid("cairn: error: audit action \"\(entry.action)\" must be dotted lowercase words, e.g. job.cancel")
        }
        let new = NewAuditRecord(actor: entry.actor, action: entry.action, target: entry.target,
                                 parameters: AuditRedaction.parametersJSON(entry.parameters, secretValues: entry.secretValues),
                                 result: entry.result.rawValue, detail: AuditRedaction.redacted(entry.detail, secretValues: entry.secretValues))
        // What the anchor was before this append, to put back if the transaction fails after
        // the anchor was replaced (a commit that fails): it must not name a record never stored.
        var replacedAnchor: AuditHeadAnchor??
        do {
            return try database.appendAudit(new, seal: AuditHash.hash(of:), beforeCommit: { record in
                guard let headAnchorPath else { return }
                let previous = try? AuditHeadAnchor.read(headAnchorPath)
                try AuditHeadAnchor(seq: record.seq, hash: record.hash).write(to: headAnchorPath)
                replacedAnchor = .some(previous)
            })
        } catch {
            if let headAnchorPath, case .some(let previous) = replacedAnchor { AuditHeadAnchor.restore(previous, at: headAnchorPath) }
            if let error = error as? AccessError { throw error }
            throw .storage("cairn: error: could not append \(entry.action) to the audit log (\(error)); check that the database is writable")
        }
    }

    /// The newest records matching the filter, oldest first.
    public func records(_ filter: AuditFilter) throws(AccessError) -> [AuditRecord] {
        do {
            return try database.auditRecords(since: filter.since, actor: filter.actor, target: filter.target, limit: filter.limit)
        } catch {
            throw .storage("cairn: error: cannot read the audit log (\(error)); check the database path")
        }
    }

    /// Walks the whole log in seq order and reports the first record that is not as written:
    /// altered, removed, reordered, or the newest ones removed (against the head anchor).
    public func verify() throws(AccessError) -> AuditVerification {
        var warnings: [String] = []
        var anchor: AuditHeadAnchor?
        var damagedAnchor: String?
        var isAnchorMissing = false
        if let headAnchorPath {
            // Read while appends wait, then walk: the table then holds at least the record
            // the anchor names (an appender writes the anchor just before it commits).
            let read: Result<AuditHeadAnchor?, AccessError>
            do {
                read = try database.withAuditAppendsPaused { Result { () throws(AccessError) in try AuditHeadAnchor.read(headAnchorPath) } }
            } catch {
                throw .storage("cairn: error: cannot read the audit log (\(error)); check the database path")
            }
            switch read {
            case .success(let found):
                anchor = found
                isAnchorMissing = found == nil
            case .failure(.invalid(let reason)): damagedAnchor = reason
            case .failure(let error): warnings.append("\(error.description): the end of the log was not checked")
            }
        }
        var check = AuditChainCheck(anchor: anchor)
        var after: Int64 = 0
        while true {
            let batch: [AuditRecord]
            do {
                batch = try database.auditRecordsInOrder(after: after, limit: Self.verificationBatchSize)
            } catch {
                throw .storage("cairn: error: cannot read the audit log (\(error)); check the database path")
            }
            guard let lastInBatch = batch.last else { break }
            for record in batch {
                if let broken = check.check(record) {
                    return AuditVerification(recordCount: check.checkedCount, headHash: check.last?.hash, firstBreak: broken, warnings: warnings)
                }
            }
            after = lastInBatch.seq
        }
        if let damagedAnchor {
            // The chain is sound as far as it goes; where it should end is unknown.
            let broken = AuditVerification.Break(seq: (check.last?.seq ?? 0) + 1, reason: damagedAnchor)
            return AuditVerification(recordCount: check.checkedCount, headHash: check.last?.hash, firstBreak: broken, warnings: warnings)
        }
        if let headAnchorPath, isAnchorMissing, check.checkedCount > 0 {
            // Removing the newest records and the anchor together must not pass as intact.
            let broken = AuditVerification.Break(seq: (check.last?.seq ?? 0) + 1, reason: "the head anchor \(headAnchorPath) is missing, so records after \(check.last?.seq ?? 0) may have been removed; if the database was copied without it, copy the anchor too")
            return AuditVerification(recordCount: check.checkedCount, headHash: check.last?.hash, firstBreak: broken, warnings: warnings)
        }
        return AuditVerification(recordCount: check.checkedCount, headHash: check.last?.hash, firstBreak: check.finish(), warnings: warnings)
    }

    /// `login`, `job.cancel`, `provision.request`: lowercase words (digits, `-`, `_` after the
    /// first letter) joined by dots.
    static func isDottedAction(_ action: String) -> Bool {
        let words = action.split(separator: ".", omittingEmptySubsequences: false)
        return words.allSatisfy { word in
            guard let first = word.first, first.isASCII, first.isLowercase else { return false }
            return word.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
        }
    }
}
