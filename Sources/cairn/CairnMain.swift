import ArgumentParser
import CairnPortal
import CairnTUI
import Foundation

/// Entry point: runs the command and maps every error to the exit codes of DESIGN.md §4
/// (ArgumentParser's own usage errors exit 64; ours is 2).
@main
enum CairnMain {
    static func main() {
        TerminalText.prepareLocale()
        do {
            var command = try Cairn.parseAsRoot()
            try command.run()
        } catch let error as PortalError {
            // Several problems are several lines, each one line as DESIGN.md §4 asks.
            for line in error.description.split(separator: "\n") { Output.error(String(line)) }
            exit(error.exitCode)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let code = Cairn.exitCode(for: error)
            if code == .success { Cairn.exit(withError: error) }
            Output.error(Cairn.fullMessage(for: error))
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

struct Cairn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "A terminal developer portal over your Backstage catalog files.",
        discussion: """
            Exit codes: 0 ok, 1 a check found problems or a job failed, 2 usage or bad input, 3 not found, 4 permission denied, 70 internal error.
            Catalog: --catalog PATH (repeatable) or catalog: in ./cairn.yaml or $XDG_CONFIG_HOME/cairn/config.yaml.
            Cache: $XDG_STATE_HOME/cairn/cairn.db, or --db / CAIRN_DB.
            """,
        subcommands: [PortalCommand.self, SummaryCommand.self, ValidateCommand.self, ListCommand.self, ShowCommand.self, GraphCommand.self, HealthCommand.self, ImpactCommand.self, TemplatesCommand.self, ScaffoldCommand.self, ResourceTypesCommand.self, ProvisionCommand.self, JobsCommand.self, DeprovisionCommand.self, WorkerCommand.self, DocsCommand.self, WhoamiCommand.self, EditCommand.self, AuditCommand.self, LoginCommand.self, LogoutCommand.self, SourcesCommand.self, OnCallCommand.self],
        defaultSubcommand: PortalCommand.self
    )
}
