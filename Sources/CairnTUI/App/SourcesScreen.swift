/// The Sources screen (`S`, `:sources`): every configured source in precedence order, how its
/// last refreshes went, and the selected one in full. Statuses arrive from the background
/// worker; the selection follows a source by its name.
public struct SourcesScreen: Sendable, Equatable {
    public var sources: [SourceSummary] = []
    /// False until the worker's first statuses: "reading sources…" rather than "no sources".
    public var isLoaded = false
    public var selectedName: String?
    /// First list row on screen.
    public var top = 0
    /// Sources `r`/`R` asked for whose outcome the footer reports once they are done, and
    /// those of them the worker was seen busy with (until then, "idle" means "not started").
    var awaited: Set<String> = []
    var awaitedSeenBusy: Set<String> = []

    public init() {}

    public var selectedIndex: Int? { sources.firstIndex { $0.name == selectedName } }

    public var selectedSource: SourceSummary? { selectedIndex.map { sources[$0] } }

    /// Sources whose last refresh failed after an earlier success (their entities are old).
    public var staleCount: Int { sources.filter { $0.health == .stale }.count }

    /// Sources that never refreshed successfully and whose last refresh failed.
    public var failedCount: Int { sources.filter { $0.health == .failed }.count }
}
