import Foundation

/// When to check an endpoint next. A probe's interval is the base; a `Cache-Control: max-age`
/// longer than that is the minimum (the service asked not to be asked sooner); a failing
/// endpoint backs off exponentially — interval × 2^(failures−1), capped — with jitter, so a
/// fleet that failed together does not come back in lockstep.
public enum HealthSchedule {
    /// The longest a failing endpoint waits between checks, unless its interval is longer.
    public static let maxBackoffSeconds: Double = 300

    /// Seconds until the next check. `failures` counts consecutive failed checks including
    /// this one (0 after a check that did not fail); `jitter` is uniform in 0..<1.
    public static func delay(intervalSeconds: Double, maxAgeSeconds: Double?, failures: Int, jitter: Double) -> Double {
        var base = intervalSeconds
        // A long max-age (a CDN's year) must not stop the checks: it counts up to the backoff cap.
        if let maxAgeSeconds, maxAgeSeconds.isFinite, maxAgeSeconds > base { base = min(maxAgeSeconds, max(intervalSeconds, maxBackoffSeconds)) }
        guard failures > 0 else { return base }
        let exponent = Double(min(failures - 1, 16))
        let backedOff = min(base * pow(2, exponent), max(base, maxBackoffSeconds))
        // ±20 %, never below the base interval.
        return max(base, backedOff * (0.8 + 0.4 * jitter))
    }

    /// The `max-age` of a Cache-Control header value, in seconds (nil when absent or when
    /// the response must not be reused: no-store, no-cache).
    public static func maxAge(cacheControl: String?) -> Double? {
        guard let cacheControl else { return nil }
        var maxAge: Double?
        for directive in cacheControl.lowercased().split(separator: ",") {
            let part = directive.trimmingCharacters(in: .whitespaces)
            if part == "no-store" || part == "no-cache" { return nil }
            if part.hasPrefix("max-age="), let value = Double(part.dropFirst("max-age=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))),
               value >= 0, value.isFinite {
                maxAge = value
            }
        }
        return maxAge
    }
}
