/// Errors a use case reports to an interface, each with the exit code of DESIGN.md §4.
public enum PortalError: Error, Sendable, CustomStringConvertible {
    /// The work ran and failed (a scaffold step, say): exit 1.
    case failed(String)
    /// Bad input or usage: exit 2.
    case usage(String)
    /// The entity or thing asked for does not exist: exit 3.
    case notFound(String)
    /// The access policy does not allow it (the reason says why): exit 4.
    case permissionDenied(String)
    /// cairn itself failed: exit 70.
    case internalError(String)

    public var exitCode: Int32 {
        switch self {
        case .failed: return 1
        case .usage: return 2
        case .notFound: return 3
        case .permissionDenied: return 4
        case .internalError: return 70
        }
    }

    public var description: String {
        switch self {
        case .failed(let message), .usage(let message), .notFound(let message), .permissionDenied(let message), .internalError(let message): return message
        }
    }
}
