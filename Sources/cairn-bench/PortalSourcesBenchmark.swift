import ArgumentParser
import CairnCatalog
import CairnSources
import CairnStore
import CairnTUI
import Foundation
import Synchronization

/// Filter keystrokes while sources refresh: 10,000 entities on screen, a GitHub organisation of
/// 500 repositories refreshed again and again on a worker thread (bounded concurrency, the
/// catalog re-read after each refresh, as the portal's sources worker does), the re-read catalog
/// applied between keys as the UI loop does. The target: every keystroke on screen within 16 ms.
struct PortalSourcesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "portal-sources",
                                                    abstract: "Benchmark filter keystrokes while 500 repositories' catalog files are refreshed.")

    @Option(help: "Local entities to generate.") var entities = 10_000
    @Option(help: "Repositories in the GitHub organisation.") var repos = 500
    @Option(name: .customLong("latency-ms"), help: "Latency the fixture adds to every answer.") var latencyMs = 20
    @Option(help: "Seconds of typing to measure.") var seconds = 10.0
    @Option(help: "Terminal columns.") var width = 160
    @Option(help: "Terminal rows.") var height = 48

    func run() throws {
        try MainActor.assumeIsolated { try measure() }
    }

    @MainActor
    private func measure() throws {
        let workspace = NSTemporaryDirectory() + "cairn-portal-sources-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try CatalogFixture.write(entities: entities, to: workspace + "/catalog")
        let local = try CatalogLoader().load([workspace + "/catalog"])
        TerminalText.prepareLocale()

        let fixture = try GitHubFixture(arguments: ["--repos", "\(repos)", "--archived", "0", "--delay-ms", "\(latencyMs)", "--rate-limit", "100000000"])
        defer { fixture.stop() }
        let database = try CairnDatabase.open(path: workspace + "/cairn.db")
        let refresher = SourceRefresher(stateDirectory: workspace + "/state", database: database, fetchers: [.github: GitHubSource()])
        let definition = SourceDefinition(name: "acme", kind: .github, settings: ["organization": "acme", "apiUrl": fixture.base, "concurrency": "8"])
        let catalogPath = workspace + "/catalog"
        let folder = refresher.folder(of: "acme")

        // The worker: refresh, re-read the catalog (local + the source), hand it to the UI loop.
        let fresh = Mutex<PreparedCatalog?>(nil)
        let refreshes = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while !stopped.load(ordering: .relaxed) {
                let status = refresher.refresh(definition) { stopped.load(ordering: .relaxed) }
                guard status.state?.lastError == nil,
                      let catalog = try? CatalogLoader(sourceRoots: [folder]).load([catalogPath, folder]) else { continue }
                // As the portal's worker does: the derived state is built here, not on the UI thread.
                let prepared = PreparedCatalog(catalog)
                fresh.withLock { $0 = prepared }
                refreshes.add(1, ordering: .relaxed)
            }
            finished.signal()
        }
        defer {
            stopped.store(true, ordering: .relaxed)
            _ = finished.wait(timeout: .now() + 10)
        }

        let outputPath = workspace + "/terminal.out"
        guard let output = fopen(outputPath, "w+"), let input = fopen("/dev/null", "r") else { throw ValidationError("cannot open \(outputPath)") }
        let terminal = try NCursesTerminal(term: "xterm-256color", output: output, input: input)
        defer { terminal.end() }
        terminal.resize(width: width, height: height)
        terminal.apply(Theme.builtIn, isColor: true)
        var state = AppState(catalog: local, source: CatalogSource(origin: .cache, builtAt: Date(), isRefreshing: false),
                             width: width, height: height, identity: "bench")
        let now = Date()
        terminal.draw(render(state, now: now))
        _ = reduce(&state, .key(.character("/")))
        terminal.draw(render(state, now: now))

        var keyTimes: [Double] = []
        var swapTimes: [Double] = []
        var worstTurn = 0.0
        let typed = Array("service-17 tier-1")
        var position = 0
        var isDeleting = false
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var turn = 0.0
            if let prepared = fresh.withLock({ slot -> PreparedCatalog? in defer { slot = nil }; return slot }) {
                let spent = time {
                    _ = reduce(&state, .preparedCatalogLoaded(prepared, CatalogSource(origin: .sources, builtAt: Date(), isRefreshing: false)))
                    terminal.draw(render(state, now: now))
                }
                swapTimes.append(spent)
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

        keyTimes.sort()
        swapTimes.sort()
        func ms(_ seconds: Double) -> String { String(format: "%6.2f ms", seconds * 1000) }
        let p99 = { (values: [Double]) in values.isEmpty ? 0 : values[min(values.count - 1, Int(Double(values.count) * 0.99))] }
        print("portal while sources refresh: \(local.entities.count) local entities + GitHub \(repos) repositories (\(latencyMs) ms per answer, concurrency 8), \(width)x\(height)")
        print("refreshes completed (each re-reading the catalog) in \(String(format: "%.1f", seconds)) s   \(refreshes.load(ordering: .relaxed))")
        print("filter key to flushed frame, median  \(ms(keyTimes[keyTimes.count / 2]))   p99 \(ms(p99(keyTimes)))   max \(ms(keyTimes.last ?? 0))   (\(keyTimes.count) keys)")
        if !swapTimes.isEmpty {
            print("re-read catalog applied to flushed frame, median \(ms(swapTimes[swapTimes.count / 2]))   max \(ms(swapTimes.last!))   (\(swapTimes.count) applied)")
        }
        print("worst key latency (a catalog applied in the same turn + the key)  \(ms(worstTurn))   ≤ 16 ms  \(worstTurn <= 0.016 ? "ok" : "MISSED")")
    }

    @MainActor
    private func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
