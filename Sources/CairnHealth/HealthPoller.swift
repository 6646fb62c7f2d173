import CairnCatalog
import CairnHTTP
import CairnStore
import Foundation
import Synchronization

/// The background health poller: checks every probe on its own schedule (interval,
/// Cache-Control max-age as a minimum, exponential backoff with jitter while failing) through
/// one `HTTPStream`, so a hanging endpoint holds up nothing but itself. Results are persisted
/// (with retention) and handed to `onSamples` in batches, on the poller's own thread, never
/// more often than `batchInterval`. Nothing here touches the UI.
public final class HealthPoller: Sendable {
    private struct Entry {
        var probe: HealthProbe
        var nextDue: Date
        var failures = 0
        var isInFlight = false
        /// `checkNow` arrived while a check was in flight: check again as soon as it ends.
        var recheck = false
    }

    private struct State {
        var entries: [EntityRef: Entry] = [:]
        var results: [HealthSample] = []
        var isStopping = false
    }

    private let stream: HTTPStream
    private let database: CairnDatabase?
    private let retention: HealthRetention
    private let batchInterval: Double
    private let onSamples: @Sendable ([HealthSample]) -> Void
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let started = Atomic<Bool>(false)
    private let randomState = Mutex(SystemRandomNumberGenerator())

    /// `maxConcurrent` bounds transfers in flight (DESIGN: 64 by default).
    public init(probes: [HealthProbe], maxConcurrent: Int = 64, database: CairnDatabase?, retention: HealthRetention = .standard,
                batchInterval: Double = 0.2, onSamples: @escaping @Sendable ([HealthSample]) -> Void) {
        stream = HTTPStream(maxConcurrent: maxConcurrent)
        self.database = database
        self.retention = retention
        self.batchInterval = batchInterval
        self.onSamples = onSamples
        replaceProbes(probes)
    }

