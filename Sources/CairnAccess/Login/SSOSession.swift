import Foundation

/// A signed-in user: who the OIDC provider says they are and the tokens it issued, as
/// `cairn login` keeps it in `session.json` (see `SessionStore`).
public struct SSOSession: Sendable, Equatable, Codable {
    public var issuer: String
    public var clientID: String
    /// The provider's stable identifier for the user (`sub`).
    public var subject: String
    /// `preferred_username`, when the provider sends one.
    public var username: String?
    public var email: String?
    public var name: String?
    public var groups: [String]
    /// The verified ID token, kept as received.
    public var idToken: String
    public var accessToken: String
    public var refreshToken: String?
    /// When the access token expires (`expires_in`; the ID token's `exp` when there is none).
    public var expiresAt: Date
    public var loggedInAt: Date

    public init(issuer: String, clientID: String, subject: String, username: String? = nil, email: String? = nil, name: String? = nil,
                groups: [String] = [], idToken: String, accessToken: String, refreshToken: String? = nil, expiresAt: Date, loggedInAt: Date) {
        self.issuer = issuer
        self.clientID = clientID
        self.subject = subject
        self.username = username
        self.email = email
        self.name = name
        self.groups = groups
        self.idToken = idToken
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.loggedInAt = loggedInAt
    }

    /// Whether the session is over at `now` (the caller then says: run cairn login).
    public func isExpired(at now: Date = Date()) -> Bool { now >= expiresAt }

    enum CodingKeys: String, CodingKey {
        case issuer, clientID = "client_id", subject, username, email, name, groups, idToken = "id_token", accessToken = "access_token"
        case refreshToken = "refresh_token", expiresAt = "expires_at", loggedInAt = "logged_in_at"
    }
}
