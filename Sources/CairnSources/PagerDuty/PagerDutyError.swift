/// Why PagerDuty could not say something: one line a user can act on, never holding the token.
public struct PagerDutyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for a caller that acts on it (the UI may hide a service that is not found).
    public enum Reason: Sendable, Equatable {
        /// 401: the API key was refused. Every service is affected, so it is thrown.
        case tokenRefused
        /// 403: the key may not read this.
        case forbidden
        /// 404 for the service, or an id that cannot be one.
        case serviceNotFound
        /// Still 429 Too Many Requests once the wait allowed was spent.
        case rateLimited
        /// No answer: connection refused, timeout, DNS, TLS.
        case unreachable
        /// An error status or a body that is not what the API documents.
        case unexpectedAnswer
        /// The settings cannot work (an apiURL that is not http or https).
        case invalidSettings
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
