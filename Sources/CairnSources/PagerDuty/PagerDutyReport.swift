import Foundation

/// The answer for a set of services: each one's status or why it could not be read.
public struct PagerDutyReport: Sendable, Equatable {
    /// Keyed by the service id as asked (each asked id has an entry).
    public var services: [String: Result<ServiceStatus, PagerDutyError>]
    /// Each wait on 429 Too Many Requests, in seconds, in order.
    public var rateLimitWaits: [TimeInterval]
    /// Things worth saying that are not failures (a list cut at PagerDuty's 10,000-item limit).
    public var notices: [String]
    /// HTTP requests made, retries included.
    public var requests: Int
    public var fetchedAt: Date

    public init(services: [String: Result<ServiceStatus, PagerDutyError>] = [:], rateLimitWaits: [TimeInterval] = [], notices: [String] = [],
                requests: Int = 0, fetchedAt: Date) {
        self.services = services
        self.rateLimitWaits = rateLimitWaits
        self.notices = notices
        self.requests = requests
        self.fetchedAt = fetchedAt
    }
}
