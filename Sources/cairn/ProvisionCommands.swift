import ArgumentParser
import CairnCatalog
import CairnPortal
import CairnProvision
import CairnScaffold
import CairnStore
import Foundation

struct ResourceTypesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resource-types",
        abstract: "The resources a team can request (cairn.dev/v1alpha1 ResourceType entities)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let types = portal.resourceTypes
        if json.isEnabled {
            Output.json(.array(types.map { entity in
                let type: ResourceType
                let form: TemplateForm
                do {
                    type = try portal.resourceType(entity.ref.description)
                    form = try portal.requestForm(for: type)
                } catch {
                    return .object([Value.Member("entityRef", .string(entity.ref.description)), Value.Member("error", .string("\(error)"))])
                }
                return .object([
                    Value.Member("entityRef", .string(entity.ref.description)),
                    Value.Member("title", .string(type.title)),
                    Value.Member("description", entity.summary.map(Value.string) ?? .null),
                    Value.Member("driver", .string(type.driver)),
                    Value.Member("outputs", .array(type.outputs.map(Value.string))),
                    Value.Member("approval", .object([Value.Member("lifecycles", .array(type.approvalLifecycles.map(Value.string))),
                                                      Value.Member("approvers", .array(type.approvers.map(Value.string)))])),
                    Value.Member("parameters", parametersJSON(form)),
                ])
            }))
            return
        }
        if types.isEmpty {
            Output.error("cairn: no resource types in the catalog; add cairn.dev/v1alpha1 ResourceType entities (see catalog-samples/resource-types)")
            return
        }
        Output.table(header: ["TYPE", "TITLE", "DRIVER", "APPROVAL", "DESCRIPTION"], rows: types.map { entity in
            let type = try? ResourceType(entity)
            let approval = type.map { $0.approvalLifecycles.isEmpty ? "-" : $0.approvalLifecycles.joined(separator: ",") } ?? "?"
            return [Output.clean(entity.ref.name), Output.clean(entity.title ?? ""), Output.clean(type?.driver ?? "invalid"),
                    Output.clean(approval), Output.clean(entity.summary ?? "")]
        })
    }
}

