import ArgumentParser
import CairnCatalog
import CairnHealth
import CairnHTTP
import Foundation

/// One round of health checks over a fleet of loopback endpoints: cairn's `HealthChecker`
/// (libcurl multi, bounded concurrency, classification included) against the curl tool's
/// `--parallel` fetching the same URLs, alternating in the same run.
///
/// The fleet is `cairn-bench fleet` (FleetServer.swift): a single-threaded Swift epoll server
/// on N ports answering `{"status":"pass"}` as application/health+json, one request per
/// connection, cheap enough that the round measures the clients rather than the server.
struct HealthBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Benchmark health checks of a loopback fleet against curl --parallel.")

    @Option(help: "Endpoints (listening ports) in the fleet.") var endpoints = 1_000
    @Option(help: "Transfers in flight at once, for cairn and for curl.") var concurrency = 50
    @Option(help: "Timed rounds of each (best and median are reported).") var rounds = 7
    @Option(help: "The curl binary (the peer).") var curl = "/usr/bin/curl"

    func run() throws {
        try raiseFileLimit(to: concurrency + 256)
        guard FileManager.default.isExecutableFile(atPath: curl) else { throw ValidationError("\(curl) not found (apt-get install curl)") }
        let fleet = try Fleet(ports: endpoints)
        defer { fleet.stop() }

        let urls = fleet.ports.map { "http://127.0.0.1:\($0)/health" }
        let probes = urls.enumerated().map { index, url in
            HealthProbe(entityRef: EntityRef(kind: "component", name: "service-\(index)"), url: url, timeoutSeconds: 5, intervalSeconds: 30)
        }
        let workspace = NSTemporaryDirectory() + "cairn-health-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let config = workspace + "/urls.curl"
        try urls.map { "url = \"\($0)\"\noutput = \"/dev/null\"\n" }.joined().write(toFile: config, atomically: true, encoding: .utf8)

        let checker = HealthChecker(client: HTTPClient(maxConcurrent: concurrency))
        let rssBefore = residentMegabytes()

        // Each round also reads the fleet's CPU clock around it (outside the timed span), to
        // show what serving the round cost the server.
        func cairnRound() throws -> (wall: Double, cpu: Double, fleetCPU: Double) {
            let fleetStart = fleet.cpuSeconds() ?? 0
            let cpuStart = cpuSeconds(RUSAGE_SELF)
            let start = DispatchTime.now().uptimeNanoseconds
            let samples = checker.check(probes)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = cpuSeconds(RUSAGE_SELF) - cpuStart
            let passing = samples.filter { $0.status == .pass }.count
            guard passing == endpoints else {
                let sample = samples.first { $0.status != .pass }
                throw ValidationError("cairn: \(passing)/\(endpoints) passed; e.g. \(sample.map { "\($0.entityRef): \($0.status) \($0.reason)" } ?? "")")
            }
            return (wall, cpu, (fleet.cpuSeconds() ?? 0) - fleetStart)
        }

        // curl is timed as spawned (posix_spawn + wait4): Foundation's Process polls for exit
        // every 50 ms, which would bill curl for time it did not spend.
        let codes = workspace + "/codes.out"
        let curlArguments = ["-s", "--no-progress-meter", "--parallel", "--parallel-max", "\(concurrency)", "-K", config, "-w", "%{http_code}\\n"]
        func curlRound() throws -> (wall: Double, cpu: Double, fleetCPU: Double) {
            let fleetStart = fleet.cpuSeconds() ?? 0
            let cpuStart = cpuSeconds(RUSAGE_CHILDREN)
            let start = DispatchTime.now().uptimeNanoseconds
            let status = try spawnAndWait(curl, curlArguments, stdout: codes)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let cpu = cpuSeconds(RUSAGE_CHILDREN) - cpuStart
            let output = (try? String(contentsOfFile: codes, encoding: .utf8)) ?? ""
            let ok = output.split(separator: "\n").filter { $0 == "200" }.count
            guard status == 0, ok == endpoints else { throw ValidationError("curl: exit \(status), \(ok)/\(endpoints) answered 200") }
            return (wall, cpu, (fleet.cpuSeconds() ?? 0) - fleetStart)
        }

        // Peak RSS of curl from GNU time, in a separate untimed run: a child spawned from here
        // inherits this process's high-water mark at exec, so its own rusage would overstate it.
        func curlPeakKilobytes() throws -> Int? {
            let report = workspace + "/time.out"
            _ = try spawnAndWait("/usr/bin/time", ["-f", "%M", "-o", report, curl] + curlArguments, stdout: codes)
            let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
            return Int(text.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
        }

        // The cost of starting the peer at all, so its wall time can be read either way.
        let curlStartup = try (0..<5).map { _ in
            try time { _ = try spawnAndWait(curl, ["-s", "-o", "/dev/null", "file:///dev/null"], stdout: "/dev/null") }
        }.min() ?? 0

        // Warm-up: page in libcurl, the fleet's accept paths, the kernel's socket caches.
        _ = try cairnRound()
        _ = try curlRound()
        var cairnRuns: [(wall: Double, cpu: Double, fleetCPU: Double)] = []
        var curlRuns: [(wall: Double, cpu: Double, fleetCPU: Double)] = []
        for round in 0..<rounds {
            if round % 2 == 0 {
                cairnRuns.append(try cairnRound())
                curlRuns.append(try curlRound())
            } else {
                curlRuns.append(try curlRound())
                cairnRuns.append(try cairnRound())
            }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cairnPeakMB = Double(usage.ru_maxrss) / 1024

        let cairnWall = cairnRuns.map(\.wall)
        let curlWall = curlRuns.map(\.wall)
        func ms(_ seconds: Double) -> String { String(format: "%7.1f ms", seconds * 1000) }
        func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }
        print("health: \(endpoints) loopback endpoints (a Swift epoll server (cairn-bench fleet), one request per connection), concurrency \(concurrency), \(rounds) rounds each, alternating")
        print("figure                                  best       median     CPU (median)")
        print("cairn HealthChecker.check (in-process)  \(ms(cairnWall.min()!))  \(ms(cairnWall.median))  \(ms(cairnRuns.map(\.cpu).median))")
        print("curl --parallel (peer, whole process)   \(ms(curlWall.min()!))  \(ms(curlWall.median))  \(ms(curlRuns.map(\.cpu).median))")
        let bestRatio = cairnWall.min()! / curlWall.min()!
        let medianRatio = cairnWall.median / curlWall.median
        print("ratio cairn/curl, wall                  \(String(format: "%6.2f×", bestRatio))     \(String(format: "%6.2f×", medianRatio))   ≤ 1.0  \(verdict(medianRatio <= 1.0))")
        print("ratio cairn/curl, CPU (median)                                \(String(format: "%6.2f×", cairnRuns.map(\.cpu).median / max(1e-6, curlRuns.map(\.cpu).median)))")
        print("curl process start-up alone (file:///dev/null, best of 5)  \(ms(curlStartup))")
        print("checks per second, cairn (median)       \(String(format: "%7.0f", Double(endpoints) / cairnWall.median))")
        print("peak RSS, cairn-bench process           \(String(format: "%7.1f MB", cairnPeakMB))   (\(String(format: "%.1f", rssBefore)) MB before the first check)")
        if let curlPeakKB = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? try curlPeakKilobytes() : nil {
            print("peak RSS, curl (GNU time %M)            \(String(format: "%7.1f MB", Double(curlPeakKB) / 1024))")
        } else {
            print("peak RSS, curl: needs GNU time (apt-get install time)")
        }
        print("fleet server CPU per round (median)     \(ms(cairnRuns.map(\.fleetCPU).median)) serving cairn, \(ms(curlRuns.map(\.fleetCPU).median)) serving curl")
    }

    /// 1,000 endpoints need 1,000 listening sockets in the fleet (it raises its own limit) and
    /// up to `concurrency` client sockets here, plus libcurl's resolver pipes and the like.
    private func raiseFileLimit(to needed: Int) throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur != rlim_t.max, limit.rlim_cur < rlim_t(needed) else { return } // rlim_t.max: RLIM_INFINITY
        limit.rlim_cur = min(limit.rlim_max, rlim_t(needed))
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur >= rlim_t(needed) else { throw ValidationError("open-file limit \(limit.rlim_cur) < \(needed); raise ulimit -n") }
    }

    private func cpuSeconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(who.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private func residentMegabytes() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Runs a program to completion, standard output to a file, standard error discarded;
    /// returns its exit status. Reaped with wait4, so RUSAGE_CHILDREN includes it on return.
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
