import ArgumentParser
import CairnCatalog
import CairnPortal
import CairnSources
import Foundation

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "The systems of record the catalog is kept current from, and how their last refreshes went.",
        discussion: """
            Sources are declared under sources: in the config file (git, github, gitlab, backstage) or given as \
            --catalog git+URL#REF. Each is refreshed on its own interval while the portal runs; a failing source keeps its \
            last good entities, marked stale with their age. Exit 1 when a source's last refresh failed.
            """,
        subcommands: [SourcesListCommand.self, SourcesRefreshCommand.self],
        defaultSubcommand: SourcesListCommand.self
    )

    /// One source as text: name, type, entities, age, state.
    static func line(_ status: SourceStatus, now: Date = Date()) -> [String] {
        let state = status.state
        let age = status.age(at: now).map { "\(Self.duration($0)) ago" } ?? "never"
        let health: String
        if state == nil {
            health = "not fetched yet"
        } else if let error = state?.lastError {
            health = (status.isStale ? "STALE: " : "FAILED: ") + error
        } else {
            health = "ok" + (state?.notices.isEmpty == false ? " (\(state!.notices.joined(separator: "; ")))" : "")
        }
        return [status.definition.name, status.definition.kind.rawValue, "\(state?.entityCount ?? 0)", age, health]
    }

    static func json(_ status: SourceStatus, now: Date = Date()) -> Value {
        let state = status.state
        func date(_ value: Date?) -> Value { value.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null }
        return .object([
            Value.Member("name", .string(status.definition.name)),
            Value.Member("type", .string(status.definition.kind.rawValue)),
            Value.Member("entityCount", .int(state?.entityCount ?? 0)),
            Value.Member("fileCount", .int(state?.fileCount ?? 0)),
            Value.Member("lastSuccess", date(state?.lastSuccessAt)),
            Value.Member("lastAttempt", date(state?.lastAttemptAt)),
            Value.Member("lastError", state?.lastError.map { .string($0) } ?? .null),
            Value.Member("stale", .bool(status.isStale)),
            Value.Member("ageSeconds", status.age(at: now).map { .int(Int($0)) } ?? .null),
            Value.Member("notices", .array((state?.notices ?? []).map { .string($0) })),
            Value.Member("declaredAt", .string(status.definition.declaredAt)),
        ])
    }

    static func duration(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<60: return "\(Int(seconds))s"
        case ..<3600: return "\(Int(seconds / 60))m"
        case ..<86400: return "\(Int(seconds / 3600))h"
        default: return "\(Int(seconds / 86400))d"
        }
    }

    static func print(_ statuses: [SourceStatus], json isJSON: Bool) throws {
        if isJSON {
            Output.json(.array(statuses.map { json($0) }))
        } else if statuses.isEmpty {
            Output.line("No sources: the catalog is read from local files only. Declare sources: in the config file, or pass --catalog git+URL#REF.")
        } else {
            Output.table(header: ["SOURCE", "TYPE", "ENTITIES", "LAST SUCCESS", "STATE"], rows: statuses.map { line($0).map(Output.clean) })
        }
        if statuses.contains(where: { $0.state?.lastError != nil }) { throw ExitCode(1) }
    }
}

struct SourcesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Each source's last success, error and entity count.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        try SourcesCommand.print(portal.sources(), json: json.isEnabled)
    }
}

struct SourcesRefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "refresh", abstract: "Refresh sources now (all, or those named).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Source names (default: all).") var names: [String] = []
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        try SourcesCommand.print(try portal.refreshSources(names), json: json.isEnabled)
    }
}
