import CairnCatalog

/// What a driver is asked to make: one resource for one service.
public struct DriverRequest: Sendable {
    public var jobID: Int64
    public var key: String
    /// The new Resource entity's name (`payments-api-redis`) and full ref.
    public var resourceName: String
    public var resourceRef: String
    public var typeRef: String
    /// The resource type's `spec.settings`.
    public var settings: Value
    /// The validated parameters (a mapping).
    public var parameters: Value
    public var targetRef: String
    public var targetName: String
    public var ownerRef: String?
    /// A folder of this resource's own under cairn's state directory (data, config, workspace).
    public var directory: String
    /// 1 on the first run; more when a job is resumed after its worker died (what exists may
    /// then be this job's own half-made resource).
    public var attempt: Int

    public init(jobID: Int64, key: String, resourceName: String, resourceRef: String, typeRef: String, settings: Value, parameters: Value,
                targetRef: String, targetName: String, ownerRef: String?, directory: String, attempt: Int = 1) {
        self.jobID = jobID
        self.key = key
        self.resourceName = resourceName
        self.resourceRef = resourceRef
        self.typeRef = typeRef
        self.settings = settings
        self.parameters = parameters
        self.targetRef = targetRef
        self.targetName = targetName
        self.ownerRef = ownerRef
        self.directory = directory
        self.attempt = attempt
    }
}

/// What a driver decides before it acts (ports, names, passwords). It is recorded — the handle
/// in the database, the secrets in the secret store — before `provision` runs, so a resumed job
/// makes the same resource and a crashed one can always be found and removed.
public struct DriverPlan: Sendable, Equatable {
    /// Non-secret: where the resource lives and how to remove it.
    public var handle: Value
    public var secrets: [String: String]

    public init(handle: Value, secrets: [String: String] = [:]) {
        self.handle = handle
        self.secrets = secrets
    }
}

/// What a made resource offers its service: outputs anyone may read, and secret ones (URLs
/// with passwords) that go only to the env file, the secret store and the requester.
public struct DriverOutputs: Sendable, Equatable {
    public var outputs: [String: String]
    public var secrets: [String: String]
    /// Extra handle fields learned while making it (an exec driver's own handle).
    public var handle: Value?

    public init(outputs: [String: String], secrets: [String: String] = [:], handle: Value? = nil) {
        self.outputs = outputs
        self.secrets = secrets
        self.handle = handle
    }
}

/// A recorded resource to remove.
public struct DeprovisionRequest: Sendable {
    public var jobID: Int64
    public var resourceName: String
    public var resourceRef: String
    public var settings: Value
    public var handle: Value
    public var outputs: [String: String]
    public var secrets: [String: String]
    public var directory: String

    public init(jobID: Int64, resourceName: String, resourceRef: String, settings: Value, handle: Value, outputs: [String: String],
                secrets: [String: String], directory: String) {
        self.jobID = jobID
        self.resourceName = resourceName
        self.resourceRef = resourceRef
        self.settings = settings
        self.handle = handle
        self.outputs = outputs
        self.secrets = secrets
        self.directory = directory
    }
}

/// Makes and removes one kind of resource. Every method may be called again after a crash:
/// `provision` with the same plan must find what an earlier attempt made and finish it, and
/// `deprovision` must succeed on a resource that is half made or already gone.
public protocol ProvisionDriver: Sendable {
    func plan(_ request: DriverRequest) throws(ProvisionError) -> DriverPlan
    func provision(_ request: DriverRequest, plan: DriverPlan, context: JobContext) throws(ProvisionError) -> DriverOutputs
    func deprovision(_ request: DeprovisionRequest, context: JobContext) throws(ProvisionError)
}
