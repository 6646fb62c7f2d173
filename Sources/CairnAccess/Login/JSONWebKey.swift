/// One public key of a provider's key set (RFC 7517 §4): an RSA modulus and exponent, or an
/// elliptic-curve point, each member base64url as sent. Private members are never read.
public struct JSONWebKey: Sendable, Equatable, Codable {
    /// "RSA" or "EC" (others are kept but never match a token).
    public var keyType: String
    public var keyID: String?
    /// "sig" or "enc"; a key announced for encryption never verifies a signature.
    public var use: String?
    /// The one algorithm this key is for, when the provider says.
    public var algorithm: String?
    public var modulus: String?
    public var exponent: String?
    public var curve: String?
    public var x: String?
    public var y: String?

    public init(keyType: String, keyID: String? = nil, use: String? = nil, algorithm: String? = nil, modulus: String? = nil,
                exponent: String? = nil, curve: String? = nil, x: String? = nil, y: String? = nil) {
        self.keyType = keyType
        self.keyID = keyID
        self.use = use
        self.algorithm = algorithm
        self.modulus = modulus
        self.exponent = exponent
        self.curve = curve
        self.x = x
        self.y = y
    }

    enum CodingKeys: String, CodingKey {
        case keyType = "kty", keyID = "kid", use, algorithm = "alg", modulus = "n", exponent = "e", curve = "crv", x, y
    }
}
