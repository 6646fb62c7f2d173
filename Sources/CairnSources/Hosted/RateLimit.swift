import CairnHTTP
import Foundation

/// How GitHub and GitLab discovery wait out a rate limit. Waits are short and bounded: a limit
/// that resets later than `maxWaitSeconds` ends the refresh with an error that says when to
/// retry (the last good catalog stays), rather than holding the background worker for an hour.
public struct RateLimitPolicy: Sendable {
    /// The longest single wait.
    public var maxWaitSeconds: Double
    /// Waits one refresh may make before it gives up.
    public var maxWaits: Int
    /// Called with at most one second at a time, so quitting (`shouldStop`) is noticed between
    /// calls. Tests pass one that records the seconds and returns at once.
    public var sleep: @Sendable (Double) -> Void

    public init(maxWaitSeconds: Double = 60, maxWaits: Int = 10,
                sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.maxWaitSeconds = maxWaitSeconds
        self.maxWaits = maxWaits
        self.sleep = sleep
    }
}

/// Where an API reports its budget: GitHub `x-ratelimit-remaining` / `x-ratelimit-reset`,
/// GitLab `RateLimit-Remaining` / `RateLimit-Reset`; both in epoch seconds, both with
/// `Retry-After` (seconds or an HTTP date) on a refusal.
struct RateLimitHeaders: Sendable {
    var remaining: String
    var reset: String

    static let github = RateLimitHeaders(remaining: "x-ratelimit-remaining", reset: "x-ratelimit-reset")
    static let gitlab = RateLimitHeaders(remaining: "RateLimit-Remaining", reset: "RateLimit-Reset")
}

/// One refresh's view of an API's rate limit, kept from the headers of every answer. It sizes
/// each batch to the budget left, waits before sending when the budget is spent, recognises
/// refusals (403/429 with `x-ratelimit-remaining: 0`, `Retry-After`, or a "rate limit"
/// message), and after any wait lets a single request through until an answer shows the
/// budget again — so a limited client never sends a burst.
final class RateLimitGate {
    private let headers: RateLimitHeaders
    private let policy: RateLimitPolicy
    private let apiName: String
    private let describe: (String) -> SourceError
    private let shouldStop: @Sendable () -> Bool
    private let hasToken: Bool
    /// The smallest remaining budget the last batch reported, and when it resets (epoch seconds).
    private var remaining: Int?
    private var resetAt: Double?
    private var isProbing = false
    private(set) var waits = 0
    private(set) var secondsWaited = 0.0

    init(headers: RateLimitHeaders, policy: RateLimitPolicy, apiName: String, hasToken: Bool,
         shouldStop: @escaping @Sendable () -> Bool, describe: @escaping (String) -> SourceError) {
        self.headers = headers
        self.policy = policy
        self.apiName = apiName
        self.hasToken = hasToken
        self.shouldStop = shouldStop
        self.describe = describe
    }

    /// How many of `wanted` requests may go now; waits first when the budget is spent.
    func allowance(for wanted: Int) throws(SourceError) -> Int {
        if let remaining, remaining <= 0 {
            try wait(seconds: resetAt.map { $0 - Date().timeIntervalSince1970 } ?? policy.maxWaitSeconds, resetAt: resetAt)
        }
        if isProbing { return 1 }
        return max(1, min(wanted, remaining ?? wanted))
    }

    /// Reads a batch's answers; returns, per answer, whether it was a rate-limit refusal.
    func observe(_ responses: [HTTPResponse]) -> [Bool] {
        var lowest: (remaining: Int, reset: Double?)?
        var refusals: [Bool] = []
        for response in responses {
            let isRefusal = isRateLimitRefusal(response)
            refusals.append(isRefusal)
            if !isRefusal, response.failure == nil { isProbing = false }
            guard let remaining = response.header(headers.remaining).flatMap({ Int($0) }) else { continue }
            if lowest == nil || remaining < lowest!.remaining {
                lowest = (remaining, response.header(headers.reset).flatMap { Double($0) })
            }
        }
        if let lowest {
            remaining = lowest.remaining
            resetAt = lowest.reset
        }
        return refusals
    }

    /// Waits as the refusals ask: `Retry-After`, else until the reset, else a minute (GitHub's
    /// advice for a secondary limit that says nothing more).
    func waitAfter(_ refusals: [HTTPResponse]) throws(SourceError) {
        var seconds = 0.0
        var reset: Double?
        let now = Date().timeIntervalSince1970
        for response in refusals {
            if let retryAfter = response.header("retry-after").flatMap(Self.seconds(retryAfter:)) {
                seconds = max(seconds, retryAfter)
            } else if response.header(headers.remaining) == "0", let resetAt = response.header(headers.reset).flatMap({ Double($0) }) {
                seconds = max(seconds, resetAt - now)
                reset = max(reset ?? 0, resetAt)
            } else {
                seconds = max(seconds, 60)
            }
        }
        try wait(seconds: seconds, resetAt: reset)
    }

    private func isRateLimitRefusal(_ response: HTTPResponse) -> Bool {
        guard response.failure == nil else { return false }
        if response.status == 429 { return true }
        guard response.status == 403 else { return false }
        if response.header(headers.remaining) == "0" || response.header("retry-after") != nil { return true }
        let text = String(decoding: response.body.prefix(2_048), as: UTF8.self).lowercased()
        return text.contains("rate limit")
    }

    private func wait(seconds requested: Double, resetAt: Double?) throws(SourceError) {
        let seconds = max(1, requested.rounded(.up))
        let retryAt = resetAt ?? Date().timeIntervalSince1970 + seconds
        waits += 1
        guard waits <= policy.maxWaits, seconds <= policy.maxWaitSeconds else {
            let minutes = max(1, Int((retryAt - Date().timeIntervalSince1970) / 60 + 0.5))
            let when = Self.utc(retryAt)
            let hint = hasToken ? "" : "; a token (tokenEnv) raises the limit"
            let reason = waits > policy.maxWaits ? "is still in force after \(policy.maxWaits) waits" : "is spent"
            throw describe("\(apiName)'s rate limit \(reason) until \(when) UTC (in about \(minutes) min); "
                + "the last good catalog stays until a refresh after that\(hint)")
        }
        var left = seconds
        while left > 0 {
            if shouldStop() { throw describe("stopped while waiting for \(apiName)'s rate limit (cairn is quitting)") }
            let slice = min(1, left)
            policy.sleep(slice)
            left -= slice
        }
        secondsWaited += seconds
        remaining = nil
        self.resetAt = nil
        isProbing = true
    }

    /// `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3).
    static func seconds(retryAfter value: String) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text).map { max(0, $0.timeIntervalSinceNow) }
    }

    private static func utc(_ epochSeconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: epochSeconds))
    }
}
