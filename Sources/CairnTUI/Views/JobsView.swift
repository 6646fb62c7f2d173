import CairnCatalog
import Foundation

/// The Jobs screen: the job list on top (state badge, id, what, for what, by whom, how long
/// ago), and under it the selected job's summary, its steps with their durations, and its log,
/// which follows the tail until it is scrolled.
enum JobsView {
    /// Step lines shown (the latest, when a job has more).
    static func stepRows(_ count: Int) -> Int { min(max(count, 1), 5) }

    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas, now: Date = Date()) {
        let glyphs = state.glyphs
        let screen = state.jobs
        let list = screen.jobs
        let running = list.filter { $0.state == .running }.count
        let awaiting = list.filter { $0.state == .awaitingApproval }.count
        var counts = ["\(list.count)"]
        if running > 0 { counts.append("\(running) running") }
        if awaiting > 0 { counts.append("\(awaiting) awaiting approval") }
        canvas.box(rect, glyphs: glyphs, role: screen.focus == .list ? .borderFocus : .border, title: "Jobs (\(counts.joined(separator: ", ")))")
        let inner = rect.inner
        guard !list.isEmpty else {
            let text = screen.isLoaded ? "No jobs yet: select a component, system or API and press p to request a resource (Redis, PostgreSQL, …)."
                : "reading jobs" + glyphs.ellipsis
            canvas.put(text, x: inner.x + 2, y: inner.y + 1, role: .dim, maxWidth: inner.width - 3, ellipsis: glyphs.ellipsis)
            return
        }
        let columns = Columns(width: inner.width)
        canvas.put("STATE", x: inner.x + columns.badge, y: inner.y, role: .dim)
        canvas.put("JOB", x: inner.x + columns.id, y: inner.y, role: .dim)
        canvas.put("FOR", x: inner.x + columns.target, y: inner.y, role: .dim)
        canvas.put("BY", x: inner.x + columns.requester, y: inner.y, role: .dim)
        canvas.put(TerminalText.pad("", to: columns.ageWidth - 3) + "AGE", x: inner.x + columns.age, y: inner.y, role: .dim)
        let rows = Layout(state).jobRows
        for offset in 0..<rows {
            let index = screen.top + offset
            guard list.indices.contains(index) else { break }
            drawRow(list[index], isSelected: list[index].id == screen.selectedID, state: state, columns: columns,
                    x: inner.x, y: inner.y + 1 + offset, now: now, into: &canvas)
        }
        if list.count > rows {
            let more = "\(screen.top + 1)-\(min(list.count, screen.top + rows))/\(list.count)"
            canvas.put(" \(more) ", x: rect.x + rect.width - TerminalText.width(more) - 4, y: inner.y + rows + 1, role: .dim)
        }
        drawDetail(state, x: inner.x, y: inner.y + 1 + rows, width: inner.width, bottom: inner.y + inner.height, now: now, into: &canvas)
    }

    /// Where each column of the list starts, for a width.
    struct Columns {
        var badge = 2
        var id = 2 + JobBadge.width + 1
        var title: Int
        var titleWidth: Int
        var target: Int
        var targetWidth: Int
        var requester: Int
        var requesterWidth = 9
        var age: Int
        var ageWidth = 8

        init(width: Int) {
            title = id + 7
            let available = max(20, width - title - requesterWidth - ageWidth - 2)
            titleWidth = min(22, max(16, available * 57 / 100))
            target = title + titleWidth
            targetWidth = available - titleWidth
            requester = target + targetWidth + 1
            age = width - ageWidth - 1
        }
    }

    static func drawRow(_ job: JobSummary, isSelected: Bool, state: AppState, columns: Columns, x: Int, y: Int, now: Date, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        if isSelected { canvas.put(glyphs.selection, x: x, y: y, role: .accent) }
        let badge = JobBadge.of(job.state, glyphs: glyphs)
        canvas.put(badge.text, x: x + columns.badge, y: y, role: badge.role)
        canvas.put("#\(job.id)", x: x + columns.id, y: y, role: .accent, maxWidth: 6)
        canvas.put(job.title, x: x + columns.title, y: y, role: .title, maxWidth: columns.titleWidth - 1, ellipsis: glyphs.ellipsis)
        canvas.put(job.shortTarget, x: x + columns.target, y: y, role: .text, maxWidth: columns.targetWidth - 1, ellipsis: glyphs.ellipsis)
        canvas.put(job.requester, x: x + columns.requester, y: y, role: .dim, maxWidth: columns.requesterWidth - 1, ellipsis: glyphs.ellipsis)
        let age = shortAge(now.timeIntervalSince(job.createdAt))
        canvas.put(age, x: x + columns.age + columns.ageWidth - TerminalText.width(age), y: y, role: .dim)
        if isSelected, state.jobs.focus == .list { canvas.paint(x: x + columns.id, y: y, width: columns.age + columns.ageWidth - columns.id, role: .selection) }
    }

    /// The selected job under the list: a rule with its title, a summary line, steps, the log.
    static func drawDetail(_ state: AppState, x: Int, y: Int, width: Int, bottom: Int, now: Date, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        let screen = state.jobs
        var y = y
        rule(screen.selectedJob.map { "#\($0.id) \($0.title) for \($0.target)" } ?? "no job selected", x: x, y: y, width: width, role: .border, glyphs: glyphs, into: &canvas)
        y += 1
        guard let job = screen.selectedJob else { return }
        var parts: [(String, StyleRole)] = [("resource \(JobSummary.shortName(job.resourceRef))", .text)]
        if job.attempt > 1 { parts.append(("attempt \(job.attempt)", .badgeWarn)) }
        if let started = job.startedAt { parts.append(("took \(duration((job.finishedAt ?? now).timeIntervalSince(started)))", .dim)) }
        switch job.state {
        case .awaitingApproval: parts.append(("awaiting approval: a approves, D declines", .badgeWarn))
        case .queued, .running:
            parts.append(job.isCancelRequested ? ("cancel requested", .badgeWarn) : ("x cancels", .dim))
        case .failed, .cancelled, .succeeded:
            if let error = job.error { parts.append((error, .error)) }
        }
        var column = x + 2
        for (index, part) in parts.enumerated() {
            if index > 0 { column += canvas.put(" \(glyphs.separator) ", x: column, y: y, role: .dim) }
            guard column < x + width - 1 else { break }
            column += canvas.put(part.0, x: column, y: y, role: part.1, maxWidth: x + width - 1 - column, ellipsis: glyphs.ellipsis)
        }
        y += 1
        let detail = screen.selectedDetail
        let steps = detail?.steps ?? []
        let stepRows = stepRows(steps.count)
        if steps.isEmpty {
            canvas.put(detail == nil ? "loading" + glyphs.ellipsis : "no steps yet", x: x + 2, y: y, role: .dim)
        }
        for (offset, step) in steps.suffix(stepRows).enumerated() {
            let badge = JobBadge.step(step.state, glyphs: glyphs)
            var column = x + 2
            column += canvas.put(badge.text + " ", x: column, y: y + offset, role: badge.role)
            let took = duration((step.finishedAt ?? now).timeIntervalSince(step.startedAt))
            let tookWidth = TerminalText.width(took)
            column += canvas.put(step.name, x: column, y: y + offset, role: .text, maxWidth: max(1, x + width - column - tookWidth - 3), ellipsis: glyphs.ellipsis)
            if let detail = step.detail, !detail.isEmpty {
                canvas.put("  " + detail, x: column, y: y + offset, role: step.state == "failed" ? .error : .dim,
                           maxWidth: max(0, x + width - column - tookWidth - 3), ellipsis: glyphs.ellipsis)
            }
            canvas.put(took, x: x + width - tookWidth - 1, y: y + offset, role: .dim)
        }
        y += stepRows
        let log = detail?.log ?? []
        let rows = state.jobLogRows
        let top = min(screen.logTop ?? max(0, log.count - rows), max(0, log.count - rows))
        var title = "Log"
        if !log.isEmpty {
            title += screen.logTop == nil ? " (following)" : " (\(top + 1)-\(min(log.count, top + rows))/\(log.count))"
        }
        if screen.focus == .log { title += " \(glyphs.separator) j/k scroll, G follows, Esc to the list" }
        rule(title, x: x, y: y, width: width, role: screen.focus == .log ? .borderFocus : .border, glyphs: glyphs, into: &canvas)
        y += 1
        if log.isEmpty {
            canvas.put(detail == nil ? "" : "no log lines yet", x: x + 2, y: y, role: .dim)
            return
        }
        let origin = job.startedAt ?? job.createdAt
        for offset in 0..<rows {
            guard log.indices.contains(top + offset) else { break }
            let entry = log[top + offset]
            let stamp = "+" + clock(entry.at.timeIntervalSince(origin)) + " "
            let column = x + 2 + canvas.put(stamp, x: x + 2, y: y + offset, role: .dim)
            canvas.put(entry.line, x: column, y: y + offset, role: .text, maxWidth: max(0, x + width - 1 - column), ellipsis: glyphs.ellipsis)
        }
    }

    /// A horizontal rule across the pane with a title near its start.
    static func rule(_ title: String, x: Int, y: Int, width: Int, role: StyleRole, glyphs: Glyphs, into canvas: inout Canvas) {
        for column in x..<(x + width) { canvas.put(glyphs.horizontal, x: column, y: y, role: role) }
        canvas.put(" \(title) ", x: x + 1, y: y, role: role == .borderFocus ? .title : .accent, maxWidth: max(0, width - 3), ellipsis: glyphs.ellipsis)
    }

    /// "4s ago", "3m ago": the list's age column.
    static func shortAge(_ seconds: TimeInterval) -> String { StatusLineView.age(seconds) }

    /// "0.4s", "12s", "3m05s".
    static func duration(_ seconds: TimeInterval) -> String {
        let seconds = max(0, seconds)
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }

    /// "0:03", "12:40": a log line's time since the job started.
    static func clock(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds))
        if whole >= 3600 { return String(format: "%d:%02d:%02d", whole / 3600, (whole % 3600) / 60, whole % 60) }
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
