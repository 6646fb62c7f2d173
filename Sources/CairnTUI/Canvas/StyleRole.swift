/// What a cell means, not how it looks: themes map roles to colours and attributes, so every
/// screen stays readable in mono, on light backgrounds and with NO_COLOR.
public enum StyleRole: String, Sendable, CaseIterable, Hashable {
    case text
    case dim
    case accent
    case border
    case borderFocus = "border.focus"
    case selection
    case title
    case badgePass = "badge.pass"
    case badgeWarn = "badge.warn"
    case badgeFail = "badge.fail"
    case badgeUnknown = "badge.unknown"
    case jobQueued = "job.queued"
    case jobRunning = "job.running"
    case jobSucceeded = "job.succeeded"
    case jobFailed = "job.failed"
    case error
}
