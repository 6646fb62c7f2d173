import ArgumentParser
import CairnCatalog
import CairnHealth
import CairnPortal
import Foundation

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check health endpoints now (cairn.dev/health-url): pass, warn, fail or unknown.",
        discussion: """
            Reads IETF health+json, Spring Actuator, Kubernetes livez/readyz and plain HTTP codes; the worse of
            body and code wins; timeouts, refused connections, DNS and TLS errors fail with their reason;
            a response slower than 3/4 of cairn.dev/health-timeout (default 2s) is a warning.
            Exit 1 when a result is at or above --fail-on.
            """
    )

    enum Threshold: String, ExpressibleByArgument, CaseIterable { case fail, warn }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Entities to check (default: every entity with a health URL).") var refs: [String] = []
    @Option(help: "Exit 1 when a check is at least this bad: fail or warn.") var failOn: Threshold?
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let samples = try portal.checkHealth(refs)
        if json.isEnabled {
            let formatter = ISO8601DateFormatter()
            Output.json(.array(samples.map { sample in
                .object([
                    Value.Member("entityRef", .string(sample.entityRef.description)),
                    Value.Member("status", .string(sample.status.rawValue)),
                    Value.Member("httpStatus", sample.httpStatus.map(Value.int) ?? .null),
                    Value.Member("latencyMs", .int(sample.latencyMilliseconds)),
                    Value.Member("checkedAt", .string(formatter.string(from: sample.checkedAt))),
                    Value.Member("reason", .string(sample.reason)),
                ])
            }))
        } else {
            let badge: [HealthStatus: String] = [.pass: "[OK]", .warn: "[WARN]", .fail: "[FAIL]", .unknown: "[?]"]
            Output.table(header: ["STATUS", "ENTITY", "CODE", "LATENCY", "REASON"], rows: samples.map { sample in
                [badge[sample.status]!, Output.clean(sample.entityRef.humanized), sample.httpStatus.map(String.init) ?? "-",
                 "\(sample.latencyMilliseconds) ms", Output.clean(sample.reason)]
            })
            if samples.isEmpty { Output.error("cairn: no entity has a cairn.dev/health-url annotation") }
        }
        if let failOn {
            let limit: HealthStatus = failOn == .fail ? .fail : .warn
            if samples.contains(where: { $0.status >= limit }) { throw ExitCode(1) }
        }
    }
}
