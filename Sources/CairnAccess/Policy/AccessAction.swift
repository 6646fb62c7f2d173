import CairnCatalog

/// What someone wants to do, with the facts the policy needs to decide it.
public enum AccessAction: Sendable, Equatable {
    /// Change an entity's source document. `newOwner` is set when the edit changes spec.owner
    /// (`removesOwner` when it deletes it), `newRef` when it renames the entity (or changes its kind), `leavesLifecycle` when it
    /// moves the entity out of a lifecycle whose requests need an approval (which would let
    /// its next requests skip the approver).
    case editEntity(newOwner: EntityRef?, newRef: EntityRef?, leavesLifecycle: String? = nil, removesOwner: Bool = false)
    /// Create a new component from a template for the team the target names as owner.
    case scaffold
    /// Request a resource (a database, a cache, a bucket) for the target.
    case requestProvision
    /// Cancel a provisioning job requested by `requester` (an audit actor name).
    case cancelJob(id: Int64, requester: String)
    /// Approve or decline a job waiting for approval; `approvers` are the resource type's.
    case decideJob(id: Int64, requester: String, approvers: [EntityRef])
    /// Remove a provisioned resource.
    case deprovision
    /// Read audit records about the target (or the whole log when the target has no ref).
    case readAudit

    /// True for everything that changes something (what `--read-only` refuses).
    public var isChange: Bool { self != .readAudit }

    /// The action as a phrase for messages: "request provisioning for".
    public var phrase: String {
        switch self {
        case .editEntity: return "edit"
        case .scaffold: return "create a component for"
        case .requestProvision: return "request provisioning for"
        case .cancelJob(let id, _): return "cancel job \(id) for"
        case .decideJob(let id, _, _): return "approve or decline job \(id) for"
        case .deprovision: return "deprovision"
        case .readAudit: return "read the audit records of"
        }
    }

    /// The audit action name a denial of this action is recorded under.
    public var auditName: String {
        switch self {
        case .editEntity: return "entity.edit"
        case .scaffold: return "scaffold.run"
        case .requestProvision: return "provision.request"
        case .cancelJob: return "job.cancel"
        case .decideJob: return "job.decide"
        case .deprovision: return "provision.deprovision"
        case .readAudit: return "audit.read"
        }
    }
}

/// What an action is done to: the entity (or team, for scaffolding) and who owns it.
public struct AccessTarget: Sendable, Equatable {
    /// The entity acted on; nil for the whole audit log.
    public var ref: EntityRef?
    /// Its owner: spec.owner, or the team itself when a template run is for a team.
    public var owner: EntityRef?

    public init(ref: EntityRef?, owner: EntityRef?) {
        self.ref = ref
        self.owner = owner
    }

    /// The target of an action on an entity: the entity and its owner.
    public init(_ entity: Entity) {
        self.init(ref: entity.ref, owner: entity.owner)
    }

    /// How messages name the target.
    public var spokenName: String { ref?.description ?? "all entities" }
}

/// The policy's answer, with the reason a denial gives the user.
public enum AccessDecision: Sendable, Equatable {
    case allowed
    case denied(String)

    public var isAllowed: Bool { self == .allowed }

    /// The reason of a denial, nil when allowed.
    public var reason: String? {
        if case .denied(let reason) = self { return reason }
        return nil
    }
}
