import CairnCatalog
import Foundation

enum StatusLineView {
    static func draw(_ state: AppState, now: Date, in rect: Rect, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        var x = rect.x
        x += canvas.put(" cairn ", x: x, y: rect.y, role: .title)
        var parts: [(String, StyleRole)] = []
        let total = state.catalog.entities.count
        let quarantined = state.catalog.quarantinedCount
        parts.append(("\(total) entities" + (quarantined > 0 ? ", \(quarantined) quarantined" : ""), quarantined > 0 ? .badgeWarn : .text))
        if let sources = sourcesMark(state) { parts.append(sources) }
        if !state.filter.text.isEmpty { parts.append(("filter: \(state.filter.text) (\(state.matchCount))", .accent)) }
        if state.grouping != .none { parts.append(("by \(state.grouping.rawValue)", .dim)) }
        if let source = state.source {
            var age = "\(source.origin.rawValue) \(Self.age(now.timeIntervalSince(source.builtAt)))"
            if source.isRefreshing { age += ", refreshing" + glyphs.ellipsis }
            parts.append((age, .dim))
        }
        if !state.health.isEmpty {
            let counts = state.health.counts
            let failing = counts[.fail] ?? 0
            let warning = counts[.warn] ?? 0
            var text = "health \(counts[.pass] ?? 0) ok"
            if warning > 0 { text += ", \(warning) warn" }
            if failing > 0 { text += ", \(failing) FAIL" }
            if let newest = state.health.newestCheck { text += " \(Self.age(now.timeIntervalSince(newest)))" }
            if failing > 0 || warning > 0 { text += " (i)" }
            parts.append((text, failing > 0 ? .badgeFail : (warning > 0 ? .badgeWarn : .badgePass)))
        }
        if !state.identity.isEmpty { parts.append((state.identity, .dim)) }
        for (text, role) in parts {
            guard x < rect.width - 3 else { break }
            x += canvas.put(" \(glyphs.vertical) ", x: x, y: rect.y, role: .border)
            x += canvas.put(text, x: x, y: rect.y, role: role, maxWidth: rect.width - x)
        }
    }

    /// "sources: 1 stale, 1 failed (S)" when any source's last refresh failed: the catalog on
    /// screen may be old or missing a source's entities.
    static func sourcesMark(_ state: AppState) -> (String, StyleRole)? {
        let stale = state.sources.staleCount
        let failed = state.sources.failedCount
        guard stale + failed > 0 else { return nil }
        var counts: [String] = []
        if stale > 0 { counts.append("\(stale) stale") }
        if failed > 0 { counts.append("\(failed) failed") }
        return ("sources: " + counts.joined(separator: ", ") + " (S)", failed > 0 ? .badgeFail : .badgeWarn)
    }

    static func age(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        if seconds < 60 { return "\(seconds)s ago" }
        if seconds < 3600 { return "\(seconds / 60)m ago" }
        if seconds < 86_400 { return "\(seconds / 3600)h ago" }
        return "\(seconds / 86_400)d ago"
    }
}
