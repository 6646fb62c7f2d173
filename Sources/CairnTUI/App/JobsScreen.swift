/// The Jobs screen (`J`, `:jobs`): every provisioning job, newest first, with the selected
/// job's steps and live log. Jobs arrive from a background poller; the selection follows a job
/// by its id, so it stays put when new jobs arrive above it.
public struct JobsScreen: Sendable, Equatable {
    public enum Focus: Sendable, Equatable { case list, log }

    public var jobs: [JobSummary] = []
    /// False until the poller's first snapshot: "reading jobs…" rather than "no jobs".
    public var isLoaded = false
    public var selectedID: Int64?
    /// First list row on screen.
    public var top = 0
    public var focus: Focus = .list
    /// Steps and log of the selected job, once the poller has sent them.
    public var detail: JobDetail?
    /// First log line on screen; nil follows the tail as lines arrive.
    public var logTop: Int?
    /// The job waiting for y/n before it is cancelled.
    public var confirmingCancel: Int64?

    public init() {}

    public var selectedIndex: Int? { jobs.firstIndex { $0.id == selectedID } }

    public var selectedJob: JobSummary? { selectedIndex.map { jobs[$0] } }

    /// The detail of the selected job (nil while it is on its way).
    public var selectedDetail: JobDetail? { detail?.jobID == selectedID ? detail : nil }
}
