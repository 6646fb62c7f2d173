import CairnCatalog

/// Who holds which role, and what each role may do. The bindings come from a policy file
/// (`PolicyFile`) or the defaults; the rules of `decide` are seed 002's access table.
public struct Policy: Sendable, Equatable {
    /// Role → who holds it. A role missing here is held by nobody.
    public var bindings: [Role: [PolicySubject]]
    /// OS accounts several people share (an on-call account): read-only until someone signs
    /// in with `cairn login`, so every change has a person's name on it.
    public var sharedAccounts: Set<String>
    /// Nothing may be changed by anyone (the policy's `readOnly: true`).
    public var isReadOnly: Bool
    /// The file the policy was read from; nil for the defaults.
    public var file: String?

    public init(bindings: [Role: [PolicySubject]], sharedAccounts: Set<String> = [], isReadOnly: Bool = false, file: String? = nil) {
        self.bindings = bindings
        self.sharedAccounts = sharedAccounts
        self.isReadOnly = isReadOnly
        self.file = file
    }

    /// Every catalog user is a developer; the platform team are platform engineers; the
    /// `auditors` group audits; the OS superuser (who can change cairn's files anyway) is an
    /// admin. Nobody is a tech lead until a policy file names them.
    public static let defaults = Policy(bindings: [
        .developer: [.everyCatalogUser],
        .techLead: [],
        .platformEngineer: [.entity(EntityRef(kind: "group", name: "platform-team"))],
        .admin: [.unixUser("root")],
        .auditor: [.entity(EntityRef(kind: "group", name: "auditors"))],
    ])

    /// The roles `user`/`groups` (and the OS account `unixAccount`, when the identity is one) hold.
    public func roles(user: EntityRef?, groups: [EntityRef], unixAccount: String?) -> Set<Role> {
        var roles: Set<Role> = []
        for (role, subjects) in bindings {
            for subject in subjects {
                let holds: Bool
                switch subject {
                case .everyCatalogUser: holds = user != nil
                case .entity(let ref): holds = ref == user || groups.contains(ref)
                case .unixUser(let name): holds = unixAccount == name
                }
                if holds { roles.insert(role); break }
            }
        }
        return roles
    }

    /// Decides whether `identity` may do `action` to `target`, with a reason that names what
    /// is missing when not.
    public func decide(_ action: AccessAction, on target: AccessTarget, by identity: Identity) -> AccessDecision {
        if action.isChange {
            if isReadOnly { return .denied("the access policy\(file.map { " (\($0))" } ?? "") makes cairn read-only for everyone") }
            if let reason = identity.readOnlyReason { return .denied(reason) }
        }
        let roles = identity.roles
        if roles.isEmpty { return .denied(Self.noRoleReason(identity)) }
        // Admins may do anything, approving their own job included: the break-glass role (audited).
        if roles.contains(.admin) { return .allowed }
        let acts = roles.contains(.developer) || roles.contains(.techLead) || roles.contains(.platformEngineer)
        if action.isChange && !acts {
            return .denied("you (\(identity.spokenName)) are \(roles.sorted().map(\.spokenName).joined(separator: ", ")): you may read, not change anything")
        }
        let isPlatform = roles.contains(.platformEngineer)
        let ownsTarget = identity.owns(target.owner)

        switch action {
        case .readAudit:
            if roles.contains(.auditor) || isPlatform || roles.contains(.techLead) { return .allowed }
            if target.ref != nil && ownsTarget { return .allowed }
            return .denied(target.ref == nil
                ? "only auditors, tech leads, platform engineers and admins read the whole audit log; developers read their own teams' entities (cairn audit --target REF)"
                : notOwnerReason(identity, target))

        case .editEntity(let newOwner, let newRef, let leavesLifecycle, let removesOwner):
            guard let ref = target.ref else { return .denied("nothing to edit") }
            // The kind rules apply to what the entity is and to what the edit would make it: a
            // component edited into a Group is a Group edit.
            for kind in Set([ref.kind, newRef?.kind].compactMap { $0 }) {
                if kind == "user" || kind == "group" {
                    return .denied("User and Group entities decide who may do what; only a portal admin may edit \(ref)\(newRef.map { $0.kind != ref.kind ? " into a \($0.kind)" : "" } ?? "")")
                }
                if ["template", "resourcetype", "location"].contains(kind) && !isPlatform {
                    return .denied("templates, resource types and locations are managed by platform engineers; you (\(identity.spokenName)) may not edit \(ref)\(newRef.map { $0.kind != ref.kind ? " into a \($0.kind)" : "" } ?? "")")
                }
            }
            if (removesOwner || newOwner.map { $0 != target.owner } == true) && !isPlatform {
                return .denied("only a platform engineer may change the owner of \(ref) (from \(target.owner?.humanized ?? "none") to \(newOwner?.humanized ?? "none"))")
            }
            if let newRef, newRef != ref, !isPlatform {
                return .denied("only a platform engineer may rename \(ref) to \(newRef): other entities refer to it by name")
            }
            if let lifecycle = leavesLifecycle, !isPlatform, !(roles.contains(.techLead) && ownsTarget) {
                return .denied("moving \(ref) out of lifecycle \(lifecycle) would let its resource requests skip approval; only a platform engineer or a tech lead of \(target.owner?.humanized ?? "its owner") may")
            }
            return isPlatform || ownsTarget ? .allowed : .denied(notOwnerReason(identity, target))

        case .scaffold where target.owner == nil:
            // A template that asks for no owning team makes nothing a team owns.
            return .allowed
        case .scaffold, .requestProvision, .deprovision:
            return isPlatform || ownsTarget ? .allowed : .denied(notOwnerReason(identity, target))

        case .cancelJob(let id, let requester):
            if isPlatform || ownsTarget || identity.isNamed(requester) { return .allowed }
            return .denied("only whoever requested job \(id) (\(requester)), members of \(target.owner?.description ?? "its owner") or a platform engineer may cancel it; you are \(identity.spokenName)")

        case .decideJob(let id, let requester, let approvers):
            if identity.isNamed(requester) {
                return .denied("you requested job \(id); someone else must approve or decline it")
            }
            if isPlatform { return .allowed }
            if approvers.contains(where: { $0 == identity.user || identity.groups.contains($0) }) { return .allowed }
            if roles.contains(.techLead) && ownsTarget { return .allowed }
            var who = approvers.map(\.humanized)
            who.append("platform engineers")
            if let owner = target.owner { who.append("a tech lead of \(owner.humanized)") }
            return .denied("only \(who.joined(separator: ", ")) may approve or decline job \(id); you are \(identity.spokenName)")
        }
    }

    /// "you (user:bob) are not in group:default/payments-team, the owner of component:default/payments-api".
    func notOwnerReason(_ identity: Identity, _ target: AccessTarget) -> String {
        guard let owner = target.owner else {
            return "\(target.spokenName) has no owner; only a platform engineer may act on it"
        }
        let subject = "you (\(identity.spokenName))"
        let relation = owner.kind == "user" ? "are not \(owner)" : "are not in \(owner)"
        return "\(subject) \(relation), the owner of \(target.spokenName); ask one of its members or a platform engineer"
    }

    static func noRoleReason(_ identity: Identity) -> String {
        if identity.user == nil {
            let how = identity.source == .osUser
                ? "by name, cairn.dev/unix-user annotation or spec.profile.email"
                : "by preferred_username or email"
            return "\(identity.spokenName) matches no User in the catalog (\(how)); add one, or run cairn login"
        }
        return "you (\(identity.spokenName)) hold no role in the access policy; ask a portal admin to bind one of your groups"
    }
}
