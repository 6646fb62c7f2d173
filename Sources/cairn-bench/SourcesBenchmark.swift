import ArgumentParser
import CairnHTTP
import CairnSources
import Foundation

/// GitHub discovery of an organisation's repositories from the loopback GitHub fixture
/// (Tests/Fixtures/hosted-apis/github.py): one refresh cold (every file downloaded) and one warm
/// (every file answered 304 from the memo's ETags), against the curl tool's `--parallel` fetching
/// the same listing pages and the same file URLs, plain and then with the same If-None-Match
/// headers, in the same run. Figures and ratios only; nothing is asserted.
struct SourcesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sources",
                                                    abstract: "Benchmark GitHub discovery (cold and warm refresh) against curl --parallel.")

    @Option(help: "Repositories in the organisation.") var repos = 500
    @Option(help: "Files in flight at once, for cairn and for curl.") var concurrency = 8
    @Option(help: "Milliseconds the fixture waits before each answer, standing in for network latency.") var latencyMs = 20
    @Option(help: "Timed rounds of each (best and median are reported).") var rounds = 5
    @Option(help: "The curl binary (the peer).") var curl = "/usr/bin/curl"

    /// One timed run: wall seconds and what the fixture's log says it served.
    struct Run {
        var seconds: Double
        var requests: Int
        var bytes: Int
        /// Of `bytes`, the catalog files' (the rest are listing pages).
        var fileBytes: Int
        var maxInFlight: Int
        var notModified: Int
    }

    func run() throws {
        guard FileManager.default.isExecutableFile(atPath: curl) else { throw ValidationError("\(curl) not found (apt-get install curl)") }
        // A rate limit out of reach: this measures transfers, not waits.
        let fixture = try GitHubFixture(arguments: ["--repos", "\(repos)", "--archived", "0", "--delay-ms", "\(latencyMs)",
                                                         "--rate-limit", "100000000"])
        defer { fixture.stop() }
        let workspace = NSTemporaryDirectory() + "cairn-sources-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workspace) }

        let definition = SourceDefinition(name: "bench", kind: .github,
                                          settings: ["organization": "acme", "apiUrl": fixture.base, "concurrency": "\(concurrency)"])
        var generation = 0
        func cairnRefresh(previous: String?, memo: [String: String]) throws -> (run: Run, folder: String, memo: [String: String]) {
            generation += 1
            let folder = workspace + "/tree-\(generation)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let context = SourceContext(definition: definition, folder: folder, previousFolder: previous, memo: memo, environment: [:],
                                        http: HTTPClient(), stateDirectory: workspace)
            fixture.resetLog()
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try GitHubSource().fetch(context)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let log = try fixture.log()
            return (Run(seconds: seconds, requests: log.requests, bytes: log.bytes, fileBytes: log.fileBytes, maxInFlight: log.maxInFlight,
                        notModified: result.notModified),
                    folder, result.memo)
        }

        // The URLs cairn requested, for curl: the listing pages (fetched one after another, as
        // each names the next) and the file URLs (in parallel).
        let cold = try cairnRefresh(previous: nil, memo: [:])
        let pages = (1...max(1, (repos + 99) / 100)).map { "\(fixture.base)/orgs/acme/repos?per_page=100&type=all&page=\($0)" }
        let names = (0..<repos).map { String(format: "service-%0\(max(3, String(repos - 1).count))d", $0) }
        let files = names.map { "\(fixture.base)/repos/acme/\($0)/contents/catalog-info.yaml?ref=main" }
        let accept = "Accept: application/vnd.github.raw+json"
        let listingConfig = workspace + "/listing.curl"
        let coldConfig = workspace + "/cold.curl"
        let warmConfig = workspace + "/warm.curl"
        // One group of options per URL, `next` between them (a trailing `next` is an error).
        try pages.map { "url = \"\($0)\"\noutput = \"/dev/null\"\nheader = \"Accept: application/vnd.github+json\"\nwrite-out = \"%{http_code}\\n\"\n" }
            .joined(separator: "next\n").write(toFile: listingConfig, atomically: true, encoding: .utf8)
        // Cold, curl writes each file where cairn does (a fresh tree each run); warm, a 304 has
        // nothing to write, where cairn copies each file from its last good tree.
        let curlTree = workspace + "/curl-tree"
        try zip(names, files).map { name, url in
            "url = \"\(url)\"\noutput = \"\(curlTree)/acme/\(name)/catalog-info.yaml\"\ncreate-dirs\n"
                + "header = \"\(accept)\"\nwrite-out = \"%{http_code}\\n\"\n"
        }.joined(separator: "next\n").write(toFile: coldConfig, atomically: true, encoding: .utf8)
        try zip(names, files).map { name, url in
            let etag = (cold.memo["etag:acme/\(name)"] ?? "").replacingOccurrences(of: "\"", with: "\\\"")
            return "url = \"\(url)\"\noutput = \"/dev/null\"\nheader = \"\(accept)\"\nheader = \"If-None-Match: \(etag)\"\n"
                + "write-out = \"%{http_code}\\n\"\n"
        }.joined(separator: "next\n").write(toFile: warmConfig, atomically: true, encoding: .utf8)

        let codes = workspace + "/codes.out"
        func curlRun(_ config: String, parallel: Bool, expecting status: String, count: Int) throws -> Run {
            try? FileManager.default.removeItem(atPath: curlTree)
            fixture.resetLog()
            let arguments = ["-s", "--no-progress-meter"] + (parallel ? ["--parallel", "--parallel-max", "\(concurrency)"] : []) + ["-K", config]
            let start = DispatchTime.now().uptimeNanoseconds
            let exit = try spawnAndWait(curl, arguments, stdout: codes)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let answered = ((try? String(contentsOfFile: codes, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0 == status }.count
            guard exit == 0, answered == count else { throw ValidationError("curl -K \(config): exit \(exit), \(answered)/\(count) answered \(status)") }
            let log = try fixture.log()
            return Run(seconds: seconds, requests: log.requests, bytes: log.bytes, fileBytes: log.fileBytes, maxInFlight: log.maxInFlight,
                       notModified: status == "304" ? count : 0)
        }
        func curlRefresh(_ files: String, status: String) throws -> Run {
            let listing = try curlRun(listingConfig, parallel: false, expecting: "200", count: pages.count)
            let fetch = try curlRun(files, parallel: true, expecting: status, count: repos)
            return Run(seconds: listing.seconds + fetch.seconds, requests: listing.requests + fetch.requests, bytes: listing.bytes + fetch.bytes,
                       fileBytes: listing.fileBytes + fetch.fileBytes, maxInFlight: max(listing.maxInFlight, fetch.maxInFlight),
                       notModified: fetch.notModified)
        }

        // The first cold refresh above warmed cairn up; one round of curl does the same for it.
        _ = try curlRefresh(coldConfig, status: "200")
        var cairnCold: [Run] = []
        var cairnWarm: [Run] = []
        var curlCold: [Run] = []
        var curlWarm: [Run] = []
        for round in 0..<rounds {
            // Alternate who goes first, so neither always meets a warmer server.
            if round % 2 == 1 { curlCold.append(try curlRefresh(coldConfig, status: "200")) }
            let refreshed = try cairnRefresh(previous: nil, memo: [:])
            cairnCold.append(refreshed.run)
            if round % 2 == 0 { curlCold.append(try curlRefresh(coldConfig, status: "200")) }
            if round % 2 == 1 { curlWarm.append(try curlRefresh(warmConfig, status: "304")) }
            cairnWarm.append(try cairnRefresh(previous: refreshed.folder, memo: refreshed.memo).run)
            if round % 2 == 0 { curlWarm.append(try curlRefresh(warmConfig, status: "304")) }
        }

        func ms(_ seconds: Double) -> String { String(format: "%8.1f ms", seconds * 1000) }
        func row(_ label: String, _ runs: [Run]) -> String {
            let median = runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
            return label.padding(toLength: 44, withPad: " ", startingAt: 0) + "\(ms(median.seconds))  \(ms(runs.map(\.seconds).min()!))"
                + String(format: "  %8d  %9d  %8d  %9d  %5d", median.requests, median.bytes, median.fileBytes, runs.map(\.maxInFlight).max()!, median.notModified)
        }
        func ratio(_ label: String, _ ours: [Run], _ peer: [Run]) -> String {
            let median = ours.map(\.seconds).median / peer.map(\.seconds).median
            let best = ours.map(\.seconds).min()! / peer.map(\.seconds).min()!
            return label.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%10.2f×  %10.2f×", median, best)
        }
        print("sources: GitHub discovery of \(repos) repositories (\(pages.count) listing pages) from github.py on loopback, "
              + "\(latencyMs) ms added per answer, concurrency \(concurrency), \(rounds) rounds")
        print("figure                                          median         best  requests  bytes all  of files  in flight   304s")
        print(row("cairn GitHubSource refresh, cold", cairnCold))
        print(row("curl: pages in turn + files --parallel, cold", curlCold))
        print(ratio("ratio cairn/curl, cold", cairnCold, curlCold))
        print(row("cairn GitHubSource refresh, warm (memo)", cairnWarm))
        print(row("curl, warm (the same If-None-Match)", curlWarm))
        print(ratio("ratio cairn/curl, warm", cairnWarm, curlWarm))
        let floor = Double(pages.count) * Double(latencyMs) / 1000 + Double(repos) / Double(concurrency) * Double(latencyMs) / 1000
        print("latency floor (pages in turn + \(repos)/\(concurrency) files × \(latencyMs) ms)   \(ms(floor))")
        print("curl's file phase is a lower bound for cairn's: curl is handed every URL, cairn learns them from the listing")
    }

    /// Runs a program to completion, standard output to a file, standard error discarded; its
    /// exit status. posix_spawn and wait4: Foundation's Process polls for exit every 50 ms.
    private func spawnAndWait(_ executable: String, _ arguments: [String], stdout path: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ValidationError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while wait4(pid, &status, 0, nil) < 0 {
            guard errno == EINTR else { throw ValidationError("wait4: \(String(cString: strerror(errno)))") }
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// Tests/Fixtures/hosted-apis/github.py, started on port 0 for the benchmark and killed after.
final class GitHubFixture {
    let process = Process()
    let base: String

    /// What `/__requests` says about the requests since the last `resetLog`.
    struct Log {
        var requests: Int
        var bytes: Int
        var fileBytes: Int
        var maxInFlight: Int
    }

    init(arguments: [String]) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository.appendingPathComponent("Tests/Fixtures/hosted-apis/github.py").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = Pipe()
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ValidationError("github.py did not start (python3 needed): \(text)")
        }
        base = "http://127.0.0.1:\(port)"
    }

    func resetLog() {
        var request = HTTPRequest(url: base + "/__reset")
        request.method = "POST"
        request.body = []
        _ = HTTPClient().perform([request])
    }

    func log() throws -> Log {
        var request = HTTPRequest(url: base + "/__requests")
        request.maxBodyBytes = 64 << 20
        let body = HTTPClient().perform([request])[0].body
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let requests = object["requests"] as? [[String: Any]], let maxInFlight = object["max_in_flight"] as? Int else {
            throw ValidationError("github.py's /__requests is not the log expected")
        }
        func bytes(_ entry: [String: Any]) -> Int { entry["bytes"] as? Int ?? 0 }
        let files = requests.filter { ($0["path"] as? String)?.contains("/contents/") == true }
        return Log(requests: requests.count, bytes: requests.reduce(0) { $0 + bytes($1) }, fileBytes: files.reduce(0) { $0 + bytes($1) },
                   maxInFlight: maxInFlight)
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
