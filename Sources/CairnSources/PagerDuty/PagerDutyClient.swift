import Foundation

/// Asks PagerDuty's REST API (v2) who is on call now and what is open for a set of services
/// (the `pagerduty.com/service-id` annotations of the catalog's entities).
///
/// Per call: `GET /services/{id}` for each service (its name and escalation policy), then
/// together `GET /incidents` (triggered and acknowledged, any age) and `GET /oncalls`
/// (`earliest=true`: now, one entry per level and user) for up to 25 services or policies a
/// request, each followed through `more`. Requests run at most `maxConcurrentRequests` at a time;
/// 429 Too Many Requests is waited out as `Retry-After`/`ratelimit-reset` ask, through the
/// injected `sleep`, for at most `maxRateLimitWait` in all. Blocking: call it off the UI thread.
public struct PagerDutyClient: Sendable {
    public let settings: PagerDutySettings
    private let sleep: @Sendable (TimeInterval) -> Void
    private let now: @Sendable () -> Date

    /// Services or policies named in one list request (the query string stays short).
    static let idsPerRequest = 25

    /// `sleep` waits out rate limits; a caller that must stop sooner (cairn quitting) can return
    /// early from it.
    public init(settings: PagerDutySettings, sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.sleep = sleep
        self.now = now
    }

    /// Each service's status, or why it could not be read. Throws only what spoils every
    /// service: the API key refused, settings that cannot work.
    public func statuses(ofServices serviceIDs: [String]) throws(PagerDutyError) -> PagerDutyReport {
        try checkSettings()
        var report = PagerDutyReport(fetchedAt: now())
        var transport = PagerDutyTransport(settings: settings, sleep: sleep, now: now)
        var asked: [String] = []
        for id in serviceIDs where !asked.contains(id) { asked.append(id) }
        let valid = asked.filter(Self.isServiceID)
        for id in asked where !Self.isServiceID(id) {
            report.services[id] = .failure(PagerDutyError(.serviceNotFound, "PagerDuty service \"\(id)\": not a service id (letters and digits, e.g. PABC123); fix the pagerduty.com/service-id annotation"))
        }

        var services: [String: PagerDutyWire.Service] = [:]
        for (id, reply) in zip(valid, try transport.get(valid.map { "/services/\($0)" })) {
            switch Self.service(id, from: reply) {
            case .success(let service): services[id] = service
            case .failure(let error): report.services[id] = .failure(error)
            }
        }
        let found = valid.filter { services[$0] != nil }
        var policies: [String] = []
        for id in found {
            if let policy = services[id]?.escalationPolicy?.id, !policies.contains(policy) { policies.append(policy) }
        }

        var incidentLists = Self.chunks(found).map {
            PagedList<PagerDutyWire.IncidentPage>(keys: $0, parameters: $0.map { ("service_ids[]", $0) } + [
                ("statuses[]", "triggered"), ("statuses[]", "acknowledged"),
                ("date_range", "all"), // without it the list holds only the last 30 days
                ("time_zone", "UTC"),
            ])
        }
        var onCallLists = Self.chunks(policies).map {
            PagedList<PagerDutyWire.OnCallPage>(keys: $0, parameters: $0.map { ("escalation_policy_ids[]", $0) } + [("earliest", "true"), ("time_zone", "UTC")])
        }
        while true {
            let incidentsDue = incidentLists.indices.filter { !incidentLists[$0].isComplete }
            let onCallsDue = onCallLists.indices.filter { !onCallLists[$0].isComplete }
            guard !incidentsDue.isEmpty || !onCallsDue.isEmpty else { break }
            let replies = try transport.get(incidentsDue.map { incidentLists[$0].nextPath } + onCallsDue.map { onCallLists[$0].nextPath })
            for (position, index) in incidentsDue.enumerated() { incidentLists[index].accept(replies[position]) }
            for (position, index) in onCallsDue.enumerated() { onCallLists[index].accept(replies[incidentsDue.count + position]) }
        }

        for list in incidentLists where list.isCut {
            report.notices.append("PagerDuty: more than \(PagedList<PagerDutyWire.IncidentPage>.largestOffset) open incidents for \(list.keys.joined(separator: ", ")); showing the first ones")
        }
        let incidents = Self.grouped(incidentLists, by: \.service.id) { Self.incident($0) }
        let shifts = Self.grouped(onCallLists, by: \.escalationPolicy.id) { wire in wire.user.map { Self.shift(wire, user: $0) } }

        for id in found {
            let service = services[id]!
            let policy = service.escalationPolicy
            do throws(PagerDutyError) {
                let open = try (incidents[id] ?? .success([])).get()
                var onCall: [OnCallShift] = []
                if let policy { onCall = try (shifts[policy.id] ?? .success([])).get() }
                report.services[id] = .success(ServiceStatus(
                    serviceID: id, name: service.name ?? service.summary ?? id, url: service.htmlUrl,
                    escalationPolicyID: policy?.id, escalationPolicyName: policy?.summary,
                    onCall: onCall.sorted { ($0.escalationLevel, $0.userName) < ($1.escalationLevel, $1.userName) },
                    openIncidents: open.sorted { ($0.createdAt, $0.number) > ($1.createdAt, $1.number) }))
            } catch {
                report.services[id] = .failure(PagerDutyError(error.reason, "PagerDuty service \(id): \(error.message)"))
            }
        }
        report.requests = transport.requests
        report.rateLimitWaits = transport.waits
        return report
    }

