import Foundation
import GRDB

/// Where a provisioning job is: `queued → (awaiting_approval) → running → succeeded | failed | cancelled`.
public enum JobState: String, Sendable, CaseIterable, Equatable {
    case queued
    case awaitingApproval = "awaiting_approval"
    case running, succeeded, failed, cancelled

    /// A job in this state will not change again.
    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// What a job does to its resource.
public enum JobAction: String, Sendable, Equatable {
    case provision, deprovision
}

/// One provisioning or deprovisioning request, as recorded. Parameters and outputs are JSON
/// without secrets (those live in the secret store, never in this database).
public struct JobRecord: Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var action: JobAction
    public var typeRef: String
    public var targetRef: String
    public var resourceRef: String
    public var parametersJSON: String
    public var requester: String
    public var state: JobState
    public var createdAt: Date
    public var updatedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The worker that claimed it (`host:pid:start`), while it runs and after.
    public var worker: String?
    public var heartbeatAt: Date?
    /// How many times a worker has started it (more than one: it was resumed).
    public var attempt: Int
    public var isCancelRequested: Bool
    public var decidedBy: String?
    public var outputsJSON: String?
    public var error: String?
    /// Set once a worker decided to undo what the job made (it failed or was cancelled): a
    /// worker that resumes the job finishes the clean-up instead of provisioning again.
    public var cleanupReason: String?
}

/// A job to record.
public struct NewJob: Sendable {
    public var key: String
    public var action: JobAction
    public var typeRef: String
    public var targetRef: String
    /// For a provision job: the name to start from (`payments-api-redis`); a free one is chosen
    /// in the same transaction (`-2`, `-3`…). For a deprovision job: the resource's ref.
    public var resourceRef: String
    public var parametersJSON: String
    public var requester: String
    public var needsApproval: Bool

    public init(key: String, action: JobAction, typeRef: String, targetRef: String, resourceRef: String, parametersJSON: String,
                requester: String, needsApproval: Bool) {
        self.key = key
        self.action = action
        self.typeRef = typeRef
        self.targetRef = targetRef
        self.resourceRef = resourceRef
        self.parametersJSON = parametersJSON
        self.requester = requester
        self.needsApproval = needsApproval
    }
}

/// How recording a request went: a new job, the job already recorded under the key with the
/// same request, a different request under that key (which is refused), or a removal refused
/// because another job on that resource has not finished.
public enum JobInsertion: Sendable, Equatable {
    case created(JobRecord)
    case existing(JobRecord)
    case conflict(JobRecord)
    case busy(JobRecord)
}

/// One step of a job, recorded before it is acted on.
public struct JobStepRecord: Sendable, Equatable {
    public var id: Int64
    public var jobID: Int64
    public var name: String
    /// running, succeeded or failed.
    public var state: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var detail: String?
}

/// One line of a job's log.
public struct JobLogLine: Sendable, Equatable {
    public var id: Int64
    public var jobID: Int64
    public var at: Date
    public var line: String
}

/// A resource a job made (or is making): how to find it again and remove it. The handle is
/// recorded before the driver acts, so a crash never leaves a resource cairn cannot find.
public struct ResourceRecord: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case provisioning, active, deprovisioning, deprovisioned, failed
    }

    public var ref: String
    public var jobID: Int64
    public var typeRef: String
    public var driver: String
    /// The driver settings the resource was made with (a later edit of the type does not change
    /// how an existing resource is removed).
    public var settingsJSON: String
    public var targetRef: String
    public var state: State
    /// Non-secret JSON: directory, port, bucket, endpoint… whatever the driver needs.
    public var handleJSON: String
    public var outputsJSON: String?
    public var catalogFile: String?
    public var envFile: String?
    /// The keys written into the env file, newline-separated.
    public var envKeys: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(ref: String, jobID: Int64, typeRef: String, driver: String, settingsJSON: String, targetRef: String, state: State,
                handleJSON: String, createdAt: Date = Date()) {
        self.ref = ref
        self.jobID = jobID
        self.typeRef = typeRef
        self.driver = driver
        self.settingsJSON = settingsJSON
        self.targetRef = targetRef
        self.state = state
        self.handleJSON = handleJSON
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}

