import CairnCatalog
import CairnHealth
import CairnPortal
import CairnSources
import Foundation

/// The on-call's first screen in an outage (`i`): everything failing or warning, largest blast
/// radius first, each with its owner and on-call, why it fails, and what downstream it impacts;
/// beside them the open PagerDuty incidents of annotated services, triggered high urgency first.
enum IncidentsView {
    static let rowHeight = 3

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas, now: Date = Date()) {
        let incidents = state.health.incidents
        let entries = state.incidentEntries
        let paged = entries.count - incidents.count
        let failing = incidents.filter { $0.sample.status == .fail }.count
        var counts: [String] = []
        if !state.health.isEmpty { counts += ["\(failing) failing", "\(incidents.count - failing) warning"] }
        if state.pagerDuty != nil { counts.append("\(paged) paged") }
        let title = counts.isEmpty ? "Incidents" : "Incidents (" + counts.joined(separator: ", ") + ")"
        canvas.box(rect, glyphs: state.glyphs, role: .borderFocus, title: title)
        let inner = rect.inner
        // A PagerDuty ask that failed is said first: an empty list must not read as "all quiet".
        let failure = state.pagerDuty?.failure.map { "PagerDuty: \($0)" }
        guard !entries.isEmpty else {
            let text: String
            if state.health.isEmpty {
                text = "No health checks yet: entities with a cairn.dev/health-url annotation are polled in the background."
            } else {
                let impacted = state.health.impactedBy.count
                text = "Nothing failing or warning \(state.glyphs.separator) \(state.health.counts[.pass] ?? 0) passing" + (impacted > 0 ? ", \(impacted) impacted" : "")
            }
            canvas.put(text, x: inner.x + 2, y: inner.y + 1, role: .dim, maxWidth: inner.width - 3, ellipsis: state.glyphs.ellipsis)
            if let board = state.pagerDuty {
                let paged = failure ?? (board.fetchedAt == nil ? "Asking PagerDuty about open incidents" + state.glyphs.ellipsis : "No PagerDuty incident open.")
                canvas.put(paged, x: inner.x + 2, y: inner.y + 2, role: failure == nil ? .dim : .badgeWarn, maxWidth: inner.width - 3,
                           ellipsis: state.glyphs.ellipsis)
            }
            return
        }
        let order = paged > 0 ? "triggered high-urgency pages first, then failing checks by blast radius"
                              : "sorted by blast radius: how many entities depend on it, transitively"
        canvas.put(failure ?? order, x: inner.x + 2, y: inner.y, role: failure == nil ? .dim : .badgeWarn,
                   maxWidth: inner.width - 3, ellipsis: state.glyphs.ellipsis)
        let rows = Layout(state).incidentRows
        for offset in 0..<rows {
            let index = state.incidentTop + offset
            guard entries.indices.contains(index) else { break }
            let y = inner.y + 2 + offset * rowHeight
            let isSelected = index == state.incidentSelection
            switch entries[index] {
            case .health(let incident):
                drawIncident(incident, state: state, isSelected: isSelected, x: inner.x, y: y, width: inner.width, now: now, into: &canvas)
            case .pagerDuty(let open):
                drawPage(open, state: state, isSelected: isSelected, x: inner.x, y: y, width: inner.width, now: now, into: &canvas)
            }
        }
        if entries.count > rows {
            let more = "\(state.incidentTop + 1)-\(min(entries.count, state.incidentTop + rows))/\(entries.count)"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: rect.y + rect.height - 1, role: .dim)
        }
    }

    /// How an open PagerDuty incident reads in the badge column, without colour too.
    static func pageBadge(_ status: PagerDutyIncident.Status, glyphs: Glyphs) -> (text: String, role: StyleRole) {
        let isUnicode = glyphs == .unicode
        switch status {
        case .triggered: return ((isUnicode ? "☎" : "P") + " PAGE", .badgeFail)
        case .acknowledged: return ((isUnicode ? "☎" : "P") + " ack", .badgeWarn)
        case .resolved: return ((isUnicode ? "☎" : "P") + " done", .dim)
        }
    }

    /// An open PagerDuty incident: the entity, its number and urgency; the title; then the
    /// service, status, age and who is paged for it.
    static func drawPage(_ open: PagerDutyBoard.OpenIncident, state: AppState, isSelected: Bool, x: Int, y: Int, width: Int, now: Date,
                         into canvas: inout Canvas) {
        let glyphs = state.glyphs
        let incident = open.incident
        if isSelected { canvas.put(glyphs.selection, x: x, y: y, role: .accent) }
        let badge = pageBadge(incident.status, glyphs: glyphs)
        var column = x + 2
        column += canvas.put(TerminalText.pad(badge.text, to: HealthBadge.width + 1), x: column, y: y, role: badge.role)
        let number = "#\(incident.number) \(incident.urgency.rawValue) urgency"
        let numberWidth = TerminalText.width(number)
        let others = open.refs.count > 1 ? " (+\(open.refs.count - 1))" : ""
        column += canvas.put(open.ref.humanized + others, x: column, y: y, role: .title, maxWidth: max(1, x + width - column - numberWidth - 3),
                             ellipsis: glyphs.ellipsis)
        canvas.put(number, x: x + width - numberWidth - 1, y: y, role: incident.urgency == .high ? .badgeFail : .dim)
        if isSelected { canvas.paint(x: x + 2, y: y, width: width - 2, role: .selection) }

        let indent = x + 4 + HealthBadge.width
        canvas.put(incident.title, x: indent, y: y + 1, role: .text, maxWidth: width - 5 - HealthBadge.width, ellipsis: glyphs.ellipsis)
        var details = ["PagerDuty \(open.serviceName)", incident.status.rawValue, "opened \(StatusLineView.age(now.timeIntervalSince(incident.createdAt)))"]
        if !open.firstResponders.isEmpty { details.append("on-call " + open.firstResponders.map(\.userName).joined(separator: ", ")) }
        canvas.put(details.joined(separator: " \(glyphs.separator) "), x: indent, y: y + 2, role: .dim, maxWidth: width - 5 - HealthBadge.width,
                   ellipsis: glyphs.ellipsis)
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
        if let entity, let onCall = pagedNow(entity, state: state) ?? OnCall.describe(entity, in: state.catalog) { details.append("on-call \(onCall)") }
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

    /// Who PagerDuty pages first for the entity's service now, when the poller has said.
    static func pagedNow(_ entity: Entity, state: AppState) -> String? {
        guard let id = entity.annotation("pagerduty.com/service-id")?.trimmingCharacters(in: .whitespaces),
              case .success(let status)? = state.pagerDuty?.services[id], !status.firstResponders.isEmpty else { return nil }
        return status.firstResponders.map(\.userName).joined(separator: ", ")
    }
}
