import ArgumentParser
import CairnCatalog
import CairnPortal

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the catalog: one line per problem, then a count.",
        discussion: """
            Exit 0 when nothing is quarantined and no file failed to parse, 1 otherwise, 2 when a path does not exist.
            Docs (techdocs, cairn.dev/readme, a README beside the catalog file) that name another health port or path than
            cairn.dev/health-url, or another port for a link's host, are reported as warnings.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let catalog = portal.catalog
        // Docs that contradict the catalog are warnings: they never quarantine anything.
        let problems = portal.problems + portal.docsProblems()
        let total = catalog.entities.count
        let quarantined = catalog.quarantinedCount
        if json.isEnabled {
            Output.json(.object([
                Value.Member("entities", .int(total)),
                Value.Member("valid", .int(total - quarantined)),
                Value.Member("quarantined", .int(quarantined)),
                Value.Member("problems", .array(problems.map(EntityJSON.value))),
            ]))
        } else {
            for problem in problems { Output.line(Output.clean(problem.description)) }
            Output.line("\(total) entities, \(total - quarantined) valid, \(quarantined) quarantined")
        }
        let hasErrors = quarantined > 0 || catalog.fileProblems.contains { $0.severity == .error }
        if hasErrors { throw ExitCode(1) }
    }
}