    /// Starts polling on a thread of its own; every probe is due at once.
    public func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "cairn-health-poller"
        thread.start()
    }

    /// Stops polling and waits for the thread; transfers in flight are abandoned.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.isStopping = true }
            return !state.isStopping
        }
        stream.stop()
        guard wasRunning, started.load(ordering: .relaxed) else { return }
        wake.signal()
        finished.wait()
    }

    /// New probes (the catalog changed): kept ones keep their schedule, new ones are due now,
    /// removed ones stop.
    public func replaceProbes(_ probes: [HealthProbe]) {
        let now = Date()
        state.withLock { state in
            var entries: [EntityRef: Entry] = [:]
            for probe in probes {
                if var entry = state.entries[probe.entityRef] {
                    if entry.probe != probe {
                        // A new URL or timing: check it now, and forget the old one's transfer
                        // (its result is dropped by `record`) and its backoff.
                        entry.nextDue = now
                        entry.isInFlight = false
                        entry.failures = 0
                        entry.recheck = false
                    }
                    entry.probe = probe
                    entries[probe.entityRef] = entry
                } else {
                    entries[probe.entityRef] = Entry(probe: probe, nextDue: now)
                }
            }
            state.entries = entries
        }
        wake.signal()
    }

    /// Makes these probes (all when empty) due now, whatever their schedule.
    public func checkNow(_ refs: [EntityRef] = []) {
        let now = Date()
        state.withLock { state in
            for ref in refs.isEmpty ? Array(state.entries.keys) : refs {
                state.entries[ref]?.nextDue = now
                if state.entries[ref]?.isInFlight == true { state.entries[ref]?.recheck = true }
            }
        }
        wake.signal()
    }

    public var probeCount: Int { state.withLock { $0.entries.count } }

    private func run() {
        var lastFlush = Date.distantPast
        while true {
            let now = Date()
            let (due, nextDue, isStopping, hasResults) = state.withLock { state -> ([HealthProbe], Date?, Bool, Bool) in
                var due: [HealthProbe] = []
                var nextDue: Date?
                for (ref, entry) in state.entries where !entry.isInFlight {
                    if entry.nextDue <= now {
                        state.entries[ref]!.isInFlight = true
                        due.append(entry.probe)
                    } else if nextDue == nil || entry.nextDue < nextDue! {
                        nextDue = entry.nextDue
                    }
                }
                return (due, nextDue, state.isStopping, !state.results.isEmpty)
            }
            if isStopping { break }
            for probe in due { send(probe) }
            var wait = nextDue.map { $0.timeIntervalSince(now) } ?? 60
            if hasResults {
                let sinceFlush = now.timeIntervalSince(lastFlush)
                if sinceFlush >= batchInterval {
                    flush()
                    lastFlush = now
                } else {
                    wait = min(wait, batchInterval - sinceFlush)
                }
            }
            _ = wake.wait(timeout: .now() + max(0.001, min(wait, 60)))
        }
        // What arrived since the last batch is kept and handed on, not lost.
        flush()
        finished.signal()
    }

    private func send(_ probe: HealthProbe) {
        switch probe.request() {
        case .success(let request):
            stream.submit(request) { [self] response in
                let sample = probe.sample(from: response, at: Date())
                record(sample, probe: probe, maxAge: HealthSchedule.maxAge(cacheControl: response.header("cache-control")))
            }
        case .failure(let refusal):
            record(probe.sample(refusedBecause: refusal, at: Date()), probe: probe, maxAge: nil)
        }
    }

    /// Called on the stream's thread: note the result and schedule the next check.
    private func record(_ sample: HealthSample, probe: HealthProbe, maxAge: Double?) {
        let jitter = randomState.withLock { Double.random(in: 0..<1, using: &$0) }
        state.withLock { state in
            guard var entry = state.entries[probe.entityRef], entry.probe == probe else { return }
            entry.failures = sample.status == .fail ? entry.failures + 1 : 0
            let delay = HealthSchedule.delay(intervalSeconds: probe.intervalSeconds, maxAgeSeconds: maxAge, failures: entry.failures, jitter: jitter)
            entry.nextDue = entry.recheck ? sample.checkedAt : sample.checkedAt.addingTimeInterval(delay)
            entry.recheck = false
            entry.isInFlight = false
            state.entries[probe.entityRef] = entry
            state.results.append(sample)
        }
        wake.signal()
    }

    /// Persists the batch, then hands it on.
    private func flush() {
        let batch = state.withLock { state -> [HealthSample] in
            defer { state.results = [] }
            return state.results
        }
        guard !batch.isEmpty else { return }
        try? database?.saveHealthSamples(batch.map(\.stored), retention: retention)
        onSamples(batch)
    }
}

extension HealthSample {
    /// The longest reason kept: a short one is what a responder reads; a server's error text
    /// can be long.
    public static let maxStoredReason = 300

    /// The row the store keeps.
    public var stored: StoredHealthSample {
        StoredHealthSample(entityRef: entityRef.description, checkedAt: checkedAt, status: status.rawValue, httpStatus: httpStatus,
                           latencyMilliseconds: latencyMilliseconds,
                           reason: reason.count > Self.maxStoredReason ? String(reason.prefix(Self.maxStoredReason - 1)) + "…" : reason)
    }

    /// A sample from a stored row; nil when the row names no valid ref or status.
    public init?(_ stored: StoredHealthSample) {
        guard let ref = try? EntityRef.parse(stored.entityRef), let status = HealthStatus(rawValue: stored.status) else { return nil }
        self.init(entityRef: ref, status: status, httpStatus: stored.httpStatus, latencyMilliseconds: stored.latencyMilliseconds,
                  checkedAt: stored.checkedAt, reason: stored.reason)
    }
}

extension CairnDatabase {
    /// The newest samples of every entity, as `HealthSample`s, oldest first.
    public func recentHealth(perEntity: Int = HealthBoard.historyLimit) -> [HealthSample] {
        ((try? recentHealthSamples(perEntity: perEntity)) ?? []).compactMap(HealthSample.init)
    }
}
