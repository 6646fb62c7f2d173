/// A small binary format for cached values: varints and length-prefixed UTF-8. The cache is
/// read on every warm start, where decoding 10,000 entities must take milliseconds; JSON
/// through Foundation takes far longer. The format is private to the cache and versioned by
/// the schema, so a change here only needs a new migration that clears the cache.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func write(_ number: Int) {
        // Zig-zag so small negative numbers stay small.
        var value = UInt64(bitPattern: Int64((number << 1) ^ (number >> 63)))
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func write(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            write(buffer.count)
            bytes.append(contentsOf: buffer)
        }
    }

    mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }

    mutating func write(_ double: Double) {
        var bits = double.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }
}

/// Reads what `BinaryWriter` wrote; throws on truncated or malformed input instead of trapping.
struct BinaryReader {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func readInt() throws(Malformed) -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count, shift < 64 else { throw Malformed() }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        let zigzag = Int64(bitPattern: result)
        return Int((zigzag >> 1) ^ -(zigzag & 1))
    }

    mutating func readBool() throws(Malformed) -> Bool {
        guard position < bytes.count else { throw Malformed() }
        position += 1
        return bytes[position - 1] != 0
    }

    mutating func readString() throws(Malformed) -> String {
        let count = try readInt()
        guard count >= 0, position + count <= bytes.count else { throw Malformed() }
        let text = bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<(position + count)]), as: UTF8.self)
        }
        position += count
        return text
    }

    mutating func readOptionalString() throws(Malformed) -> String? {
        try readBool() ? try readString() : nil
    }

    mutating func readDouble() throws(Malformed) -> Double {
        guard position + 8 <= bytes.count else { throw Malformed() }
        var bits: UInt64 = 0
        for offset in 0..<8 { bits |= UInt64(bytes[position + offset]) << (8 * UInt64(offset)) }
        position += 8
        return Double(bitPattern: bits)
    }
}
