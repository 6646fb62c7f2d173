import ArgumentParser
import CairnPortal

/// Options every verb takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("catalog"), help: ArgumentHelp("A catalog file or directory (repeatable).", valueName: "path"))
    var catalogs: [String] = []

    @Option(name: .customLong("db"), help: ArgumentHelp("The cache database (default $CAIRN_DB, else $XDG_STATE_HOME/cairn/cairn.db).", valueName: "path"))
    var database: String?

    @Flag(name: .customLong("read-only"), help: "Look, change nothing: every action that would change something is refused (exit 4).")
    var isReadOnly = false

    /// Resolves the configuration and loads the catalog, reporting cache notices on stderr.
    func openPortal() throws -> Portal {
        var configuration = try PortalConfiguration.resolve(catalogs: catalogs, database: database)
        configuration.isReadOnly = isReadOnly
        let portal = try Portal.open(configuration)
        for notice in portal.loadReport.notices { Output.error(notice) }
        // A command runs once and the process ends: never free the catalog (10,000 entities
        // take tens of milliseconds to deallocate), the kernel reclaims it at exit.
        _ = Unmanaged.passRetained(portal)
        return portal
    }
}

/// `--json` on every verb that prints data.
struct JSONFlag: ParsableArguments {
    @Flag(name: .customLong("json"), help: "Print JSON instead of text.")
    var isEnabled = false
}
