import CairnCatalog

/// Who is acting: the OS user running cairn (or the person signed in with `cairn login`),
/// the catalog User they matched, the groups that gives them and the roles the policy grants.
public struct Identity: Sendable, Equatable {
    /// Where the identity came from.
    public enum Source: String, Sendable, Equatable {
        /// The OS account running cairn (at a jump host every engineer has their own).
        case osUser = "os-user"
        /// An OIDC sign-in (`cairn login`), which takes precedence over the OS account.
        case singleSignOn = "sso"
    }

    /// The OS user name, or the signed-in username/email.
    public var login: String
    public var source: Source
    /// The catalog User this identity matched, if any.
    public var user: EntityRef?
    /// Groups the user belongs to directly (memberOf, a group's members, claimed SSO groups).
    public var directGroups: [EntityRef]
    /// Direct groups and every parent above them, sorted.
    public var groups: [EntityRef]
    /// Granted by the policy from the user and groups; empty for a user the catalog does not know.
    public var roles: Set<Role>
    /// Why nothing may be changed in this session (`--read-only`, a shared account), if so.
    public var readOnlyReason: String?
    /// Things worth telling the user about how the identity was found (an expired sign-in,
    /// claimed groups the catalog does not have, an ambiguous match).
    public var notices: [String]

    public init(login: String, source: Source, user: EntityRef?, directGroups: [EntityRef], groups: [EntityRef],
                roles: Set<Role>, readOnlyReason: String? = nil, notices: [String] = []) {
        self.login = login
        self.source = source
        self.user = user
        self.directGroups = directGroups
        self.groups = groups
        self.roles = roles
        self.readOnlyReason = readOnlyReason
        self.notices = notices
    }

    /// The name audit records carry: the catalog User when matched, else where the name came from.
    public var actor: String {
        if let user { return user.description }
        return (source == .osUser ? "unix:" : "sso:") + login
    }

    /// How messages name this identity: `user:default/jane.doe` or `unix user bob`.
    public var spokenName: String {
        if let user { return user.humanized }
        return (source == .osUser ? "unix user " : "signed-in user ") + login
    }

    /// True when a recorded name (a job's requester) is this identity: the audit actor, or the
    /// bare account name jobs recorded before access control (`jane.doe`, `unix:jane.doe`).
    public func isNamed(_ recorded: String) -> Bool {
        if recorded == actor { return true }
        let bare = recorded.hasPrefix("unix:") ? String(recorded.dropFirst(5)) : recorded
        guard !bare.contains(":") else { return false }
        return (source == .osUser && bare == login) || bare.lowercased() == user?.name
    }

    /// Roles in the order of the policy table, for display.
    public var sortedRoles: [Role] { Role.allCases.filter(roles.contains) }

    /// True when `owner` is this user or one of their groups (parents included).
    public func owns(_ owner: EntityRef?) -> Bool {
        guard let owner else { return false }
        return owner == user || groups.contains(owner)
    }
}
