/// YAML 1.2 core-schema scalar resolution, as Backstage's YAML reader applies it: only
/// true/false (in three spellings) are booleans, so `yes`, `on` and `no` stay strings.
enum CoreSchema {
    static let stringTag = "tag:yaml.org,2002:str"

    /// Resolves a plain (unquoted, untagged) scalar.
    static func resolvePlain(_ text: String) -> Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return text == "~" ? .null : .string(text)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            return (text == "null" || text == "Null" || text == "NULL") ? .null : .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            return (text == "true" || text == "True" || text == "TRUE") ? .bool(true) : .string(text)
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return (text == "false" || text == "False" || text == "FALSE") ? .bool(false) : .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return resolveNumber(text) ?? .string(text)
        default:
            return .string(text)
        }
    }

    /// Resolves a scalar that carries an explicit tag such as `!!int` or `!!str`.
    static func resolveTagged(_ text: String, tag: String) -> Value {
        switch tag {
        case stringTag, "!": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            return resolvePlain(text)
        default: return resolvePlain(text)
        }
    }

    private static func resolveNumber(_ text: String) -> Value? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            // 0x[0-9a-fA-F]+ and 0o[0-7]+: no sign after the prefix (Int(_:radix:) would take one).
            let digits = bytes[2...]
            if bytes[1] == UInt8(ascii: "x"), digits.allSatisfy({ isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) }) {
                return Int(String(text.dropFirst(2)), radix: 16).map(Value.int)
            }
            if bytes[1] == UInt8(ascii: "o"), digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) {
                return Int(String(text.dropFirst(2)), radix: 8).map(Value.int)
            }
            if bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "o") { return nil }
        }
        var index = 0
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        guard index < bytes.count else { return nil }
        let body = bytes[index...]
        if body.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return Int(text).map(Value.int) ?? Double(text).map(Value.double)
        }
        let rest = String(decoding: body, as: UTF8.self)
        let negative = bytes[0] == UInt8(ascii: "-")
        switch rest {
        case ".inf", ".Inf", ".INF": return .double(negative ? -.infinity : .infinity)
        case ".nan", ".NaN", ".NAN": return index == 0 ? .double(.nan) : nil
        default: break
        }
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var sawDigit = false
        var position = body.startIndex
        while position < bytes.count, isDigit(bytes[position]) { position += 1; sawDigit = true }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            var fractionDigits = false
            while position < bytes.count, isDigit(bytes[position]) { position += 1; fractionDigits = true }
            if !sawDigit && !fractionDigits { return nil }
            sawDigit = true
        }
        guard sawDigit else { return nil }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") { position += 1 }
            var exponentDigits = false
            while position < bytes.count, isDigit(bytes[position]) { position += 1; exponentDigits = true }
            if !exponentDigits { return nil }
        }
        guard position == bytes.count else { return nil }
        return Double(text).map(Value.double)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
