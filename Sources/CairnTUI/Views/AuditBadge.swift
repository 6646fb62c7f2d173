/// How an audit record's result reads on screen: a glyph and a word, readable without colour
/// (NO_COLOR, mono theme) and in ASCII, like the health and job badges. A denial is the one an
/// auditor looks for, so it takes the strongest role.
public struct AuditBadge: Sendable, Equatable {
    public var text: String
    public var role: StyleRole

    public static func of(_ result: AuditRow.Result, glyphs: Glyphs) -> AuditBadge {
        let isUnicode = glyphs == .unicode
        switch result {
        case .ok: return AuditBadge(text: (isUnicode ? "✓" : "+") + " ok", role: .badgePass)
        case .denied: return AuditBadge(text: (isUnicode ? "✖" : "x") + " denied", role: .badgeFail)
        case .failed: return AuditBadge(text: (isUnicode ? "⚠" : "!") + " failed", role: .badgeWarn)
        }
    }

    /// Width of the widest badge ("✖ denied"): the result column.
    public static let width = 8
}