    private func checkSettings() throws(PagerDutyError) {
        guard let components = URLComponents(string: settings.apiURL), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false, components.query == nil else {
            throw PagerDutyError(.invalidSettings, "PagerDuty apiUrl \(settings.apiURL) must be an http or https URL such as \(PagerDutySettings.defaultAPIURL)")
        }
        let token = settings.token
        guard !token.isEmpty else {
            throw PagerDutyError(.invalidSettings, "no PagerDuty API key given; put a REST API key in the variable the configuration names")
        }
        guard !token.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw PagerDutyError(.invalidSettings, "the PagerDuty API key holds control characters; it cannot be sent as a header")
        }
    }

    /// PagerDuty ids are letters and digits (`PABC123`); anything else could not be put in a path.
    static func isServiceID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    static func chunks(_ ids: [String]) -> [[String]] {
        stride(from: 0, to: ids.count, by: idsPerRequest).map { Array(ids[$0..<min($0 + idsPerRequest, ids.count)]) }
    }

    /// Each key's items (converted), or the failure of the list that held it or of an item
    /// that could not be converted. `convert` returns nil for an item to leave out.
    private static func grouped<Page, Item>(_ lists: [PagedList<Page>], by key: (Page.Item) -> String,
                                            convert: (Page.Item) -> Result<Item, PagerDutyError>?) -> [String: Result<[Item], PagerDutyError>] {
        var groups: [String: Result<[Item], PagerDutyError>] = [:]
        for list in lists {
            for id in list.keys { groups[id] = list.failure.map { .failure($0) } ?? .success([]) }
            guard list.failure == nil else { continue }
            for wire in list.items {
                let id = key(wire)
                guard case .success(var items) = groups[id], list.keys.contains(id), let converted = convert(wire) else { continue }
                switch converted {
                case .success(let item):
                    items.append(item)
                    groups[id] = .success(items)
                case .failure(let error):
                    groups[id] = .failure(error)
                }
            }
        }
        return groups
    }

    private static func service(_ id: String, from reply: PagerDutyReply) -> Result<PagerDutyWire.Service, PagerDutyError> {
        switch reply {
        case .failed(let error):
            return .failure(PagerDutyError(error.reason, "PagerDuty service \(id): \(error.message)"))
        case .status(404, _):
            return .failure(PagerDutyError(.serviceNotFound, "PagerDuty service \(id): not found (404); check the pagerduty.com/service-id annotation"))
        case .status(403, let message):
            return .failure(PagerDutyError(.forbidden, "PagerDuty service \(id): this API key may not read it (403)" + (message.map { ": \($0)" } ?? "")))
        case .status(let status, let message):
            return .failure(PagerDutyError(.unexpectedAnswer, "PagerDuty service \(id): GET /services/\(id): HTTP \(status)" + (message.map { ": \($0)" } ?? "")))
        case .body(let bytes):
            do {
                return .success(try PagerDutyWire.decoder().decode(PagerDutyWire.ServiceEnvelope.self, from: Data(bytes)).service)
            } catch {
                return .failure(PagerDutyError(.unexpectedAnswer, "PagerDuty service \(id): GET /services/\(id): the answer is not a service (\(PagerDutyWire.describe(error)))"))
            }
        }
    }

    private static func incident(_ wire: PagerDutyWire.Incident) -> Result<PagerDutyIncident, PagerDutyError> {
        guard let status = PagerDutyIncident.Status(rawValue: wire.status) else {
            return .failure(PagerDutyError(.unexpectedAnswer, "incident #\(wire.incidentNumber) has status \"\(wire.status)\", which cairn does not know"))
        }
        let urgencyText = wire.urgency ?? "high"
        guard let urgency = PagerDutyIncident.Urgency(rawValue: urgencyText) else {
            return .failure(PagerDutyError(.unexpectedAnswer, "incident #\(wire.incidentNumber) has urgency \"\(urgencyText)\", which cairn does not know"))
        }
        guard let created = PagerDutyWire.date(wire.createdAt) else {
            return .failure(PagerDutyError(.unexpectedAnswer, "incident #\(wire.incidentNumber) has created_at \"\(wire.createdAt)\", not an ISO 8601 time"))
        }
        return .success(PagerDutyIncident(id: wire.id, number: wire.incidentNumber, title: wire.title ?? wire.summary ?? "",
                                          status: status, urgency: urgency, createdAt: created, url: wire.htmlUrl, serviceID: wire.service.id))
    }

    private static func shift(_ wire: PagerDutyWire.OnCall, user: PagerDutyWire.Reference) -> Result<OnCallShift, PagerDutyError> {
        var times: [Date?] = []
        for text in [wire.start, wire.end] {
            guard let text else {
                times.append(nil)
                continue
            }
            guard let date = PagerDutyWire.date(text) else {
                return .failure(PagerDutyError(.unexpectedAnswer, "an on-call entry for \(user.summary ?? user.id) has the time \"\(text)\", not an ISO 8601 time"))
            }
            times.append(date)
        }
        return .success(OnCallShift(escalationLevel: wire.escalationLevel, userName: user.summary ?? user.id, userID: user.id, userURL: user.htmlUrl,
                                    scheduleName: wire.schedule?.summary, start: times[0], end: times[1]))
    }
}
