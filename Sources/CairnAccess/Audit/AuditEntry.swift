/// What a caller records in the audit log: who did what to what, with which parameters, and
/// how it ended. Secrets are removed before anything is stored (see `AuditRedaction`).
public struct AuditEntry: Sendable, Equatable {
    /// The user (or `system` for what cairn does on its own).
    public var actor: String
    /// Dotted lowercase words: `provision.request`, `job.cancel`, `job.approve`,
    /// `scaffold.run`, `entity.edit`, `login`, `logout`.
    public var action: String
    /// An entity ref (`component:default/payments`) or `job:42`; empty when there is none.
    public var target: String
    public var parameters: [String: String]
    public var result: AuditResult
    /// The denial reason or the failure message; may be empty.
    public var detail: String
    /// Values that must never reach the log (a password typed into a form, a token): each is
    /// replaced by `***` wherever it appears in the parameter values and the detail.
    public var secretValues: [String]

    public init(actor: String, action: String, target: String = "", parameters: [String: String] = [:], result: AuditResult = .ok,
                detail: String = "", secretValues: [String] = []) {
        self.actor = actor
        self.action = action
        self.target = target
        self.parameters = parameters
        self.result = result
        self.detail = detail
        self.secretValues = secretValues
    }
}
