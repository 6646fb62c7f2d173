import CairnAccess
import CairnCatalog
import Foundation

/// The person signed in with `cairn login` on this state directory, if the session is current;
/// otherwise why not (expired, unreadable, another issuer), for `whoami` and the portal to say.
struct SignIn: Sendable {
    var session: SSOSession?
    var notice: String?

    var claims: SignedInClaims? {
        session.map { SignedInClaims(username: $0.username ?? $0.subject, email: $0.email, groups: $0.groups, issuer: $0.issuer) }
    }

    static func current(stateDirectory: String, settings: SingleSignOnSettings?, now: Date = Date()) -> SignIn {
        let store = SessionStore(directory: stateDirectory)
        let session: SSOSession?
        do {
            session = try store.load()
        } catch {
            return SignIn(session: nil, notice: "ignoring the sign-in: \(error.description)")
        }
        guard let session else { return SignIn(session: nil, notice: nil) }
        let who = session.username ?? session.email ?? session.subject
        if session.isExpired(at: now) {
            return SignIn(session: nil, notice: "the sign-in as \(who) expired at \(Self.format(session.expiresAt)); acting as the OS account until you run cairn login")
        }
        if let settings, settings.issuer != session.issuer || settings.clientID != session.clientID {
            return SignIn(session: nil, notice: "the sign-in as \(who) is from \(session.issuer) (client \(session.clientID)), not the configured \(settings.issuer) (client \(settings.clientID)); run cairn login")
        }
        return SignIn(session: session, notice: nil)
    }

    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

/// `cairn login` / `cairn logout`: the session is stored beside the database (0600), mapped
/// onto the catalog's Users and Groups, and both are audited.
extension Portal {
    /// The current sign-in, if any: issuer, who and until when (for whoami and the status line).
    public var signedInSession: SSOSession? { signIn.session }

    /// Stores a completed login and returns who cairn now acts as. Audited as `login` under the
    /// new identity, with the OS account it was made from.
    public func completeSignIn(_ session: SSOSession) throws(PortalError) -> Identity {
        do {
            try SessionStore(directory: stateDirectory).save(session)
        } catch {
            throw .internalError("cairn: error: \(error.description)")
        }
        let claims = SignedInClaims(username: session.username ?? session.subject, email: session.email, groups: session.groups, issuer: session.issuer)
        let identity = IdentityResolver(catalog: catalog, policy: policy).resolve(osUser: configuration.osUser, claims: claims, readOnlyFlag: configuration.isReadOnly)
        do {
            try audit(AuditEntry(actor: identity.actor, action: "login", target: identity.user?.description ?? "",
                                 parameters: ["issuer": session.issuer, "unixUser": configuration.osUser, "groups": session.groups.joined(separator: " ")]))
        } catch {
            throw .internalError("cairn: error: signed in, but the login could not be audited: \(error.description)")
        }
        return identity
    }

    /// Records a login that did not complete (denied, expired, refused by the provider).
    public func recordFailedSignIn(issuer: String, reason: String) {
        _ = try? audit(AuditEntry(actor: identity.actor, action: "login", target: "", parameters: ["issuer": issuer],
                                  result: reason.contains("denied") ? .denied : .failed, detail: reason))
    }

    /// Removes the stored session (audited). False when there was none.
    public func signOut() throws(PortalError) -> Bool {
        let removed: Bool
        do {
            removed = try SessionStore(directory: stateDirectory).remove()
        } catch {
            throw .internalError("cairn: error: \(error.description)")
        }
        if removed {
            try recordAudit("logout", target: identity.user?.description ?? "", parameters: ["unixUser": configuration.osUser], result: .ok, detail: "")
        }
        return removed
    }
}
