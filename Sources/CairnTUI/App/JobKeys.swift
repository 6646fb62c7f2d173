import CairnCatalog

extension AppState {
    /// Shows the Jobs screen, on the newest job when none is selected yet.
    mutating func openJobs() -> [Effect] {
        screen = .jobs
        overlay = .none
        jobs.focus = .list
        if jobs.selectedID == nil { jobs.selectedID = jobs.jobs.first?.id }
        clampJobs()
        return [.job(.watch(jobs.selectedID))]
    }

    /// A snapshot from the poller: the list (the selection stays on its job) and the detail
    /// of the watched job.
    mutating func jobsUpdated(_ snapshot: JobsSnapshot) -> [Effect] {
        jobs.jobs = snapshot.jobs
        jobs.isLoaded = true
        if let detail = snapshot.detail, detail.jobID == jobs.selectedID { jobs.detail = detail }
        // A job just requested may not be in a snapshot read a moment before it was recorded:
        // keep its id rather than jump to another job.
        guard jobs.selectedID == nil, let first = snapshot.jobs.first else {
            clampJobs()
            return []
        }
        selectJob(first.id)
        return [.job(.watch(first.id))]
    }

    /// Results of cancel, approve, decline and requests.
    mutating func jobCommandFinished(_ result: JobCommandResult) -> [Effect] {
        switch result {
        case .requested(let id, let isNew, let state):
            guard provisionRequest != nil else { return [] }
            provisionRequest = nil
            screen = .jobs
            jobs.focus = .list
            selectJob(id)
            if !isNew {
                message = "the same request is already job #\(id) (\(state.rawValue))"
            } else if state == .awaitingApproval {
                message = "job #\(id) is awaiting approval before it runs"
            } else {
                message = "job #\(id) \(state.rawValue)"
            }
            messageIsError = false
            return [.job(.watch(id))]
        case .requestFailed(let reason):
            guard provisionRequest != nil else { return [] }
            provisionRequest?.stage = .review
            provisionRequest?.error = reason
            show(error: reason.split(separator: "\n").first.map(String.init) ?? reason)
        case .done(let text):
            message = text
            messageIsError = false
        case .failed(let reason):
            show(error: reason)
        }
        return []
    }

    /// Moves the selection to job `id`, with its detail to come.
    private mutating func selectJob(_ id: Int64) {
        if jobs.selectedID != id {
            jobs.detail = nil
            jobs.logTop = nil
        }
        jobs.selectedID = id
        clampJobs()
    }

    /// Keeps the list scrolled to the selection and the log scroll inside the log.
    mutating func clampJobs() {
        let page = Layout(self).jobRows
        let count = jobs.jobs.count
        if let index = jobs.selectedIndex {
            if index < jobs.top { jobs.top = index }
            if index >= jobs.top + page { jobs.top = index - page + 1 }
        }
        jobs.top = max(0, min(jobs.top, max(0, count - page)))
        if let top = jobs.logTop {
            let lastTop = max(0, (jobs.selectedDetail?.log.count ?? 0) - jobLogRows)
            jobs.logTop = top >= lastTop ? nil : max(0, top)
        }
    }

    /// Keys on the Jobs screen.
    mutating func jobsKey(_ key: Key) -> [Effect] {
        switch key {
        case .character("x"): return askToCancel()
        case .character("a"): return decide(approve: true)
        case .character("D"): return decide(approve: false)
        default: break
        }
        return jobs.focus == .list ? jobListKey(key) : jobLogKey(key)
    }

    private mutating func jobListKey(_ key: Key) -> [Effect] {
        let page = Layout(self).jobRows
        let before = jobs.selectedID
        var index = jobs.selectedIndex ?? -1
        switch key {
        case .character("j"), .down: index += 1
        case .character("k"), .up: index -= 1
        case .character("g"), .home: index = 0
        case .character("G"), .end: index = jobs.jobs.count - 1
        case .pageDown, .control("d"): index += key == .pageDown ? page : max(1, page / 2)
        case .pageUp, .control("u"): index -= key == .pageUp ? page : max(1, page / 2)
        case .enter, .tab, .right, .character("l"):
            if jobs.selectedJob != nil { jobs.focus = .log }
            return []
        case .escape, .backspace:
            screen = .catalog
            return []
        default: return []
        }
        guard !jobs.jobs.isEmpty else { return [] }
        selectJob(jobs.jobs[max(0, min(index, jobs.jobs.count - 1))].id)
        return jobs.selectedID == before ? [] : [.job(.watch(jobs.selectedID))]
    }

    private mutating func jobLogKey(_ key: Key) -> [Effect] {
        let page = jobLogRows
        let count = jobs.selectedDetail?.log.count ?? 0
        let lastTop = max(0, count - page)
        let top = jobs.logTop ?? lastTop
        switch key {
        case .character("j"), .down: jobs.logTop = top + 1
        case .character("k"), .up: jobs.logTop = top - 1
        case .pageDown, .control("d"): jobs.logTop = top + (key == .pageDown ? page : max(1, page / 2))
        case .pageUp, .control("u"): jobs.logTop = top - (key == .pageUp ? page : max(1, page / 2))
        case .character("g"), .home: jobs.logTop = 0
        case .character("G"), .end: jobs.logTop = nil
        case .escape, .backspace, .tab, .backTab, .enter, .left, .character("h"): jobs.focus = .list
        default: break
        }
        clampJobs()
        return []
    }

    /// `x`: asks y/n in the status line before a cancel.
    private mutating func askToCancel() -> [Effect] {
        guard let job = jobs.selectedJob else {
            show(error: "no job selected")
            return []
        }
        guard !job.state.isFinished else {
            show(error: "job #\(job.id) already \(job.state.rawValue); nothing to cancel")
            return []
        }
        jobs.confirmingCancel = job.id
        return []
    }

    /// The answer to "cancel job #N? y/n": only y cancels.
    mutating func confirmCancelKey(_ key: Key) -> [Effect] {
        guard let id = jobs.confirmingCancel else { return [] }
        jobs.confirmingCancel = nil
        guard key == .character("y") || key == .character("Y") else {
            message = "job #\(id) not cancelled"
            return []
        }
        message = "cancelling job #\(id)" + glyphs.ellipsis
        return [.job(.cancel(id))]
    }

    /// `a` and `D`: approve or decline a job awaiting approval.
    private mutating func decide(approve: Bool) -> [Effect] {
        guard let job = jobs.selectedJob else {
            show(error: "no job selected")
            return []
        }
        guard job.state == .awaitingApproval else {
            show(error: "job #\(job.id) is \(job.state.rawValue), not awaiting approval")
            return []
        }
        message = (approve ? "approving" : "declining") + " job #\(job.id)" + glyphs.ellipsis
        return [.job(.decide(job.id, approve: approve))]
    }
}

extension AppState {
    /// Log lines on screen for the selected job.
    var jobLogRows: Int { Layout(self).jobLogRows(steps: jobs.selectedDetail?.steps.count ?? 0) }
}
