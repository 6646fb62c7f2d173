import Foundation

/// An OpenID Connect ID token whose signature and claims were checked (OIDC Core §3.1.3.7):
/// signed by a key of the issuer's key set with RS256, PS256 or ES256, issued by that issuer
/// to this client, and not expired.
public struct IDToken: Sendable, Equatable {
    /// The token as received (header.payload.signature).
    public let compact: String
    public let claims: IDTokenClaims

    /// Checks `token`; `leeway` allows for clocks that disagree by that much.
    public init(verifying token: String, issuer: String, clientID: String, keys: JSONWebKeySet, now: Date = Date(),
                leeway: TimeInterval = 60) throws(AccessError) {
        let from = "the ID token from \(issuer)"
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
              let signature = Base64URL.decode(parts[2]) else {
            throw AccessError.invalid("\(from) is not a signed JWT (three base64url parts)")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else {
            throw AccessError.invalid("\(from) has an unreadable JOSE header")
        }
        guard let algorithm = JWSAlgorithm(rawValue: header.alg) else {
            throw AccessError.invalid("\(from) is signed with \"\(header.alg)\"; cairn accepts \(JWSAlgorithm.names)")
        }
        if let critical = header.crit, !critical.isEmpty {
            throw AccessError.invalid("\(from) requires JWS extensions cairn does not know (crit: \(critical.joined(separator: ", ")))")
        }
        // The signature first: nothing in the payload means anything until it verifies.
        let jwk = try keys.key(for: algorithm, keyID: header.kid)
        let key = try PublicKey(jwk, source: keys.source)
        let signedPart = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard key.verifies(signature, over: signedPart, with: algorithm) else {
            throw AccessError.invalid("\(from) has a signature that does not verify against the issuer's keys (\(keys.source)); refusing it")
        }
        let claims: IDTokenClaims
        do {
            claims = try JSONDecoder().decode(IDTokenClaims.self, from: Data(payload))
        } catch let error as DecodingError {
            throw AccessError.invalid("\(from) has claims cairn cannot use: \(ProviderConnection.explain(error))")
        } catch {
            throw AccessError.invalid("\(from) has claims cairn cannot read: \(error)")
        }
        guard claims.issuer == issuer else {
            throw AccessError.invalid("\(from) was issued by \"\(claims.issuer)\"; refusing it")
        }
        guard claims.audience.contains(clientID) else {
            throw AccessError.invalid("\(from) is for audience \(claims.audience.joined(separator: ", ")), not client \"\(clientID)\"; refusing it")
        }
        if let party = claims.authorizedParty, party != clientID {
            throw AccessError.invalid("\(from) was issued to client \"\(party)\" (azp), not \"\(clientID)\"; refusing it")
        }
        guard claims.expiresAt.addingTimeInterval(leeway) > now else {
            throw AccessError.invalid("\(from) expired at \(Self.timestamp(claims.expiresAt)); is this machine's clock right?")
        }
        if let notBefore = claims.notBefore, notBefore.addingTimeInterval(-leeway) > now {
            throw AccessError.invalid("\(from) is not valid before \(Self.timestamp(notBefore)); is this machine's clock right?")
        }
        guard !claims.subject.isEmpty else {
            throw AccessError.invalid("\(from) has an empty subject (sub)")
        }
        compact = token
        self.claims = claims
    }

    static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    private struct Header: Decodable {
        var alg: String
        var kid: String?
        var crit: [String]?
    }
}
