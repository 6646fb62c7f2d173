import ArgumentParser
import CairnCatalog
import CairnTUI
import Foundation

/// What the terminal portal costs per key at 10,000 entities: bytes ncurses writes for a
/// one-row cursor move, and the time from a filter keystroke to the flushed frame. ncurses
/// writes to a file here (a real terminal type, a forced size), so the bytes are exactly what
/// an SSH session would carry. The peer is a full repaint of the same screen.
struct PortalBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "portal", abstract: "Benchmark the terminal portal's key-to-frame cost.")

    @Option(help: "Entities to generate.") var entities = 10_000
    @Option(help: "Terminal columns.") var width = 160
    @Option(help: "Terminal rows.") var height = 48
    @Option(help: "Terminal type for ncurses.") var term = "xterm-256color"

    func run() throws {
        try MainActor.assumeIsolated { try measure() }
    }

    @MainActor
    private func measure() throws {
        let workspace = NSTemporaryDirectory() + "cairn-portal-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try CatalogFixture.write(entities: entities, to: workspace + "/catalog")
        let catalog = try CatalogLoader().load([workspace + "/catalog"])
        TerminalText.prepareLocale()

        let outputPath = workspace + "/terminal.out"
        guard let output = fopen(outputPath, "w+"), let input = fopen("/dev/null", "r") else {
            throw ValidationError("cannot open \(outputPath)")
        }
        let terminal = try NCursesTerminal(term: term, output: output, input: input)
        defer { terminal.end() }
        terminal.resize(width: width, height: height)
        terminal.apply(Theme.builtIn, isColor: true)
        var state = AppState(catalog: catalog, source: CatalogSource(origin: .cache, builtAt: Date(), isRefreshing: false),
                             width: width, height: height, identity: "bench")
        let now = Date()
        func written() -> Int {
            fflush(output)
            var info = stat()
            fstat(fileno(output), &info)
            return Int(info.st_size)
        }

        terminal.draw(render(state, now: now))
        let firstFrame = written()

        // One-row cursor moves: j, 200 times, through the virtualised list. Side by side, the
        // detail pane follows the cursor, so its new content is part of each move.
        var moveBytes: [Int] = []
        var moveTimes: [Double] = []
        for _ in 0..<200 {
            let before = written()
            let seconds = time {
                _ = reduce(&state, .key(.character("j")))
                terminal.draw(render(state, now: now))
            }
            moveBytes.append(written() - before)
            moveTimes.append(seconds)
        }

        // Peer: the same screen repainted from scratch (what a naive full redraw would send).
        terminal.repaintAll()
        let beforeRepaint = written()
        terminal.draw(render(state, now: now))
        let repaintBytes = written() - beforeRepaint

        // Filter keystrokes: `/`, then a query typed one key at a time, each to a flushed frame.
        _ = reduce(&state, .key(.character("/")))
        terminal.draw(render(state, now: now))
        var filterTimes: [Double] = []
        for round in 0..<10 {
            for character in "service-\(round)7 tier-1" {
                filterTimes.append(time {
                    _ = reduce(&state, .key(.character(character)))
                    terminal.draw(render(state, now: now))
                })
            }
            for _ in 0..<"service-\(round)7 tier-1".count {
                filterTimes.append(time {
                    _ = reduce(&state, .key(.backspace))
                    terminal.draw(render(state, now: now))
                })
            }
        }

        // The list alone (below 100 columns one pane shows at a time): only the two rows change.
        var narrow = state
        narrow.filter = AppState.Filter()
        _ = reduce(&narrow, .resize(width: 80, height: 24))
        terminal.resize(width: 80, height: 24)
        terminal.draw(render(narrow, now: now))
        var listOnlyBytes: [Int] = []
        for _ in 0..<200 {
            let before = written()
            _ = reduce(&narrow, .key(.character("j")))
            terminal.draw(render(narrow, now: now))
            listOnlyBytes.append(written() - before)
        }
        listOnlyBytes.sort()

        moveBytes.sort()
        moveTimes.sort()
        filterTimes.sort()
        func ms(_ seconds: Double) -> String { String(format: "%6.2f ms", seconds * 1000) }
        func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }
        let p99 = { (values: [Double]) in values[min(values.count - 1, Int(Double(values.count) * 0.99))] }
        print("portal: \(catalog.entities.count) entities, \(width)x\(height), TERM=\(term)")
        print("first frame                          \(firstFrame) bytes")
        print("full repaint of one screen (peer)    \(repaintBytes) bytes")
        print("cursor move, list alone (80x24), median \(listOnlyBytes[listOnlyBytes.count / 2]) bytes, max \(listOnlyBytes.last!) bytes   ≤ 256   \(verdict(listOnlyBytes.last! <= 256))")
        print("cursor move, list + detail, median   \(moveBytes[moveBytes.count / 2]) bytes, max \(moveBytes.last!) bytes (the detail pane shows the new entity)")
        print("  a full repaint is \(String(format: "%.1f", Double(repaintBytes) / Double(max(1, moveBytes[moveBytes.count / 2]))))x the side-by-side move")
        print("cursor move to flushed frame, median \(ms(moveTimes[moveTimes.count / 2]))   p99 \(ms(p99(moveTimes)))")
        print("filter key to flushed frame, median  \(ms(filterTimes[filterTimes.count / 2]))   p99 \(ms(p99(filterTimes)))   max \(ms(filterTimes.last!))   ≤ 16 ms  \(verdict(p99(filterTimes) <= 0.016))")
    }

    private func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
