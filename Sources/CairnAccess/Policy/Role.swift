/// The roles of the access table (seed 002): what each may do is decided in `Policy.decide`.
public enum Role: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Reads everything; acts on the entities their own teams own.
    case developer
    /// A developer who may also approve their teams' provisioning jobs.
    case techLead = "tech-lead"
    /// Acts on any entity (ownership changes included), manages templates and resource types, approves.
    case platformEngineer = "platform-engineer"
    /// Everything, including the User and Group entities that decide who may do what.
    case admin
    /// Reads everything, the whole audit log included; changes nothing.
    case auditor

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// How the role reads in sentences ("platform engineer").
    public var spokenName: String {
        switch self {
        case .developer: return "developer"
        case .techLead: return "tech lead"
        case .platformEngineer: return "platform engineer"
        case .admin: return "portal admin"
        case .auditor: return "auditor"
        }
    }
}
