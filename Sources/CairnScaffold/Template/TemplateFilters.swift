import CairnCatalog

/// A filter: how many arguments it takes after the value, and what it does.
struct TemplateFilter: Sendable {
    let argumentCount: ClosedRange<Int>
    let apply: @Sendable (Value, [Value]) throws(EvaluationFailure) -> Value
}

/// The filters a template may use after `|`: the Nunjucks built-ins Backstage templates lean on,
/// and Backstage's own `parseRepoUrl`, `projectSlug` and `pick`. The parser rejects any other
/// name, so a typo fails even in a branch that is not taken.
enum TemplateFilters {
    static func named(_ name: String) -> TemplateFilter? { all[name] }

    private static let all: [String: TemplateFilter] = [
        "lower": TemplateFilter(argumentCount: 0...0) { value, _ in .string(value.renderedText.lowercased()) },
        "upper": TemplateFilter(argumentCount: 0...0) { value, _ in .string(value.renderedText.uppercased()) },
        "capitalize": TemplateFilter(argumentCount: 0...0) { value, _ in .string(capitalized(value.renderedText)) },
        "title": TemplateFilter(argumentCount: 0...0) { value, _ in
            .string(value.renderedText.split(separator: " ", omittingEmptySubsequences: false)
                .map { capitalized(String($0)) }.joined(separator: " "))
        },
        "trim": TemplateFilter(argumentCount: 0...0) { value, _ in .string(trimmed(value.renderedText)) },
        "string": TemplateFilter(argumentCount: 0...0) { value, _ in .string(value.renderedText) },
        "safe": TemplateFilter(argumentCount: 0...0) { value, _ in value },
        "replace": TemplateFilter(argumentCount: 2...3, apply: replace),
        "default": TemplateFilter(argumentCount: 1...2, apply: defaultValue),
        "d": TemplateFilter(argumentCount: 1...2, apply: defaultValue),
        "dump": TemplateFilter(argumentCount: 0...1, apply: dump),
        "length": TemplateFilter(argumentCount: 0...0, apply: length),
        "join": TemplateFilter(argumentCount: 0...2, apply: join),
        "first": TemplateFilter(argumentCount: 0...0) { value, _ in end(of: value, first: true) },
        "last": TemplateFilter(argumentCount: 0...0) { value, _ in end(of: value, first: false) },
        "int": TemplateFilter(argumentCount: 0...1, apply: integer),
        "parseRepoUrl": TemplateFilter(argumentCount: 0...0, apply: parseRepoUrl),
        "projectSlug": TemplateFilter(argumentCount: 0...0, apply: projectSlug),
        "pick": TemplateFilter(argumentCount: 1...1, apply: pick),
    ]

