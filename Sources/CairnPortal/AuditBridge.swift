// TEMPORARY until the audit branch lands.
enum AuditResultKind { case ok, denied, failed }
extension Portal {
    func recordAudit(_ action: String, target: String, parameters: [String: String], result: AuditResultKind, detail: String) {}
}
