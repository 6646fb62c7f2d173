import CairnStore

/// The rules of an intact log, applied to records fed one at a time in seq order (so a log of
/// any length is checked in batches): seqs run 1, 2, 3… without a gap, each record's previous
/// hash is the hash of the one before (the genesis hash for the first), each hash matches its
/// record's contents, and the record the head anchor names is there with the anchor's hash.
struct AuditChainCheck {
    private(set) var checkedCount = 0
    private(set) var last: AuditRecord?
    let anchor: AuditHeadAnchor?

    init(anchor: AuditHeadAnchor?) {
        self.anchor = anchor
    }

    /// Checks the next record; returns the break when it is not sound.
    mutating func check(_ record: AuditRecord) -> AuditVerification.Break? {
        let expectedSeq = (last?.seq ?? 0) + 1
        let predecessor = last.map { "record \($0.seq)" } ?? "the start of the log"
        // A gap is named first: the record after a removed one also fails the link check.
        if record.seq != expectedSeq {
            let missing = record.seq - expectedSeq
            let removed = missing == 1 ? "1 record was removed" : "\(missing) records were removed"
            return AuditVerification.Break(seq: record.seq, reason: "record \(record.seq) does not follow \(predecessor): \(removed)")
        }
        // The link before the contents: records swapped whole keep hashes that match their
        // contents' but not their neighbours'.
        if record.previousHash != (last?.hash ?? AuditRecord.genesisHash) {
            return AuditVerification.Break(
                seq: record.seq, reason: "record \(record.seq)'s previous hash does not match \(predecessor): records were reordered or altered")
        }
        if AuditHash.hash(of: record) != record.hash {
            return AuditVerification.Break(seq: record.seq, reason: "record \(record.seq) was altered (its hash does not match its contents)")
        }
        if let anchor, anchor.seq == record.seq, anchor.hash != record.hash {
            return AuditVerification.Break(
                seq: record.seq,
                reason: "record \(record.seq) does not match the head anchor: the log was rewritten up to it, or the anchor was altered")
        }
        checkedCount += 1
        last = record
        return nil
    }

    /// After the last record: the break when the log ends before the record the anchor names.
    func finish() -> AuditVerification.Break? {
        guard let anchor else { return nil }
        let lastSeq = last?.seq ?? 0
        guard anchor.seq > lastSeq else { return nil }
        let removed = lastSeq == 0 ? "all records were removed" : "records after \(lastSeq) were removed"
        return AuditVerification.Break(seq: lastSeq + 1, reason: "\(removed) (the head anchor names record \(anchor.seq))")
    }
}
