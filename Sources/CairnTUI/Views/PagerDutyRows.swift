import CairnCatalog
import CairnSources
import Foundation

/// The overview's PagerDuty rows for an entity naming a service (`pagerduty.com/service-id`):
/// who is paged now, the open incidents, and how old that is, or why it is not known.
extension DetailContent {
    /// On-call lines shown before the rest is counted as "+N more".
    static let onCallLines = 3
    /// Incident lines shown before the rest is counted as "+N more".
    static let incidentLines = 5

    mutating func pagerDutyRows(serviceID: String, board: PagerDutyBoard, width: Int, glyphs: Glyphs, timeZone: TimeZone, now: Date) {
        let indent = String(repeating: " ", count: Self.labelWidth)
        func wrapped(_ label: String, _ text: String, role: StyleRole) {
            for (index, line) in Self.breakingWrap(text, width: width - Self.labelWidth).enumerated() {
                add([Segment(text: index == 0 ? TerminalText.pad(label + " ", to: Self.labelWidth) : indent, role: .dim), Segment(text: line, role: role)])
            }
        }
        switch board.services[serviceID] {
        case .success(let status)?:
            onCallRows(status, indent: indent, timeZone: timeZone, now: now)
            incidentRows(status, indent: indent, width: width, glyphs: glyphs, now: now)
            var about = "\(status.name) (\(serviceID))"
            if let fetchedAt = board.fetchedAt { about += " \(glyphs.separator) \(StatusLineView.age(now.timeIntervalSince(fetchedAt)))" }
            field("PagerDuty", about, role: .dim)
        case .failure(let error)?:
            wrapped("PagerDuty", error.description, role: .dim)
            if let fetchedAt = board.fetchedAt { field("", StatusLineView.age(now.timeIntervalSince(fetchedAt)), role: .dim) }
        case nil:
            // Not asked yet: the first answer is on its way, or the service is new in the catalog.
            field("PagerDuty", "\(serviceID) \(glyphs.separator) " + (board.failure == nil ? "asking" + glyphs.ellipsis : "no answer yet"), role: .dim)
        }
        if let failure = board.failure { wrapped("", failure, role: .badgeWarn) }
    }

    private mutating func onCallRows(_ status: ServiceStatus, indent: String, timeZone: TimeZone, now: Date) {
        // First responders first; onCall is already by level, then name.
        let first = status.firstResponders
        let shifts = first + status.onCall.filter { !first.contains($0) }
        guard !shifts.isEmpty else {
            field("On call", "nobody" + (status.escalationPolicyName.map { " (policy \($0))" } ?? ""), role: .badgeWarn)
            return
        }
        let shown = shifts.count > Self.onCallLines ? Self.onCallLines - 1 : shifts.count
        for (index, shift) in shifts.prefix(shown).enumerated() {
            let label = index == 0 ? TerminalText.pad("On call ", to: Self.labelWidth) : indent
            add([Segment(text: label, role: .dim), Segment(text: shift.userName, role: index < first.count ? .title : .text),
                 Segment(text: " (L\(shift.escalationLevel), " + Self.until(shift.end, timeZone: timeZone, now: now) + ")", role: .dim)])
        }
        if shifts.count > shown { add([Segment(text: indent, role: .dim), Segment(text: "+\(shifts.count - shown) more", role: .dim)]) }
    }

    private mutating func incidentRows(_ status: ServiceStatus, indent: String, width: Int, glyphs: Glyphs, now: Date) {
        let open = status.openIncidents.filter { $0.status != .resolved }
        guard !open.isEmpty else {
            field("Incidents", "none open", role: .dim)
            return
        }
        let shown = open.count > Self.incidentLines ? Self.incidentLines - 1 : open.count
        for (index, incident) in open.prefix(shown).enumerated() {
            let label = index == 0 ? TerminalText.pad("Incidents ", to: Self.labelWidth) : indent
            let age = "  " + Self.shortAge(now.timeIntervalSince(incident.createdAt))
            let number = "#\(incident.number) "
            let state = incident.status.rawValue
            let urgency = " \(incident.urgency.rawValue)  "
            // The title gives way so the age stays on screen.
            let room = width - Self.labelWidth - TerminalText.width(number + state + urgency + age)
            let title = TerminalText.truncate(TerminalText.singleLine(incident.title), to: max(1, room), ellipsis: glyphs.ellipsis)
            add([Segment(text: label, role: .dim), Segment(text: number, role: .text),
                 Segment(text: state, role: Self.role(of: incident.status)),
                 Segment(text: urgency, role: incident.urgency == .high ? .text : .dim),
                 Segment(text: title, role: .text), Segment(text: age, role: .dim)])
        }
        if open.count > shown {
            add([Segment(text: indent, role: .dim), Segment(text: "+\(open.count - shown) more (i lists every open incident)", role: .dim)])
        }
    }

    /// Triggered wants someone now; acknowledged has someone on it.
    static func role(of status: PagerDutyIncident.Status) -> StyleRole {
        switch status {
        case .triggered: return .badgeFail
        case .acknowledged: return .badgeWarn
        case .resolved: return .dim
        }
    }

    /// "12m", "3h", "2d": an age without "ago", for dense rows.
    static func shortAge(_ seconds: TimeInterval) -> String {
        let text = StatusLineView.age(seconds)
        return text.hasSuffix(" ago") ? String(text.dropLast(4)) : text
    }

    /// When a shift ends, as short as is clear: "until 18:00" today, "until Tue 09:00" this
    /// week, else "until 01-21 09:00"; "always" for someone the policy names directly.
    static func until(_ end: Date?, timeZone: TimeZone, now: Date) -> String {
        guard let end else { return "always" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        if calendar.isDate(end, inSameDayAs: now) {
            formatter.dateFormat = "HH:mm"
        } else if end > now, end.timeIntervalSince(now) < 6 * 86_400 {
            formatter.dateFormat = "EEE HH:mm"
        } else {
            formatter.dateFormat = "MM-dd HH:mm"
        }
        return "until " + formatter.string(from: end)
    }
}
