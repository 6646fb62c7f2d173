import CairnCatalog

/// Matches an OS account or a sign-in to a catalog User, gathers their groups (direct and
/// inherited through Group parents) and asks the policy which roles that gives.
public struct IdentityResolver: Sendable {
    public let catalog: Catalog
    public let policy: Policy

    public init(catalog: Catalog, policy: Policy) {
        self.catalog = catalog
        self.policy = policy
    }

    /// The identity of `osUser`, or of the signed-in person when `claims` is given.
    /// `readOnlyFlag` is `--read-only`: the session may look but not change anything.
    public func resolve(osUser: String, claims: SignedInClaims? = nil, readOnlyFlag: Bool = false) -> Identity {
        var notices: [String] = []
        let users = catalog.entities.filter { $0.ref.kind == "user" && !$0.isQuarantined }
        var identity: Identity
        if let claims {
            let login = claims.username ?? claims.email ?? "unknown"
            let user = matchSignedIn(claims, users, &notices)
            var direct = user.map(memberships) ?? []
            for name in claims.groups {
                if let group = groupNamed(name) {
                    if !direct.contains(group) { direct.append(group) }
                } else {
                    notices.append("the group \"\(name)\" from \(claims.issuer) is not a Group in the catalog; it gives no role")
                }
            }
            identity = Identity(login: login, source: .singleSignOn, user: user, directGroups: direct.sorted(), groups: [], roles: [])
        } else {
            let user = matchOSUser(osUser, users, &notices)
            identity = Identity(login: osUser, source: .osUser, user: user, directGroups: (user.map(memberships) ?? []).sorted(), groups: [], roles: [])
        }
        identity.groups = withParents(identity.directGroups)
        identity.roles = policy.roles(user: identity.user, groups: identity.groups, unixAccount: identity.source == .osUser ? osUser : nil)
        identity.notices = notices
        if readOnlyFlag {
            identity.readOnlyReason = "cairn was started with --read-only; nothing can be changed in this session"
        } else if identity.source == .osUser && policy.sharedAccounts.contains(osUser) {
            identity.readOnlyReason = "\(osUser) is a shared account (sharedAccounts in the access policy); run cairn login to act as yourself"
        }
        return identity
    }

    /// By the `cairn.dev/unix-user` annotation first, then metadata.name, then spec.profile.email
    /// (the whole address or the part before @).
    func matchOSUser(_ login: String, _ users: [Entity], _ notices: inout [String]) -> EntityRef? {
        let wanted = login.lowercased()
        let rules: [(String, (Entity) -> Bool)] = [
            ("the cairn.dev/unix-user annotation", { annotation($0, "cairn.dev/unix-user")?.lowercased() == wanted }),
            ("metadata.name", { $0.ref.name == wanted }),
            ("spec.profile.email", {
                guard let email = email(of: $0) else { return false }
                return email == wanted || email.split(separator: "@").first.map(String.init) == wanted
            }),
        ]
        return firstMatch(rules, users, describing: "unix user \(login)", &notices)
    }

    /// By email (unique in practice) first, then preferred_username as name or unix-user.
    func matchSignedIn(_ claims: SignedInClaims, _ users: [Entity], _ notices: inout [String]) -> EntityRef? {
        var rules: [(String, (Entity) -> Bool)] = []
        if let address = claims.email?.lowercased() {
            rules.append(("spec.profile.email", { email(of: $0) == address }))
        }
        if let username = claims.username?.lowercased() {
            rules.append(("metadata.name", { $0.ref.name == username }))
            rules.append(("the cairn.dev/unix-user annotation", { annotation($0, "cairn.dev/unix-user")?.lowercased() == username }))
        }
        return firstMatch(rules, users, describing: "signed-in user \(claims.username ?? claims.email ?? "?")", &notices)
    }

    private func firstMatch(_ rules: [(String, (Entity) -> Bool)], _ users: [Entity], describing who: String, _ notices: inout [String]) -> EntityRef? {
        for (field, rule) in rules {
            let matches = users.filter(rule)
            if matches.count > 1 {
                notices.append("\(who) matches several Users by \(field) (\(matches.map(\.ref.humanized).joined(separator: ", "))); acting as none of them — make it unique")
                return nil
            }
            if let match = matches.first { return match.ref }
        }
        return nil
    }

    /// Groups the user is a member of: their memberOf and groups listing them in members (the
    /// catalog emits both directions as memberOf on the user).
    func memberships(_ user: EntityRef) -> [EntityRef] {
        guard let entity = catalog[user] else { return [] }
        var groups: [EntityRef] = []
        for relation in entity.relations where relation.type == .memberOf && relation.target.kind == "group" && !groups.contains(relation.target) {
            groups.append(relation.target)
        }
        return groups
    }

    /// The groups and every parent above them (cycle-safe), sorted.
    func withParents(_ direct: [EntityRef]) -> [EntityRef] {
        var seen = Set(direct)
        var queue = direct
        while let group = queue.popLast() {
            for relation in catalog[group]?.relations ?? [] where relation.type == .childOf && !seen.contains(relation.target) {
                seen.insert(relation.target)
                queue.append(relation.target)
            }
        }
        return seen.sorted()
    }

    /// A Group from a claim: a full or short ref, else by name in any namespace if unique.
    func groupNamed(_ text: String) -> EntityRef? {
        if case .found(let entity) = catalog.resolve(text.contains(":") ? text : "group:" + text), entity.ref.kind == "group" {
            return entity.ref
        }
        let name = text.lowercased()
        let matches = catalog.entities.filter { $0.ref.kind == "group" && $0.ref.name == name && !$0.isQuarantined }
        return matches.count == 1 ? matches[0].ref : nil
    }
}

private func annotation(_ entity: Entity, _ key: String) -> String? {
    entity.annotations.first { $0.key == key }?.value.stringValue
}

private func email(of entity: Entity) -> String? {
    entity.spec["profile"]?["email"]?.stringValue?.lowercased()
}
