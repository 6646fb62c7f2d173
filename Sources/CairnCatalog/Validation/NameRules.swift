/// Backstage's catalog-model validators (KubernetesValidatorFunctions and
/// CommonValidatorFunctions), written as byte scanners rather than regexes: they run on every
/// field of every entity, and Swift's Regex costs microseconds per match.
public enum NameRules {
    /// `[dnsSubdomain/]` prefix plus a part of 1–63 `[a-z0-9A-Z]`.
    public static func isValidAPIVersion(_ value: String) -> Bool {
        if commonAPIVersions.contains(value) { return true } // nearly every entity: skip the scan
        return isValidPrefixAndOrSuffix(value, prefix: isValidDNSSubdomain) { part in
            (1...63).contains(part.utf8.count) && part.utf8.allSatisfy(isAlphanumeric)
        }
    }

    private static let commonAPIVersions: Set<String> = [
        "backstage.io/v1alpha1", "backstage.io/v1beta1", "scaffolder.backstage.io/v1beta3", "cairn.dev/v1alpha1",
    ]

    /// `^[a-zA-Z][a-z0-9A-Z]*$`, 1–63 characters.
    public static func isValidKind(_ value: String) -> Bool {
        let bytes = value.utf8
        guard (1...63).contains(bytes.count), let first = bytes.first, isLetter(first) else { return false }
        return bytes.allSatisfy(isAlphanumeric)
    }

    /// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`, 1–63 characters.
    public static func isValidObjectName(_ value: String) -> Bool {
        let bytes = value.utf8
        guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
              isAlphanumeric(first), isAlphanumeric(last) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// A DNS label: `^[a-z0-9]+(-[a-z0-9]+)*$`, 1–63 characters.
    public static func isValidDNSLabel(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        var previousWasDash = true // a label may not start with '-'
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                if previousWasDash { return false }
                previousWasDash = true
            } else if isLowerAlphanumeric(byte) {
                previousWasDash = false
            } else {
                return false
            }
        }
        return !previousWasDash
    }

    /// Dot-separated DNS labels, at most 253 characters.
    public static func isValidDNSSubdomain(_ value: String) -> Bool {
        (1...253).contains(value.utf8.count) && value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isValidDNSLabel(String($0)) }
    }

    public static func isValidNamespace(_ value: String) -> Bool { isValidDNSLabel(value) }

    /// Label and annotation keys: `[dnsSubdomain/]objectName`.
    public static func isValidKey(_ value: String) -> Bool {
        isValidPrefixAndOrSuffix(value, prefix: isValidDNSSubdomain, suffix: isValidObjectName)
    }

    /// A label value is empty or an object name.
    public static func isValidLabelValue(_ value: String) -> Bool { value.isEmpty || isValidObjectName(value) }

    /// `^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$`, 1–63 characters.
    public static func isValidTag(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        var previousWasDash = true
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                if previousWasDash { return false }
                previousWasDash = true
            } else if isLowerAlphanumeric(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "#") {
                previousWasDash = false
            } else {
                return false
            }
        }
        return !previousWasDash
    }

    /// What `new URL(value)` accepts, near enough: an RFC 3986 scheme and a colon; for http(s),
    /// ftp and ws(s) a host without spaces. Spaces in a path or query are fine: the WHATWG
    /// parser percent-encodes them.
    public static func isValidURL(_ value: String) -> Bool {
        guard let colon = value.firstIndex(of: ":") else { return false }
        let scheme = value[..<colon].utf8
        guard let first = scheme.first, isLetter(first),
              scheme.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else { return false }
        let rest = value[value.index(after: colon)...]
        if rest.hasPrefix("//") {
            let authority = rest.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let isSpecial = ["http", "https", "ftp", "ws", "wss"].contains(scheme.count <= 5 ? String(decoding: scheme, as: UTF8.self).lowercased() : "")
            if isSpecial && (authority.isEmpty || authority.contains(" ")) { return false }
        }
        return true
    }

    /// A non-empty string once trimmed (Backstage's isValidString).
    public static func isNonBlank(_ value: String) -> Bool {
        value.contains { !$0.isWhitespace }
    }

    private static func isValidPrefixAndOrSuffix(_ value: String, prefix: (String) -> Bool, suffix: (String) -> Bool) -> Bool {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return suffix(String(parts[0]))
        case 2: return prefix(String(parts[0])) && suffix(String(parts[1]))
        default: return false
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
