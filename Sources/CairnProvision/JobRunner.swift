import CairnCatalog
import CairnStore
import Foundation
import Synchronization

/// What a runner needs from the catalog and the machine for one job.
public struct JobEnvironment: Sendable {
    /// cairn's state folder: resources/, secrets/, env/ live under it.
    public var stateDirectory: String
    public var resourceType: @Sendable (String) -> ResourceType?
    public var entity: @Sendable (String) -> Entity?
    public var drivers: [String: any ProvisionDriver]

    public init(stateDirectory: String, resourceType: @escaping @Sendable (String) -> ResourceType?,
                entity: @escaping @Sendable (String) -> Entity?, drivers: [String: any ProvisionDriver]) {
        self.stateDirectory = stateDirectory
        self.resourceType = resourceType
        self.entity = entity
        self.drivers = drivers
    }

    public var secretStore: SecretStore { SecretStore(directory: stateDirectory + "/secrets") }
}

/// Runs provisioning jobs: claims one atomically (several processes may share the database),
/// records every step before acting on it, keeps a heartbeat, stops on a cancel, and resumes a
/// job whose worker died — or, after `maxAttempts`, removes what it made and fails it cleanly.
public final class JobRunner: Sendable {
    public let database: CairnDatabase
    public let worker: String
    public let maxAttempts: Int
    /// A worker on another host is presumed dead after this long without a heartbeat.
    public let staleAfter: TimeInterval
    private let environment: @Sendable () -> JobEnvironment
    private let onChange: @Sendable (Int64) -> Void
    /// Told once per job this runner ended (its final state and error): what the audit log
    /// records as the job's outcome.
    private let onFinish: @Sendable (JobRecord, JobState, String?) -> Void
    private struct LoopState {
        var isStopped = false
        var threads = 0
        var running = 0
    }
    private let loop = Mutex(LoopState())
    private let wakeSignal = DispatchSemaphore(value: 0)

    public init(database: CairnDatabase, worker: String = ProcessIdentity.current, maxAttempts: Int = 3, staleAfter: TimeInterval = 30,
                environment: @escaping @Sendable () -> JobEnvironment, onChange: @escaping @Sendable (Int64) -> Void = { _ in },
                onFinish: @escaping @Sendable (JobRecord, JobState, String?) -> Void = { _, _, _ in }) {
        self.onFinish = onFinish
        self.database = database
        self.worker = worker
        self.maxAttempts = maxAttempts
        self.staleAfter = staleAfter
        self.environment = environment
        self.onChange = onChange
    }

    // MARK: Running

    /// Queues again the running jobs whose worker is gone.
    @discardableResult
    public func recover() -> [JobRecord] {
        let staleAfter = self.staleAfter
        let recovered = (try? database.recoverJobs(maxAttempts: maxAttempts) { worker, heartbeat in
            ProcessIdentity.isGone(worker, heartbeat: heartbeat, staleAfter: staleAfter)
        }) ?? []
        for job in recovered { onChange(job.id) }
        return recovered
    }

    /// Claims the next queued job (or only `only`) and runs it to its end; nil when there was
    /// nothing to claim.
    @discardableResult
    public func runNext(only: Int64? = nil) -> JobRecord? {
        recover()
        guard let job = try? database.claimJob(worker: worker, only: only) else { return nil }
        onChange(job.id)
        run(job)
        onChange(job.id)
        return try? database.job(job.id)
    }

    /// Runs queued jobs until none is left; returns how many ran.
    @discardableResult
    public func runUntilIdle() -> Int {
        var count = 0
        while runNext() != nil { count += 1 }
        return count
    }

    /// Runs jobs on `threads` background threads until `stop`, looking for new ones every
    /// `interval` seconds or at once after `wake`.
    public func start(threads: Int = 2, interval: TimeInterval = 1) {
        loop.withLock { $0.threads += threads }
        for index in 0..<threads {
            let thread = Thread { [self] in
                loop.withLock { $0.running += 1 }
                while !loop.withLock({ $0.isStopped }) {
                    if runNext() == nil { _ = wakeSignal.wait(timeout: .now() + interval) }
                }
                loop.withLock { $0.running -= 1 }
            }
            thread.name = "cairn-jobs-\(index)"
            thread.start()
        }
    }

