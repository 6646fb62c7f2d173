import CairnCatalog
import Foundation

/// What the Audit tab shows for one entity, read from the audit log in the background.
public enum LoadedAudit: Sendable, Equatable {
    /// The entity's records and its jobs', newest first.
    case records([AuditRow])
    /// The current identity may not read them: the policy's reason, as the portal gave it.
    case denied(String)
    /// The log could not be read (the catalog is not open yet, a database error).
    case failed(String)
}

/// One audit record as the terminal shows it. Every text field is what someone typed or a
/// policy wrote: it reaches the screen only through the sanitiser.
public struct AuditRow: Sendable, Equatable {
    /// How the action ended; anything else the log holds reads as `failed`.
    public enum Result: String, Sendable, Equatable {
        case ok, denied, failed
    }

    public var seq: Int64
    /// When; nil when the stored time is not in the log's format (`time` is shown then).
    public var date: Date?
    public var time: String
    /// Who: `user:default/jane.doe`, `unix:root`, `sso:someone`.
    public var actor: String
    /// Dotted: `entity.edit`, `provision.request`, `job.cancel`…
    public var action: String
    /// The entity ref or `job:ID` the record is about.
    public var target: String
    public var parameters: [String: String]
    public var result: Result
    /// Why it was denied or how it failed; may be empty.
    public var detail: String

    public init(seq: Int64, date: Date?, time: String, actor: String, action: String, target: String, parameters: [String: String] = [:],
                result: Result, detail: String = "") {
        self.seq = seq
        self.date = date
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.parameters = parameters
        self.result = result
        self.detail = detail
    }

    /// The actor as the rest of the portal names people: `user:jane.doe` in the default namespace.
    public var humanizedActor: String {
        guard actor.hasPrefix("user:") || actor.hasPrefix("group:"), let ref = try? EntityRef.parse(actor) else { return actor }
        return ref.humanized
    }
}

extension AppState {
    /// A `loadAudit` effect when the Audit tab shows an entity whose records were not asked for
    /// since the tab was last opened or this portal last changed something.
    mutating func auditEffects() -> [Effect] {
        guard detailTab == .audit, let ref = detailEntity?.ref, !auditRequested.contains(ref) else { return [] }
        auditRequested.insert(ref)
        return [.loadAudit(ref)]
    }

    /// Records on screen may be out of date (the tab was opened again, or this portal just
    /// edited, requested or cancelled something): read them again when next shown. The old
    /// records stay on screen until the new ones arrive.
    mutating func invalidateAudit() {
        auditRequested.removeAll()
    }
}
