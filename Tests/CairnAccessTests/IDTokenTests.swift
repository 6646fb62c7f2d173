import CairnAccess
import Foundation
import LoopbackFixtures
import Testing

/// ID-token checks on real tokens from nanoidp (RS256, kid-named keys): altered or misdirected
/// tokens are refused; and tokens cairn never accepts, whatever their payload.
@Suite struct IDTokenTests {
    /// A real ID token for alice, and the keys and issuer to check it with.
    func signedInToken() async throws -> (token: String, keys: JSONWebKeySet, issuer: String, provider: OIDCProvider) {
        let provider = try await OIDCProvider()
        let login = DeviceLogin(issuer: provider.issuer, clientID: OIDCProvider.clientID)
        let authorization = try login.begin()
        try await provider.approve(userCode: authorization.userCode, username: "alice", password: "alice-password")
        let session = try login.complete(authorization)
        let keys = try JSONWebKeySet.fetch(authorization.provider.jwksURI)
        return (session.idToken, keys, provider.issuer, provider)
    }

    static func base64URL(_ bytes: Data) -> String {
        bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: Substring) -> Data {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)!
    }

    @Test func aRealTokenIsRefusedWhenAlteredMisdirectedOrExpired() async throws {
        let (token, keys, issuer, provider) = try await signedInToken()
        defer { provider.stop() }
        #expect(throws: Never.self) { try IDToken(verifying: token, issuer: issuer, clientID: "cairn", keys: keys) }

        // One payload byte changed (alice becomes alicf), re-encoded, the signature kept.
        let parts = token.split(separator: ".")
        var payload = Self.decodeBase64URL(parts[1])
        let at = try #require(payload.range(of: Data("\"sub\":\"alice\"".utf8)))
        payload[at.upperBound - 2] = UInt8(ascii: "f")
        let tampered = [String(parts[0]), Self.base64URL(payload), String(parts[2])].joined(separator: ".")
        let forged = #expect(throws: AccessError.self) { try IDToken(verifying: tampered, issuer: issuer, clientID: "cairn", keys: keys) }
        #expect(forged == .invalid(
            "the ID token from \(issuer) has a signature that does not verify against the issuer's keys (\(keys.source)); refusing it"))

        let elsewhere = #expect(throws: AccessError.self) { try IDToken(verifying: token, issuer: issuer, clientID: "other-app", keys: keys) }
        #expect(elsewhere == .invalid("the ID token from \(issuer) is for audience cairn, not client \"other-app\"; refusing it"))

        let otherIssuer = "http://localhost:\(provider.port)"
        let impostor = #expect(throws: AccessError.self) { try IDToken(verifying: token, issuer: otherIssuer, clientID: "cairn", keys: keys) }
        #expect(impostor == .invalid("the ID token from \(otherIssuer) was issued by \"\(issuer)\"; refusing it"))

        // nanoidp's tokens live an hour; two hours on, with a minute's leeway, it is over.
        let late = #expect(throws: AccessError.self) {
            try IDToken(verifying: token, issuer: issuer, clientID: "cairn", keys: keys, now: Date().addingTimeInterval(7200))
        }
        #expect(late?.description.contains("expired at") == true)

        // The right signature under a key the set does not hold.
        var rotated = keys
        rotated.keys = rotated.keys.map { var key = $0; key.keyID = "rotated-away"; return key }
        let unknownKey = #expect(throws: AccessError.self) { try IDToken(verifying: token, issuer: issuer, clientID: "cairn", keys: rotated) }
        #expect(unknownKey?.description.contains("which \(keys.source) does not hold") == true)
    }

    @Test(arguments: ["none", "HS256"])
    func unsignedAndSharedSecretTokensAreRefused(_ algorithm: String) {
        let header = Self.base64URL(Data("{\"alg\":\"\(algorithm)\",\"typ\":\"JWT\"}".utf8))
        let payload = Self.base64URL(Data("{\"iss\":\"https://idp.example.com\",\"sub\":\"root\",\"aud\":\"cairn\",\"exp\":9999999999}".utf8))
        let keys = JSONWebKeySet(keys: [JSONWebKey(keyType: "oct")], source: "https://idp.example.com/jwks")
        let error = #expect(throws: AccessError.self) {
            try IDToken(verifying: "\(header).\(payload).", issuer: "https://idp.example.com", clientID: "cairn", keys: keys)
        }
        #expect(error == .invalid("the ID token from https://idp.example.com is signed with \"\(algorithm)\"; cairn accepts RS256, PS256, ES256"))
    }

    @Test func aStringThatIsNotAJWTIsRefused() {
        let keys = JSONWebKeySet(keys: [], source: "https://idp.example.com/jwks")
        let error = #expect(throws: AccessError.self) {
            try IDToken(verifying: "not-a-token", issuer: "https://idp.example.com", clientID: "cairn", keys: keys)
        }
        #expect(error == .invalid("the ID token from https://idp.example.com is not a signed JWT (three base64url parts)"))
    }
}
