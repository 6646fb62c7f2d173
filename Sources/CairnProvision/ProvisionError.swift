/// Errors of the provisioning room, each one line a user can act on.
public enum ProvisionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad input (a request, a resource type): exit 2.
    case usage(String)
    /// A driver or step failed: the job fails with this message.
    case failed(String)
    /// The job was cancelled while the step ran.
    case cancelled

    public var description: String {
        switch self {
        case .usage(let message), .failed(let message): return message
        case .cancelled: return "cancelled"
        }
    }
}
