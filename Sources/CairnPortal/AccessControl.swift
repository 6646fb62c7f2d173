import CairnAccess
import CairnCatalog
import CairnScaffold
import Foundation

/// Access control in the core: every interface (CLI, terminal UI) goes through these checks,
/// so a denied action is denied however it is asked for, and every denial is audited.
extension Portal {
    /// Who is acting: the signed-in person when there is a current `cairn login` session, else
    /// the OS account; resolved against this portal's catalog and policy.
    public var identity: Identity {
        identityCache.withLock { cached in
            if let cached { return cached }
            // A stored sign-in is checked with its provider first (network, only when a session exists).
            let (claims, notice) = signIn.verifiedClaims()
            var resolved = IdentityResolver(catalog: catalog, policy: policy)
                .resolve(osUser: configuration.osUser, claims: claims, readOnlyFlag: configuration.isReadOnly)
            if let notice { resolved.notices.insert(notice, at: 0) }
            cached = resolved
            return resolved
        }
    }

    /// What the policy says about `action` on `target` for the current identity, without
    /// recording anything: for interfaces that want to show an action as unavailable.
    public func decision(_ action: AccessAction, on target: AccessTarget) -> AccessDecision {
        policy.decide(action, on: target, by: identity)
    }

    /// Throws `permissionDenied` (exit 4) with the policy's reason when the current identity
    /// may not do `action` to `target`, after recording the denial in the audit log.
    public func authorize(_ action: AccessAction, on target: AccessTarget, auditTarget: String? = nil,
                          parameters: [String: String] = [:]) throws(PortalError) {
        let decision = decision(action, on: target)
        guard let reason = decision.reason else { return }
        let subject = auditTarget ?? target.ref?.description ?? ""
        let named = target.ref?.description ?? (subject.isEmpty ? target.spokenName : subject)
        var message = "cairn: error: permission denied: cannot \(action.phrase) \(named): \(reason)"
        do {
            try recordAudit(action.auditName, target: subject, parameters: parameters, result: .denied, detail: reason)
        } catch {
            message += " (and the audit log could not record the denial: \(error.description))"
        }
        throw .permissionDenied(message)
    }

    /// Appends a record for the current identity. A failure is an internal error (exit 70)
    /// naming what was done, so an action never passes unrecorded in silence.
    func recordAudit(_ action: String, target: String, parameters: [String: String], result: AuditResult, detail: String) throws(PortalError) {
        do {
            try audit(AuditEntry(actor: identity.actor, action: action, target: target, parameters: parameters, result: result, detail: detail))
        } catch {
            throw .internalError("cairn: error: \(action) on \(target.isEmpty ? "cairn" : target) was done but could not be audited: \(error.description)")
        }
    }

    /// The team a template run is for: the value of its owner field (`owner`, else the first
    /// OwnerPicker/Group field), as a ref; nil when the template asks for no owner.
    func owningTeam(of form: TemplateForm, values: [String: Value]) -> EntityRef? {
        let field = form.fields.first { $0.key == "owner" } ?? form.fields.first {
            if case .entity(let kinds, _) = $0.kind { return kinds.contains { $0.lowercased() == "group" } }
            return false
        }
        guard let key = field?.key, let text = values[key]?.stringValue, !text.isEmpty else { return nil }
        if case .found(let entity) = catalog.resolve(text.contains(":") ? text : "group:" + text) { return entity.ref }
        if case .found(let entity) = catalog.resolve(text) { return entity.ref }
        return EntityRef.parseLoose(text).map { EntityRef(kind: $0.kind ?? "group", namespace: $0.namespace ?? EntityRef.defaultNamespace, name: $0.name) }
    }
}
