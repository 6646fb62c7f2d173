import Foundation

/// How a source's state reads on screen: a glyph and words, readable without colour (NO_COLOR,
/// mono theme) and in ASCII when the locale is not UTF-8, like the health and job badges.
/// Stale and failed carry the error (without the "source NAME:" the row already says).
public struct SourceBadge: Sendable, Equatable {
    public var text: String
    public var role: StyleRole

    /// The badge for the list; without `showingActivity`, how its data stands whatever the
    /// worker is doing (the detail pane's stale mark).
    public static func of(_ source: SourceSummary, glyphs: Glyphs, now: Date, showingActivity: Bool = true) -> SourceBadge {
        let isUnicode = glyphs == .unicode
        switch showingActivity ? source.activity : .idle {
        case .refreshing: return SourceBadge(text: (isUnicode ? "…" : "...") + " refreshing", role: .jobRunning)
        case .queued: return SourceBadge(text: (isUnicode ? "…" : "...") + " queued", role: .jobQueued)
        case .idle: break
        }
        let error = shortError(source)
        switch source.health {
        case .ok:
            return SourceBadge(text: (isUnicode ? "✓" : "+") + " ok", role: .badgePass)
        case .stale:
            let age = source.age(at: now).map { " " + duration($0) } ?? ""
            return SourceBadge(text: (isUnicode ? "⚠" : "!") + " stale\(age): \(error)", role: .badgeWarn)
        case .failed:
            return SourceBadge(text: (isUnicode ? "✖" : "x") + " failed: \(error)", role: .badgeFail)
        case .notFetched:
            return SourceBadge(text: "not fetched yet", role: .dim)
        }
    }

    /// The error without its "[config.yaml:4: ]source NAME: " lead (the row names the source).
    static func shortError(_ source: SourceSummary) -> String {
        let error = source.lastError ?? ""
        guard let lead = error.range(of: "source \(source.name): "),
              error[..<lead.lowerBound].isEmpty || error[..<lead.lowerBound].hasSuffix(": ") else { return error }
        return String(error[lead.upperBound...])
    }

    /// "45s", "12m", "2h", "3d": how old a source's entities are.
    static func duration(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }
}
