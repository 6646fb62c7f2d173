import Foundation

/// JSON Schema `pattern`s are ECMAScript regular expressions (ajv compiles them with the `u`
/// flag); NSRegularExpression speaks ICU. The two agree on nearly everything, but where they
/// differ a template's rule would quietly loosen, so the differences that matter are rewritten:
/// ICU's `$` also matches before a final newline (JS: only at the end), ICU's `\d` and `\w`
/// take any script's digits and letters (JS: ASCII only), and `[` or `&&` inside a class
/// start an ICU set operation (JS: literal characters).
enum ParameterPattern {
    /// The compiled pattern, or nil when it is not a valid regular expression.
    static func compile(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: translate(pattern))
    }

    /// True when `text` contains a match (JSON Schema patterns are not anchored).
    static func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The ICU spelling of an ECMAScript pattern.
    static func translate(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var output = ""
        var isInClass = false
        var index = 0
        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                guard let next = peek(1) else {
                    output += "\\"
                    index += 1
                    continue
                }
                if next == "u", peek(2) == "{", let close = scalars[(index + 3)...].firstIndex(of: "}") {
                    output += "\\x{" + String(String.UnicodeScalarView(scalars[(index + 3)..<close])) + "}"
                    index = close + 1
                    continue
                }
                switch (next, isInClass) {
                case ("d", false): output += "[0-9]"
                case ("D", false): output += "[^0-9]"
                case ("w", false): output += "[A-Za-z0-9_]"
                case ("W", false): output += "[^A-Za-z0-9_]"
                case ("d", true): output += "0-9"
                case ("w", true): output += "A-Za-z0-9_"
                default:
                    output.unicodeScalars.append(scalar)
                    output.unicodeScalars.append(next)
                }
                index += 2
                continue
            case "[" where !isInClass:
                if peek(1) == "]" {
                    output += "(?!)" // JS `[]` matches nothing
                    index += 2
                    continue
                }
                if peek(1) == "^", peek(2) == "]" {
                    output += "[\\s\\S]" // JS `[^]` matches anything
                    index += 3
                    continue
                }
                isInClass = true
                output += "["
                if peek(1) == "^" {
                    output += "^"
                    index += 1
                }
            case "[", "&":
                output += "\\"
                output.unicodeScalars.append(scalar)
            case "]" where isInClass:
                isInClass = false
                output += "]"
            case "$" where !isInClass:
                output += "\\z"
            default:
                output.unicodeScalars.append(scalar)
            }
            index += 1
        }
        return output
    }
}
