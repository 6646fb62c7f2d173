import CCrypto
import CairnStore

/// The hash that chains audit records: SHA-256, as lowercase hex, over a canonical encoding
/// of everything a record says (seq, time, actor, action, target, parameters, result, detail,
/// previous hash) — never over its own hash.
///
/// The encoding is a version line, then each field as `<byte count>:<UTF-8 bytes>\n`. The count
/// says where a field ends whatever it contains, so no two different records encode alike
/// (actor `ab` + action `c` is not actor `a` + action `bc`). Changing it breaks every stored
/// chain: a new encoding needs a new version line, and verification of the old one kept.
public enum AuditHash {
    static let versionLine = Array("cairn-audit-v1\n".utf8)

    /// The bytes that are hashed.
    public static func canonicalEncoding(of record: AuditRecord) -> [UInt8] {
        let fields = [String(record.seq), record.time, record.actor, record.action, record.target, record.parameters, record.result,
                      record.detail, record.previousHash]
        var bytes = versionLine
        bytes.reserveCapacity(versionLine.count + fields.reduce(0) { $0 + $1.utf8.count + 8 })
        for field in fields {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: field.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The hash a record must hold: what the store's `seal` closure is given. The fields are fed
    /// to the digest as they are (no copy into one buffer): verification hashes every record.
    public static func hash(of record: AuditRecord) -> String {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        versionLine.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        func feed(_ field: String) {
            let fed: Void? = field.utf8.withContiguousStorageIfAvailable { bytes in
                feed(UnsafeRawBufferPointer(bytes))
            }
            if fed == nil { Array(field.utf8).withUnsafeBytes(feed) }
        }
        func feed(_ bytes: UnsafeRawBufferPointer) {
            // `<count>:` in decimal, then the bytes, then a newline.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { prefix in
                var count = bytes.count
                var start = 23
                prefix[start] = UInt8(ascii: ":")
                repeat {
                    start -= 1
                    prefix[start] = UInt8(ascii: "0") + UInt8(count % 10)
                    count /= 10
                } while count > 0
                _ = EVP_DigestUpdate(context, prefix.baseAddress! + start, 24 - start)
            }
            if let base = bytes.baseAddress, !bytes.isEmpty { _ = EVP_DigestUpdate(context, base, bytes.count) }
            _ = withUnsafeBytes(of: UInt8(ascii: "\n")) { EVP_DigestUpdate(context, $0.baseAddress, 1) }
        }
        feed(String(record.seq))
        feed(record.time)
        feed(record.actor)
        feed(record.action)
        feed(record.target)
        feed(record.parameters)
        feed(record.result)
        feed(record.detail)
        feed(record.previousHash)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { digest in
            var length: UInt32 = 0
            EVP_DigestFinal_ex(context, digest.baseAddress, &length)
            return hex(UnsafeBufferPointer(rebasing: digest[0..<Int(length)]))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// SHA-256 of `bytes` as 64 lowercase hex digits (OpenSSL's libcrypto).
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(SHA256_DIGEST_LENGTH)) { digest in
            bytes.withUnsafeBufferPointer { input in _ = SHA256(input.baseAddress, input.count, digest.baseAddress) }
            return hex(UnsafeBufferPointer(digest))
        }
    }

    private static func hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        hexDigits.withUnsafeBufferPointer { digits in
            String(unsafeUninitializedCapacity: bytes.count * 2) { output in
                for (index, byte) in bytes.enumerated() {
                    output[2 * index] = digits[Int(byte >> 4)]
                    output[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
                return bytes.count * 2
            }
        }
    }
}
