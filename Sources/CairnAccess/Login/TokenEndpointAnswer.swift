import CairnHTTP

/// One answer of the token endpoint to a device-code poll (RFC 8628 §3.5, RFC 6749 §5).
enum TokenEndpointAnswer {
    case tokens(Tokens)
    case pending
    case slowDown
    case expired
    case denied
    case refused(OAuthErrorResponse)

    /// The successful response (RFC 6749 §5.1), with the ID token OIDC adds.
    struct Tokens: Decodable {
        var accessToken: String
        var tokenType: String?
        var expiresIn: Double?
        var refreshToken: String?
        var idToken: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in"
            case refreshToken = "refresh_token", idToken = "id_token"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            accessToken = try container.decode(String.self, forKey: .accessToken)
            tokenType = try container.decodeIfPresent(String.self, forKey: .tokenType)
            expiresIn = try container.decodeSecondsIfPresent(forKey: .expiresIn)
            refreshToken = try container.decodeIfPresent(String.self, forKey: .refreshToken)
            idToken = try container.decodeIfPresent(String.self, forKey: .idToken)
        }
    }

    static func read(_ response: HTTPResponse, endpoint url: String) throws(AccessError) -> TokenEndpointAnswer {
        if response.status == 200 {
            return .tokens(try ProviderConnection.decode(Tokens.self, from: response, role: "token endpoint", url: url))
        }
        guard let body = OAuthErrorResponse.read(response) else {
            throw AccessError.loginFailed("token endpoint \(url) answered HTTP \(response.status) without an OAuth error")
        }
        switch body.error {
        case "authorization_pending": return .pending
        case "slow_down": return .slowDown
        case "expired_token": return .expired
        case "access_denied": return .denied
        default: return .refused(body)
        }
    }
}
