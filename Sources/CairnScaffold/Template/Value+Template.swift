import CairnCatalog

extension Value {
    /// Nunjucks truthiness, except that empty lists and mappings are false too, so
    /// `{% if values.tags %}` skips an empty list: null, false, 0, NaN, "", [] and {} are false.
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .double(let number): return number != 0 && !number.isNaN
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .object(let members): return !members.isEmpty
        }
    }

    /// The value as it reads when interpolated into text: strings as they are, integral numbers
    /// without ".0", null as nothing (Nunjucks prints undefined as ""), lists and mappings as JSON
    /// (Nunjucks would print "[object Object]").
    var renderedText: String {
        switch self {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
            return String(number)
        case .string(let text): return text
        case .array, .object: return JSONWriter.string(self)
        }
    }
}
