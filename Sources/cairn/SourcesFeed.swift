import CairnPortal
import CairnSources
import CairnTUI
import Dispatch
import Foundation
import Synchronization

/// The portal's sources worker: one background thread that, every couple of seconds, refreshes
/// the sources that are due (and first those `r`/`R` asked for), one at a time, posting the
/// statuses before and after each refresh; after a successful one it re-reads the catalog, so
/// new and changed entities appear while the portal runs. Never runs on the UI thread.
final class SourcesFeed: Sendable {
    private struct Slots {
        var isStarted = false
        var isStopped = false
        /// Sources asked for by name, waiting their turn.
        var queued: Set<String> = []
        /// Every source was asked for (`R`): the worker turns it into names, off the UI thread.
        var isAllQueued = false
        /// The source being refreshed now.
        var running: String?
    }

    /// How often the worker looks for due sources.
    static let interval: TimeInterval = 2
    /// How long quitting waits for a refresh under way to notice it should stop.
    static let stopWait: TimeInterval = 1

    private let slots = Mutex(Slots())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let inbox: Inbox
    private let onRefreshed: @Sendable () -> Void

    /// `onRefreshed` runs on the worker's thread after a refresh succeeded: it re-reads the
    /// catalog (and waits for it, so the next status the UI sees comes with the entities).
    init(inbox: Inbox, onRefreshed: @escaping @Sendable () -> Void) {
        self.inbox = inbox
        self.onRefreshed = onRefreshed
    }

    /// Starts the worker once the portal is open; each pass uses the portal `current` gives
    /// then (it is reopened when the catalog changes).
    func start(_ portal: Portal, current: @escaping @Sendable () -> Portal?) {
        let isStopped = slots.withLock { slots -> Bool in
            if !slots.isStopped { slots.isStarted = true }
            return slots.isStopped
        }
        guard !isStopped else { return }
        let thread = Thread { [self] in
            run(first: portal, current: current)
            finished.signal()
        }
        thread.name = "cairn-sources"
        thread.start()
    }

    /// Refreshes the named sources (all when empty) as soon as the one under way is done.
    func request(_ names: [String]) {
        slots.withLock { slots in
            if names.isEmpty { slots.isAllQueued = true } else { slots.queued.formUnion(names) }
        }
        wake.signal()
    }

    /// Stops the worker: a refresh under way is told to stop and given a moment, not waited for.
    func stop() {
        let isStarted = slots.withLock { slots -> Bool in
            slots.isStopped = true
            return slots.isStarted
        }
        wake.signal()
        if isStarted { _ = finished.wait(timeout: .now() + Self.stopWait) }
    }

    private var isStopped: Bool { slots.withLock { $0.isStopped } }

    private func run(first: Portal, current: @Sendable () -> Portal?) {
        post(first.sources(), portal: first)
        while !isStopped {
            let portal = current() ?? first
            let statuses = portal.sources()
            let now = Date()
            let queued = slots.withLock { slots -> Set<String> in
                if slots.isAllQueued {
                    slots.queued.formUnion(statuses.map(\.definition.name))
                    slots.isAllQueued = false
                }
                return slots.queued
            }
            guard let next = statuses.first(where: { queued.contains($0.definition.name) }) ?? statuses.first(where: { $0.isDue(at: now) }) else {
                _ = wake.wait(timeout: .now() + Self.interval)
                continue
            }
            let name = next.definition.name
            slots.withLock { slots in
                slots.queued.remove(name)
                slots.running = name
            }
            post(statuses, portal: portal)
            let status = portal.sourceRefresher.refresh(next.definition) { [self] in isStopped }
            guard !isStopped else { break }
            // Still "refreshing" while the catalog is read again: the entities come with the status.
            if status.state?.lastError == nil { onRefreshed() }
            slots.withLock { $0.running = nil }
            post((current() ?? portal).sources(), portal: portal)
        }
    }

    /// The statuses as the UI shows them, with what the worker is doing to each.
    private func post(_ statuses: [SourceStatus], portal: Portal) {
        let (running, queued) = slots.withLock { ($0.running, $0.queued) }
        let refresher = portal.sourceRefresher
        inbox.post(.sourcesUpdated(statuses.map { status in
            let name = status.definition.name
            let activity: SourceSummary.Activity = name == running ? .refreshing : (queued.contains(name) ? .queued : .idle)
            return SourceSummary(status, folder: refresher.folder(of: name), activity: activity)
        }))
    }
}

extension SourceSummary {
    /// A source's status as the screens show it.
    init(_ status: SourceStatus, folder: String, activity: Activity) {
        let definition = status.definition
        let state = status.state
        self.init(name: definition.name, kind: definition.kind.rawValue, location: Self.location(definition), declaredAt: definition.declaredAt,
                  interval: definition.interval, folder: folder, isFetched: state != nil, lastSuccessAt: state?.lastSuccessAt,
                  lastAttemptAt: state?.lastAttemptAt, lastError: state?.lastError, entityCount: state?.entityCount ?? 0,
                  fileCount: state?.fileCount ?? 0, notices: state?.notices ?? [], seconds: state?.seconds, activity: activity)
    }

    /// What the source reads: its URL (a password in it left out), organisation or group.
    static func location(_ definition: SourceDefinition) -> String {
        if let url = definition["url"] {
            var text = url
            if let scheme = text.range(of: "://") {
                let rest = text[scheme.upperBound...]
                let authority = rest.prefix { $0 != "/" }
                if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
                    text = String(text[..<scheme.upperBound]) + "…" + String(rest[at...])
                }
            }
            return text + (definition["ref"].map { "#\($0)" } ?? "") + (definition["path"].map { " (\($0))" } ?? "")
        }
        if let organization = definition["organization"] { return "organization \(organization)" + (definition["apiUrl"].map { " at \($0)" } ?? "") }
        if let group = definition["group"] { return "group \(group)" + (definition["apiUrl"].map { " at \($0)" } ?? "") }
        return ""
    }
}
