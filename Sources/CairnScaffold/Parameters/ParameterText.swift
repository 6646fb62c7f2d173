import CairnCatalog

/// How values and template text appear inside messages: on one line, control characters
/// escaped, so a hostile key or pattern cannot break a message or drive the terminal.
enum ParameterText {
    /// `text` with C0, DEL and C1 characters written as `\u{…}`.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                output += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A JSON string literal, escapes included.
    static func quoted(_ text: String) -> String {
        var output = ""
        JSONWriter.writeString(text, into: &output)
        return output
    }

    /// A value as a user types it on the command line: strings bare, numbers without a
    /// needless `.0`, lists and mappings as JSON.
    static func display(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return display(number)
        case .string(let text): return printable(text)
        case .array, .object: return JSONWriter.string(value)
        }
    }

    /// `8080` rather than `8080.0` for limits read from YAML as floating point.
    static func display(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