    /// A job was queued: look now instead of at the next interval.
    public func wake() {
        let threads = loop.withLock { $0.threads }
        for _ in 0..<max(1, threads) { wakeSignal.signal() }
    }

    /// Stops looking for jobs (a running job finishes first).
    public func stop() {
        loop.withLock { $0.isStopped = true }
        wake()
    }

    /// After `stop`: waits until the jobs that were running have finished.
    public func waitUntilStopped() {
        while loop.withLock({ $0.running > 0 }) { usleep(50_000) }
    }

    // MARK: One job

    private func run(_ job: JobRecord) {
        let environment = self.environment()
        let database = self.database
        let onChange = self.onChange
        let resourceName = Self.name(of: job.resourceRef)
        let directory = environment.stateDirectory + "/resources/" + resourceName
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let context = JobContext(jobID: job.id, childRecordPath: directory + "/.cairn-child",
                                 secrets: Array(environment.secretStore.secrets(of: resourceName).values)) { lines in
            try? database.appendLog(job: job.id, lines)
            onChange(job.id)
        }
        if job.attempt > 1 {
            context.stopOrphan()
            context.log("attempt \(job.attempt) of \(maxAttempts) (resumed by \(worker))")
        }
        if job.isCancelRequested { context.cancel() }
        let heartbeat = Heartbeat(database: database, job: job.id, worker: worker, context: context)
        heartbeat.start()
        defer { heartbeat.stop() }

        // A clean-up decided by an earlier attempt (or a job given up) is finished, never provisioned again.
        if job.cleanupReason != nil || job.attempt > maxAttempts {
            let reason = job.cleanupReason ?? [job.error, "its worker stopped \(maxAttempts) times; gave up"].compactMap { $0 }.joined(separator: "; ")
            context.log(job.cleanupReason != nil ? "finishing the clean-up an earlier attempt began" : "giving up after \(maxAttempts) attempts")
            finishWithCleanup(job, reason: reason, as: job.isCancelRequested ? .cancelled : .failed, environment: environment, context: context)
            return
        }
        do throws(ProvisionError) {
            switch job.action {
            case .provision:
                let outputs = try provision(job, environment: environment, directory: directory, context: context)
                context.log("succeeded: \(job.resourceRef)")
                finish(job, .succeeded, outputs: JSONText.string(outputs), context: context)
            case .deprovision:
                try deprovision(job, environment: environment, directory: directory, context: context)
                context.log("succeeded: \(job.resourceRef) removed")
                finish(job, .succeeded, context: context)
            }
        } catch {
            if context.isAbandoned {
                context.log("another worker took this job over (this one was presumed dead); leaving it to that worker")
                return
            }
            let isCancelled = error == .cancelled || context.isCancelled
            let reason = isCancelled ? "cancelled while running" : context.redacted(error.description)
            context.log(isCancelled ? "cancelled; cleaning up" : "failed: \(reason)")
            finishWithCleanup(job, reason: reason, as: isCancelled ? .cancelled : .failed, environment: environment, context: context)
        }
    }

    /// Records the decision to clean up (so a worker killed now resumes the clean-up, not the
    /// provisioning), removes what a provision made, and ends the job.
    private func finishWithCleanup(_ job: JobRecord, reason: String, as state: JobState, environment: JobEnvironment, context: JobContext) {
        var message = reason
        if job.action == .provision {
            try? database.markCleanup(job.id, reason: reason, worker: worker)
            if let left = cleanUp(job, environment: environment, context: context) { message += "; " + left }
        }
        finish(job, state, error: message, context: context)
    }

    private func finish(_ job: JobRecord, _ state: JobState, outputs: String? = nil, error: String? = nil, context: JobContext) {
        let written = (try? database.finishJob(job.id, as: state, worker: worker, outputsJSON: outputs, error: error)) ?? false
        if written {
            onFinish(job, state, error.map(context.redacted))
        } else {
            context.log("the job is no longer this worker's; its end (\(state.rawValue)) was not recorded")
        }
    }

