import Foundation

/// The claims of an ID token (OIDC Core §2): the registered ones cairn checks, and the profile.
public struct IDTokenClaims: Sendable, Equatable, Decodable {
    public var issuer: String
    /// `aud`: one string or an array on the wire, always a list here.
    public var audience: [String]
    /// `azp`: the client the token was issued to, when there are several audiences.
    public var authorizedParty: String?
    public var expiresAt: Date
    public var notBefore: Date?
    public var issuedAt: Date?
    public var profile: ProfileClaims

    public var subject: String { profile.subject }

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", audience = "aud", authorizedParty = "azp", expiresAt = "exp", notBefore = "nbf", issuedAt = "iat"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        issuer = try container.decode(String.self, forKey: .issuer)
        if let single = try? container.decode(String.self, forKey: .audience) {
            audience = [single]
        } else {
            audience = try container.decode([String].self, forKey: .audience)
        }
        authorizedParty = try container.decodeIfPresent(String.self, forKey: .authorizedParty)
        expiresAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .expiresAt))
        notBefore = try container.decodeIfPresent(Double.self, forKey: .notBefore).map(Date.init(timeIntervalSince1970:))
        issuedAt = try container.decodeIfPresent(Double.self, forKey: .issuedAt).map(Date.init(timeIntervalSince1970:))
        profile = try ProfileClaims(from: decoder)
    }
}
