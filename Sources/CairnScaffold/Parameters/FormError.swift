/// Why a template's parameters or a set of values cannot be read: one line a user can act on,
/// naming the template and the JSON path, or the values file and line, or the `--set` argument.
public struct FormError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}
