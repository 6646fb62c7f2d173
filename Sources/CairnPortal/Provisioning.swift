import CairnAccess
import CairnCatalog
import CairnProvision
import CairnScaffold
import CairnStore
import Foundation

/// cairn's state folder for a configuration: the database's folder.
func stateDirectory(of configuration: PortalConfiguration) -> String {
    let folder = (configuration.databasePath as NSString).deletingLastPathComponent
    return folder.isEmpty ? "." : folder
}

/// The provisioning use cases: resource types and their forms, requests under idempotency
/// keys, the job list, cancel/approve/decline, deprovisioning, and the job runner.
extension Portal {
    /// cairn's state folder (beside the database): resources/, secrets/ and env/ live there.
    public var stateDirectory: String { CairnPortal.stateDirectory(of: configuration) }

    /// Valid ResourceType entities, by title.
    public var resourceTypes: [Entity] {
        catalog.validEntities.filter { $0.ref.kind == "resourcetype" }
            .sorted { ($0.title ?? $0.ref.name).lowercased() < ($1.title ?? $1.ref.name).lowercased() }
    }

    /// The ResourceType a user named (`redis`, `resourcetype:redis`), read.
    public func resourceType(_ text: String) throws(PortalError) -> ResourceType {
        let found: Entity
        switch catalog.resolve(text.contains(":") ? text : "resourcetype:" + text) {
        case .found(let entity) where entity.ref.kind == "resourcetype": found = entity
        default:
            let names = resourceTypes.map(\.ref.name).joined(separator: ", ")
            throw .notFound("cairn: error: no resource type \(text) in the catalog; the types are: \(names.isEmpty ? "(none)" : names)")
        }
        guard !found.isQuarantined else {
            throw .usage("cairn: error: \(found.ref) is quarantined (\(found.problems.first?.message ?? "invalid")); run cairn validate and fix it")
        }
        do {
            return try ResourceType(found)
        } catch {
            throw .usage("cairn: error: \(error.description)")
        }
    }

    /// The request form of a resource type (the template form model, same widgets and rules).
    public func requestForm(for type: ResourceType) throws(PortalError) -> TemplateForm {
        do {
            return try TemplateForm(template: type.entity)
        } catch {
            throw .usage("cairn: error: \(type.ref): \(error.message)")
        }
    }

    /// An entity resources can be made for: a Component, System or API (not a person, a group
    /// or a definition).
    public func provisionTarget(_ text: String) throws(PortalError) -> Entity {
        let target = try entity(text)
        guard ["component", "system", "api", "resource"].contains(target.ref.kind) else {
            throw .usage("cairn: error: \(target.ref) is a \(target.kind); resources are requested for a Component (a service), System or API")
        }
        guard !target.isQuarantined else {
            throw .usage("cairn: error: \(target.ref) is quarantined (\(target.problems.first?.message ?? "invalid")); run cairn validate and fix it first")
        }
        return target
    }

    /// Records a request as a job. With a key already used for the same request, the existing
    /// job comes back (`isNew` false); with a key used for another request, a usage error.
    /// The current identity must own the target (or be a platform engineer); the request and
    /// any denial are audited.
    public func requestProvision(_ type: ResourceType, for target: Entity, values: [String: Value], key: String?) throws(PortalError) -> (job: JobRecord, isNew: Bool) {
        let form = try requestForm(for: type)
        let auditParameters = ["type": type.ref.description].merging(Self.auditText(values, secretKeys: form.secretKeys)) { first, _ in first }
        try authorize(.requestProvision, on: AccessTarget(target), parameters: auditParameters)
        var complete: [String: Value] = [:]
        for (key, value) in form.defaults() { complete[key] = value }
        for (key, value) in values { complete[key] = value }
        let violations = form.validate(complete, catalog: catalog)
        guard violations.isEmpty else {
            throw .usage(violations.map { "cairn: error: \(type.ref): \($0.description)" }.joined(separator: "\n"))
        }
        let secretKeys = Set(form.fields.filter(\.isSecret).map(\.key))
        guard secretKeys.isEmpty || values.keys.allSatisfy({ !secretKeys.contains($0) }) else {
            throw .usage("cairn: error: \(type.ref) asks for secret parameters (\(secretKeys.sorted().joined(separator: ", "))); cairn does not store secret request parameters yet — configure them in the type's settings")
        }
        let parameters = Value.object(complete.keys.sorted().map { Value.Member($0, complete[$0]!) })
        let new = NewJob(key: key ?? UUID().uuidString.lowercased(), action: .provision, typeRef: type.ref.description,
                         targetRef: target.ref.description,
                         resourceRef: "resource:\(target.ref.namespace)/\(Self.resourceName(target: target.ref.name, type: type.name))",
                         parametersJSON: JSONWriter.string(parameters), requester: identity.actor, needsApproval: type.needsApproval(for: target))
        switch try insert(new) {
        case .created(let job):
            try recordAudit("provision.request", target: target.ref.description, parameters: auditParameters.merging(["job": "\(job.id)", "idempotency": new.key]) { first, _ in first },
                        result: .ok, detail: job.state == .awaitingApproval ? "awaiting approval" : "")
            return (job, true)
        case .existing(let job): return (job, false)
        case .conflict(let job):
            throw .usage("cairn: error: idempotency key \(new.key) was already used for job \(job.id) (\(job.action.rawValue) \(job.typeRef) for \(job.targetRef) with other parameters); send the same request or use another --key")
        case .busy(let job):
            throw .internalError("cairn: error: job \(job.id) holds \(job.resourceRef)")
        }
    }

