import ArgumentParser
import CairnCatalog
import CairnHealth
import CairnPortal
import Foundation
import Synchronization

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check health endpoints (cairn.dev/health-url): pass, warn, fail or unknown.",
        discussion: """
            Reads IETF health+json, Spring Actuator, Kubernetes livez/readyz, gRPC grpc.health.v1 (grpc:// URLs) and
            plain HTTP codes; the worse of body and code wins; timeouts, refused connections, DNS and TLS errors fail
            with their reason; a response slower than 3/4 of cairn.dev/health-timeout (default 2s) is a warning.
            --once (the default) checks everything now and exits; --watch keeps polling on each endpoint's schedule
            (cairn.dev/health-interval, Cache-Control max-age as a minimum, backoff while failing) and prints every
            change of status (with --json: every check, one JSON object per line) until interrupted.
            Results are kept (24 h, at most 500 per entity) for the portal, `cairn graph` and `cairn impact`.
            Exit 1 when a (last) result is at or above --fail-on.
            """
    )

    enum Threshold: String, ExpressibleByArgument, CaseIterable { case fail, warn }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Entities to check (default: every entity with a health URL).") var refs: [String] = []
    @Flag(help: "Check once, now, and exit (the default).") var once = false
    @Flag(help: "Keep polling and print changes until interrupted (Ctrl-C).") var watch = false
    @Option(help: "Exit 1 when a check is at least this bad: fail or warn.") var failOn: Threshold?
    @OptionGroup var json: JSONFlag

    func validate() throws {
        if once && watch { throw ValidationError("--once and --watch exclude each other; give one") }
    }

    func run() throws {
        let portal = try global.openPortal()
        let samples = watch ? try watchUntilInterrupted(portal) : try portal.checkHealth(refs)
        if !watch { printOnce(samples) }
        if let failOn {
            let limit: HealthStatus = failOn == .fail ? .fail : .warn
            if samples.contains(where: { $0.status >= limit }) { throw ExitCode(1) }
        }
    }

    private func printOnce(_ samples: [HealthSample]) {
        if json.isEnabled {
            Output.json(.array(samples.map(Self.json)))
            return
        }
        Output.table(header: ["STATUS", "ENTITY", "CODE", "LATENCY", "REASON"], rows: samples.map { sample in
            [HealthText.badge(sample.status), Output.clean(sample.entityRef.humanized), sample.httpStatus.map(String.init) ?? "-",
             "\(sample.latencyMilliseconds) ms", Output.clean(sample.reason)]
        })
        if samples.isEmpty { Output.error("cairn: no entity has a cairn.dev/health-url annotation") }
    }

    static func json(_ sample: HealthSample) -> Value {
        .object([
            Value.Member("entityRef", .string(sample.entityRef.description)),
            Value.Member("status", .string(sample.status.rawValue)),
            Value.Member("httpStatus", sample.httpStatus.map(Value.int) ?? .null),
            Value.Member("latencyMs", .int(sample.latencyMilliseconds)),
            Value.Member("checkedAt", .string(ISO8601DateFormatter().string(from: sample.checkedAt))),
            Value.Member("reason", .string(sample.reason)),
        ])
    }

    /// Polls until SIGINT or SIGTERM; returns each entity's last sample.
    private func watchUntilInterrupted(_ portal: Portal) throws -> [HealthSample] {
        let latest = LatestSamples()
        let isJSON = json.isEnabled
        let monitor = try portal.watchHealth(refs) { samples in Self.report(samples, latest: latest, isJSON: isJSON) }
        Self.waitForInterrupt()
        monitor.stop()
        return latest.value.withLock { Array($0.values) }.sorted { $0.entityRef < $1.entityRef }
    }

    /// Prints what changed (text) or every check (JSON lines), on the poller's thread.
    private static func report(_ samples: [HealthSample], latest: LatestSamples, isJSON: Bool) {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        for sample in samples {
            let previous = latest.value.withLock { $0.updateValue(sample, forKey: sample.entityRef) }
            if isJSON {
                Output.line(JSONWriter.string(json(sample)))
            } else if previous?.status != sample.status {
                let change = previous.map { "was \($0.status.rawValue)" } ?? "first check"
                Output.line("\(formatter.string(from: sample.checkedAt))  \(HealthText.badge(sample.status))  \(Output.clean(sample.entityRef.humanized))  "
                            + "\(Output.clean(sample.reason)), \(sample.latencyMilliseconds) ms (\(change))")
            }
        }
    }

    /// Blocks until SIGINT or SIGTERM arrives (handled off the signal handler).
    private static func waitForInterrupt() {
        let interrupted = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { interrupted.signal() }
            source.resume()
            sources.append(source)
        }
        interrupted.wait()
        sources.forEach { $0.cancel() }
    }
}

/// Each entity's last sample while watching, shared with the poller's thread.
final class LatestSamples: Sendable {
    let value = Mutex<[EntityRef: HealthSample]>([:])
}
