import CairnCatalog
import CairnHealth
import CairnPortal
import Foundation

/// The on-call's first screen in an outage (`i`): everything failing or warning, largest blast
/// radius first, each with its owner and on-call, why it fails, and what downstream it impacts.
enum IncidentsView {
    static let rowHeight = 3

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas, now: Date = Date()) {
        let incidents = state.health.incidents
        let failing = incidents.filter { $0.sample.status == .fail }.count
        var title = "Incidents (\(failing) failing, \(incidents.count - failing) warning)"
        if state.health.isEmpty { title = "Incidents" }
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: title)
        let inner = rect.inner
        guard !incidents.isEmpty else {
            let text: String
            if state.health.isEmpty {
                text = "No health checks yet: entities with a cairn.dev/health-url annotation are polled in the background."
            } else {
                let impacted = state.health.impactedBy.count
                text = "Nothing failing or warning \(state.glyphs.separator) \(state.health.counts[.pass] ?? 0) passing" + (impacted > 0 ? ", \(impacted) impacted" : "")
            }
            canvas.put(text, x: inner.x + 2, y: inner.y + 1, role: .dim, maxWidth: inner.width - 3, ellipsis: state.glyphs.ellipsis)
            return
        }
        canvas.put("sorted by blast radius: how many entities depend on it, transitively", x: inner.x + 2, y: inner.y, role: .dim,
                   maxWidth: inner.width - 3, ellipsis: state.glyphs.ellipsis)
        let rows = Layout(state).incidentRows
        for offset in 0..<rows {
            let index = state.incidentTop + offset
            guard incidents.indices.contains(index) else { break }
            let y = inner.y + 2 + offset * rowHeight
            drawIncident(incidents[index], state: state, isSelected: index == state.incidentSelection, x: inner.x, y: y, width: inner.width,
                         now: now, into: &canvas)
        }
        if incidents.count > rows {
            let more = "\(state.incidentTop + 1)-\(min(incidents.count, state.incidentTop + rows))/\(incidents.count)"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: rect.y + rect.height - 1, role: .dim)
        }
    }

    static func drawIncident(_ incident: Incident, state: AppState, isSelected: Bool, x: Int, y: Int, width: Int, now: Date, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        let entity = state.catalog[incident.ref]
        if isSelected { canvas.put(glyphs.selection, x: x, y: y, role: .accent) }
        let badge = HealthBadge.of(incident.sample.status, glyphs: glyphs)
        var column = x + 2
        column += canvas.put(TerminalText.pad(badge.text, to: HealthBadge.width + 1), x: column, y: y, role: badge.role)
        let radius = "blast radius \(incident.blastRadius)"
        let radiusWidth = TerminalText.width(radius)
        column += canvas.put(incident.ref.humanized, x: column, y: y, role: .title, maxWidth: max(1, x + width - column - radiusWidth - 3), ellipsis: glyphs.ellipsis)
        canvas.put(radius, x: x + width - radiusWidth - 1, y: y, role: incident.blastRadius > 0 ? .badgeWarn : .dim)
        if isSelected { canvas.paint(x: x + 2, y: y, width: width - 2, role: .selection) }

        var details: [String] = []
        let sample = incident.sample
        // What a responder needs first: why, whom to page, whose it is; then the numbers.
        details.append(sample.reason)
        if let entity, let onCall = OnCall.describe(entity, in: state.catalog) { details.append("on-call \(onCall)") }
        if let owner = entity?.owner { details.append("owner \(owner.name)") }
        if let code = sample.httpStatus, !sample.reason.contains("HTTP \(code)") { details.append("HTTP \(code)") }
        details.append("\(sample.latencyMilliseconds) ms")
        details.append(StatusLineView.age(now.timeIntervalSince(sample.checkedAt)))
        canvas.put(details.joined(separator: " \(glyphs.separator) "), x: x + 4 + HealthBadge.width, y: y + 1, role: .text,
                   maxWidth: width - 5 - HealthBadge.width, ellipsis: glyphs.ellipsis)
        let impactedText: String
        if incident.impacted.isEmpty {
            impactedText = incident.downstream.isEmpty ? "nothing depends on it" : "warning only: \(incident.downstream.count) downstream not impacted"
        } else {
            impactedText = "impacts \(glyphs.arrow) " + incident.impacted.map(\.humanized).joined(separator: ", ")
        }
        canvas.put(impactedText, x: x + 4 + HealthBadge.width, y: y + 2, role: incident.impacted.isEmpty ? .dim : .badgeWarn,
                   maxWidth: width - 5 - HealthBadge.width, ellipsis: glyphs.ellipsis)
    }
}
