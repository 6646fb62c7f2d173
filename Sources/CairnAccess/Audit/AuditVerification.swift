/// What checking the audit log found: intact (how many records, the newest hash), or the
/// first broken record with a one-line reason. Warnings do not break the log but limit what
/// was proven (no head anchor: the newest records could have been removed unseen).
public struct AuditVerification: Sendable, Equatable {
    /// The first record (in seq order) where the log stops being what was written.
    public struct Break: Sendable, Equatable {
        /// The record that is wrong, or for removed records the first one missing.
        public var seq: Int64
        /// `record 17 was altered (its hash does not match its contents)`.
        public var reason: String

        public init(seq: Int64, reason: String) {
            self.seq = seq
            self.reason = reason
        }
    }

    /// Records checked and found sound (all of them when intact).
    public var recordCount: Int
    /// The hash of the last sound record; nil for an empty log.
    public var headHash: String?
    public var firstBreak: Break?
    public var warnings: [String]

    public init(recordCount: Int, headHash: String?, firstBreak: Break?, warnings: [String]) {
        self.recordCount = recordCount
        self.headHash = headHash
        self.firstBreak = firstBreak
        self.warnings = warnings
    }

    public var isIntact: Bool { firstBreak == nil }

    /// `audit log intact: 1204 records, head 3f9a0c1d22e7`, or the break's reason.
    public var summary: String {
        if let firstBreak { return "audit log broken: \(firstBreak.reason)" }
        let records = recordCount == 1 ? "1 record" : "\(recordCount) records"
        guard let headHash else { return "audit log intact: \(records)" }
        return "audit log intact: \(records), head \(headHash.prefix(12))"
    }
}
