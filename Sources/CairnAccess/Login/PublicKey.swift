import CCrypto

/// A JSON Web Key turned into an OpenSSL public key, and the signature check with it. RSA keys
/// come from the modulus and exponent, P-256 keys from the point, both by `EVP_PKEY_fromdata`.
final class PublicKey {
    /// RFC 7518 §3.3: RSA keys of 2048 bits or more.
    static let minimumRSABits: Int32 = 2048

    private let key: OpaquePointer

    init(_ jwk: JSONWebKey, source: String) throws(AccessError) {
        let name = jwk.keyID.map { "key \"\($0)\" of \(source)" } ?? "the key of \(source)"
        switch jwk.keyType {
        case "RSA":
            guard let modulus = jwk.modulus.flatMap(Base64URL.decode), let exponent = jwk.exponent.flatMap(Base64URL.decode),
                  !modulus.isEmpty, !exponent.isEmpty else {
                throw AccessError.invalid("\(name) is an RSA key without a readable modulus (n) and exponent (e)")
            }
            guard let key = Self.rsaKey(modulus: modulus, exponent: exponent) else {
                throw AccessError.invalid("\(name) is not an RSA public key OpenSSL accepts")
            }
            guard EVP_PKEY_get_bits(key) >= Self.minimumRSABits else {
                let bits = EVP_PKEY_get_bits(key)
                EVP_PKEY_free(key)
                throw AccessError.invalid("\(name) is a \(bits)-bit RSA key; ID tokens need at least \(Self.minimumRSABits) bits")
            }
            self.key = key
        case "EC":
            guard jwk.curve == "P-256" else {
                throw AccessError.invalid("\(name) is on curve \(jwk.curve ?? "(none)"); cairn checks P-256 (ES256) keys")
            }
            guard let x = jwk.x.flatMap(Base64URL.decode), let y = jwk.y.flatMap(Base64URL.decode), x.count == 32, y.count == 32,
                  let key = Self.p256Key(point: [0x04] + x + y) else {
                throw AccessError.invalid("\(name) is not a valid P-256 public key")
            }
            self.key = key
        default:
            throw AccessError.invalid("\(name) has key type \"\(jwk.keyType)\"; cairn checks RSA and EC keys")
        }
    }

    deinit { EVP_PKEY_free(key) }

    /// Whether `signature` (as JWS carries it) signs `message` under this key with `algorithm`.
    func verifies(_ signature: [UInt8], over message: [UInt8], with algorithm: JWSAlgorithm) -> Bool {
        guard let digestContext = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(digestContext) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(digestContext, &keyContext, EVP_sha256(), nil, key) == 1 else { return false }
        let encoded: [UInt8]
        switch algorithm {
        case .rs256:
            encoded = signature
        case .ps256:
            guard cairn_set_rsa_pss_padding(keyContext) == 1 else { return false }
            encoded = signature
        case .es256:
            // JWS carries r and s side by side (RFC 7518 §3.4); OpenSSL wants them in DER.
            guard let der = Self.derECDSASignature(joseSignature: signature) else { return false }
            encoded = der
        }
        return EVP_DigestVerify(digestContext, encoded, encoded.count, message, message.count) == 1
    }

    private static func rsaKey(modulus: [UInt8], exponent: [UInt8]) -> OpaquePointer? {
        guard let builder = OSSL_PARAM_BLD_new() else { return nil }
        defer { OSSL_PARAM_BLD_free(builder) }
        // The builder keeps references until `to_param`: the numbers live until the end of this function.
        let n = BN_bin2bn(modulus, Int32(modulus.count), nil)
        let e = BN_bin2bn(exponent, Int32(exponent.count), nil)
        defer { BN_free(n); BN_free(e) }
        guard n != nil, e != nil, OSSL_PARAM_BLD_push_BN(builder, cairn_param_rsa_n(), n) == 1,
              OSSL_PARAM_BLD_push_BN(builder, cairn_param_rsa_e(), e) == 1 else { return nil }
        return fromParameters(builder, algorithm: "RSA")
    }

    private static func p256Key(point: [UInt8]) -> OpaquePointer? {
        guard let builder = OSSL_PARAM_BLD_new() else { return nil }
        defer { OSSL_PARAM_BLD_free(builder) }
        return point.withUnsafeBytes { pointBytes in
            "P-256".withCString { group in
                // By reference too: `to_param` runs inside these closures, while both buffers live.
                guard OSSL_PARAM_BLD_push_utf8_string(builder, cairn_param_group_name(), group, 0) == 1,
                      OSSL_PARAM_BLD_push_octet_string(builder, cairn_param_public_key(), pointBytes.baseAddress, pointBytes.count) == 1,
                      let key = fromParameters(builder, algorithm: "EC") else { return nil }
                // fromdata takes any bytes; the point must be on the curve before it checks anything.
                guard let checkContext = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else { EVP_PKEY_free(key); return nil }
                defer { EVP_PKEY_CTX_free(checkContext) }
                guard EVP_PKEY_public_check(checkContext) == 1 else { EVP_PKEY_free(key); return nil }
                return key
            }
        }
    }

    private static func fromParameters(_ builder: OpaquePointer, algorithm: String) -> OpaquePointer? {
        guard let parameters = OSSL_PARAM_BLD_to_param(builder) else { return nil }
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
              EVP_PKEY_fromdata(context, &key, cairn_evp_pkey_public_key_selection(), parameters) == 1 else { return nil }
        return key
    }

    private static func derECDSASignature(joseSignature: [UInt8]) -> [UInt8]? {
        guard joseSignature.count == 64, let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        let r = BN_bin2bn(joseSignature, 32, nil)
        let s = joseSignature.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + 32, 32, nil) }
        guard let r, let s, ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return written == length ? der : nil
    }
}