    /// Runs `body` as a recorded step: written as running before it acts, then how it ended.
    private func step<T>(_ job: JobRecord, _ name: String, context: JobContext, _ body: () throws(ProvisionError) -> T) throws(ProvisionError) -> T {
        try context.checkCancelled()
        let id = try? database.startStep(job: job.id, name: name)
        onChange(job.id)
        do {
            let result = try body()
            if let id { try? database.endStep(id, succeeded: true) }
            return result
        } catch {
            if let id { try? database.endStep(id, succeeded: false, detail: context.redacted(error.description)) }
            throw error
        }
    }

    private func provision(_ job: JobRecord, environment: JobEnvironment, directory: String, context: JobContext) throws(ProvisionError) -> [String: String] {
        let secretStore = environment.secretStore
        let resourceName = Self.name(of: job.resourceRef)
        var record = try? database.resource(job.resourceRef)
        guard let target = environment.entity(job.targetRef) else {
            throw .failed("\(job.targetRef) is no longer in the catalog")
        }
        let type = environment.resourceType(job.typeRef)
        guard let driverName = record?.driver ?? type?.driver else {
            throw .failed("\(job.typeRef) is not a resource type in the catalog")
        }
        guard let driver = environment.drivers[driverName] else { throw .failed("no \(driverName) driver in this cairn") }
        let settings = record.flatMap { JSONText.parse($0.settingsJSON) } ?? type?.settings ?? .object([])
        let request = DriverRequest(jobID: job.id, key: job.key, resourceName: resourceName, resourceRef: job.resourceRef, typeRef: job.typeRef,
                                    settings: settings, parameters: JSONText.parse(job.parametersJSON) ?? .object([]),
                                    targetRef: job.targetRef, targetName: target.ref.name, ownerRef: target.owner?.description,
                                    directory: directory, attempt: job.attempt)

        let plan: DriverPlan = try step(job, "plan", context: context) { () throws(ProvisionError) -> DriverPlan in
            if let record, record.state == .deprovisioning || record.state == .deprovisioned {
                throw .failed("\(job.resourceRef) was deprovisioned while this job waited; request it again")
            }
            if let record, record.jobID == job.id, let handle = JSONText.parse(record.handleJSON) {
                context.log("reusing the plan recorded by attempt \(job.attempt - 1)")
                return DriverPlan(handle: handle, secrets: secretStore.secrets(of: resourceName))
            }
            let plan = try driver.plan(request)
            // Recorded before anything is made: a crash from here on leaves a resource cairn can find.
            try secretStore.merge(plan.secrets, into: resourceName)
            let new = ResourceRecord(ref: job.resourceRef, jobID: job.id, typeRef: job.typeRef, driver: driverName,
                                     settingsJSON: JSONWriter.string(settings), targetRef: job.targetRef, state: .provisioning,
                                     handleJSON: JSONWriter.string(plan.handle))
            do { try database.saveResource(new) } catch { throw .failed("cannot record the resource: \(error)") }
            record = new
            context.log("planned \(job.resourceRef): \(JSONWriter.string(plan.handle))")
            return plan
        }
        context.addSecrets(plan.secrets.values)

        let made = try step(job, "provision (\(driverName))", context: context) { () throws(ProvisionError) -> DriverOutputs in
            try driver.provision(request, plan: plan, context: context)
        }
        try secretStore.merge(made.secrets, into: resourceName)
        context.addSecrets(made.secrets.values)
        guard var current = record ?? (try? database.resource(job.resourceRef)) else { throw .failed("the resource record of \(job.resourceRef) is gone") }
        if let extra = made.handle?.objectValue, let handle = JSONText.parse(current.handleJSON) {
            var merged = handle
            for member in extra { merged = merged.setting(member.key, to: member.value) }
            current.handleJSON = JSONWriter.string(merged)
        }
        current.outputsJSON = JSONText.string(made.outputs)
        try save(current)

        // Where the entity and the env lines go is recorded before they are written, so a crash
        // in between leaves nothing a clean-up cannot find.
        let catalogFile = environment.stateDirectory + "/resources/catalog/" + resourceName + ".yaml"
        let envFile = try Self.envFile(for: target, stateDirectory: environment.stateDirectory)
        let envValues = made.outputs.merging(made.secrets) { _, secret in secret }
        current.catalogFile = catalogFile
        current.envFile = envFile
        current.envKeys = envValues.keys.sorted().joined(separator: "\n")
        try save(current)

        try step(job, "register in the catalog", context: context) { () throws(ProvisionError) in
            let description = ResourceEntityFile.Description(
                name: resourceName, namespace: target.ref.namespace, title: "\(type?.title ?? job.typeRef) for \(target.ref.name)",
                summary: "\(type?.title ?? job.typeRef) provisioned by cairn job \(job.id) for \(target.ref)",
                kind: type?.resourceKind ?? "resource", ownerRef: target.owner?.description, targetRef: target.ref.description,
                systemRef: target.system?.description, typeRef: job.typeRef, jobID: job.id, requester: job.requester, outputs: made.outputs)
            try PrivateFile.write(Data(ResourceEntityFile.text(description).utf8), to: catalogFile)
            chmod(catalogFile, 0o644)
            do { try database.registerLocation(catalogFile, source: "job \(job.id)") } catch { throw .failed("cannot register \(catalogFile): \(error)") }
            context.log("registered \(job.resourceRef) (owner \(target.owner?.description ?? "none"), dependency of \(target.ref))")
        }

        try step(job, "write the env file", context: context) { () throws(ProvisionError) in
            try EnvFile.update(envFile, setting: envValues.keys.sorted().map { (key: $0, value: envValues[$0]!) })
            context.log("wrote \(envValues.keys.sorted().joined(separator: ", ")) to \(envFile)")
        }
        current.state = .active
        try save(current)
        return made.outputs
    }

