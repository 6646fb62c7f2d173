import CairnCatalog

/// A parsed expression. `offset` points at what a user should look at when evaluating it fails
/// (the operator, the filter name); `depth` bounds the evaluator's recursion.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case literal(Value)
        case variable(String)
        /// `base.name`
        case member(Expression, String)
        /// `base[index]`
        case element(Expression, Expression)
        case array([Expression])
        case object([ObjectEntry])
        case negate(Expression)
        case not(Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `value if condition else otherwise`; without `else` the result is null.
        case conditional(value: Expression, condition: Expression, otherwise: Expression?)
        case filter(Expression, name: String, arguments: [Expression])
    }

    struct ObjectEntry: Sendable {
        var key: String
        var value: Expression
    }

    let kind: Kind
    let offset: Int
    let depth: Int

    init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
        let children: [Expression]
        switch kind {
        case .literal, .variable: children = []
        case .member(let base, _), .negate(let base), .not(let base): children = [base]
        case .element(let base, let index): children = [base, index]
        case .array(let items): children = items
        case .object(let entries): children = entries.map(\.value)
        case .and(let left, let right), .or(let left, let right), .binary(_, let left, let right):
            children = [left, right]
        case .conditional(let value, let condition, let otherwise):
            children = [value, condition] + (otherwise.map { [$0] } ?? [])
        case .filter(let base, _, let arguments): children = [base] + arguments
        }
        depth = 1 + (children.map(\.depth).max() ?? 0)
    }
}

/// The operators that evaluate both sides (`and` and `or` short-circuit and are kinds of their own).
enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case concatenate = "~"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case greater = ">"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case memberOf = "in"
    case notMemberOf = "not in"
}
