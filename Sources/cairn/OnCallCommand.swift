import ArgumentParser
import CairnCatalog
import CairnPortal
import CairnSources
import Foundation

struct OnCallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall",
        abstract: "Who is on call now and the open incidents, from PagerDuty, for entities with pagerduty.com/service-id.",
        discussion: """
            Needs pagerduty: {tokenEnv: VARIABLE} in the config file (and apiUrl: for a non-default API). \
            With REFs, only those entities; else every annotated one. Exit 1 when a service could not be read.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Entities (default: every entity with pagerduty.com/service-id).") var refs: [String] = []
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        var services: [(ref: EntityRef, id: String)] = []
        if refs.isEmpty {
            for (id, entities) in portal.pagerDutyServices.sorted(by: { $0.key < $1.key }) {
                for ref in entities.sorted() { services.append((ref, id)) }
            }
        } else {
            for text in refs {
                let entity = try portal.entity(text)
                guard let id = entity.annotation("pagerduty.com/service-id"), !id.isEmpty else {
                    throw PortalError.usage("cairn: error: \(entity.ref) has no pagerduty.com/service-id annotation; add one to see its on-call")
                }
                services.append((entity.ref, id))
            }
        }
        guard !services.isEmpty else {
            Output.line("No entity names a PagerDuty service (pagerduty.com/service-id).")
            return
        }
        let report = try portal.pagerDutyReport(Array(Set(services.map(\.id))).sorted())
        var failed = false
        var items: [Value] = []
        for (ref, id) in services {
            switch report.services[id] {
            case .success(let status)?:
                if json.isEnabled { items.append(Self.json(ref, status)) } else { Self.print(ref, status) }
            case .failure(let error)?:
                failed = true
                if json.isEnabled {
                    items.append(.object([Value.Member("entityRef", .string(ref.description)), Value.Member("serviceId", .string(id)),
                                          Value.Member("error", .string(error.description))]))
                } else {
                    Output.line("\(Output.clean(ref.humanized))  PagerDuty \(Output.clean(id)): \(Output.clean(error.description))")
                }
            case nil:
                failed = true
            }
        }
        if json.isEnabled { Output.json(.array(items)) }
        for notice in report.notices { Output.error("cairn: notice: " + notice) }
        if failed { throw ExitCode(1) }
    }

    static func print(_ ref: EntityRef, _ status: ServiceStatus) {
        Output.line("\(Output.clean(ref.humanized))  (PagerDuty \(Output.clean(status.name)), \(Output.clean(status.serviceID)))")
        if status.onCall.isEmpty { Output.line("  on call: nobody") }
        for shift in status.onCall {
            let until = shift.end.map { " until " + Self.time($0) } ?? " (always)"
            Output.line("  on call L\(shift.escalationLevel): \(Output.clean(shift.userName))\(until)\(shift.scheduleName.map { " · " + Output.clean($0) } ?? "")")
        }
        if status.openIncidents.isEmpty { Output.line("  incidents: none open") }
        for incident in status.openIncidents {
            Output.line("  #\(incident.number) \(incident.status.rawValue) \(incident.urgency.rawValue)  \(Output.clean(incident.title))  (opened \(Self.time(incident.createdAt)))")
        }
    }

    static func json(_ ref: EntityRef, _ status: ServiceStatus) -> Value {
        let formatter = ISO8601DateFormatter()
        return .object([
            Value.Member("entityRef", .string(ref.description)),
            Value.Member("serviceId", .string(status.serviceID)),
            Value.Member("service", .string(status.name)),
            Value.Member("onCall", .array(status.onCall.map { shift in
                .object([Value.Member("level", .int(shift.escalationLevel)), Value.Member("user", .string(shift.userName)),
                         Value.Member("schedule", shift.scheduleName.map { .string($0) } ?? .null),
                         Value.Member("until", shift.end.map { .string(formatter.string(from: $0)) } ?? .null)])
            })),
            Value.Member("incidents", .array(status.openIncidents.map { incident in
                .object([Value.Member("number", .int(incident.number)), Value.Member("title", .string(incident.title)),
                         Value.Member("status", .string(incident.status.rawValue)), Value.Member("urgency", .string(incident.urgency.rawValue)),
                         Value.Member("createdAt", .string(formatter.string(from: incident.createdAt))),
                         Value.Member("url", incident.url.map { .string($0) } ?? .null)])
            })),
        ])
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
