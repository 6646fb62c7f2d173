/// What an OIDC provider's discovery document says about the endpoints device login uses
/// (OpenID Connect Discovery 1.0 §3, RFC 8628 §4). Produced by `OIDCDiscovery.fetch()`, which
/// checked every URL here against the https-unless-loopback rule.
public struct OIDCProviderMetadata: Sendable, Equatable, Codable {
    /// The issuer exactly as the provider spells it: ID tokens' `iss` must equal it.
    public var issuer: String
    public var deviceAuthorizationEndpoint: String
    public var tokenEndpoint: String
    public var jwksURI: String
    /// Where the profile claims are when the ID token does not carry them (nanoidp, Okta, ...).
    public var userinfoEndpoint: String?
    /// RFC 7009 token revocation, for a logout that also tells the provider.
    public var revocationEndpoint: String?

    public init(issuer: String, deviceAuthorizationEndpoint: String, tokenEndpoint: String, jwksURI: String,
                userinfoEndpoint: String? = nil, revocationEndpoint: String? = nil) {
        self.issuer = issuer
        self.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.userinfoEndpoint = userinfoEndpoint
        self.revocationEndpoint = revocationEndpoint
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case deviceAuthorizationEndpoint = "device_authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case userinfoEndpoint = "userinfo_endpoint"
        case revocationEndpoint = "revocation_endpoint"
    }
}
