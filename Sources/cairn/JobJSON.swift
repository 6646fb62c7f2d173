import CairnCatalog
import CairnPortal
import CairnProvision
import CairnStore
import Foundation

/// Jobs as JSON and as text lines: what `provision`, `jobs` and `deprovision` print.
enum JobJSON {
    static func date(_ date: Date?) -> Value {
        date.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null
    }

    static func value(_ job: JobRecord, portal: Portal, withLog: Bool = false) -> Value {
        var members = [
            Value.Member("id", .int(Int(job.id))),
            Value.Member("key", .string(job.key)),
            Value.Member("action", .string(job.action.rawValue)),
            Value.Member("state", .string(job.state.rawValue)),
            Value.Member("type", .string(job.typeRef)),
            Value.Member("target", .string(job.targetRef)),
            Value.Member("resource", .string(job.resourceRef)),
            Value.Member("requester", .string(job.requester)),
            Value.Member("parameters", JSONText.parse(job.parametersJSON) ?? .object([])),
            Value.Member("outputs", JSONText.parse(job.outputsJSON) ?? .object([])),
            Value.Member("error", job.error.map(Value.string) ?? .null),
            Value.Member("attempt", .int(job.attempt)),
            Value.Member("worker", job.worker.map(Value.string) ?? .null),
            Value.Member("decidedBy", job.decidedBy.map(Value.string) ?? .null),
            Value.Member("createdAt", date(job.createdAt)),
            Value.Member("startedAt", date(job.startedAt)),
            Value.Member("finishedAt", date(job.finishedAt)),
        ]
        if withLog {
            members.append(Value.Member("steps", .array(portal.jobSteps(job.id).map { step in
                .object([Value.Member("name", .string(step.name)), Value.Member("state", .string(step.state)),
                         Value.Member("startedAt", date(step.startedAt)), Value.Member("finishedAt", date(step.finishedAt)),
                         Value.Member("detail", step.detail.map(Value.string) ?? .null)])
            })))
            members.append(Value.Member("log", .array(portal.jobLog(job.id).map { .string($0.line) })))
        }
        return .object(members)
    }

    /// `12  succeeded  redis for payments-api → resource:default/payments-api-redis`.
    static func summary(_ job: JobRecord) -> String {
        let type = job.typeRef.split(separator: "/").last.map(String.init) ?? job.typeRef
        switch job.action {
        case .provision: return "job \(job.id) \(job.state.rawValue): \(type) for \(job.targetRef) → \(job.resourceRef)"
        case .deprovision: return "job \(job.id) \(job.state.rawValue): remove \(job.resourceRef)"
        }
    }

    /// `5m`, `2h`, `3d`.
    static func age(_ date: Date, now: Date = Date()) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }
}

/// Follows a job until it finishes: prints new log lines (unless quiet) and, when `runs` is
/// set, runs the job in this process if no worker has claimed it.
enum JobFollower {
    static func follow(_ id: Int64, portal: Portal, printsLog: Bool, runs: Bool) throws -> JobRecord {
        var lastLine: Int64 = 0
        var announcedState: JobState?
        let runner = runs ? portal.jobRunner() : nil
        while true {
            var job = try portal.job(id)
            if job.state != announcedState, printsLog {
                if job.state == .awaitingApproval { Output.error("job \(id) awaits approval (cairn jobs approve \(id)); waiting") }
                announcedState = job.state
            }
            if let runner, job.state == .queued {
                runner.runNext(only: id)
                job = try portal.job(id)
            }
            for line in portal.jobLog(id, after: lastLine) {
                lastLine = line.id
                if printsLog { Output.line(Output.clean(line.line)) }
            }
            if job.state.isFinished { return job }
            usleep(200_000)
        }
    }
}
