import ArgumentParser
import CairnCatalog
import CairnPortal
import Foundation

@main
struct CairnBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn-bench",
        abstract: "Benchmarks that print figures and ratios against a peer measured in the same run.",
        subcommands: [CatalogBenchmark.self, PortalBenchmark.self, PollingPortalBenchmark.self, HealthBenchmark.self, DocsBenchmark.self, SourcesBenchmark.self, PortalSourcesBenchmark.self, FleetServer.self]
    )
}

/// Cold load, warm start, query latency and peak memory for a generated catalog, with
/// PyYAML's CSafeLoader (libyaml under Python) parsing the same files as the peer.
struct CatalogBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "Benchmark catalog loading and queries.")

    @Option(help: "Entities to generate.") var entities = 10_000
    @Option(help: "Runs of each timed step (the median is reported).") var runs = 5
    @Option(help: "Queries to time.") var queries = 1_000
    @Option(help: "The cairn binary for whole-process timings.") var cairn: String?
    @Option(help: "Only write the generated catalog to this folder, for profiling by hand.") var generateOnly: String?

    func run() throws {
        if let generateOnly {
            try CatalogFixture.write(entities: entities, to: generateOnly)
            return
        }
        let workspace = NSTemporaryDirectory() + "cairn-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let catalogPath = workspace + "/catalog"
        try CatalogFixture.write(entities: entities, to: catalogPath)
        let files = try FileManager.default.contentsOfDirectory(atPath: catalogPath).filter { $0.hasSuffix(".yaml") }
        let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: catalogPath + "/" + $1)[.size] as? Int) ?? 0) }
        print("catalog: \(entities) entities in \(files.count) files, \(bytes / 1024) KiB")

        // Peer: PyYAML with the libyaml-backed CSafeLoader, parse only.
        let pyYAML = try (0..<runs).map { _ in try pyYAMLSeconds(catalogPath) }.median

        // Cold load in-process: discover, parse, validate, relations, graph index.
        var loaded: Catalog?
        let cold = try (0..<runs).map { _ in
            try time { loaded = try CatalogLoader().load([catalogPath]) }
        }.median
        guard let catalog = loaded else { return }

        // Start through the portal: cold (parse + cache write) then warm (cache only).
        let databasePath = workspace + "/cairn.db"
        let configuration = PortalConfiguration(catalogLocations: [catalogPath], databasePath: databasePath)
        let coldStart = try time { _ = try Portal.open(configuration) }
        // Keep every portal alive so freeing the previous one is not timed as part of the next.
        var portals: [Portal] = []
        let warm = try (0..<runs).map { _ in try time { portals.append(try Portal.open(configuration)) } }.median
        guard let portal = portals.last, portal.loadReport.isFromCache, portal.catalog.entities.count == catalog.entities.count else {
            throw ValidationError("warm start did not come from the cache")
        }

        // Queries: a mix of names, prefixes, words, field filters and misses.
        let texts = (0..<queries).map { index -> String in
            switch index % 6 {
            case 0: return "service-\(index * 7 % entities)"
            case 1: return "serv"
            case 2: return "kind:component owner:team-\(index % 50) tier-1"
            case 3: return "lifecycle:experimental synthetic"
            case 4: return "tag:pci system:system-\(index % 100)"
            default: return "nothing-matches-\(index)"
            }
        }
        var latencies: [Double] = []
        for text in texts {
            let query = CatalogQuery(parsing: text)
            latencies.append(time { _ = portal.search(query) })
        }
        latencies.sort()
        let median = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let benchRSS = Double(usage.ru_maxrss) / 1024

        // Whole processes, as a user meets them: cold and warm `cairn validate`.
        var processFigures: [(String, Double)] = []
        var childRSS: Double?
        if let cairn = cairn ?? siblingCairn() {
            let processDB = workspace + "/process.db"
            let arguments = ["validate", "--catalog", catalogPath, "--db", processDB]
            let coldProcess = try time { try runProcess(cairn, arguments) }
            let warmProcess = try (0..<runs).map { _ in try time { try runProcess(cairn, arguments) } }.median
            // Peak RSS of a cold run, from GNU time: a child's rusage would count the pages it
            // shares with this (large) benchmark process.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/time") {
                try? FileManager.default.removeItem(atPath: processDB)
                let report = try runProcess("/usr/bin/time", ["-f", "cairn-peak-rss-kb %M", cairn] + arguments, captureErrors: true)
                if let line = report.split(separator: "\n").last(where: { $0.hasPrefix("cairn-peak-rss-kb ") }),
                   let kilobytes = Double(line.dropFirst("cairn-peak-rss-kb ".count)) {
                    childRSS = kilobytes / 1024
                }
            }
            processFigures = [("cairn validate, cold (process)", coldProcess), ("cairn validate, warm (process)", warmProcess)]
        }

        func ms(_ seconds: Double) -> String { String(format: "%8.1f ms", seconds * 1000) }
        func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }
        print("")
        print("figure                                   value        target                     ")
        print("PyYAML CSafeLoader parse (peer)      \(ms(pyYAML))")
        print("cold load: parse+validate+index      \(ms(cold))   ≤ 0.35× peer = \(ms(pyYAML * 0.35))   ratio \(String(format: "%.3f", cold / pyYAML))× \(verdict(cold <= pyYAML * 0.35))")
        print("cold start incl. cache write         \(ms(coldStart))")
        print("warm start from cache                \(ms(warm))   ≤ 100 ms   \(verdict(warm <= 0.1))")
        for (label, seconds) in processFigures { print(label.padding(toLength: 37, withPad: " ", startingAt: 0) + ms(seconds)) }
        print("query median over \(queries)             \(String(format: "%8.3f ms", median * 1000))")
        print("query p99                            \(String(format: "%8.3f ms", p99 * 1000))   ≤ 5 ms     \(verdict(p99 <= 0.005))")
        print("peak RSS, benchmark process          \(String(format: "%8.1f MB", benchRSS))")
        if let childRSS { print("peak RSS, cairn validate, cold      \(String(format: "%8.1f MB", childRSS))   ≤ 150 MB   \(verdict(childRSS <= 150))") }
        print("entities: \(catalog.entities.count), valid \(catalog.entities.count - catalog.quarantinedCount), relations \(catalog.entities.reduce(0) { $0 + $1.relations.count })")
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private func pyYAMLSeconds(_ directory: String) throws -> Double {
        let script = """
            import glob, sys, time, yaml
            files = sorted(glob.glob(sys.argv[1] + '/*.yaml'))
            texts = [open(f, 'rb').read() for f in files]
            start = time.perf_counter()
            count = 0
            for text in texts:
                for document in yaml.load_all(text, Loader=yaml.CSafeLoader):
                    count += 1
            print(time.perf_counter() - start)
            """
        let output = try runProcess("/usr/bin/env", ["python3", "-c", script, directory])
        guard let seconds = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ValidationError("python3 with PyYAML (and its libyaml CSafeLoader) is needed for the peer figure: \(output)")
        }
        return seconds
    }

    private func siblingCairn() -> String? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cairn").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    @discardableResult
    private func runProcess(_ executable: String, _ arguments: [String], captureErrors: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = captureErrors ? pipe : FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Array where Element == Double {
    var median: Double { sorted()[count / 2] }
}
