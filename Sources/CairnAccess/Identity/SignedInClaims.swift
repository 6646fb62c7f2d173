/// What an OIDC sign-in says about a person: the ID token's claims that cairn maps onto the
/// catalog (preferred_username or email → a User, groups → Groups).
public struct SignedInClaims: Sendable, Equatable {
    public var username: String?
    public var email: String?
    public var groups: [String]
    /// The issuer the claims came from, for messages.
    public var issuer: String

    public init(username: String?, email: String?, groups: [String], issuer: String) {
        self.username = username
        self.email = email
        self.groups = groups
        self.issuer = issuer
    }
}
