/// The JWS algorithms cairn checks ID-token signatures with (RFC 7518 §3): what OIDC providers
/// sign with. `none` and the HMAC family (keyed with the client secret) are deliberately absent.
enum JWSAlgorithm: String, Sendable, CaseIterable {
    case rs256 = "RS256"
    case ps256 = "PS256"
    case es256 = "ES256"

    /// The JWK `kty` of the keys this algorithm uses.
    var keyType: String {
        switch self {
        case .rs256, .ps256: return "RSA"
        case .es256: return "EC"
        }
    }

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
