/// Reads `<issuer>/.well-known/openid-configuration` and checks it is the issuer asked for and
/// offers what device login needs: a device authorization endpoint, a token endpoint and keys.
public struct OIDCDiscovery: Sendable {
    /// The issuer as configured (a trailing slash is ignored).
    public let issuer: String
    private let connection: ProviderConnection

    public init(issuer: String, caFile: String? = nil) {
        self.issuer = issuer
        connection = ProviderConnection(caFile: caFile)
    }

    public var documentURL: String { Self.withoutTrailingSlash(issuer) + "/.well-known/openid-configuration" }

    public func fetch() throws(AccessError) -> OIDCProviderMetadata {
        try ProviderURL.check(issuer, role: "issuer")
        let url = documentURL
        let response = try connection.get(url, role: "discovery document")
        guard response.status == 200 else {
            throw AccessError.loginFailed("discovery document \(url) answered HTTP \(response.status); is \(issuer) an OIDC issuer?")
        }
        let document = try ProviderConnection.decode(DiscoveryDocument.self, from: response, role: "discovery document", url: url)
        guard let announced = document.issuer else {
            throw AccessError.invalid("discovery document \(url) has no \"issuer\"")
        }
        // OIDC Discovery §4.3: the issuer in the document must be the one asked for, or a
        // provider could speak for another. Only a trailing slash is forgiven.
        guard Self.withoutTrailingSlash(announced) == Self.withoutTrailingSlash(issuer) else {
            throw AccessError.invalid("discovery document \(url) is for issuer \"\(announced)\", not \(issuer); set the issuer cairn uses to the provider's own")
        }
        func required(_ value: String?, _ name: String) throws(AccessError) -> String {
            guard let value, !value.isEmpty else {
                let hint = name == "device_authorization_endpoint" ? " (the provider does not offer the device flow, RFC 8628)" : ""
                throw AccessError.invalid("discovery document \(url) has no \"\(name)\"\(hint)")
            }
            try ProviderURL.check(value, role: name.replacingOccurrences(of: "_", with: " "))
            return value
        }
        func optional(_ value: String?, _ name: String) throws(AccessError) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return try required(value, name)
        }
        return OIDCProviderMetadata(
            issuer: announced,
            deviceAuthorizationEndpoint: try required(document.deviceAuthorizationEndpoint, "device_authorization_endpoint"),
            tokenEndpoint: try required(document.tokenEndpoint, "token_endpoint"),
            jwksURI: try required(document.jwksURI, "jwks_uri"),
            userinfoEndpoint: try optional(document.userinfoEndpoint, "userinfo_endpoint"),
            revocationEndpoint: try optional(document.revocationEndpoint, "revocation_endpoint"))
    }

    /// An issuer as cairn compares it: without trailing slashes (`https://idp/realms/eng/` and
    /// `https://idp/realms/eng` are one issuer).
    public static func normalizedIssuer(_ issuer: String) -> String { withoutTrailingSlash(issuer) }

    static func withoutTrailingSlash(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url = url.dropLast() }
        return String(url)
    }
}

/// The discovery document as sent: every member optional, so a missing one is reported by name.
private struct DiscoveryDocument: Decodable {
    var issuer: String?
    var deviceAuthorizationEndpoint: String?
    var tokenEndpoint: String?
    var jwksURI: String?
    var userinfoEndpoint: String?
    var revocationEndpoint: String?

    enum CodingKeys: String, CodingKey {
        case issuer
        case deviceAuthorizationEndpoint = "device_authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case userinfoEndpoint = "userinfo_endpoint"
        case revocationEndpoint = "revocation_endpoint"
    }
}
