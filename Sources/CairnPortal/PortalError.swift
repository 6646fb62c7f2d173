/// Errors a use case reports to an interface, each with the exit code of DESIGN.md §4.
public enum PortalError: Error, Sendable, CustomStringConvertible {
    /// Bad input or usage: exit 2.
    case usage(String)
    /// The entity or thing asked for does not exist: exit 3.
    case notFound(String)
    /// cairn itself failed: exit 70.
    case internalError(String)

    public var exitCode: Int32 {
        switch self {
        case .usage: return 2
        case .notFound: return 3
        case .internalError: return 70
        }
    }

    public var description: String {
        switch self {
        case .usage(let message), .notFound(let message), .internalError(let message): return message
        }
    }
}