struct ProvisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Request a resource (database, cache, bucket…) for a service; it is made by a job.",
        discussion: """
            Values come from the type's defaults, then --values FILE, then each --set key=value; violations are listed (exit 2).
            The same --key with the same request returns the same job; with another request it is refused (exit 2).
            Without --wait the job is queued and a background worker runs it (cairn jobs ID --follow to watch).
            With --wait it runs (or is followed) until it ends: exit 0 succeeded, 1 failed or cancelled.
            With --wait --json the job is printed with its outputs and, once, its connection URL.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The resource type, e.g. redis.") var type: String
    @Option(name: .customLong("for"), help: ArgumentHelp("The service (component) it is for.", valueName: "entity")) var target: String
    @Option(name: .customLong("set"), help: ArgumentHelp("A parameter: key=value (repeatable).", valueName: "key=value")) var sets: [String] = []
    @Option(help: ArgumentHelp("A YAML or JSON file of parameters.", valueName: "file")) var values: String?
    @Option(help: ArgumentHelp("Idempotency key: retrying with it never makes a second resource.", valueName: "key")) var key: String?
    @Flag(help: "Wait for the job to end (running it here if no worker has).") var wait = false
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let resourceType = try portal.resourceType(type)
        let entity = try portal.provisionTarget(target)
        let form = try portal.requestForm(for: resourceType)
        let answers: [String: Value]
        do {
            answers = try form.values(defaults: false, file: values, sets: sets)
        } catch {
            throw PortalError.usage("cairn: error: \(error.message)")
        }
        let (job, isNew) = try portal.requestProvision(resourceType, for: entity, values: answers, key: key)
        try JobCommandSupport.report(job, isNew: isNew, portal: portal, wait: wait, json: json.isEnabled, global: global)
    }
}

struct DeprovisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deprovision",
        abstract: "Remove a resource cairn provisioned: the server or bucket, its catalog entry, its env-file lines and secrets.",
        discussion: "Runs as a job like provision: without --wait a background worker runs it."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The resource, e.g. resource:payments-api-redis.") var resource: String
    @Option(help: ArgumentHelp("Idempotency key.", valueName: "key")) var key: String?
    @Flag(help: "Wait for the job to end.") var wait = false
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let (job, isNew) = try portal.requestDeprovision(resource, key: key)
        try JobCommandSupport.report(job, isNew: isNew, portal: portal, wait: wait, json: json.isEnabled, global: global)
    }
}

enum JobCommandSupport {
    /// Prints what happened to a request; with `wait`, runs or follows the job to its end.
    static func report(_ job: JobRecord, isNew: Bool, portal: Portal, wait: Bool, json: Bool, global: GlobalOptions) throws {
        if !isNew, !json { Output.error("cairn: the key \(job.key) was already used for this request: job \(job.id) (\(job.state.rawValue))") }
        guard wait else {
            if job.state == .queued { startBackgroundWorker(portal: portal, global: global) }
            if json {
                Output.json(JobJSON.value(job, portal: portal))
            } else {
                Output.line(JobJSON.summary(job))
                if job.state == .awaitingApproval { Output.line("it needs an approval: cairn jobs approve \(job.id)") }
                Output.line("follow it with: cairn jobs \(job.id) --follow")
            }
            return
        }
        if !json { Output.line(JobJSON.summary(job)) }
        let finished = try JobFollower.follow(job.id, portal: portal, printsLog: !json, runs: true)
        // Following may have found other jobs whose worker died (they were queued to resume):
        // hand them to a background worker rather than leave them waiting.
        if portal.jobs().contains(where: { $0.state == .queued }) { startBackgroundWorker(portal: portal, global: global) }
        if json {
            var value = JobJSON.value(finished, portal: portal, withLog: false)
            let secrets = portal.secretOutputs(of: finished)
            if let url = secrets.keys.sorted().first(where: { $0.hasSuffix("_URL") }).flatMap({ secrets[$0] }) {
                value = value.setting("connectionUrl", to: .string(url))
            }
            Output.json(value)
        } else {
            Output.line(JobJSON.summary(finished) + (finished.error.map { " — \($0)" } ?? ""))
            if finished.state == .succeeded, finished.action == .provision {
                for (key, value) in JSONText.strings(finished.outputsJSON).sorted(by: { $0.key < $1.key }) { Output.line("  \(key)=\(Output.clean(value))") }
                let secrets = portal.secretOutputs(of: finished).keys.sorted()
                if !secrets.isEmpty, let resource = portal.resources().first(where: { $0.ref == finished.resourceRef }), let envFile = resource.envFile {
                    Output.line("  \(secrets.joined(separator: ", ")) (secret) and the rest are in \(envFile)")
                }
            }
        }
        if finished.state != .succeeded { throw ExitCode(1) }
    }

    /// A worker that runs the queued jobs and exits when none is left, detached from this
    /// terminal. Several may run: they claim jobs atomically.
    static func startBackgroundWorker(portal: Portal, global: GlobalOptions) {
        var arguments = ["/proc/self/exe", "worker", "--until-idle", "--db", portal.configuration.databasePath]
        for location in portal.configuration.catalogLocations {
            arguments += ["--catalog", location.hasPrefix("/") ? location : FileManager.default.currentDirectoryPath + "/" + location]
        }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { arguments[0] = executable }
        DetachedProcess.start(arguments, logFile: portal.stateDirectory + "/worker.log")
    }
}

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Provisioning jobs: list them, show one with its steps and log, follow, cancel, approve or decline.",
        subcommands: [JobsShowCommand.self, JobsCancelCommand.self, JobsApproveCommand.self, JobsDeclineCommand.self],
        defaultSubcommand: JobsShowCommand.self
    )
}

struct JobsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "List jobs, or show one (cairn jobs 12).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A job id; without it, all jobs, newest first.") var id: Int64?
    @Flag(help: "Print the job's log as it grows until the job ends.") var follow = false
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        guard let id else {
            let jobs = portal.jobs()
            if json.isEnabled {
                Output.json(.array(jobs.map { JobJSON.value($0, portal: portal) }))
                return
            }
            if jobs.isEmpty {
                Output.error("cairn: no jobs yet; request a resource with cairn provision TYPE --for SERVICE")
                return
            }
            Output.table(header: ["ID", "STATE", "ACTION", "TYPE", "TARGET", "RESOURCE", "REQUESTER", "AGE"], rows: jobs.map { job in
                [String(job.id), job.state.rawValue, job.action.rawValue, Output.clean(String(job.typeRef.split(separator: "/").last ?? "")),
                 Output.clean(job.targetRef), Output.clean(job.resourceRef), Output.clean(job.requester), JobJSON.age(job.createdAt)]
            })
            return
        }
        var job = try portal.job(id)
        if follow {
            if !json.isEnabled { Output.line(JobJSON.summary(job)) }
            job = try JobFollower.follow(id, portal: portal, printsLog: !json.isEnabled, runs: false)
            if json.isEnabled { Output.json(JobJSON.value(job, portal: portal, withLog: true)) } else { Output.line(JobJSON.summary(job)) }
            if job.state != .succeeded { throw ExitCode(1) }
            return
        }
        if json.isEnabled {
            Output.json(JobJSON.value(job, portal: portal, withLog: true))
            return
        }
        Output.line(JobJSON.summary(job))
        Output.line("  requested by \(Output.clean(job.requester)) \(JobJSON.age(job.createdAt)) ago, key \(Output.clean(job.key)), attempt \(job.attempt)")
        if let error = job.error { Output.line("  error: \(Output.clean(error))") }
        for (key, value) in JSONText.strings(job.outputsJSON).sorted(by: { $0.key < $1.key }) { Output.line("  \(key)=\(Output.clean(value))") }
        Output.line("steps:")
        for step in portal.jobSteps(id) {
            Output.line("  \(step.state.padding(toLength: 10, withPad: " ", startingAt: 0)) \(Output.clean(step.name))\(step.detail.map { " — " + Output.clean($0) } ?? "")")
        }
        Output.line("log:")
        for line in portal.jobLog(id) { Output.line("  " + Output.clean(line.line)) }
    }
}

struct JobsCancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a queued, waiting or running job (a running one cleans up).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job id.") var id: Int64
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let job = try portal.cancelJob(id)
        if json.isEnabled { Output.json(JobJSON.value(job, portal: portal)) } else {
            Output.line(job.state == .cancelled ? "job \(id) cancelled" : "job \(id): cancel requested; its worker stops the step and cleans up")
        }
    }
}

struct JobsApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a job awaiting approval; it is queued.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job id.") var id: Int64

    func run() throws {
        let portal = try global.openPortal()
        let job = try portal.decideJob(id, approve: true)
        JobCommandSupport.startBackgroundWorker(portal: portal, global: global)
        Output.line("job \(id) approved; \(job.state.rawValue)")
    }
}

struct JobsDeclineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decline", abstract: "Decline a job awaiting approval; it is cancelled.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The job id.") var id: Int64

    func run() throws {
        let portal = try global.openPortal()
        _ = try portal.decideJob(id, approve: false)
        Output.line("job \(id) declined")
    }
}

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run provisioning jobs headless (several workers may share one database).",
        discussion: "Runs until SIGINT/SIGTERM (a running job finishes first; a second signal exits at once and the job is resumed by the next worker)."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Exit when no job is queued.") var untilIdle = false
    @Option(help: "Jobs run at once.") var threads = 2

    func run() throws {
        let configuration = try PortalConfiguration.resolve(catalogs: global.catalogs, database: global.database)
        let portal = try global.openPortal()
        // Each job reads the catalog as it is then (types and services added since start count).
        let fallback = portal.jobEnvironment
        let environment: @Sendable () -> JobEnvironment = {
            (try? Portal.open(configuration))?.jobEnvironment ?? fallback
        }
        let runner = portal.jobRunner(environment: environment) { _ in }
        if untilIdle {
            signal(SIGHUP, SIG_IGN)
            let count = runner.runUntilIdle()
            Output.error("cairn worker: ran \(count) job(s); none queued, exiting")
            return
        }
        let signals = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { signals.signal() }
            source.resume()
            sources.append(source)
        }
        runner.start(threads: max(1, threads))
        Output.error("cairn worker \(runner.worker): waiting for jobs in \(configuration.databasePath)")
        signals.wait()
        runner.stop()
        Output.error("cairn worker: stopping after the running jobs (signal again to exit now)")
        DispatchQueue.global().async {
            signals.wait()
            Foundation.exit(1)
        }
        runner.waitUntilStopped()
    }
}
