import Foundation

/// Someone on call right now for a service's escalation policy, at one level of it.
public struct OnCallShift: Sendable, Equatable {
    /// 1 is paged first; higher levels are escalated to.
    public var escalationLevel: Int
    public var userName: String
    public var userID: String?
    /// The user's page in PagerDuty's web app.
    public var userURL: String?
    /// The schedule that puts them on call; nil when the policy names them directly.
    public var scheduleName: String?
    /// When the shift started and ends; nil when they are on call without a schedule (always).
    public var start: Date?
    public var end: Date?

    public init(escalationLevel: Int, userName: String, userID: String? = nil, userURL: String? = nil, scheduleName: String? = nil,
                start: Date? = nil, end: Date? = nil) {
        self.escalationLevel = escalationLevel
        self.userName = userName
        self.userID = userID
        self.userURL = userURL
        self.scheduleName = scheduleName
        self.start = start
        self.end = end
    }

    /// True when the shift has no end: the policy names the user directly, not through a schedule.
    public var isPermanent: Bool { end == nil }
}
