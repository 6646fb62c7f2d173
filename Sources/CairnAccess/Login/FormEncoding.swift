import Foundation

/// An `application/x-www-form-urlencoded` body (what the device and token endpoints take,
/// RFC 6749 Appendix B): everything outside the unreserved characters is percent-encoded.
enum FormEncoding {
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func body(_ fields: [(name: String, value: String)]) -> [UInt8] {
        Array(fields.map { "\(escape($0.name))=\(escape($0.value))" }.joined(separator: "&").utf8)
    }

    static func escape(_ text: String) -> String {
        // Only nil for unpaired surrogates, which a Swift String cannot hold.
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
