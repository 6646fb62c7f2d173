import Foundation

/// Which audit records to read: the newest `limit` at or after `since`, by `actor`, on
/// `target` (whole values, ignoring case), returned oldest first.
public struct AuditFilter: Sendable, Equatable {
    public var since: Date?
    public var actor: String?
    /// A full entity ref (`component:default/payments`) or `job:42`.
    public var target: String?
    public var limit: Int

    public init(since: Date? = nil, actor: String? = nil, target: String? = nil, limit: Int = 100) {
        self.since = since
        self.actor = actor
        self.target = target
        self.limit = limit
    }

    /// A point in time as a user types it: an ISO 8601 date or time (`2026-11-24`,
    /// `2026-11-24T10:32`, `2026-11-24 10:32:05`, `2026-11-24T10:32:05.120Z`, `…+01:00`),
    /// read in `timeZone` when it names no zone, or a duration before `now` (`45s`, `30m`, `2h`,
    /// `7d`, `2w`).
    public static func time(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) throws(AccessError) -> Date {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let ago = duration(text) { return now.addingTimeInterval(-ago) }
        if let date = isoDate(text, timeZone: timeZone) { return date }
        throw .invalid("\"\(text)\" is not a time: give an ISO 8601 date or time (2026-11-24, 2026-11-24T10:00, 2026-11-24T10:00:00Z) or a duration before now (30m, 2h, 7d)")
    }

    private static func duration(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let count = Int(text.dropLast()), count >= 0, text.first?.isNumber == true else { return nil }
        let seconds: Double
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86_400
        case "w": seconds = 7 * 86_400
        default: return nil
        }
        return Double(count) * seconds
    }

    private static func isoDate(_ text: String, timeZone: TimeZone) -> Date? {
        let pattern = /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?/
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        var zone = timeZone
        if let designator = match.8 {
            guard let offset = offsetSeconds(String(designator)), let fixed = TimeZone(secondsFromGMT: offset) else { return nil }
            zone = fixed
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var components = DateComponents()
        components.year = Int(match.1)
        components.month = Int(match.2)
        components.day = Int(match.3)
        components.hour = match.4.flatMap { Int($0) } ?? 0
        components.minute = match.5.flatMap { Int($0) } ?? 0
        components.second = match.6.flatMap { Int($0) } ?? 0
        guard components.isValidDate(in: calendar), let whole = calendar.date(from: components) else { return nil }
        let fraction = match.7.flatMap { Double("0." + $0) } ?? 0
        return whole.addingTimeInterval(fraction)
    }

    /// `Z` → 0, `+01:00` / `+0100` / `-05` → seconds east of UTC.
    private static func offsetSeconds(_ designator: String) -> Int? {
        if designator == "Z" { return 0 }
        let sign = designator.hasPrefix("-") ? -1 : 1
        let digits = designator.dropFirst().filter(\.isNumber)
        guard let hours = Int(digits.prefix(2)), hours <= 23 else { return nil }
        let minutes = digits.count > 2 ? Int(digits.dropFirst(2)) ?? 99 : 0
        guard minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
