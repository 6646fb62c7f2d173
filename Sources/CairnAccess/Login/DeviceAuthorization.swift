import Foundation

/// A started device login (RFC 8628 §3.2): the code the user enters at the verification URI,
/// and what `DeviceLogin.complete` needs to poll for the tokens.
public struct DeviceAuthorization: Sendable, Equatable {
    /// The secret the token endpoint is polled with; never shown.
    public var deviceCode: String
    /// What the user types at `verificationURI`.
    public var userCode: String
    public var verificationURI: String
    /// The verification URI with the user code in it, when the provider offers one.
    public var verificationURIComplete: String?
    /// When the device code expires (`expires_in` after it was received).
    public var expiresAt: Date
    /// Seconds to wait between polls (`interval`, 5 when the provider does not say).
    public var interval: Int
    /// The provider the code was issued by, as discovered.
    public var provider: OIDCProviderMetadata

    public init(deviceCode: String, userCode: String, verificationURI: String, verificationURIComplete: String? = nil,
                expiresAt: Date, interval: Int, provider: OIDCProviderMetadata) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.expiresAt = expiresAt
        self.interval = interval
        self.provider = provider
    }

    /// RFC 8628 §3.5: without an `interval`, clients wait 5 seconds.
    public static let defaultInterval = 5

    /// The device authorization response, read and checked.
    static func read(_ body: Response, provider: OIDCProviderMetadata, receivedAt: Date) throws(AccessError) -> DeviceAuthorization {
        let endpoint = "device authorization endpoint \(provider.deviceAuthorizationEndpoint)"
        guard let deviceCode = body.deviceCode, !deviceCode.isEmpty, let userCode = body.userCode, !userCode.isEmpty else {
            throw AccessError.invalid("\(endpoint) answered without a device_code and user_code")
        }
        guard let verificationURI = body.verificationURI ?? body.verificationURL else {
            throw AccessError.invalid("\(endpoint) answered without a verification_uri")
        }
        guard let expiresIn = body.expiresIn, expiresIn > 0 else {
            throw AccessError.invalid("\(endpoint) answered without a positive expires_in")
        }
        // These are shown to the user: a terminal escape in them would be the provider typing on their screen.
        for (name, text) in [("user_code", userCode), ("verification_uri", verificationURI), ("verification_uri_complete", body.verificationURIComplete ?? "")]
        where text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw AccessError.invalid("\(endpoint) answered a \(name) with control characters")
        }
        try ProviderURL.check(verificationURI, role: "verification_uri")
        if let complete = body.verificationURIComplete { try ProviderURL.check(complete, role: "verification_uri_complete") }
        return DeviceAuthorization(
            deviceCode: deviceCode, userCode: userCode, verificationURI: verificationURI,
            verificationURIComplete: body.verificationURIComplete, expiresAt: receivedAt.addingTimeInterval(expiresIn),
            interval: max(1, body.interval.map { Int($0.rounded(.up)) } ?? defaultInterval), provider: provider)
    }

    /// The members as sent; `verification_url` is Google's spelling of `verification_uri`.
    struct Response: Decodable {
        var deviceCode: String?
        var userCode: String?
        var verificationURI: String?
        var verificationURL: String?
        var verificationURIComplete: String?
        var expiresIn: Double?
        var interval: Double?

        enum CodingKeys: String, CodingKey {
            case deviceCode = "device_code", userCode = "user_code", verificationURI = "verification_uri", verificationURL = "verification_url"
            case verificationURIComplete = "verification_uri_complete", expiresIn = "expires_in", interval
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            deviceCode = try container.decodeIfPresent(String.self, forKey: .deviceCode)
            userCode = try container.decodeIfPresent(String.self, forKey: .userCode)
            verificationURI = try container.decodeIfPresent(String.self, forKey: .verificationURI)
            verificationURL = try container.decodeIfPresent(String.self, forKey: .verificationURL)
            verificationURIComplete = try container.decodeIfPresent(String.self, forKey: .verificationURIComplete)
            expiresIn = try container.decodeSecondsIfPresent(forKey: .expiresIn)
            interval = try container.decodeSecondsIfPresent(forKey: .interval)
        }
    }
}
