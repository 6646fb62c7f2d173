import CairnCatalog
import CairnHealth

/// How a health status reads on screen: a glyph and a word, so it is readable without colour
/// (NO_COLOR, mono theme) as well as with it. "impacted" marks an entity that is not failing
/// itself but depends, transitively, on something that is.
public struct HealthBadge: Sendable, Equatable {
    public var text: String
    public var role: StyleRole

    public static func of(_ status: HealthStatus, glyphs: Glyphs) -> HealthBadge {
        let isUnicode = glyphs == .unicode
        switch status {
        case .pass: return HealthBadge(text: (isUnicode ? "●" : "+") + " ok", role: .badgePass)
        case .warn: return HealthBadge(text: (isUnicode ? "▲" : "!") + " warn", role: .badgeWarn)
        case .fail: return HealthBadge(text: (isUnicode ? "✖" : "x") + " FAIL", role: .badgeFail)
        case .unknown: return HealthBadge(text: "? unkn", role: .badgeUnknown)
        }
    }

    public static let impactedWord = "impct"

    /// The badge for an entity on the board: its own (or rolled-up) status; "impacted" when it
    /// has no worse status of its own and something upstream fails; a bare "?" ("[?]" without
    /// colour) for a kind that can have health when nothing is known yet (unless
    /// `markingUnknown` is false: the graph leaves such nodes unmarked); else nil.
    public static func of(_ ref: EntityRef, in state: AppState, markingUnknown: Bool = true) -> HealthBadge? {
        let status = state.health.status(of: ref)
        if state.health.isImpacted(ref), (status ?? .pass) < .warn {
            return HealthBadge(text: (state.isUnicode ? "◆ " : "~ ") + impactedWord, role: .badgeWarn)
        }
        if let status { return of(status, glyphs: state.glyphs) }
        guard markingUnknown, ["component", "resource", "api"].contains(ref.kind) else { return nil }
        return HealthBadge(text: state.isColor ? "?" : "[?]", role: .badgeUnknown)
    }

    /// Width of the widest badge: list columns size to it.
    public static let width = 7
}
