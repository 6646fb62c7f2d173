import CairnAccess
import CairnCatalog
import Foundation

/// The person signed in with `cairn login` for this OS account, if the stored session belongs
/// to the configured provider and is not expired; otherwise why not, for `whoami` and the
/// portal to say. The session is checked again with the provider before it is acted on
/// (`Portal.identity`).
struct SignIn: Sendable {
    var session: SSOSession?
    var notice: String?

    /// Each OS account keeps its own session, so one person's login or logout never touches
    /// another's on a shared database.
    static func store(stateDirectory: String, osUser: String) -> SessionStore {
        let safe = osUser.map { $0 == "/" || $0 == "\0" ? "_" : $0 }
        return SessionStore(directory: stateDirectory + "/sessions/" + String(safe))
    }

    static func current(stateDirectory: String, osUser: String, settings: SingleSignOnSettings?, now: Date = Date()) -> SignIn {
        let session: SSOSession?
        do {
            session = try store(stateDirectory: stateDirectory, osUser: osUser).load()
        } catch {
            return SignIn(session: nil, notice: "ignoring the sign-in: \(error.description)")
        }
        guard let session else { return SignIn(session: nil, notice: nil) }
        let who = session.displayName
        if session.isExpired(at: now) {
            return SignIn(session: nil, notice: "the sign-in as \(who) expired at \(Self.format(session.expiresAt)); acting as the OS account until you run cairn login")
        }
        guard let settings else {
            return SignIn(session: nil, notice: "ignoring the sign-in as \(who): no sso: in the config file names the provider to trust")
        }
        guard OIDCDiscovery.normalizedIssuer(settings.issuer) == OIDCDiscovery.normalizedIssuer(session.issuer), settings.clientID == session.clientID else {
            return SignIn(session: nil, notice: "the sign-in as \(who) is from \(session.issuer) (client \(session.clientID)), not the configured \(settings.issuer) (client \(settings.clientID)); run cairn login")
        }
        return SignIn(session: session, notice: nil)
    }

    /// The session checked with its provider, as claims; or the reason it counts for nothing.
    func verifiedClaims() -> (claims: SignedInClaims?, notice: String?) {
        guard let session else { return (nil, notice) }
        do {
            let fresh = try session.verified()
            return (SignedInClaims(fresh), nil)
        } catch {
            return (nil, "ignoring the sign-in as \(session.displayName): \(error.description); run cairn login")
        }
    }

    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

extension SignedInClaims {
    init(_ session: SSOSession) {
        self.init(username: session.username ?? session.subject, email: session.email, groups: session.groups, issuer: session.issuer)
    }
}

extension SSOSession {
    /// How messages name the signed-in person.
    public var displayName: String { username ?? email ?? subject }
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
            try SignIn.store(stateDirectory: stateDirectory, osUser: configuration.osUser).save(session)
        } catch {
            throw .internalError("cairn: error: \(error.description)")
        }
        let identity = IdentityResolver(catalog: catalog, policy: policy).resolve(osUser: configuration.osUser, claims: SignedInClaims(session), readOnlyFlag: configuration.isReadOnly)
        do {
            try audit(AuditEntry(actor: identity.actor, action: "login", target: identity.user?.description ?? "",
                                 parameters: ["issuer": session.issuer, "groups": session.groups.joined(separator: " ")]))
        } catch {
            throw .internalError("cairn: error: signed in, but the login could not be audited: \(error.description)")
        }
        return identity
    }

    /// Records a login that did not complete (denied, expired, refused by the provider).
    public func recordFailedSignIn(issuer: String, error: AccessError) throws(PortalError) {
        let result: AuditResult
        if case .loginDenied = error { result = .denied } else { result = .failed }
        try recordAudit("login", target: "", parameters: ["issuer": issuer], result: result, detail: error.description)
    }

    /// Removes the stored session (audited). False when there was none.
    public func signOut() throws(PortalError) -> Bool {
        let removed: Bool
        do {
            removed = try SignIn.store(stateDirectory: stateDirectory, osUser: configuration.osUser).remove()
        } catch {
            throw .internalError("cairn: error: \(error.description)")
        }
        if removed {
            try recordAudit("logout", target: identity.user?.description ?? "", parameters: [:], result: .ok, detail: "")
        }
        return removed
    }
}
