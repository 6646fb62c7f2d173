import ArgumentParser
import CairnCatalog
import CairnHealth
import CairnPortal

struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "The blast radius of an entity: everything that depends on it, transitively, with owner and health.",
        discussion: """
            Follows dependencyOf, apiConsumedBy and providesApi (the reverse of what `cairn graph --direction up` follows),
            nearest first. Health is the last known (from the portal or `cairn health`).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entity, e.g. resource:orders-db.") var ref: String
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let report = try portal.impact(ref)
        if json.isEnabled {
            Output.json(.object([
                Value.Member("entityRef", .string(report.ref.description)),
                Value.Member("status", report.status.map { .string($0.rawValue) } ?? .null),
                Value.Member("reason", report.latest.map { .string($0.reason) } ?? .null),
                Value.Member("blastRadius", .int(report.dependents.count)),
                Value.Member("dependents", .array(report.dependents.map { dependent in
                    .object([
                        Value.Member("entityRef", .string(dependent.ref.description)),
                        Value.Member("depth", .int(dependent.depth)),
                        Value.Member("inCatalog", .bool(dependent.isInCatalog)),
                        Value.Member("owner", dependent.owner.map { .string($0.description) } ?? .null),
                        Value.Member("status", dependent.status.map { .string($0.rawValue) } ?? .null),
                    ])
                })),
            ]))
            return
        }
        var heading = Output.clean(report.ref.description)
        if let status = report.status { heading = HealthText.badge(status) + " " + heading }
        if let latest = report.latest { heading += "  (" + Output.clean(latest.reason) + ")" }
        Output.line(heading)
        let count = report.dependents.count
        Output.line(count == 0 ? "Nothing depends on it." : "Blast radius: \(count) entit\(count == 1 ? "y depends" : "ies depend") on it.")
        guard count > 0 else { return }
        Output.table(header: ["DEPTH", "HEALTH", "ENTITY", "OWNER"], rows: report.dependents.map { dependent in
            ["\(dependent.depth)", dependent.status.map(HealthText.badge) ?? "-",
             Output.clean(dependent.ref.humanized) + (dependent.isInCatalog ? "" : " (not in catalog)"),
             Output.clean(dependent.owner?.humanized ?? "-")]
        })
    }
}
