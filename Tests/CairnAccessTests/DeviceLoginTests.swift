import CairnAccess
import Foundation
import LoopbackFixtures
import Testing

/// `cairn login`'s library end to end against a real OIDC provider (nanoidp) on loopback: the
/// user's approval and denial go through nanoidp's verification page as a browser sends them.
@Suite struct DeviceLoginTests {
    @Test func approvedLoginGivesTheUsersVerifiedSession() async throws {
        let provider = try await OIDCProvider()
        defer { provider.stop() }
        let login = DeviceLogin(issuer: provider.issuer, clientID: OIDCProvider.clientID)
        let authorization = try login.begin()
        #expect(authorization.verificationURI == provider.verificationURI)
        #expect(authorization.verificationURIComplete == provider.verificationURI + "?user_code=" + authorization.userCode)
        #expect(authorization.userCode.count == 8)
        #expect(authorization.interval == 1)

        try await provider.approve(userCode: authorization.userCode, username: "alice", password: "alice-password")
        let session = try login.complete(authorization)

        #expect(session.issuer == provider.issuer)
        #expect(session.clientID == "cairn")
        #expect(session.subject == "alice")
        #expect(session.username == "alice")
        #expect(session.email == "alice@example.org")
        #expect(session.groups == ["payments-team", "platform-team"])
        #expect(session.refreshToken != nil)
        #expect(session.expiresAt.timeIntervalSince(session.loggedInAt) == 3600)
        #expect(!session.isExpired())
        // The ID token kept is the one whose signature was checked against nanoidp's published keys.
        let keys = try JSONWebKeySet.fetch(OIDCDiscovery(issuer: provider.issuer).fetch().jwksURI)
        let token = try IDToken(verifying: session.idToken, issuer: provider.issuer, clientID: "cairn", keys: keys)
        #expect(token.claims.subject == "alice")
    }

    @Test func aConfidentialClientSignsInWithItsSecret() async throws {
        let provider = try await OIDCProvider()
        defer { provider.stop() }
        let withoutSecret = DeviceLogin(issuer: provider.issuer, clientID: OIDCProvider.confidentialClientID)
        let refusal = #expect(throws: AccessError.self) { try withoutSecret.begin() }
        #expect(refusal?.description.contains("invalid_client") == true)
        #expect(refusal?.description.contains("is \"cairn-confidential\" registered with") == true)

        let login = DeviceLogin(issuer: provider.issuer, clientID: OIDCProvider.confidentialClientID,
                                clientSecret: OIDCProvider.confidentialClientSecret)
        let authorization = try login.begin()
        try await provider.approve(userCode: authorization.userCode, username: "bob", password: "bob-password")
        let session = try login.complete(authorization)
        #expect(session.username == "bob")
        #expect(session.groups == ["platform-team"])
        #expect(session.clientID == "cairn-confidential")
    }

    @Test func aDeniedSignInFailsNamingTheVerificationPage() async throws {
        let provider = try await OIDCProvider()
        defer { provider.stop() }
        let login = DeviceLogin(issuer: provider.issuer, clientID: OIDCProvider.clientID)
        let authorization = try login.begin()
        try await provider.deny(userCode: authorization.userCode)
        let error = #expect(throws: AccessError.self) { try login.complete(authorization) }
        #expect(error == .loginDenied("the sign-in was denied at \(provider.verificationURI); run cairn login again to retry"))
    }

    @Test func aCodeNobodyApprovesExpires() async throws {
        // nanoidp's device_flow.code_expiry_seconds: the code dies after 2 s, polled every second.
        let provider = try await OIDCProvider(deviceCodeExpirySeconds: 2, pollingInterval: 1)
        defer { provider.stop() }
        let login = DeviceLogin(issuer: provider.issuer, clientID: OIDCProvider.clientID)
        let authorization = try login.begin()
        var events: [DeviceLoginEvent] = []
        let error = #expect(throws: AccessError.self) { try login.complete(authorization, progress: { events.append($0) }) }
        #expect(error == .loginFailed("the code \(authorization.userCode) expired before it was approved; run cairn login again"))
        #expect(events.allSatisfy { $0 == .waiting })
        // Approving now is too late: the provider says so too.
        await #expect(throws: FixtureError.self) {
            try await provider.approve(userCode: authorization.userCode, username: "alice", password: "alice-password")
        }
    }

    @Test func aDiscoveryDocumentForAnotherIssuerIsRefused() async throws {
        let provider = try await OIDCProvider()
        defer { provider.stop() }
        // The same server under another name: its document speaks for http://127.0.0.1:<port>.
        let elsewhere = "http://localhost:\(provider.port)"
        let error = #expect(throws: AccessError.self) { try DeviceLogin(issuer: elsewhere, clientID: "cairn").begin() }
        #expect(error == .invalid(
            "discovery document \(elsewhere)/.well-known/openid-configuration is for issuer \"\(provider.issuer)\", not \(elsewhere); set the issuer cairn uses to the provider's own"))
    }

    @Test func aPlainHTTPIssuerOffLoopbackIsRefusedBeforeAnyRequest() {
        let error = #expect(throws: AccessError.self) { try DeviceLogin(issuer: "http://idp.example.com", clientID: "cairn").begin() }
        #expect(error == .invalid(
            "issuer http://idp.example.com uses plain http, which only a loopback provider (127.0.0.1, ::1, localhost) may; use https://idp.example.com"))
        let refused = #expect(throws: AccessError.self) { try OIDCDiscovery(issuer: "http://10.0.0.8:8080/realms/dev").fetch() }
        #expect(refused?.description.contains("plain http") == true)
        // Loopback may use http: the request is made (and finds nothing listening).
        let port = try? MotoServer.freePort()
        let unreachable = #expect(throws: AccessError.self) { try OIDCDiscovery(issuer: "http://[::1]:\(port ?? 9)").fetch() }
        #expect(unreachable?.description.hasSuffix("connection refused") == true)
    }
}
