import Foundation

/// An open incident on a PagerDuty service (triggered or acknowledged).
public struct PagerDutyIncident: Sendable, Equatable {
    /// PagerDuty's three incident states.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case triggered, acknowledged, resolved
    }

    /// How hard it pages: high urgency notifies at once, low waits for working hours.
    public enum Urgency: String, Sendable, Equatable, CaseIterable {
        case high, low
    }

    public var id: String
    /// The number people say ("#1234"), unique in the account.
    public var number: Int
    public var title: String
    public var status: Status
    public var urgency: Urgency
    public var createdAt: Date
    /// The incident's page in PagerDuty's web app.
    public var url: String?
    public var serviceID: String

    public init(id: String, number: Int, title: String, status: Status, urgency: Urgency, createdAt: Date, url: String?, serviceID: String) {
        self.id = id
        self.number = number
        self.title = title
        self.status = status
        self.urgency = urgency
        self.createdAt = createdAt
        self.url = url
        self.serviceID = serviceID
    }
}
