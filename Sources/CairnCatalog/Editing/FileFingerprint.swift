/// What a file looked like when it was read: size, modification time and a digest of its
/// bytes. Two reads with equal fingerprints saw the same file; the digest (64-bit FNV-1a)
/// detects changes, it is no defence against someone forging a collision.
public struct FileFingerprint: Sendable, Hashable, CustomStringConvertible {
    public var size: Int64
    /// Modification time in nanoseconds since the epoch.
    public var modified: Int64
    public var contentDigest: UInt64

    public init(size: Int64, modified: Int64, contentDigest: UInt64) {
        self.size = size
        self.modified = modified
        self.contentDigest = contentDigest
    }

    /// `1234 bytes, fnv1a64 0123456789abcdef`, for audit records and messages.
    public var description: String {
        let hex = String(contentDigest, radix: 16)
        return "\(size) bytes, fnv1a64 \(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    static func digest(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
