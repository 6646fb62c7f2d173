import Foundation

/// How cairn reaches PagerDuty's REST API (v2). The token never appears in a description, a
/// dump or a message: it is a PagerDuty API key.
public struct PagerDutySettings: Sendable, Equatable {
    public static let defaultAPIURL = "https://api.pagerduty.com"

    /// The API's base URL, without a trailing slash.
    public var apiURL: String
    /// A REST API key, sent as `Authorization: Token token=…` (a read-only key is enough).
    public var token: String
    /// Requests in flight at once: PagerDuty limits each account's requests per minute.
    public var maxConcurrentRequests: Int
    /// How long, in all, one `statuses` call waits on 429 Too Many Requests before giving up.
    public var maxRateLimitWait: TimeInterval
    public var timeoutMilliseconds: Int

    public init(token: String, apiURL: String = defaultAPIURL, maxConcurrentRequests: Int = 4, maxRateLimitWait: TimeInterval = 60,
                timeoutMilliseconds: Int = 15_000) {
        var base = apiURL.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        self.apiURL = base
        self.token = token
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.maxRateLimitWait = max(0, maxRateLimitWait)
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}

extension PagerDutySettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "PagerDutySettings(apiURL: \(apiURL), token: <redacted>)" }
    public var debugDescription: String { description }
    /// `dump` and the debugger show this instead of the stored token.
    public var customMirror: Mirror {
        Mirror(self, children: ["apiURL": apiURL, "token": "<redacted>", "maxConcurrentRequests": maxConcurrentRequests,
                                "maxRateLimitWait": maxRateLimitWait, "timeoutMilliseconds": timeoutMilliseconds])
    }
}
