import ArgumentParser
import CairnCatalog
import CairnHealth
import CairnStore
import CairnTUI
import Foundation
import Synchronization

/// Filter keystrokes while the health poller works: 10,000 entities on screen, 1,000 endpoints
/// polled in the background (a fraction of them hanging until their timeout), the boards it
/// produces applied between keys as the UI loop does. Prints key-to-frame times and what a
/// health update costs the UI thread; the target is every keystroke on screen within 16 ms.
struct PollingPortalBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "portal-polling",
                                                    abstract: "Benchmark filter keystrokes while 1,000 endpoints are polled.")

    @Option(help: "Entities to generate.") var entities = 10_000
    @Option(help: "Health endpoints polled in the background.") var endpoints = 1_000
    @Option(help: "Percent of the endpoints that accept and never answer.") var hangingPercent = 10
    @Option(help: "Seconds of typing to measure.") var seconds = 12.0
    @Option(help: "Terminal columns.") var width = 160
    @Option(help: "Terminal rows.") var height = 48

    func run() throws {
        try MainActor.assumeIsolated { try measure() }
    }

    @MainActor
    private func measure() throws {
        let workspace = NSTemporaryDirectory() + "cairn-polling-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try CatalogFixture.write(entities: entities, to: workspace + "/catalog")
        let catalog = try CatalogLoader().load([workspace + "/catalog"])
        let graph = CatalogGraph(catalog)
        TerminalText.prepareLocale()

        // Answering endpoints from `cairn-bench fleet`; hanging ones from a socket that listens
        // and never accepts (the kernel completes the connection, nobody ever answers).
        let hanging = endpoints * hangingPercent / 100
        let fleet = try Fleet(ports: endpoints - hanging)
        defer { fleet.stop() }
        let silent = try SilentListener()
        defer { silent.close() }
        let components = catalog.entities.filter { $0.ref.kind == "component" }.prefix(endpoints)
        guard components.count == endpoints else { throw ValidationError("only \(components.count) components for \(endpoints) endpoints") }
        let probes = components.enumerated().map { index, entity in
            let url = index < hanging ? "http://127.0.0.1:\(silent.port)/healthz" : "http://127.0.0.1:\(fleet.ports[index - hanging])/healthz"
            return HealthProbe(entityRef: entity.ref, url: url, timeoutSeconds: 1, intervalSeconds: 2)
        }

        let outputPath = workspace + "/terminal.out"
        guard let output = fopen(outputPath, "w+"), let input = fopen("/dev/null", "r") else { throw ValidationError("cannot open \(outputPath)") }
        let terminal = try NCursesTerminal(term: "xterm-256color", output: output, input: input)
        defer { terminal.end() }
        terminal.resize(width: width, height: height)
        terminal.apply(Theme.builtIn, isColor: true)
        var state = AppState(catalog: catalog, source: CatalogSource(origin: .cache, builtAt: Date(), isRefreshing: false),
                             width: width, height: height, identity: "bench")

        let database = try CairnDatabase.open(path: workspace + "/cairn.db")
        let slot = BoardSlot(HealthBoard(samples: [], catalog: catalog, graph: graph))
        let samplesSeen = Atomic<Int>(0)
        let poller = HealthPoller(probes: probes, maxConcurrent: 64, database: database) { samples in
            samplesSeen.add(samples.count, ordering: .relaxed)
            slot.add(samples, catalog: catalog, graph: graph)
        }
        let cpuBefore = Self.cpuSeconds()
        poller.start()
        defer { poller.stop() }

        let now = Date()
        terminal.draw(render(state, now: now))
        _ = reduce(&state, .key(.character("/")))
        terminal.draw(render(state, now: now))
        var keyTimes: [Double] = []
        var healthTimes: [Double] = []
        var worstTurn = 0.0
        let typed = Array("service-17 tier-1")
        var position = 0
        var isDeleting = false
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            // One turn of the UI loop: apply what the poller posted, then the key that arrived.
            var turn = 0.0
            if let board = slot.take() {
                let spent = time {
                    _ = reduce(&state, .healthUpdated(board))
                    terminal.draw(render(state, now: now))
                }
                healthTimes.append(spent)
                turn += spent
            }
            let key: Key
            if isDeleting {
                key = .backspace
                position -= 1
                if position == 0 { isDeleting = false }
            } else {
                key = .character(typed[position])
                position += 1
                if position == typed.count { isDeleting = true }
            }
            let spent = time {
                _ = reduce(&state, .key(key))
                terminal.draw(render(state, now: now))
            }
            keyTimes.append(spent)
            worstTurn = max(worstTurn, turn + spent)
            usleep(25_000)
        }
        let cpu = Self.cpuSeconds() - cpuBefore
        let checks = samplesSeen.load(ordering: .relaxed)

        keyTimes.sort()
        healthTimes.sort()
        func ms(_ seconds: Double) -> String { String(format: "%6.2f ms", seconds * 1000) }
        let p99 = { (values: [Double]) in values.isEmpty ? 0 : values[min(values.count - 1, Int(Double(values.count) * 0.99))] }
        print("portal while polling: \(catalog.entities.count) entities, \(endpoints) endpoints (\(hanging) hanging), \(width)x\(height)")
        print("health checks completed in \(String(format: "%.1f", seconds)) s   \(checks)  (\(String(format: "%.0f", Double(checks) / seconds))/s), \(healthTimes.count) board updates applied")
        print("filter key to flushed frame, median  \(ms(keyTimes[keyTimes.count / 2]))   p99 \(ms(p99(keyTimes)))   max \(ms(keyTimes.last ?? 0))   (\(keyTimes.count) keys)")
        if !healthTimes.isEmpty {
            print("health update to flushed frame, median \(ms(healthTimes[healthTimes.count / 2]))   p99 \(ms(p99(healthTimes)))   max \(ms(healthTimes.last!))")
        }
        print("worst key latency (an update in the same turn + the key)  \(ms(worstTurn))   ≤ 16 ms  \(worstTurn <= 0.016 ? "ok" : "MISSED")")
        print("process CPU while measuring  \(String(format: "%.2f", cpu)) s in \(String(format: "%.1f", seconds)) s wall (poller, store and UI together)")
    }

    private func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// The newest board, built on the poller's thread the way the portal's monitor builds it.
private final class BoardSlot: Sendable {
    private struct Slot {
        var board: HealthBoard
        var isFresh = false
    }
    private let slot: Mutex<Slot>

    init(_ board: HealthBoard) { slot = Mutex(Slot(board: board)) }

    /// Called on the poller's thread only: the board is built outside the lock, so the UI
    /// thread's `take` never waits for a recompute.
    func add(_ samples: [HealthSample], catalog: Catalog, graph: CatalogGraph) {
        let board = slot.withLock { $0.board }.adding(samples, catalog: catalog, graph: graph)
        slot.withLock { slot in
            slot.board = board
            slot.isFresh = true
        }
    }

    func take() -> HealthBoard? {
        slot.withLock { slot in
            guard slot.isFresh else { return nil }
            slot.isFresh = false
            return slot.board
        }
    }
}

/// A loopback socket that listens and never accepts: connections complete, nothing answers.
private final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0, listen(descriptor, 4096) == 0 else { throw ValidationError("cannot listen on loopback") }
        withUnsafeMutablePointer(to: &address) { pointer in
            _ = pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
