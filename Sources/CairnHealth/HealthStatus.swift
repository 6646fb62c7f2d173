/// The four health states of DESIGN.md §4, ordered from best to worst for "the worse wins".
public enum HealthStatus: String, Sendable, CaseIterable, Comparable {
    case pass, unknown, warn, fail

    private var severity: Int {
        switch self {
        case .pass: return 0
        case .unknown: return 1
        case .warn: return 2
        case .fail: return 3
        }
    }

    public static func < (lhs: HealthStatus, rhs: HealthStatus) -> Bool { lhs.severity < rhs.severity }

    /// A status word from a health body, case-insensitive: IETF health+json (pass/ok/up, warn,
    /// fail/error/down) and Spring Actuator (UP, DOWN, OUT_OF_SERVICE, UNKNOWN). Nil for words
    /// neither format defines.
    public init?(word: String) {
        switch word.lowercased() {
        case "pass", "ok", "up", "serving": self = .pass
        case "warn", "out_of_service": self = .warn
        case "fail", "error", "down", "not_serving": self = .fail
        case "unknown": self = .unknown
        default: return nil
        }
    }
}
