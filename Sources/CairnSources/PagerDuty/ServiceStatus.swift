/// What PagerDuty says about one service now: who is on call and what is open.
public struct ServiceStatus: Sendable, Equatable {
    public var serviceID: String
    public var name: String
    /// The service's page in PagerDuty's web app.
    public var url: String?
    public var escalationPolicyID: String?
    public var escalationPolicyName: String?
    /// Everyone on call now, by escalation level, then name.
    public var onCall: [OnCallShift]
    /// Triggered and acknowledged incidents, newest first.
    public var openIncidents: [PagerDutyIncident]

    public init(serviceID: String, name: String, url: String? = nil, escalationPolicyID: String? = nil, escalationPolicyName: String? = nil,
                onCall: [OnCallShift] = [], openIncidents: [PagerDutyIncident] = []) {
        self.serviceID = serviceID
        self.name = name
        self.url = url
        self.escalationPolicyID = escalationPolicyID
        self.escalationPolicyName = escalationPolicyName
        self.onCall = onCall
        self.openIncidents = openIncidents
    }

    /// Who is paged first (level 1, or the lowest level anyone is on).
    public var firstResponders: [OnCallShift] {
        guard let level = onCall.map(\.escalationLevel).min() else { return [] }
        return onCall.filter { $0.escalationLevel == level }
    }
}
