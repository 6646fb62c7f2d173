/// How an audited action ended: done, refused by policy, or tried and failed.
public enum AuditResult: String, Sendable, Equatable, CaseIterable {
    case ok, denied, failed
}
