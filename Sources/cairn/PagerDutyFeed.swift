import CairnPortal
import CairnTUI
import Dispatch
import Foundation
import Synchronization

/// The portal's PagerDuty poller: one background thread that asks PagerDuty about every
/// service the catalog names, at once and then every `interval`, and posts each answer (or
/// why the whole ask failed) to the inbox. A catalog read again with other services is asked
/// about without waiting out the interval. Never runs on the UI thread.
final class PagerDutyFeed: Sendable {
    private struct Slots {
        var isStarted = false
        var isStopped = false
    }

    /// How often the worker looks whether the catalog names other services than it last asked about.
    static let catalogCheck: TimeInterval = 2
    /// How long quitting waits for an ask under way; it is not waited out.
    static let stopWait: TimeInterval = 0.3

    private let slots = Mutex(Slots())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let inbox: Inbox
    private let interval: TimeInterval

    init(inbox: Inbox, interval: TimeInterval) {
        self.inbox = inbox
        self.interval = interval
    }

    /// Starts the worker once the portal is open; each ask uses the portal `current` gives then
    /// (it is reopened when the catalog changes).
    func start(_ portal: Portal, current: @escaping @Sendable () -> Portal?) {
        let isStopped = slots.withLock { slots -> Bool in
            if !slots.isStopped { slots.isStarted = true }
            return slots.isStopped
        }
        guard !isStopped else { return }
        // Says PagerDuty is configured, so the detail pane reads "asking…" until the answer.
        inbox.post(.pagerDutyUpdated(PagerDutyBoard()))
        let thread = Thread { [self] in
            run(first: portal, current: current)
            finished.signal()
        }
        thread.name = "cairn-pagerduty"
        thread.start()
    }

    /// Stops the worker without waiting for an answer under way.
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
        var asked: Set<String>?
        var askedAt = Date.distantPast
        while !isStopped {
            let portal = current() ?? first
            let services = Set(portal.pagerDutyServices.keys)
            if !services.isEmpty, services != asked || Date().timeIntervalSince(askedAt) >= interval {
                asked = services
                askedAt = Date()
                let board: PagerDutyBoard
                do {
                    board = PagerDutyBoard(try portal.pagerDutyReport(services.sorted()))
                } catch {
                    board = PagerDutyBoard(failure: error.description.replacingOccurrences(of: "cairn: error: ", with: ""))
                }
                guard !isStopped else { break }
                inbox.post(.pagerDutyUpdated(board))
            }
            _ = wake.wait(timeout: .now() + min(interval, Self.catalogCheck))
        }
    }
}