    private func save(_ record: ResourceRecord) throws(ProvisionError) {
        do { try database.saveResource(record) } catch { throw .failed("cannot record the resource \(record.ref): \(error)") }
    }

    /// Removes what a failed or cancelled provision made, with a context no cancel stops.
    /// Returns what a user must know when something is left behind.
    private func cleanUp(_ job: JobRecord, environment: JobEnvironment, context: JobContext) -> String? {
        guard let record = try? database.resource(job.resourceRef), record.jobID == job.id,
              record.state != .deprovisioned else { return nil }
        let cleanup = JobContext(jobID: job.id, childRecordPath: nil, secrets: Array(environment.secretStore.secrets(of: Self.name(of: record.ref)).values)) {
            [database, onChange] lines in
            try? database.appendLog(job: job.id, lines)
            onChange(job.id)
        }
        do throws(ProvisionError) {
            try step(job, "clean up", context: cleanup) { () throws(ProvisionError) in
                try remove(record, environment: environment, context: cleanup)
            }
            return nil
        } catch {
            var failed = record
            failed.state = .failed
            try? database.saveResource(failed)
            return "clean-up failed (\(cleanup.redacted(error.description))); run cairn deprovision \(record.ref) to retry"
        }
    }

    private func deprovision(_ job: JobRecord, environment: JobEnvironment, directory: String, context: JobContext) throws(ProvisionError) {
        guard var record = try? database.resource(job.resourceRef) else { throw .failed("no resource \(job.resourceRef) was provisioned by cairn") }
        guard record.state != .deprovisioned else {
            context.log("\(record.ref) was already removed")
            return
        }
        record.state = .deprovisioning
        try save(record)
        try step(job, "deprovision (\(record.driver))", context: context) { () throws(ProvisionError) in
            try remove(record, environment: environment, context: context)
        }
    }

