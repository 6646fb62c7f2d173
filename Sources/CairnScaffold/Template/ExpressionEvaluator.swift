import CairnCatalog

/// Evaluates parsed expressions against a scope. Failures of operators and filters become
/// `TemplateError`s at the operator's or filter's position in `source`.
struct ExpressionEvaluator: Sendable {
    let source: SourceText

    func evaluate(_ expression: Expression, in scope: TemplateScope) throws(TemplateError) -> Value {
        switch expression.kind {
        case .literal(let value):
            return value
        case .variable(let name):
            return scope.value(named: name)
        case .member(let base, let name):
            return ValueLookup.member(name, of: try evaluate(base, in: scope))
        case .element(let base, let index):
            let container = try evaluate(base, in: scope)
            return ValueLookup.element(try evaluate(index, in: scope), of: container)
        case .array(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, in: scope)) }
            return .array(values)
        case .object(let entries):
            var object = Value.object([])
            for entry in entries { object = object.setting(entry.key, to: try evaluate(entry.value, in: scope)) }
            return object
        case .negate(let operand):
            switch try evaluate(operand, in: scope) {
            case .int(let number) where number != .min: return .int(-number)
            case .int(let number): return .double(-Double(number))
            case .double(let number): return .double(-number)
            case let other: throw source.error("cannot negate \(other.typeName)", at: expression.offset)
            }
        case .not(let operand):
            return .bool(!(try evaluate(operand, in: scope).isTruthy))
        case .and(let left, let right):
            let value = try evaluate(left, in: scope)
            return value.isTruthy ? try evaluate(right, in: scope) : value
        case .or(let left, let right):
            let value = try evaluate(left, in: scope)
            return value.isTruthy ? value : try evaluate(right, in: scope)
        case .binary(let operation, let left, let right):
            let leftValue = try evaluate(left, in: scope)
            let rightValue = try evaluate(right, in: scope)
            do throws(EvaluationFailure) {
                return try ValueOperations.apply(operation, leftValue, rightValue)
            } catch {
                throw source.error(error.message, at: expression.offset)
            }
        case .conditional(let value, let condition, let otherwise):
            if try evaluate(condition, in: scope).isTruthy { return try evaluate(value, in: scope) }
            guard let otherwise else { return .null }
            return try evaluate(otherwise, in: scope)
        case .filter(let base, let name, let arguments):
            guard let filter = TemplateFilters.named(name) else {
                throw source.error("unknown filter '\(name)'", at: expression.offset)
            }
            let input = try evaluate(base, in: scope)
            var values: [Value] = []
            for argument in arguments { values.append(try evaluate(argument, in: scope)) }
            do throws(EvaluationFailure) {
                return try filter.apply(input, values)
            } catch {
                throw source.error("filter '\(name)': \(error.message)", at: expression.offset)
            }
        }
    }
}
