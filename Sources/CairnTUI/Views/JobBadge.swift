/// How a job's state reads on screen: a glyph and a word, readable without colour (NO_COLOR,
/// mono theme) and in ASCII when the locale is not UTF-8, like the health badges.
public struct JobBadge: Sendable, Equatable {
    public var text: String
    public var role: StyleRole

    public static func of(_ state: JobSummary.State, glyphs: Glyphs) -> JobBadge {
        let isUnicode = glyphs == .unicode
        switch state {
        case .queued: return JobBadge(text: (isUnicode ? "○" : ".") + " queued", role: .jobQueued)
        case .awaitingApproval: return JobBadge(text: (isUnicode ? "◇" : "?") + " awaiting", role: .badgeWarn)
        case .running: return JobBadge(text: (isUnicode ? "▸" : ">") + " running", role: .jobRunning)
        case .succeeded: return JobBadge(text: (isUnicode ? "✓" : "+") + " succeeded", role: .jobSucceeded)
        case .failed: return JobBadge(text: (isUnicode ? "✖" : "x") + " failed", role: .jobFailed)
        case .cancelled: return JobBadge(text: (isUnicode ? "⊘" : "-") + " cancelled", role: .dim)
        }
    }

    /// A step's state (running, succeeded, failed) as a glyph.
    public static func step(_ state: String, glyphs: Glyphs) -> JobBadge {
        let isUnicode = glyphs == .unicode
        switch state {
        case "succeeded": return JobBadge(text: isUnicode ? "✓" : "+", role: .jobSucceeded)
        case "failed": return JobBadge(text: isUnicode ? "✖" : "x", role: .jobFailed)
        default: return JobBadge(text: isUnicode ? "▸" : ">", role: .jobRunning)
        }
    }

    /// Width of the widest badge ("✓ succeeded"): the list's state column.
    public static let width = 11
}
