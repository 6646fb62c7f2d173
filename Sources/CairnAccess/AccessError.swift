/// What goes wrong in the access room, each with a message a user can act on.
public enum AccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad input: a policy file, a session file, an issuer's answer that cannot be used.
    case invalid(String)
    /// The login did not complete: expired, the provider refused, the network failed.
    case loginFailed(String)
    /// The person refused the sign-in at the provider (`access_denied`).
    case loginDenied(String)
    /// Reading or writing cairn's own files or records failed.
    case storage(String)

    public var description: String {
        switch self {
        case .invalid(let message), .loginFailed(let message), .loginDenied(let message), .storage(let message): return message
        }
    }
}
