import ArgumentParser
import CairnCatalog
import CairnPortal

/// What `cairn` with no verb prints: the catalog at a glance, domain by domain.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "The catalog at a glance: counts by kind, domains and systems, problems."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let catalog = portal.catalog
        var byKind: [String: Int] = [:]
        for entity in catalog.entities { byKind[entity.kind, default: 0] += 1 }
        let problems = portal.problems
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.filter { $0.severity == .warning }.count
        if json.isEnabled {
            Output.json(.object([
                Value.Member("entities", .int(catalog.entities.count)),
                Value.Member("quarantined", .int(catalog.quarantinedCount)),
                Value.Member("kinds", .object(byKind.sorted { $0.key < $1.key }.map { Value.Member($0.key, .int($0.value)) })),
                Value.Member("errors", .int(errors)),
                Value.Member("warnings", .int(warnings)),
                Value.Member("fromCache", .bool(portal.loadReport.isFromCache)),
                Value.Member("loadSeconds", .double(portal.loadReport.seconds)),
            ]))
            return
        }
        let source = portal.loadReport.isFromCache ? "cache" : "sources"
        Output.line("cairn — \(catalog.entities.count) entities from \(catalog.files.count) files (\(source), \(Int(portal.loadReport.seconds * 1000)) ms)")
        Output.line(byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: " · "))
        Output.line()
        let valid = catalog.validEntities
        let systemsByDomain = Dictionary(grouping: valid.filter { $0.ref.kind == "system" }) { $0.domain?.description ?? "" }
        let partsBySystem = Dictionary(grouping: valid.filter { $0.system != nil }) { $0.system!.description }
        for domain in valid.filter({ $0.ref.kind == "domain" }) {
            Output.line(Output.clean(domain.displayName) + "  (" + Output.clean(domain.owner.map(ListCommand.short)) + ")")
            for system in systemsByDomain[domain.ref.description] ?? [] {
                let parts = partsBySystem[system.ref.description] ?? []
                Output.line("  " + Output.clean(system.displayName) + " — \(parts.count) parts, owner " + Output.clean(system.owner.map(ListCommand.short)))
            }
        }
        Output.line()
        Output.line("\(errors) errors, \(warnings) warnings, \(catalog.quarantinedCount) quarantined" + (errors + warnings > 0 ? "  (cairn validate lists them)" : ""))
        Output.line("Next: cairn list --query 'kind:component lifecycle:production' · cairn show NAME · cairn graph NAME")
    }
}