    /// First character upper-cased, the rest lower-cased, as Nunjucks does.
    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst().lowercased()
    }

    private static func trimmed(_ text: String) -> String {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return String(text[start..<max(start, end)])
    }

    /// `replace(old, new[, count])` replaces every occurrence (or the first `count`); an empty
    /// `old` puts `new` around every character, as Nunjucks does. Values other than strings and
    /// numbers pass through.
    private static func replace(_ value: Value, _ arguments: [Value]) throws(EvaluationFailure) -> Value {
        switch value {
        case .string, .int, .double: break
        default: return value
        }
        let text = value.renderedText
        let old = try textArgument(arguments[0])
        let new = try textArgument(arguments[1])
        var limit = Int.max
        if arguments.count > 2 {
            guard case .int(let count) = arguments[2] else {
                throw EvaluationFailure("the count must be an integer, not \(arguments[2].typeName)")
            }
            limit = count < 0 ? Int.max : count
        }
        if old.isEmpty {
            let growth = (text.count + 1).multipliedReportingOverflow(by: new.utf8.count)
            guard !growth.overflow, text.utf8.count + growth.partialValue <= TemplateLimits.outputBytes else {
                throw EvaluationFailure("the result would be larger than \(TemplateLimits.outputBytes / 1024 / 1024) MB")
            }
            return .string(new + text.map(String.init).joined(separator: new) + new)
        }
        // Check the size before building: replacing in a large string can grow it quadratically.
        let replacements = min(limit, text.ranges(of: old).count)
        let growth = replacements.multipliedReportingOverflow(by: max(0, new.utf8.count - old.utf8.count))
        guard !growth.overflow, text.utf8.count + growth.partialValue <= TemplateLimits.outputBytes else {
            throw EvaluationFailure("the result would be larger than \(TemplateLimits.outputBytes / 1024 / 1024) MB")
        }
        return .string(text.replacing(old, with: new, maxReplacements: limit))
    }

    /// `default(x)` replaces null (Nunjucks: undefined); `default(x, true)` replaces any false value.
    private static func defaultValue(_ value: Value, _ arguments: [Value]) -> Value {
        let replacesFalsy = arguments.count > 1 && arguments[1].isTruthy
        let applies = replacesFalsy ? !value.isTruthy : value == .null
        return applies ? arguments[0] : value
    }

    /// JSON, compact or indented by the argument's number of spaces, as `JSON.stringify` does.
    private static func dump(_ value: Value, _ arguments: [Value]) throws(EvaluationFailure) -> Value {
        guard let argument = arguments.first else { return .string(JSONWriter.string(value)) }
        guard case .int(let spaces) = argument else {
            throw EvaluationFailure("the indent must be an integer, not \(argument.typeName)")
        }
        let indent = min(spaces, 10)
        guard indent > 0 else { return .string(JSONWriter.string(value)) }
        // JSONWriter indents by two spaces; JSON escapes newlines inside strings, so every line
        // break in its output is structural and each line's leading spaces are indentation.
        let lines = JSONWriter.string(value, pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
        return .string(lines.map { line in
            let depth = line.prefix { $0 == " " }.count / 2
            return String(repeating: " ", count: depth * indent) + line.drop { $0 == " " }
        }.joined(separator: "\n"))
    }

    private static func length(_ value: Value, _ arguments: [Value]) -> Value {
        switch value {
        case .array(let items): return .int(items.count)
        case .object(let members): return .int(members.count)
        case .string(let text): return .int(text.count)
        default: return .int(0)
        }
    }

    /// `join(separator = "", attribute)`: the items as text, or each item's `attribute`.
    private static func join(_ value: Value, _ arguments: [Value]) throws(EvaluationFailure) -> Value {
        guard case .array(var items) = value else { return .string(value.renderedText) }
        var separator = ""
        if let argument = arguments.first { separator = try textArgument(argument) }
        if arguments.count > 1 {
            let attribute = try textArgument(arguments[1])
            items = items.map { ValueLookup.member(attribute, of: $0) }
        }
        return try ValueOperations.text(items.map(\.renderedText).joined(separator: separator))
    }

    private static func end(of value: Value, first: Bool) -> Value {
        switch value {
        case .array(let items): return (first ? items.first : items.last) ?? .null
        case .string(let text): return (first ? text.first : text.last).map { .string(String($0)) } ?? .null
        default: return .null
        }
    }

    /// `int(default = 0)`, like JavaScript's `parseInt(value, 10)`: leading digits of a string,
    /// doubles truncated, anything unreadable gives the default.
    private static func integer(_ value: Value, _ arguments: [Value]) -> Value {
        let fallback = arguments.first ?? .int(0)
        switch value {
        case .int: return value
        case .double(let number):
            guard number.isFinite, abs(number) < 9e18 else { return fallback }
            return .int(Int(number))
        case .string(let text):
            var rest = Substring(text).drop { $0.isWhitespace }
            var sign = ""
            if let first = rest.first, first == "-" || first == "+" {
                sign = first == "-" ? "-" : ""
                rest = rest.dropFirst()
            }
            let digits = rest.prefix { $0.isASCII && $0.isWholeNumber }
            guard !digits.isEmpty else { return fallback }
            return Int(sign + digits).map { .int($0) } ?? Double(sign + digits).map { .double($0) } ?? fallback
        default: return fallback
        }
    }

    private static func parseRepoUrl(_ value: Value, _ arguments: [Value]) throws(EvaluationFailure) -> Value {
        try repoURL(value).value
    }

    /// `owner/repo`, as Backstage's `projectSlug`.
    private static func projectSlug(_ value: Value, _ arguments: [Value]) throws(EvaluationFailure) -> Value {
        let url = try repoURL(value)
        guard let owner = url.owner, !owner.isEmpty, let repo = url.repo else {
            throw EvaluationFailure("needs owner= and repo= in \(value.renderedText)")
        }
        return .string(owner + "/" + repo)
    }

    private static func repoURL(_ value: Value) throws(EvaluationFailure) -> RepoURL {
        guard case .string(let text) = value else {
            throw EvaluationFailure("needs a string like github.com?owner=o&repo=r, not \(value.typeName)")
        }
        return try RepoURL(parsing: text)
    }

    /// `pick(path)`: a property of an object, as Backstage's `pick` (lodash `get`): `a.b` and
    /// list indexes as `items.0` reach deeper; anything missing is null.
    private static func pick(_ value: Value, _ arguments: [Value]) throws(EvaluationFailure) -> Value {
        let path = try textArgument(arguments[0])
        var current = value
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            if case .array = current, let index = Int(component) {
                current = ValueLookup.element(.int(index), of: current)
            } else {
                current = ValueLookup.member(String(component), of: current)
            }
        }
        return current
    }

    private static func textArgument(_ argument: Value) throws(EvaluationFailure) -> String {
        switch argument {
        case .string(let text): return text
        case .int, .double: return argument.renderedText
        default: throw EvaluationFailure("arguments must be text, not \(argument.typeName)")
        }
    }
}
