import ArgumentParser
import CairnAccess
import CairnCatalog
import CairnPortal
import CairnProvision
import CairnStore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log: every scaffold, provision, approval, cancel, edit, login and denial, hash-chained.",
        discussion: """
            Prints the newest --limit records matching every filter given, oldest first.
            --since: an ISO 8601 date or time (2026-11-24, 2026-11-24T10:00; local time
            unless a zone is given) or a duration before now (30m, 2h, 7d).
            --target: an entity (payments, component:default/payments) or job:ID.
            --verify checks each record's hash and link, and the head anchor beside the
            database: exit 0 when intact, 1 naming the first record altered, removed or
            reordered.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only records at or after this time: 2026-11-24, 2026-11-24T10:00, 30m, 2h, 7d.", valueName: "time"))
    var since: String?
    @Option(help: ArgumentHelp("Only records by this user.", valueName: "user")) var actor: String?
    @Option(help: ArgumentHelp("Only records on this entity or job (payments, component:default/payments, job:42).", valueName: "ref"))
    var target: String?
    @Option(help: ArgumentHelp("At most this many records, the newest.", valueName: "count")) var limit = 100
    @Flag(help: "Check that no record was altered, removed or reordered (exit 1 naming the first that was).") var verify = false
    @OptionGroup var json: JSONFlag

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if verify, since != nil || actor != nil || target != nil {
            throw ValidationError("--verify checks the whole log; give it without --since, --actor or --target")
        }
    }

    func run() throws {
        // A bad --since is a usage error before anything is opened.
        var sinceDate: Date?
        if let since {
            do {
                sinceDate = try AuditFilter.time(since)
            } catch {
                throw PortalError.usage("cairn: error: --since \(error.description)")
            }
        }
        let portal = try global.openPortal()
        if verify {
            try printVerification(portal.verifyAudit())
            return
        }
        let records = try portal.auditRecords(since: sinceDate, actor: actor, target: target, limit: limit)
        if json.isEnabled {
            Output.json(.array(records.map(Self.json)))
            return
        }
        if records.isEmpty {
            let isFiltered = since != nil || actor != nil || target != nil
            Output.error(isFiltered ? "cairn: no audit records match; widen --since, --actor or --target" : "cairn: the audit log is empty")
            return
        }
        let localTime = DateFormatter()
        localTime.locale = Locale(identifier: "en_US_POSIX")
        localTime.dateFormat = "yyyy-MM-dd HH:mm:ss"
        Output.table(header: ["TIME", "ACTOR", "ACTION", "TARGET", "RESULT", "DETAILS"], rows: records.map { record in
            let parameters = JSONText.strings(record.parameters).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let dash = Output.isUnicode ? "—" : "-"
            let details = (parameters + (record.detail.isEmpty ? [] : ["\(dash) " + record.detail])).joined(separator: " ")
            return [record.date.map(localTime.string) ?? Output.clean(record.time), Output.clean(record.actor), Output.clean(record.action),
                    Output.clean(Self.shortTarget(record.target)), Output.clean(record.result), Output.clean(details)]
        })
    }

    private func printVerification(_ verification: AuditVerification) throws {
        if json.isEnabled {
            Output.json(.object([
                Value.Member("intact", .bool(verification.isIntact)),
                Value.Member("records", .int(verification.recordCount)),
                Value.Member("head", verification.headHash.map(Value.string) ?? .null),
                Value.Member("broken", verification.firstBreak.map { broken in
                    .object([Value.Member("seq", .int(Int(broken.seq))), Value.Member("reason", .string(broken.reason))])
                } ?? .null),
                Value.Member("warnings", .array(verification.warnings.map(Value.string))),
            ]))
        } else {
            for warning in verification.warnings { Output.error("cairn: warning: \(warning)") }
            if verification.isIntact { Output.line(verification.summary) }
        }
        if !verification.isIntact {
            if !json.isEnabled { Output.error("cairn: error: \(verification.summary); the database was changed outside cairn") }
            throw ExitCode(1)
        }
    }

    /// `component:payments` for `component:default/payments` (columns are scarce), `-` for none.
    static func shortTarget(_ target: String) -> String {
        guard !target.isEmpty else { return "-" }
        return (try? EntityRef.parse(target))?.humanized ?? target
    }

    static func json(_ record: AuditRecord) -> Value {
        .object([
            Value.Member("seq", .int(Int(record.seq))),
            Value.Member("time", .string(record.time)),
            Value.Member("actor", .string(record.actor)),
            Value.Member("action", .string(record.action)),
            Value.Member("target", .string(record.target)),
            Value.Member("parameters", JSONText.parse(record.parameters) ?? .object([])),
            Value.Member("result", .string(record.result)),
            Value.Member("detail", .string(record.detail)),
            Value.Member("hash", .string(record.hash)),
            Value.Member("previousHash", .string(record.previousHash)),
        ])
    }
}
