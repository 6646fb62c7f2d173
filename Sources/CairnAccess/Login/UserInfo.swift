import CairnHTTP

/// The provider's UserInfo endpoint (OIDC Core §5.3): where the profile claims are when the ID
/// token carries only the subject, as with nanoidp and Okta's defaults.
enum UserInfo {
    static func fetch(_ url: String, accessToken: String, connection: ProviderConnection) throws(AccessError) -> ProfileClaims {
        let response = try connection.get(url, role: "userinfo endpoint", headers: ["Authorization: Bearer \(accessToken)"])
        guard response.status == 200 else {
            throw AccessError.loginFailed("userinfo endpoint \(url) answered HTTP \(response.status) to the new access token")
        }
        if let type = response.header("Content-Type"), type.lowercased().hasPrefix("application/jwt") {
            throw AccessError.invalid("userinfo endpoint \(url) answers with a signed JWT, which cairn does not read; ask for JSON UserInfo")
        }
        return try ProviderConnection.decode(ProfileClaims.self, from: response, role: "userinfo endpoint", url: url)
    }
}
