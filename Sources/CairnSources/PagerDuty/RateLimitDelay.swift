import CairnHTTP
import Foundation

/// How long a 429 Too Many Requests asks to wait: `Retry-After` (seconds or an HTTP date), else
/// PagerDuty's `ratelimit-reset` (seconds until the limit resets), else a second.
enum RateLimitDelay {
    static let fallback: TimeInterval = 1

    static func seconds(_ response: HTTPResponse, now: Date) -> TimeInterval {
        if let text = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let seconds = TimeInterval(text), seconds.isFinite { return max(fallback, seconds) }
            if let date = httpDate(text) { return max(fallback, date.timeIntervalSince(now)) }
        }
        if let text = response.header("ratelimit-reset")?.trimmingCharacters(in: .whitespaces), let seconds = TimeInterval(text), seconds.isFinite {
            return max(fallback, seconds)
        }
        return fallback
    }

    /// `Wed, 21 Oct 2015 07:28:00 GMT` (RFC 9110's preferred form).
    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
