/// A failed operation or filter, before the evaluator adds the position of the operator or filter.
struct EvaluationFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
