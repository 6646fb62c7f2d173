import CairnCatalog

/// The binary operators on values. `+` joins text when either side is a string and adds numbers
/// otherwise; arithmetic on anything else is an error rather than JavaScript's NaN. Comparisons
/// with null are false, as JavaScript's are with undefined, so a missing optional parameter reads
/// as "not greater, not less".
enum ValueOperations {
    static func apply(_ operation: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationFailure) -> Value {
        switch operation {
        case .add: return try add(left, right)
        case .subtract, .multiply, .divide, .remainder: return try arithmetic(operation, left, right)
        case .concatenate: return try text(left.renderedText + right.renderedText)
        case .equal: return .bool(isEqual(left, right))
        case .notEqual: return .bool(!isEqual(left, right))
        case .less, .greater, .lessOrEqual, .greaterOrEqual: return .bool(try compare(operation, left, right))
        case .memberOf: return .bool(try contains(right, left))
        case .notMemberOf: return .bool(!(try contains(right, left)))
        }
    }

    /// Equality that treats 1 and 1.0 as equal, in lists and mappings too; mapping key order does
    /// not matter.
    static func isEqual(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return a == Double(b)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { isEqual($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { member in
                right[member.key].map { isEqual(member.value, $0) } ?? false
            }
        default: return left == right
        }
    }

    private static func add(_ left: Value, _ right: Value) throws(EvaluationFailure) -> Value {
        switch (left, right) {
        case (.string, _), (_, .string): return try text(left.renderedText + right.renderedText)
        case (.array(let a), .array(let b)): return .array(a + b)
        default: return try arithmetic(.add, left, right)
        }
    }

    private static func arithmetic(_ operation: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationFailure) -> Value {
        switch (left, right) {
        case (.int(let a), .int(let b)): return try integerArithmetic(operation, a, b)
        case (.int, .double), (.double, .int), (.double, .double):
            let a = number(left), b = number(right)
            switch operation {
            case .add: return .double(a + b)
            case .subtract: return .double(a - b)
            case .multiply: return .double(a * b)
            case .divide:
                guard b != 0 else { throw EvaluationFailure("division by zero") }
                return .double(a / b)
            default:
                guard b != 0 else { throw EvaluationFailure("remainder of a division by zero") }
                return .double(a.truncatingRemainder(dividingBy: b))
            }
        default:
            let needs = operation == .add ? "numbers, strings or lists" : "two numbers"
            throw EvaluationFailure("'\(operation.rawValue)' needs \(needs), got \(left.typeName) and \(right.typeName)")
        }
    }

    /// Integer arithmetic that falls back to doubles on overflow; `/` gives a double unless the
    /// division is exact, as JavaScript's numbers would.
    private static func integerArithmetic(_ operation: BinaryOperator, _ a: Int, _ b: Int) throws(EvaluationFailure) -> Value {
        let result: (partialValue: Int, overflow: Bool)
        switch operation {
        case .add: result = a.addingReportingOverflow(b)
        case .subtract: result = a.subtractingReportingOverflow(b)
        case .multiply: result = a.multipliedReportingOverflow(by: b)
        case .divide:
            guard b != 0 else { throw EvaluationFailure("division by zero") }
            guard a % b == 0 || (a == .min && b == -1) else { return .double(Double(a) / Double(b)) }
            result = a.dividedReportingOverflow(by: b)
        default:
            guard b != 0 else { throw EvaluationFailure("remainder of a division by zero") }
            return .int(a.remainderReportingOverflow(dividingBy: b).partialValue)
        }
        guard result.overflow else { return .int(result.partialValue) }
        switch operation {
        case .add: return .double(Double(a) + Double(b))
        case .subtract: return .double(Double(a) - Double(b))
        case .multiply: return .double(Double(a) * Double(b))
        default: return .double(Double(a) / Double(b))
        }
    }

    private static func compare(_ operation: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationFailure) -> Bool {
        let ordering: Int
        switch (left, right) {
        case (.null, _), (_, .null): return false
        case (.int(let a), .int(let b)): ordering = a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let a = number(left), b = number(right)
            guard !a.isNaN, !b.isNaN else { return false }
            ordering = a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): ordering = a < b ? -1 : (a == b ? 0 : 1)
        default:
            throw EvaluationFailure("cannot compare \(left.typeName) with \(right.typeName) using '\(operation.rawValue)'")
        }
        switch operation {
        case .less: return ordering < 0
        case .greater: return ordering > 0
        case .lessOrEqual: return ordering <= 0
        default: return ordering >= 0
        }
    }

    /// `item in container`: an element of a list, a substring of a string, a key of a mapping.
    /// Nothing is in null, so optional parameters can be tested without a guard.
    private static func contains(_ container: Value, _ item: Value) throws(EvaluationFailure) -> Bool {
        switch container {
        case .null: return false
        case .array(let items): return items.contains { isEqual($0, item) }
        case .string(let text):
            switch item {
            case .string, .int, .double, .bool:
                let needle = item.renderedText
                return needle.isEmpty || text.contains(needle)
            default:
                throw EvaluationFailure("cannot look for \(item.typeName) in a string")
            }
        case .object:
            switch item {
            case .string, .int, .double: return container[item.renderedText] != nil
            default: throw EvaluationFailure("cannot look for \(item.typeName) among a mapping's keys")
            }
        default:
            throw EvaluationFailure("'in' needs a list, a string or a mapping on its right, not \(container.typeName)")
        }
    }

    /// A string an expression built, refused past the output limit (`x | replace("", x)` and
    /// friends grow quadratically).
    static func text(_ text: String) throws(EvaluationFailure) -> Value {
        guard text.utf8.count <= TemplateLimits.outputBytes else {
            throw EvaluationFailure("the result would be larger than \(TemplateLimits.outputBytes / 1024 / 1024) MB")
        }
        return .string(text)
    }

    private static func number(_ value: Value) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return .nan
        }
    }
}
