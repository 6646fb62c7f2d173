import CairnCatalog
import CairnSources
import Foundation

/// What the PagerDuty poller last learnt, as the detail pane and the Incidents view show it:
/// each asked service's on-call and open incidents (or why it could not be read), when that
/// was, and why the last ask failed as a whole, if it did. A value the background worker
/// posts, so the screens are tested without a server.
public struct PagerDutyBoard: Sendable, Equatable {
    /// Keyed by PagerDuty service id (the `pagerduty.com/service-id` annotation).
    public var services: [String: Result<ServiceStatus, PagerDutyError>]
    /// When `services` was read; nil until the first answer.
    public var fetchedAt: Date?
    /// Why the last ask failed as a whole (no key, key refused, unreachable); `services` then
    /// holds what an earlier ask read, if any.
    public var failure: String?

    public init(services: [String: Result<ServiceStatus, PagerDutyError>] = [:], fetchedAt: Date? = nil, failure: String? = nil) {
        self.services = services
        self.fetchedAt = fetchedAt
        self.failure = failure
    }

    /// The board for a report: every asked service's answer, at the time it was read.
    public init(_ report: PagerDutyReport) {
        self.init(services: report.services, fetchedAt: report.fetchedAt)
    }

    /// This board's news laid over what was on show: a failed ask keeps the data read before
    /// (and its age), with the failure beside it.
    func replacing(_ previous: PagerDutyBoard?) -> PagerDutyBoard {
        guard failure != nil, services.isEmpty, let previous else { return self }
        return PagerDutyBoard(services: previous.services, fetchedAt: previous.fetchedAt, failure: failure)
    }

    /// One open incident with the entities annotated with its service.
    public struct OpenIncident: Sendable, Equatable {
        public var incident: PagerDutyIncident
        /// The service's name in PagerDuty.
        public var serviceName: String
        /// The entities naming the service, sorted; the first is the one Enter opens.
        public var refs: [EntityRef]
        /// Who is paged first for the service now.
        public var firstResponders: [OnCallShift]

        public var ref: EntityRef { refs[0] }

        /// How urgent: triggered high first, then acknowledged high, triggered low, acknowledged low.
        public var rank: Int {
            switch (incident.urgency, incident.status) {
            case (.high, .triggered): return 0
            case (.high, _): return 2
            case (.low, .triggered): return 3
            case (.low, _): return 5
            }
        }
    }

    /// Open incidents of the services some entity in `services` names, most urgent first, the
    /// newest first within the same urgency.
    public func openIncidents(services entitiesByService: [String: [EntityRef]]) -> [OpenIncident] {
        var open: [OpenIncident] = []
        for (id, result) in services {
            guard case .success(let status) = result, let refs = entitiesByService[id], !refs.isEmpty else { continue }
            for incident in status.openIncidents where incident.status != .resolved {
                open.append(OpenIncident(incident: incident, serviceName: status.name, refs: refs.sorted(), firstResponders: status.firstResponders))
            }
        }
        return open.sorted {
            if $0.rank != $1.rank { return $0.rank < $1.rank }
            if $0.incident.createdAt != $1.incident.createdAt { return $0.incident.createdAt > $1.incident.createdAt }
            return $0.incident.number > $1.incident.number
        }
    }

    /// PagerDuty service id → the entities annotated with it (quarantined ones left out, as the
    /// portal asks only for valid entities).
    static func services(in catalog: Catalog) -> [String: [EntityRef]] {
        var services: [String: [EntityRef]] = [:]
        for entity in catalog.entities where !entity.isQuarantined {
            if let id = entity.annotation("pagerduty.com/service-id")?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
                services[id, default: []].append(entity.ref)
            }
        }
        return services
    }
}
