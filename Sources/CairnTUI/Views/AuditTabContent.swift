import CairnCatalog
import Foundation

/// The Audit tab of the detail pane: who did what to the entity and to its jobs, newest first,
/// one record a line (two when the pane is narrow), its parameters and detail on dim lines
/// under it. Records hold what users typed, so every field goes through the sanitiser before
/// it is measured.
extension DetailContent {
    mutating func auditTab(_ entity: Entity, audit: LoadedAudit?, width: Int, glyphs: Glyphs, timeZone: TimeZone) {
        add([Segment(text: entity.displayName, role: .title)])
        blank()
        guard let audit else {
            add([Segment(text: "reading the audit log" + glyphs.ellipsis, role: .dim)])
            return
        }
        switch audit {
        case .denied(let reason):
            // The badge says it was refused; the policy's reason says why and who may.
            let why = reason.hasPrefix("permission denied: ") ? String(reason.dropFirst("permission denied: ".count)) : reason
            add([Segment(text: AuditBadge.of(.denied, glyphs: glyphs).text, role: .badgeFail)])
            for line in Self.breakingWrap(why, width: width) { add([Segment(text: line, role: .text)]) }
        case .failed(let reason):
            for line in Self.breakingWrap(reason, width: width) { add([Segment(text: line, role: .error)]) }
        case .records(let rows) where rows.isEmpty:
            add([Segment(text: "No audit records for this entity yet.", role: .text)])
            for line in Self.wrap("Edits, resource requests, job decisions and refused attempts on it are recorded here.", width: width,
                                  ellipsis: glyphs.ellipsis) { add([Segment(text: line, role: .dim)]) }
        case .records(let rows):
            auditRecords(rows, of: entity.ref, width: width, glyphs: glyphs, timeZone: timeZone)
        }
    }

    private mutating func auditRecords(_ rows: [AuditRow], of ref: EntityRef, width: Int, glyphs: Glyphs, timeZone: TimeZone) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        // Foundation on Linux abbreviates UTC as "GMT"; at offset zero say UTC, as the log does.
        let abbreviation = timeZone.abbreviation() ?? timeZone.identifier
        let zone = abbreviation == "GMT" ? "UTC" : abbreviation
        add([Segment(text: "\(rows.count) record\(rows.count == 1 ? "" : "s"), newest first; times in \(zone)", role: .dim)])
        blank()
        struct Columns {
            var time: String, actor: String, action: String, badge: AuditBadge
        }
        let entityTarget = ref.description.lowercased()
        let table = rows.map { row in
            // The entity's own records say nothing more by naming it; a job's records name the job.
            let target = row.target.lowercased() == entityTarget ? "" : " " + TerminalText.singleLine(row.target)
            return Columns(time: row.date.map(formatter.string(from:)) ?? TerminalText.singleLine(row.time),
                           actor: TerminalText.singleLine(row.humanizedActor), action: TerminalText.singleLine(row.action) + target,
                           badge: AuditBadge.of(row.result, glyphs: glyphs))
        }
        let timeWidth = table.map { TerminalText.width($0.time) }.max() ?? 0
        let actorWidth = min(24, table.map { TerminalText.width($0.actor) }.max() ?? 0)
        let actionWidth = min(28, table.map { TerminalText.width($0.action) }.max() ?? 0)
        let gap = "  "
        // One line a record when the columns fit, else time and result, then who and what.
        let isOneLine = timeWidth + actorWidth + actionWidth + AuditBadge.width + 3 * gap.count <= width
        if isOneLine {
            add([Segment(text: TerminalText.pad("TIME", to: timeWidth) + gap + TerminalText.pad("WHO", to: actorWidth) + gap
                            + TerminalText.pad("ACTION", to: actionWidth) + gap + "RESULT", role: .dim)])
        }
        for (row, columns) in zip(rows, table) {
            if isOneLine {
                add([Segment(text: TerminalText.pad(columns.time, to: timeWidth) + gap, role: .dim),
                     Segment(text: TerminalText.pad(TerminalText.truncate(columns.actor, to: actorWidth, ellipsis: glyphs.ellipsis), to: actorWidth) + gap,
                             role: .text),
                     Segment(text: TerminalText.pad(TerminalText.truncate(columns.action, to: actionWidth, ellipsis: glyphs.ellipsis), to: actionWidth) + gap,
                             role: .accent),
                     Segment(text: columns.badge.text, role: columns.badge.role)])
            } else {
                add([Segment(text: columns.time + gap, role: .dim), Segment(text: columns.badge.text, role: columns.badge.role)])
                add([Segment(text: "  " + columns.actor + " ", role: .text), Segment(text: columns.action, role: .accent)])
            }
            // The parameters on one line when they fit, else one a line; then the detail.
            let pairs = row.parameters.sorted { $0.key < $1.key }.map { TerminalText.singleLine("\($0.key)=\($0.value)") }
            let joined = pairs.joined(separator: " \(glyphs.separator) ")
            let texts = TerminalText.width(joined) <= width - 4 ? [joined] : pairs
            for text in texts + [row.detail] where !text.isEmpty {
                for line in Self.breakingWrap(text, width: width - 4) { add([Segment(text: "    " + line, role: .dim)]) }
            }
        }
    }
}
