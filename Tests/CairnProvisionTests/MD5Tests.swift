@testable import CairnProvision
import Testing

@Suite struct MD5Tests {
    /// The test suite of RFC 1321, appendix A.5.
    @Test("RFC 1321 test vectors", arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func rfcVectors(message: String, digest: String) {
        #expect(MD5.hex(Array(message.utf8)) == digest)
    }

    /// Lengths around the 64-byte block and its 56-byte padding limit, where an off-by-one in
    /// padding shows; expected values from Python's hashlib.
    @Test("padding edges and several blocks", arguments: [
        (55, "6912ee65fff2d9f9ce2508cddf8bcda0"),
        (56, "51fdd1acda72405dfdfa03fcb85896d7"),
        (63, "48a6295221902e8e0938f773a7185e72"),
        (64, "b2d3f56bc197fd985d5965079b5e7148"),
        (65, "8bd7053801c768420faf816fadba971c"),
        (1000, "a24f1e3ef66950e1327f210e3997ba2c"),
    ])
    func blockEdges(length: Int, digest: String) {
        let message = (0..<length).map { UInt8($0 % 251) }
        #expect(MD5.hex(message) == digest)
    }

    @Test("Content-MD5 is the base64 of the 16-byte digest")
    func contentMD5() {
        #expect(MD5.digest([UInt8]()).count == 16)
        #expect(MD5.base64([UInt8]()) == "1B2M2Y8AsgTpgAmY7PhCfg==")
        #expect(MD5.base64(Array("<Tagging/>".utf8)) == "5MKq9Afjj8VFAV5vB64atA==")
    }
}