    /// Removes a resource: the driver's part, then its catalog file, env keys and secrets.
    private func remove(_ record: ResourceRecord, environment: JobEnvironment, context: JobContext) throws(ProvisionError) {
        let name = Self.name(of: record.ref)
        guard let driver = environment.drivers[record.driver] else { throw .failed("no \(record.driver) driver in this cairn") }
        let request = DeprovisionRequest(jobID: record.jobID, resourceName: name, resourceRef: record.ref,
                                         settings: JSONText.parse(record.settingsJSON) ?? .object([]),
                                         handle: JSONText.parse(record.handleJSON) ?? .object([]), outputs: JSONText.strings(record.outputsJSON),
                                         secrets: environment.secretStore.secrets(of: name),
                                         directory: environment.stateDirectory + "/resources/" + name)
        do {
            try driver.deprovision(request, context: context)
        } catch {
            var failed = record
            failed.state = .failed
            try? database.saveResource(failed)
            throw error
        }
        if let file = record.catalogFile {
            try? database.unregisterLocation(file)
            if unlink(file) == 0 { context.log("removed \(record.ref) from the catalog") }
        }
        if let envFile = record.envFile, let keys = record.envKeys, FileManager.default.fileExists(atPath: envFile) {
            try EnvFile.update(envFile, setting: [], removing: keys.split(separator: "\n").map(String.init))
            context.log("removed \(keys.split(separator: "\n").joined(separator: ", ")) from \(envFile)")
        }
        environment.secretStore.remove(name)
        try? FileManager.default.removeItem(atPath: request.directory)
        var done = record
        done.state = .deprovisioned
        try save(done)
    }

    /// The env file of a service: its `cairn.dev/env-file` annotation, a path inside the
    /// folder of its catalog file (a catalog entry must not make cairn write elsewhere), else
    /// `<state>/env/<name>.env`.
    public static func envFile(for target: Entity, stateDirectory: String) throws(ProvisionError) -> String {
        guard let annotated = target.annotation("cairn.dev/env-file"), !annotated.isEmpty else {
            let namespace = target.ref.namespace == EntityRef.defaultNamespace ? "" : target.ref.namespace + "--"
            return stateDirectory + "/env/" + namespace + target.ref.name + ".env"
        }
        let folder = (target.source.file as NSString).deletingLastPathComponent
        let base = folder.hasPrefix("/") ? folder : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(folder)
        let root = URL(fileURLWithPath: base).resolvingSymlinksInPath().standardizedFileURL.path
        let wanted = annotated.hasPrefix("/") ? annotated : (base as NSString).appendingPathComponent(annotated)
        // The folder it goes in, with symbolic links resolved, must be inside the catalog file's.
        let parent = URL(fileURLWithPath: (wanted as NSString).deletingLastPathComponent).resolvingSymlinksInPath().standardizedFileURL.path
        guard parent == root || parent.hasPrefix(root + "/") else {
            throw .failed("\(target.ref): cairn.dev/env-file \"\(annotated)\" leads outside \(folder.isEmpty ? "." : folder); name a file in that folder or below")
        }
        return parent + "/" + (wanted as NSString).lastPathComponent
    }

    /// `payments-api-redis` from `resource:default/payments-api-redis`.
    static func name(of ref: String) -> String { CairnDatabase.name(of: ref) }
}

/// Marks a running job alive every second and passes a cancel request on to its context.
private final class Heartbeat: Sendable {
    let database: CairnDatabase
    let job: Int64
    let worker: String
    let context: JobContext
    private let done = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(database: CairnDatabase, job: Int64, worker: String, context: JobContext) {
        self.database = database
        self.job = job
        self.worker = worker
        self.context = context
    }

    func start() {
        let thread = Thread { [self] in
            while done.wait(timeout: .now() + 1) == .timedOut {
                do {
                    // nil: another worker took the job over (this one was presumed dead).
                    switch try database.heartbeat(job: job, worker: worker) {
                    case true?: context.cancel()
                    case nil: context.abandon()
                    case false?: break
                    }
                } catch {
                    // A busy database: try again on the next beat.
                }
            }
            finished.signal()
        }
        thread.name = "cairn-job-heartbeat"
        thread.start()
    }

    func stop() {
        done.signal()
        finished.wait()
    }
}
