/// A provider's signing keys as served at its `jwks_uri` (RFC 7517 §5), and the choice of the
/// one a token names.
public struct JSONWebKeySet: Sendable, Equatable {
    public var keys: [JSONWebKey]
    /// Where the keys came from, for messages.
    public var source: String

    public init(keys: [JSONWebKey], source: String) {
        self.keys = keys
        self.source = source
    }

    /// The key set at `url` (https, or http on loopback).
    public static func fetch(_ url: String, caFile: String? = nil) throws(AccessError) -> JSONWebKeySet {
        try ProviderURL.check(url, role: "jwks_uri")
        let response = try ProviderConnection(caFile: caFile).get(url, role: "key set")
        guard response.status == 200 else {
            throw AccessError.loginFailed("key set \(url) answered HTTP \(response.status)")
        }
        let document = try ProviderConnection.decode(Document.self, from: response, role: "key set", url: url)
        return JSONWebKeySet(keys: document.keys, source: url)
    }

    /// The key to check a token signed with `algorithm` under `keyID`: the one with that kid, or
    /// when the token names none, the only key that fits the algorithm.
    func key(for algorithm: JWSAlgorithm, keyID: String?) throws(AccessError) -> JSONWebKey {
        let fitting = keys.filter { key in
            key.keyType == algorithm.keyType && (key.use == nil || key.use == "sig")
                && (key.algorithm == nil || key.algorithm == algorithm.rawValue)
        }
        if let keyID {
            guard let key = fitting.first(where: { $0.keyID == keyID }) else {
                throw AccessError.invalid("the ID token is signed with key \"\(keyID)\" (\(algorithm.rawValue)), which \(source) does not hold")
            }
            return key
        }
        guard fitting.count == 1, let key = fitting.first else {
            throw AccessError.invalid("the ID token names no key (kid) and \(source) holds \(fitting.count) \(algorithm.rawValue) keys")
        }
        return key
    }

    private struct Document: Decodable { var keys: [JSONWebKey] }
}
