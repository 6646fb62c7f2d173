import CairnCatalog
import Foundation

/// A provisioning job as the Jobs screen shows it: plain values the background poller reads
/// from the store, so the screen is tested without a database.
public struct JobSummary: Sendable, Equatable {
    /// `queued → (awaiting_approval) → running → succeeded | failed | cancelled`.
    public enum State: String, Sendable, CaseIterable, Equatable {
        case queued
        case awaitingApproval = "awaiting_approval"
        case running, succeeded, failed, cancelled

        /// A job in this state will not change again.
        public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
    }

    public var id: Int64
    /// `provision` or `deprovision`.
    public var action: String
    public var typeRef: String
    public var targetRef: String
    public var resourceRef: String
    public var requester: String
    public var state: State
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var attempt: Int
    public var isCancelRequested: Bool
    public var error: String?

    public init(id: Int64, action: String, typeRef: String, targetRef: String, resourceRef: String, requester: String, state: State,
                createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil, attempt: Int = 0, isCancelRequested: Bool = false,
                error: String? = nil) {
        self.id = id
        self.action = action
        self.typeRef = typeRef
        self.targetRef = targetRef
        self.resourceRef = resourceRef
        self.requester = requester
        self.state = state
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.attempt = attempt
        self.isCancelRequested = isCancelRequested
        self.error = error
    }

    /// The last part of a ref (`resourcetype:default/redis` → `redis`).
    static func shortName(_ ref: String) -> String {
        String(ref.split(separator: "/").last.map { $0.split(separator: ":").last ?? $0 } ?? Substring(ref))
    }

    /// `provision redis`.
    public var title: String { "\(action) \(Self.shortName(typeRef))" }

    /// The target as a user writes it (`component:search-service`).
    public var target: String {
        targetRef.replacingOccurrences(of: ":default/", with: ":")
    }

    /// The target in the list, where most are services: a component by its name alone.
    public var shortTarget: String {
        target.hasPrefix("component:") ? String(target.dropFirst("component:".count)) : target
    }
}

/// A step of a job, as recorded before it was acted on.
public struct JobStepSummary: Sendable, Equatable {
    public var name: String
    /// running, succeeded or failed.
    public var state: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var detail: String?

    public init(name: String, state: String, startedAt: Date, finishedAt: Date? = nil, detail: String? = nil) {
        self.name = name
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.detail = detail
    }
}

/// One line of a job's log.
public struct JobLogEntry: Sendable, Equatable {
    public var at: Date
    public var line: String

    public init(at: Date, line: String) {
        self.at = at
        self.line = line
    }
}

/// The steps and the end of the log of the job the screen has selected.
public struct JobDetail: Sendable, Equatable {
    public var jobID: Int64
    public var steps: [JobStepSummary]
    /// The last lines (the poller keeps a few hundred).
    public var log: [JobLogEntry]

    public init(jobID: Int64, steps: [JobStepSummary], log: [JobLogEntry]) {
        self.jobID = jobID
        self.steps = steps
        self.log = log
    }
}

/// What the poller posts whenever any job changed: the list, newest first, and the detail of
/// the job being watched.
public struct JobsSnapshot: Sendable, Equatable {
    public var jobs: [JobSummary]
    public var detail: JobDetail?

    public init(jobs: [JobSummary], detail: JobDetail? = nil) {
        self.jobs = jobs
        self.detail = detail
    }
}

/// What the Jobs screen and the request form ask the background to do.
public enum JobCommand: Sendable, Equatable {
    /// Send the steps and log of this job with every snapshot (nil: none).
    case watch(Int64?)
    case cancel(Int64)
    case decide(Int64, approve: Bool)
    /// Record a provision request (the requester is the user running cairn) and wake the runner.
    case request(type: EntityRef, target: EntityRef, values: [String: Value])
}

/// How a job command went, as the background reports it.
public enum JobCommandResult: Sendable, Equatable {
    /// The request is job `jobID` (`isNew` false: the same request was already recorded).
    case requested(jobID: Int64, isNew: Bool, state: JobSummary.State)
    /// The request was refused (violations, an idempotency conflict, …): why.
    case requestFailed(String)
    /// A cancel or decision was recorded: what to say.
    case done(String)
    /// A cancel or decision was refused: why.
    case failed(String)
}