extension CairnDatabase {
    private static let jobColumns = """
        id, idempotency_key, action, type_ref, target_ref, resource_ref, parameters_json, requester, state, created_at, updated_at,
        started_at, finished_at, worker, heartbeat_at, attempt, cancel_requested, decided_by, outputs_json, error, cleanup_reason
        """

    private static func job(_ row: Row) -> JobRecord {
        func date(_ index: Int) -> Date? { (row[index] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return JobRecord(id: row[0], key: row[1], action: JobAction(rawValue: row[2]) ?? .provision, typeRef: row[3], targetRef: row[4],
                         resourceRef: row[5], parametersJSON: row[6], requester: row[7], state: JobState(rawValue: row[8]) ?? .failed,
                         createdAt: date(9)!, updatedAt: date(10)!, startedAt: date(11), finishedAt: date(12), worker: row[13],
                         heartbeatAt: date(14), attempt: row[15], isCancelRequested: row[16], decidedBy: row[17], outputsJSON: row[18],
                         error: row[19], cleanupReason: row[20])
    }

    private static func fetchJob(_ db: Database, id: Int64) throws -> JobRecord? {
        try Row.fetchOne(db, sql: "SELECT \(jobColumns) FROM job WHERE id = ?", arguments: [id]).map(job)
    }

    /// Runs `body` in an IMMEDIATE transaction: the write lock is taken before anything is
    /// read, so two processes deciding on the same rows never act on a stale read.
    func immediately<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Records a request under its idempotency key, atomically: of two requests with one key,
    /// one creates the job and the other gets it back (or a conflict when they differ).
    public func insertJob(_ new: NewJob, at time: Date = Date()) throws -> JobInsertion {
        try immediately { db in
            if let row = try Row.fetchOne(db, sql: "SELECT \(Self.jobColumns) FROM job WHERE idempotency_key = ?", arguments: [new.key]) {
                let existing = Self.job(row)
                let isSame = existing.action == new.action && existing.typeRef == new.typeRef && existing.targetRef == new.targetRef
                    && existing.parametersJSON == new.parametersJSON
                    && (new.action == .provision || existing.resourceRef == new.resourceRef)
                return isSame ? .existing(existing) : .conflict(existing)
            }
            var resourceRef = new.resourceRef
            if new.action == .provision {
                // Names are unique across namespaces: folders, secrets, buckets and roles are named after them.
                let taken = Set(try String.fetchAll(db, sql: "SELECT resource_ref FROM job WHERE action = 'provision' UNION SELECT ref FROM resource")
                    .map { Self.name(of: $0).lowercased() })
                var number = 2
                while taken.contains(Self.name(of: resourceRef).lowercased()) {
                    resourceRef = Self.numbered(new.resourceRef, number)
                    number += 1
                }
            } else if let row = try Row.fetchOne(db, sql: """
                SELECT \(Self.jobColumns) FROM job
                WHERE resource_ref = ? COLLATE NOCASE AND state NOT IN ('succeeded', 'failed', 'cancelled') ORDER BY id LIMIT 1
                """, arguments: [new.resourceRef]) {
                return .busy(Self.job(row))
            }
            let state: JobState = new.needsApproval ? .awaitingApproval : .queued
            try db.execute(sql: """
                INSERT INTO job (idempotency_key, action, type_ref, target_ref, resource_ref, parameters_json, requester, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [new.key, new.action.rawValue, new.typeRef, new.targetRef, resourceRef, new.parametersJSON, new.requester,
                                 state.rawValue, time.timeIntervalSince1970, time.timeIntervalSince1970])
            return .created(try Self.fetchJob(db, id: db.lastInsertedRowID)!)
        }
    }

    /// `name` from `resource:namespace/name`.
    public static func name(of ref: String) -> String {
        String(ref.split(separator: "/").last ?? Substring(ref))
    }

    /// `resource:default/name` with `-number` added to the name, kept within 63 characters.
    static func numbered(_ ref: String, _ number: Int) -> String {
        let suffix = "-\(number)"
        guard let slash = ref.lastIndex(of: "/") else { return ref + suffix }
        let prefix = ref[...slash]
        let name = ref[ref.index(after: slash)...]
        return prefix + String(name.prefix(63 - suffix.count)) + suffix
    }

    /// Claims the oldest queued job (or only job `only`) for `worker`: it becomes running with
    /// its attempt counted. Atomic across processes; nil when there is nothing to claim.
    public func claimJob(worker: String, only: Int64? = nil, at time: Date = Date()) throws -> JobRecord? {
        try immediately { db in
            let id: Int64?
            if let only {
                id = try Int64.fetchOne(db, sql: "SELECT id FROM job WHERE id = ? AND state = 'queued'", arguments: [only])
            } else {
                id = try Int64.fetchOne(db, sql: "SELECT id FROM job WHERE state = 'queued' ORDER BY id LIMIT 1")
            }
            guard let id else { return nil }
            let now = time.timeIntervalSince1970
            try db.execute(sql: """
                UPDATE job SET state = 'running', worker = ?, heartbeat_at = ?, attempt = attempt + 1, updated_at = ?,
                               started_at = coalesce(started_at, ?)
                WHERE id = ?
                """, arguments: [worker, now, now, now, id])
            return try Self.fetchJob(db, id: id)
        }
    }

    /// Running jobs whose worker `isGone` says stopped (killed, crashed, its host lost): each is
    /// queued again to be resumed, with a log line, or failed once it has been tried
    /// `maxAttempts` times. Returns the jobs changed.
    public func recoverJobs(maxAttempts: Int, at time: Date = Date(), isGone: (_ worker: String, _ heartbeat: Date?) -> Bool) throws -> [JobRecord] {
        try immediately { db in
            let running = try Row.fetchAll(db, sql: "SELECT \(Self.jobColumns) FROM job WHERE state = 'running'").map(Self.job)
            var changed: [JobRecord] = []
            let now = time.timeIntervalSince1970
            for job in running where isGone(job.worker ?? "", job.heartbeatAt) {
                let step = try String.fetchOne(db, sql: "SELECT name FROM job_step WHERE job_id = ? AND state = 'running' ORDER BY id DESC LIMIT 1",
                                               arguments: [job.id])
                try db.execute(sql: "UPDATE job_step SET state = 'failed', finished_at = ?, detail = 'interrupted' WHERE job_id = ? AND state = 'running'",
                               arguments: [now, job.id])
                let during = step.map { " during \($0)" } ?? ""
                if job.attempt >= maxAttempts {
                    let message = "its worker \(job.worker ?? "?") stopped\(during) on attempt \(job.attempt) of \(maxAttempts); gave up"
                    try db.execute(sql: "UPDATE job SET state = 'queued', updated_at = ?, error = ? WHERE id = ?", arguments: [now, message, job.id])
                    try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)",
                                   arguments: [job.id, now, "worker \(job.worker ?? "?") stopped\(during); giving up after \(job.attempt) attempts, cleaning up"])
                } else {
                    try db.execute(sql: "UPDATE job SET state = 'queued', updated_at = ? WHERE id = ?", arguments: [now, job.id])
                    try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)",
                                   arguments: [job.id, now, "worker \(job.worker ?? "?") stopped\(during); queued to resume"])
                }
                changed.append(try Self.fetchJob(db, id: job.id)!)
            }
            return changed
        }
    }

    /// Marks the job alive; returns whether a cancel was asked for, nil when the job is no
    /// longer this worker's (it was recovered by another).
    public func heartbeat(job id: Int64, worker: String, at time: Date = Date()) throws -> Bool? {
        try pool.write { db in
            try db.execute(sql: "UPDATE job SET heartbeat_at = ? WHERE id = ? AND worker = ? AND state = 'running'",
                           arguments: [time.timeIntervalSince1970, id, worker])
            guard db.changesCount == 1 else { return nil }
            return try Bool.fetchOne(db, sql: "SELECT cancel_requested FROM job WHERE id = ?", arguments: [id]) ?? false
        }
    }

    /// Ends a running job, only while `worker` still holds it (a worker presumed dead and
    /// replaced must not overwrite what its successor does). Returns whether it was written.
    @discardableResult
    public func finishJob(_ id: Int64, as state: JobState, worker: String, outputsJSON: String? = nil, error: String? = nil,
                          at time: Date = Date()) throws -> Bool {
        try pool.write { db in
            let now = time.timeIntervalSince1970
            try db.execute(sql: """
                UPDATE job SET state = ?, updated_at = ?, finished_at = ?, outputs_json = coalesce(?, outputs_json), error = coalesce(?, error)
                WHERE id = ? AND worker = ? AND state = 'running'
                """, arguments: [state.rawValue, now, now, outputsJSON, error, id, worker])
            return db.changesCount == 1
        }
    }

    /// Records, before any of it is done, that a job's resource is to be removed and why: a
    /// worker resuming the job then finishes the clean-up instead of provisioning again.
    public func markCleanup(_ id: Int64, reason: String, worker: String, at time: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE job SET cleanup_reason = ?, updated_at = ? WHERE id = ? AND worker = ? AND state = 'running'",
                           arguments: [reason, time.timeIntervalSince1970, id, worker])
        }
    }

    /// Asks a job to stop. A queued or awaiting job is cancelled at once; a running one is
    /// flagged for its worker, which stops the step and cleans up. Returns the job as it is now.
    public func requestCancel(_ id: Int64, by user: String, at time: Date = Date()) throws -> JobRecord? {
        try immediately { db in
            guard let job = try Self.fetchJob(db, id: id) else { return nil }
            let now = time.timeIntervalSince1970
            switch job.state {
            case .queued where job.attempt > 0:
                // Queued again after its worker died: it may have made something, so a worker
                // must take it to clean up.
                try db.execute(sql: "UPDATE job SET cancel_requested = 1, updated_at = ? WHERE id = ?", arguments: [now, id])
                try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)",
                               arguments: [id, now, "cancel requested by \(user); the next worker cleans up what an earlier attempt made"])
            case .queued, .awaitingApproval:
                try db.execute(sql: "UPDATE job SET state = 'cancelled', cancel_requested = 1, updated_at = ?, finished_at = ?, error = ? WHERE id = ?",
                               arguments: [now, now, "cancelled by \(user) before it ran", id])
                try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)", arguments: [id, now, "cancelled by \(user)"])
            case .running:
                try db.execute(sql: "UPDATE job SET cancel_requested = 1, updated_at = ? WHERE id = ?", arguments: [now, id])
                try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)",
                               arguments: [id, now, "cancel requested by \(user); stopping the current step"])
            case .succeeded, .failed, .cancelled:
                break
            }
            return try Self.fetchJob(db, id: id)
        }
    }

    /// Approves (→ queued) or declines (→ cancelled) a job awaiting approval. Returns the job
    /// as it is now (unchanged when it was not awaiting approval).
    public func decideJob(_ id: Int64, approve: Bool, by user: String, at time: Date = Date()) throws -> JobRecord? {
        try immediately { db in
            guard let job = try Self.fetchJob(db, id: id) else { return nil }
            guard job.state == .awaitingApproval else { return job }
            let now = time.timeIntervalSince1970
            if approve {
                try db.execute(sql: "UPDATE job SET state = 'queued', decided_by = ?, updated_at = ? WHERE id = ?", arguments: [user, now, id])
                try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)", arguments: [id, now, "approved by \(user)"])
            } else {
                try db.execute(sql: """
                    UPDATE job SET state = 'cancelled', decided_by = ?, updated_at = ?, finished_at = ?, error = ? WHERE id = ?
                    """, arguments: [user, now, now, "declined by \(user)", id])
                try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)", arguments: [id, now, "declined by \(user)"])
            }
            return try Self.fetchJob(db, id: id)
        }
    }

    public func job(_ id: Int64) throws -> JobRecord? {
        try pool.read { db in try Self.fetchJob(db, id: id) }
    }

    /// Jobs, newest first.
    public func jobs(limit: Int = 500) throws -> [JobRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.jobColumns) FROM job ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.job)
        }
    }

    /// Records that a step starts; returns its id.
    public func startStep(job id: Int64, name: String, at time: Date = Date()) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO job_step (job_id, name, state, started_at) VALUES (?, ?, 'running', ?)",
                           arguments: [id, name, time.timeIntervalSince1970])
            let stepID = db.lastInsertedRowID
            try db.execute(sql: "UPDATE job SET updated_at = ? WHERE id = ?", arguments: [time.timeIntervalSince1970, id])
            return stepID
        }
    }

    public func endStep(_ stepID: Int64, succeeded: Bool, detail: String? = nil, at time: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE job_step SET state = ?, finished_at = ?, detail = ? WHERE id = ?",
                           arguments: [succeeded ? "succeeded" : "failed", time.timeIntervalSince1970, detail, stepID])
            try db.execute(sql: "UPDATE job SET updated_at = ? WHERE id = (SELECT job_id FROM job_step WHERE id = ?)",
                           arguments: [time.timeIntervalSince1970, stepID])
        }
    }

    /// The steps of a job, in order.
    public func jobSteps(_ id: Int64) throws -> [JobStepRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, job_id, name, state, started_at, finished_at, detail FROM job_step WHERE job_id = ? ORDER BY id",
                             arguments: [id]).map { row in
                JobStepRecord(id: row[0], jobID: row[1], name: row[2], state: row[3], startedAt: Date(timeIntervalSince1970: row[4]),
                              finishedAt: (row[5] as Double?).map(Date.init(timeIntervalSince1970:)), detail: row[6])
            }
        }
    }

    public func appendLog(job id: Int64, _ lines: [String], at time: Date = Date()) throws {
        guard !lines.isEmpty else { return }
        try pool.write { db in
            for line in lines {
                try db.execute(sql: "INSERT INTO job_log (job_id, at, line) VALUES (?, ?, ?)", arguments: [id, time.timeIntervalSince1970, line])
            }
            try db.execute(sql: "UPDATE job SET updated_at = ? WHERE id = ?", arguments: [time.timeIntervalSince1970, id])
        }
    }

    /// Log lines of a job after line id `after`, oldest first.
    public func jobLog(_ id: Int64, after: Int64 = 0, limit: Int = 10_000) throws -> [JobLogLine] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, job_id, at, line FROM job_log WHERE job_id = ? AND id > ? ORDER BY id LIMIT ?",
                             arguments: [id, after, limit]).map { row in
                JobLogLine(id: row[0], jobID: row[1], at: Date(timeIntervalSince1970: row[2]), line: row[3])
            }
        }
    }

    /// A number that changes whenever any job, step or log line does: what a monitor polls.
    public func jobsVersion() throws -> String {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT (SELECT max(updated_at) FROM job), (SELECT max(id) FROM job_log), (SELECT count(*) FROM job)")
            return "\((row?[0] as Double?) ?? 0)/\((row?[1] as Int64?) ?? 0)/\((row?[2] as Int64?) ?? 0)"
        }
    }

    // MARK: Resources

    private static let resourceColumns = """
        ref, job_id, type_ref, driver, settings_json, target_ref, state, handle_json, outputs_json, catalog_file, env_file, env_keys,
        created_at, updated_at
        """

    private static func resource(_ row: Row) -> ResourceRecord {
        var record = ResourceRecord(ref: row[0], jobID: row[1], typeRef: row[2], driver: row[3], settingsJSON: row[4], targetRef: row[5],
                                    state: ResourceRecord.State(rawValue: row[6]) ?? .failed, handleJSON: row[7],
                                    createdAt: Date(timeIntervalSince1970: row[12]))
        record.outputsJSON = row[8]
        record.catalogFile = row[9]
        record.envFile = row[10]
        record.envKeys = row[11]
        record.updatedAt = Date(timeIntervalSince1970: row[13])
        return record
    }

    /// Writes a resource record whole (insert or replace).
    public func saveResource(_ record: ResourceRecord, at time: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO resource (\(Self.resourceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [record.ref, record.jobID, record.typeRef, record.driver, record.settingsJSON, record.targetRef,
                                 record.state.rawValue, record.handleJSON, record.outputsJSON, record.catalogFile, record.envFile,
                                 record.envKeys, record.createdAt.timeIntervalSince1970, time.timeIntervalSince1970])
        }
    }

    public func resource(_ ref: String) throws -> ResourceRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.resourceColumns) FROM resource WHERE ref = ? COLLATE NOCASE", arguments: [ref]).map(Self.resource)
        }
    }

    /// Resources, newest first.
    public func resources() throws -> [ResourceRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.resourceColumns) FROM resource ORDER BY created_at DESC").map(Self.resource)
        }
    }

    /// Stops reading a registered catalog file.
    public func unregisterLocation(_ path: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM registered_location WHERE path = ?", arguments: [path]) }
    }
}