    /// Records a request to remove a resource cairn made.
    /// The current identity must own the resource (or the entity it was made for).
    public func requestDeprovision(_ resourceText: String, key: String?) throws(PortalError) -> (job: JobRecord, isNew: Bool) {
        var ref = resourceText
        if case .found(let entity) = catalog.resolve(resourceText.contains(":") ? resourceText : "resource:" + resourceText) {
            ref = entity.ref.description
        } else {
            let name = resourceText.hasPrefix("resource:") ? String(resourceText.dropFirst(9)) : resourceText
            ref = "resource:" + (name.contains("/") ? name : "default/" + name)
        }
        let record: ResourceRecord?
        do { record = try database.resource(ref) } catch { throw .internalError("cairn: error: cannot read \(configuration.databasePath): \(error)") }
        guard let record else {
            throw .notFound("cairn: error: \(ref) was not provisioned by cairn (see cairn jobs); only resources cairn made can be removed by it")
        }
        guard record.state != .deprovisioned else { throw .usage("cairn: error: \(record.ref) was already deprovisioned") }
        // The owner is that of the entity cairn recorded the resource for, never a catalog entity
        // of the same name (anyone can write one into a catalog file read before cairn's own).
        try authorize(.deprovision, on: AccessTarget(ref: try? EntityRef.parse(record.ref), owner: owner(of: record.targetRef)), auditTarget: record.ref)
        let new = NewJob(key: key ?? UUID().uuidString.lowercased(), action: .deprovision, typeRef: record.typeRef, targetRef: record.targetRef,
                         resourceRef: record.ref, parametersJSON: "{}", requester: identity.actor, needsApproval: false)
        switch try insert(new) {
        case .created(let job):
            try recordAudit("provision.deprovision", target: record.ref, parameters: ["job": "\(job.id)", "idempotency": new.key], result: .ok, detail: "")
            return (job, true)
        case .existing(let job): return (job, false)
        case .conflict(let job):
            throw .usage("cairn: error: idempotency key \(new.key) was already used for job \(job.id) (\(job.action.rawValue) \(job.resourceRef)); use another --key")
        case .busy(let job):
            throw .usage("cairn: error: job \(job.id) (\(job.action.rawValue), \(job.state.rawValue)) has not finished with \(job.resourceRef); wait for it (cairn jobs \(job.id) --follow) or cancel it (cairn jobs cancel \(job.id)) first")
        }
    }

    /// A job's target entity and its owner, for the policy.
    func jobTarget(_ job: JobRecord) -> AccessTarget {
        AccessTarget(ref: try? EntityRef.parse(job.targetRef), owner: owner(of: job.targetRef))
    }

    /// The owner of the entity `refText` names, if the catalog has it.
    func owner(of refText: String) -> EntityRef? {
        guard case .found(let entity) = catalog.resolve(refText) else { return nil }
        return entity.owner
    }

    /// Form values as audit parameters, the form's secret fields masked (a denied request is
    /// recorded before anything else looks at its values).
    static func auditText(_ values: [String: Value], secretKeys: Set<String>) -> [String: String] {
        var text: [String: String] = [:]
        for (key, value) in values { text[key] = secretKeys.contains(key) ? AuditRedaction.mask : (value.stringValue ?? JSONWriter.string(value)) }
        return text
    }

    private func insert(_ new: NewJob) throws(PortalError) -> JobInsertion {
        do {
            return try database.insertJob(new)
        } catch {
            throw .internalError("cairn: error: cannot record the job in \(configuration.databasePath): \(error)")
        }
    }

