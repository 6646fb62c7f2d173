import CairnHTTP
import Foundation

/// `cairn login`: the OAuth 2.0 Device Authorization Grant (RFC 8628) against an OIDC issuer.
/// `begin()` discovers the provider and asks for a user code; the caller shows it with the
/// verification URI; `complete(_:)` polls the token endpoint until the user approves, denies or
/// the code expires, then verifies the ID token and returns the session to store.
public struct DeviceLogin: Sendable {
    public let issuer: String
    public let clientID: String
    /// For a confidential client; sent in the form body (client_secret_post).
    public let clientSecret: String?
    public let scopes: [String]
    /// A PEM file of CA certificates to trust for the provider (nil: the system store).
    public let caFile: String?
    private let connection: ProviderConnection

    public static let defaultScopes = ["openid", "profile", "email", "groups"]
    /// RFC 8628 §3.5: after `slow_down` the interval grows by 5 seconds.
    public static let slowDownIncrement = 5

    public init(issuer: String, clientID: String, clientSecret: String? = nil, scopes: [String] = DeviceLogin.defaultScopes,
                caFile: String? = nil) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.caFile = caFile
        connection = ProviderConnection(caFile: caFile)
    }

    /// Discovers the provider and starts a device authorization.
    public func begin() throws(AccessError) -> DeviceAuthorization {
        let provider = try OIDCDiscovery(issuer: issuer, caFile: caFile).fetch()
        let url = provider.deviceAuthorizationEndpoint
        let response = try connection.postForm(url, role: "device authorization endpoint",
                                               fields: clientFields + [("scope", scopes.joined(separator: " "))])
        guard response.status == 200 else {
            throw refusal(of: response, at: url, role: "device authorization endpoint")
        }
        let body = try ProviderConnection.decode(DeviceAuthorization.Response.self, from: response, role: "device authorization endpoint", url: url)
        return try DeviceAuthorization.read(body, provider: provider, receivedAt: Date())
    }

    /// Polls until the user approves (then the verified session), denies, the code expires or
    /// `shouldStop` says so (each an `AccessError.loginFailed`). `now` and `sleep` are the clock.
    public func complete(_ authorization: DeviceAuthorization, now: () -> Date = Date.init,
                         sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }, shouldStop: () -> Bool = { false },
                         progress: (DeviceLoginEvent) -> Void = { _ in }) throws(AccessError) -> SSOSession {
        let url = authorization.provider.tokenEndpoint
        let fields = clientFields + [("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), ("device_code", authorization.deviceCode)]
        let expired = AccessError.loginFailed("the code \(authorization.userCode) expired before it was approved; run cairn login again")
        var interval = authorization.interval
        while true {
            // Wait first: nobody approves a code in the instant it is shown.
            sleep(Double(interval))
            guard !shouldStop() else {
                throw AccessError.loginFailed("login stopped before the code \(authorization.userCode) was approved")
            }
            let response = try connection.postForm(url, role: "token endpoint", fields: fields)
            switch try TokenEndpointAnswer.read(response, endpoint: url) {
            case .tokens(let tokens):
                return try session(from: tokens, provider: authorization.provider, now: now())
            case .pending:
                progress(.waiting)
            case .slowDown:
                interval += Self.slowDownIncrement
                progress(.slowedDown(newInterval: interval))
            case .expired:
                throw expired
            case .denied:
                throw AccessError.loginDenied("the sign-in was denied at \(authorization.verificationURI); run cairn login again to retry")
            case .refused(let error):
                throw AccessError.loginFailed("token endpoint \(url) refused the device code: \(error.summary)")
            }
            // The provider said wait, but the code's own lifetime is over: stop, as RFC 8628 §3.5 asks.
            if now() >= authorization.expiresAt { throw expired }
        }
    }

    private var clientFields: [(name: String, value: String)] {
        [("client_id", clientID)] + (clientSecret.map { [("client_secret", $0)] } ?? [])
    }

    /// The error for a non-200 answer of the device authorization endpoint.
    private func refusal(of response: HTTPResponse, at url: String, role: String) -> AccessError {
        if let error = OAuthErrorResponse.read(response) {
            let hint = error.error == "invalid_client" ? "; is \"\(clientID)\" registered with \(issuer) as a client allowed the device flow?" : ""
            return .loginFailed("\(role) \(url) refused: \(error.summary)\(hint)")
        }
        return .loginFailed("\(role) \(url) answered HTTP \(response.status)")
    }

    /// The session for the tokens: the ID token verified, the profile completed from UserInfo
    /// when the ID token leaves parts out.
    private func session(from tokens: TokenEndpointAnswer.Tokens, provider: OIDCProviderMetadata, now: Date) throws(AccessError) -> SSOSession {
        guard let idToken = tokens.idToken else {
            throw AccessError.invalid("token endpoint \(provider.tokenEndpoint) returned no ID token; the scopes must include openid")
        }
        let keys = try JSONWebKeySet.fetch(provider.jwksURI, caFile: caFile)
        let verified = try IDToken(verifying: idToken, issuer: provider.issuer, clientID: clientID, keys: keys, now: now)
        var profile = verified.claims.profile
        if let userinfo = provider.userinfoEndpoint, profile.preferredUsername == nil || profile.email == nil || profile.groups.isEmpty {
            let described = try UserInfo.fetch(userinfo, accessToken: tokens.accessToken, connection: connection)
            // OIDC Core §5.3.2: a UserInfo answer about someone else must not be used.
            guard described.subject == profile.subject else {
                throw AccessError.invalid("userinfo endpoint \(userinfo) describes subject \"\(described.subject)\", not the ID token's \"\(profile.subject)\"")
            }
            profile = profile.filling(from: described)
        }
        let loggedInAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let expiresAt = tokens.expiresIn.map { loggedInAt.addingTimeInterval($0.rounded(.down)) } ?? verified.claims.expiresAt
        return SSOSession(
            issuer: provider.issuer, clientID: clientID, subject: profile.subject, username: profile.preferredUsername, email: profile.email,
            name: profile.name, groups: profile.groups, idToken: idToken, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
            expiresAt: expiresAt, loggedInAt: loggedInAt)
    }
}