    /// `payments-api-redis`, kept a valid entity name (≤ 63 characters).
    static func resourceName(target: String, type: String) -> String {
        let name = "\(target)-\(type)"
        return String(name.prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: "-_."))
    }

    /// Jobs, newest first.
    public func jobs(limit: Int = 500) -> [JobRecord] { (try? database.jobs(limit: limit)) ?? [] }

    public func job(_ id: Int64) throws(PortalError) -> JobRecord {
        let found: JobRecord?
        do { found = try database.job(id) } catch { throw .internalError("cairn: error: cannot read \(configuration.databasePath): \(error)") }
        guard let found else { throw .notFound("cairn: error: no job \(id); cairn jobs lists them") }
        return found
    }

    public func jobSteps(_ id: Int64) -> [JobStepRecord] { (try? database.jobSteps(id)) ?? [] }
    public func jobLog(_ id: Int64, after: Int64 = 0) -> [JobLogLine] { (try? database.jobLog(id, after: after)) ?? [] }
    /// Changes whenever any job does (another process's too): what a monitor polls.
    public var jobsVersion: String { (try? database.jobsVersion()) ?? "" }
    public func resources() -> [ResourceRecord] { (try? database.resources()) ?? [] }

    /// Cancels a job (at once when it has not started; a running one stops its step and cleans
    /// up). Whoever requested it, the target's owners and platform engineers may.
    public func cancelJob(_ id: Int64) throws(PortalError) -> JobRecord {
        let current = try job(id)
        guard !current.state.isFinished else { throw .usage("cairn: error: job \(id) already \(current.state.rawValue); nothing to cancel") }
        try authorize(.cancelJob(id: id, requester: current.requester), on: jobTarget(current), auditTarget: "job:\(id)")
        let cancelled: JobRecord?
        do {
            cancelled = try database.requestCancel(id, by: identity.actor)
        } catch {
            throw .internalError("cairn: error: cannot cancel job \(id): \(error)")
        }
        // Another process may have finished or cancelled it meanwhile: record only what happened.
        guard let cancelled, cancelled.state == .cancelled || (cancelled.isCancelRequested && !cancelled.state.isFinished) else {
            throw .usage("cairn: error: job \(id) finished before it could be cancelled; see cairn jobs \(id)")
        }
        try recordAudit("job.cancel", target: "job:\(id)", parameters: ["resource": current.resourceRef, "state": current.state.rawValue], result: .ok, detail: "")
        return cancelled
    }

    /// Approves or declines a job awaiting approval: the type's approvers, platform engineers
    /// or a tech lead of the target's team, never the requester.
    public func decideJob(_ id: Int64, approve: Bool) throws(PortalError) -> JobRecord {
        let current = try job(id)
        guard current.state == .awaitingApproval else {
            throw .usage("cairn: error: job \(id) is \(current.state.rawValue), not awaiting approval")
        }
        let approvers = jobEnvironment.resourceType(current.typeRef)?.approverRefs ?? []
        try authorize(.decideJob(id: id, requester: current.requester, approvers: approvers), on: jobTarget(current), auditTarget: "job:\(id)",
                      parameters: ["decision": approve ? "approve" : "decline"])
        let decided: JobRecord?
        do {
            decided = try database.decideJob(id, approve: approve, by: identity.actor)
        } catch {
            throw .internalError("cairn: error: cannot record the decision on job \(id): \(error)")
        }
        // Someone else may have decided (or cancelled) it meanwhile: record only a decision made here.
        guard let decided, decided.state != .awaitingApproval, decided.decidedBy == identity.actor else {
            throw .usage("cairn: error: job \(id) was decided or cancelled by someone else meanwhile; see cairn jobs \(id)")
        }
        try recordAudit(approve ? "job.approve" : "job.decline", target: "job:\(id)", parameters: ["resource": current.resourceRef, "requester": current.requester],
                        result: .ok, detail: "")
        return decided
    }

    /// The secret outputs of a job's resource (for the requester's `provision --wait --json`
    /// and nothing else).
    public func secretOutputs(of job: JobRecord) -> [String: String] {
        guard job.action == .provision, job.state == .succeeded else { return [:] }
        let name = String(job.resourceRef.split(separator: "/").last ?? "")
        return SecretStore(directory: stateDirectory + "/secrets").secrets(of: name)
    }

    /// The drivers this cairn has.
    public static var drivers: [String: any ProvisionDriver] {
        ["redis": RedisDriver(), "exec": ExecDriver(), "postgres": PostgresDriver(), "s3": S3Driver()]
    }

    /// What a runner needs, from this portal's catalog.
    public var jobEnvironment: JobEnvironment {
        let catalog = self.catalog
        return JobEnvironment(stateDirectory: stateDirectory, resourceType: { ref in
            guard case .found(let entity) = catalog.resolve(ref), !entity.isQuarantined else { return nil }
            return try? ResourceType(entity)
        }, entity: { ref in
            guard case .found(let entity) = catalog.resolve(ref) else { return nil }
            return entity
        }, drivers: Self.drivers)
    }

    /// A runner over this portal's database. `environment` is asked once per job (a worker that
    /// runs for hours passes one that re-reads the catalog); by default this portal's catalog.
    public func jobRunner(environment: (@Sendable () -> JobEnvironment)? = nil, onChange: @escaping @Sendable (Int64) -> Void = { _ in }) -> JobRunner {
        let fixed = jobEnvironment
        // Each job's outcome joins the audit log under the worker that ran it.
        return JobRunner(database: database, environment: environment ?? { fixed }, onChange: onChange) { [self] job, state, error in
            _ = try? audit(AuditEntry(actor: "worker:" + ProcessIdentity.current, action: "job.finish", target: "job:\(job.id)",
                                      parameters: ["action": job.action.rawValue, "resource": job.resourceRef, "requester": job.requester, "state": state.rawValue],
                                      result: state == .failed ? .failed : .ok, detail: error ?? ""))
        }
    }
}
