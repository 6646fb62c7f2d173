import ArgumentParser
import CairnAccess
import CairnCatalog
import CairnHealth
import CairnPortal
import CairnProvision
import CairnScaffold
import CairnStore
import CairnTUI
import Foundation
import Synchronization

/// `cairn` with no verb: the full-screen portal. Paints the last-known catalog from the cache
/// at once, then replaces it with fresh data read in the background.
struct PortalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "The full-screen terminal portal (what `cairn` alone opens on a terminal).",
        discussion: """
            Keys: j/k move, Enter open, / filter, : command palette, t group, s sort, [ ] detail tabs (overview, health,
            docs, API, audit), e edit the entity's YAML in $VISUAL/$EDITOR, d dependencies, i incidents, r re-check health,
            p request a resource, J jobs, S sources (r refreshes one, R all), ! problems, ? help, q quit.
            NO_COLOR (non-empty) turns colour off; a non-UTF-8 locale or --ascii draws with ASCII only.
            When standard input or output is not a terminal, prints `cairn summary` instead.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "A theme name (default, 256, light, mono) or a theme file; also theme: in the config file.") var theme: String?
    @Flag(help: "Draw with ASCII characters only.") var ascii = false
    @Flag(help: "No colour (as NO_COLOR does).") var noColor = false

    func run() throws {
        // The command runs on the main thread; ncurses belongs to the main actor.
        try MainActor.assumeIsolated { try runPortal() }
    }

    @MainActor
    private func runPortal() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            var arguments: [String] = []
            for catalog in global.catalogs { arguments += ["--catalog", catalog] }
            if let database = global.database { arguments += ["--db", database] }
            let summary = try SummaryCommand.parse(arguments)
            try summary.run()
            return
        }
        var resolved = try PortalConfiguration.resolve(catalogs: global.catalogs, database: global.database)
        resolved.isReadOnly = global.isReadOnly
        let configuration = resolved
        let themeName = theme ?? configuration.theme ?? "default"
        let chosenTheme: Theme
        do {
            chosenTheme = try ThemeLoader.load(themeName)
        } catch {
            throw PortalError.usage(error.description)
        }
        // Fail before taking over the screen when the catalog path is wrong.
        _ = try CatalogLoader().discover(configuration.catalogLocations)

        let isUnicode = Output.isUnicode && !ascii
        let environment = ProcessInfo.processInfo.environment
        let isColor = !noColor && (environment["NO_COLOR"] ?? "").isEmpty
        let lastKnown = Portal.lastKnownCatalog(configuration)
        let catalog = lastKnown?.catalog ?? Catalog(entities: [], files: [], fileProblems: [])
        let source = lastKnown.map { CatalogSource(origin: .cache, builtAt: $0.builtAt, isRefreshing: true) }
            ?? CatalogSource(origin: .sources, builtAt: Date(), isRefreshing: true)
        let terminal = try NCursesTerminal()
        terminal.apply(chosenTheme, isColor: isColor)
        let size = terminal.size
        var state = AppState(catalog: catalog, source: source, width: size.width, height: size.height, isUnicode: isUnicode, isColor: isColor,
                             themeName: chosenTheme.name, identity: NSUserName(), availableThemes: ThemeLoader.available())
        if lastKnown == nil { state.message = AppState.loadingMessage }
        let inbox = Inbox()
        let monitor = MonitorSlot()
        let searcher = DocsSearcher(inbox: inbox, slot: monitor)
        let jobs = JobsFeed(inbox: inbox) {
            // A job added or removed a Resource entity: read the catalog again.
            Self.reloadCatalog(configuration: configuration, inbox: inbox, slot: monitor)
        }
        let sources = SourcesFeed(inbox: inbox) {
            // A source brought new files: read the catalog again, on the worker's thread.
            Self.reopenCatalog(configuration: configuration, inbox: inbox, slot: monitor)
        }
        let pagerDuty = configuration.pagerDuty.map { PagerDutyFeed(inbox: inbox, interval: $0.interval) }
        Self.startBackground(configuration: configuration, lastKnown: lastKnown?.catalog, inbox: inbox, monitor: monitor, jobs: jobs, sources: sources,
                             pagerDuty: pagerDuty)
        let edits = PortalEdits(slot: monitor) {
            // The entity's file was rewritten: read the catalog again so the list and detail show it.
            Self.reloadCatalog(configuration: configuration, inbox: inbox, slot: monitor)
        }
        let app = TerminalApp(state: state, terminal: terminal, inbox: inbox, loadTheme: { name in
            Result { () throws(ThemeError) -> Theme in try ThemeLoader.load(name) }
        }, checkHealth: { refs in monitor.checkNow(refs) }, scaffold: { template, values, isDryRun in
            Self.scaffold(template: template, values: values, isDryRun: isDryRun, configuration: configuration, inbox: inbox, slot: monitor)
        }, jobCommand: { command in
            Self.jobCommand(command, inbox: inbox, slot: monitor, jobs: jobs)
        }, loadDocs: { ref in
            Self.loadDocs(ref, inbox: inbox, slot: monitor)
        }, searchDocs: { query in
            searcher.submit(query)
        }, loadAudit: { ref in
            Self.loadAudit(ref, inbox: inbox, slot: monitor)
        }, refreshSources: { names in
            sources.request(names)
        }, editing: EntityEditing(begin: { ref in edits.begin(ref) }, finish: { ref, exit in edits.finish(ref, exit) }))
        app.run()
        pagerDuty?.stop()
        sources.stop()
        monitor.stop()
        // A job still running is left to the next worker to resume; quitting does not wait.
        jobs.stop()
    }

    /// The status line's "who am I": the User (or account) and roles, read-only flagged.
    nonisolated static func identityLabel(_ identity: Identity) -> String {
        let who = identity.user?.name ?? (identity.source == .osUser ? identity.login + " (not in catalog)" : identity.login)
        let roles = identity.roles.isEmpty ? "no role" : identity.sortedRoles.map(\.rawValue).joined(separator: ", ")
        return who + " · " + roles + (identity.readOnlyReason == nil ? "" : " · read-only")
    }

    /// Background work, off the UI thread (nonisolated: its closures run on other threads).
    /// Paints the last-known health at once, reads fresh data, then polls health and keeps the
    /// sources current and asks PagerDuty (when configured); each result is an action posted to the inbox.
    private nonisolated static func startBackground(configuration: PortalConfiguration, lastKnown: Catalog?, inbox: Inbox, monitor: MonitorSlot,
                                                    jobs: JobsFeed, sources: SourcesFeed, pagerDuty: PagerDutyFeed?) {
        Thread.detachNewThread {
            if let lastKnown {
                let samples = Portal.lastKnownHealthSamples(configuration)
                if !samples.isEmpty { inbox.post(.healthUpdated(HealthBoard(samples: samples, catalog: lastKnown, graph: CatalogGraph(lastKnown)))) }
            }
            let portal: Portal
            do {
                portal = try Portal.open(configuration)
                let origin: CatalogSource.Origin = portal.loadReport.isFromCache ? .cache : .sources
                inbox.post(.preparedCatalogLoaded(PreparedCatalog(portal.catalog), CatalogSource(origin: origin, builtAt: portal.loadReport.builtAt, isRefreshing: false)))
                inbox.post(.identityResolved(Self.identityLabel(portal.identity)))
            } catch {
                inbox.post(.refreshFailed("\(error)"))
                return
            }
            monitor.setPortal(portal)
            jobs.start(portal) { monitor.currentPortal }
            sources.start(portal) { monitor.currentPortal }
            pagerDuty?.start(portal) { monitor.currentPortal }
            let started = portal.startHealthMonitor { board in inbox.post(.healthUpdated(board)) }
            inbox.post(.healthUpdated(started.board))
            monitor.set(started)
        }
    }

    /// Runs a template off the UI thread: a dry run posts the preview; a real run posts each
    /// step, then reads the catalog again (the new repository is registered) and posts the result.
    private nonisolated static func scaffold(template: EntityRef, values: [String: Value], isDryRun: Bool, configuration: PortalConfiguration,
                                             inbox: Inbox, slot: MonitorSlot) {
        Thread.detachNewThread {
            guard let portal = slot.waitForPortal() else {
                inbox.post(.scaffold(isDryRun ? .preview(Wizard.Preview(files: [], catalogInfo: nil, unavailable: [], error: "the catalog is not read yet"))
                                                : .failed("the catalog is not read yet")))
                return
            }
            do {
                let entity = try portal.template(template.description)
                let result = try portal.scaffold(entity, values: values, isDryRun: isDryRun) { event in
                    if !isDryRun { inbox.post(.scaffold(.event(event))) }
                }
                if isDryRun {
                    inbox.post(.scaffold(.preview(Wizard.Preview(files: result.files.map(\.path), catalogInfo: result.catalogInfo,
                                                                 unavailable: result.unavailable, error: nil, template: template, values: values))))
                    return
                }
                // The new repository's catalog file is registered: read the catalog again.
                reopenCatalog(configuration: configuration, inbox: inbox, slot: slot)
                var links = result.links.map { "\($0.title): \($0.url ?? $0.entityRef ?? "")" }
                if let remote = result.remoteURL, !result.links.contains(where: { $0.url == remote }) { links.insert("Repository: \(remote)", at: 0) }
                inbox.post(.scaffold(.finished(Wizard.Outcome(entityRef: result.entityRef.flatMap { try? EntityRef.parse($0) }, links: links, text: result.text))))
            } catch {
                let message = "\(error)".replacingOccurrences(of: "cairn: error: ", with: "")
                inbox.post(.scaffold(isDryRun ? .preview(Wizard.Preview(files: [], catalogInfo: nil, unavailable: [], error: message, template: template, values: values))
                                              : .failed(message)))
            }
        }
    }

    /// Reads an entity's docs pages and API definition off the UI thread.
    private nonisolated static func loadDocs(_ ref: EntityRef, inbox: Inbox, slot: MonitorSlot) {
        Thread.detachNewThread {
            guard let portal = slot.waitForPortal(), let entity = portal.catalog[ref] else {
                inbox.post(.docsLoaded(ref, LoadedDocs(problems: ["\(ref) is not in the catalog yet"])))
                return
            }
            let (pages, contradictions, problems) = portal.docsPages(for: entity)
            var loaded = LoadedDocs(pages: pages, contradictions: contradictions, problems: problems)
            do {
                loaded.api = try portal.apiDefinition(for: entity)
            } catch {
                loaded.apiError = "\(error)"
            }
            inbox.post(.docsLoaded(ref, loaded))
        }
    }

    /// Reads an entity's audit records (and its jobs') off the UI thread for the Audit tab; a
    /// reader who may not see them gets the policy's reason instead.
    private nonisolated static func loadAudit(_ ref: EntityRef, inbox: Inbox, slot: MonitorSlot) {
        Thread.detachNewThread {
            guard let portal = slot.waitForPortal() else {
                inbox.post(.auditLoaded(ref, .failed("the catalog is not read yet")))
                return
            }
            do throws(PortalError) {
                let records = try portal.entityAuditRecords(ref)
                inbox.post(.auditLoaded(ref, .records(records.map(AuditRow.init))))
            } catch {
                let reason = error.description.replacingOccurrences(of: "cairn: error: ", with: "")
                if case .permissionDenied = error {
                    inbox.post(.auditLoaded(ref, .denied(reason)))
                } else {
                    inbox.post(.auditLoaded(ref, .failed(reason)))
                }
            }
        }
    }

    /// Reads the catalog again in the background and hands it to the UI and the health monitor.
    private nonisolated static func reloadCatalog(configuration: PortalConfiguration, inbox: Inbox, slot: MonitorSlot) {
        Thread.detachNewThread { reopenCatalog(configuration: configuration, inbox: inbox, slot: slot) }
    }

    /// Opens the portal again (on the calling, background thread) and hands the fresh catalog
    /// to the health monitor and the UI.
    private nonisolated static func reopenCatalog(configuration: PortalConfiguration, inbox: Inbox, slot: MonitorSlot) {
        guard let fresh = try? Portal.open(configuration) else { return }
        slot.setPortal(fresh)
        slot.replaceCatalog(fresh.catalog)
        inbox.post(.preparedCatalogLoaded(PreparedCatalog(fresh.catalog), CatalogSource(origin: .sources, builtAt: fresh.loadReport.builtAt, isRefreshing: false)))
        inbox.post(.identityResolved(Self.identityLabel(fresh.identity)))
    }

    /// Carries out what the Jobs screen and the request form ask: watching a job is immediate;
    /// the rest runs off the UI thread and posts how it went.
    private nonisolated static func jobCommand(_ command: JobCommand, inbox: Inbox, slot: MonitorSlot, jobs: JobsFeed) {
        if case .watch(let id) = command {
            jobs.watch(id)
            return
        }
        Thread.detachNewThread {
            func reason(_ error: any Error) -> String { "\(error)".replacingOccurrences(of: "cairn: error: ", with: "") }
            guard let portal = slot.waitForPortal() else {
                inbox.post(.jobCommandFinished(.failed("the catalog is not read yet")))
                return
            }
            switch command {
            case .watch:
                break
            case .cancel(let id):
                do {
                    let job = try portal.cancelJob(id)
                    jobs.refresh()
                    inbox.post(.jobCommandFinished(.done(job.state == .cancelled ? "job #\(id) cancelled"
                                                         : "cancel requested: job #\(id) stops its step and cleans up")))
                } catch {
                    inbox.post(.jobCommandFinished(.failed(reason(error))))
                }
            case .decide(let id, let approve):
                do {
                    _ = try portal.decideJob(id, approve: approve)
                    jobs.wakeRunner()
                    jobs.refresh()
                    inbox.post(.jobCommandFinished(.done("job #\(id) \(approve ? "approved: it runs next" : "declined")")))
                } catch {
                    inbox.post(.jobCommandFinished(.failed(reason(error))))
                }
            case .request(let type, let target, let values):
                do {
                    let resourceType = try portal.resourceType(type.description)
                    let entity = try portal.provisionTarget(target.description)
                    let (job, isNew) = try portal.requestProvision(resourceType, for: entity, values: values, key: nil)
                    jobs.wakeRunner()
                    jobs.refresh()
                    inbox.post(.jobCommandFinished(.requested(jobID: job.id, isNew: isNew, state: JobSummary.State(rawValue: job.state.rawValue) ?? .queued)))
                } catch {
                    inbox.post(.jobCommandFinished(.requestFailed(reason(error))))
                }
            }
        }
    }
}

/// Runs the search screen's queries off the UI thread: the index is brought up to date on the
/// first query and again whenever the catalog was read anew (a scaffold, a provisioned
/// resource), and only the newest query waiting is run (typing fast skips the rest).
final class DocsSearcher: Sendable {
    private struct Slots {
        var pending: String?
        var isRunning = false
        /// The portal (one per catalog read) the index was last brought up to date with.
        var indexedFor: ObjectIdentifier?
    }
    private let slots = Mutex(Slots())
    private let inbox: Inbox
    private let slot: MonitorSlot

    init(inbox: Inbox, slot: MonitorSlot) {
        self.inbox = inbox
        self.slot = slot
    }

    func submit(_ query: String) {
        let start = slots.withLock { slots -> Bool in
            slots.pending = query
            guard !slots.isRunning else { return false }
            slots.isRunning = true
            return true
        }
        guard start else { return }
        Thread.detachNewThread { [self] in
            while let (query, indexedFor) = slots.withLock({ slots -> (String, ObjectIdentifier?)? in
                guard let query = slots.pending else {
                    slots.isRunning = false
                    return nil
                }
                slots.pending = nil
                return (query, slots.indexedFor)
            }) {
                guard let portal = slot.waitForPortal() else { continue }
                if indexedFor != ObjectIdentifier(portal) {
                    portal.refreshDocsIndex()
                    slots.withLock { $0.indexedFor = ObjectIdentifier(portal) }
                }
                let results = portal.searchDocs(query, limit: 100).compactMap { hit -> DocsSearchResult? in
                    guard let ref = try? EntityRef.parse(hit.entityRef) else { return nil }
                    return DocsSearchResult(entityRef: ref, kind: DocsSearchResult.Kind(rawValue: hit.kind.rawValue) ?? .metadata, title: hit.title,
                                            section: hit.section, snippet: hit.snippet)
                }
                inbox.post(.docsSearched(query, results))
            }
        }
    }
}

/// The job runner this portal runs jobs with (other cairn processes may run them too: claims
/// are atomic), and the poller that feeds the Jobs screen: every ~300 ms it reads the jobs
/// version, and when anything changed it posts the job list with the watched job's steps and
/// the end of its log.
final class JobsFeed: Sendable {
    private struct Slots {
        var portal: Portal?
        var runner: JobRunner?
        var isStopped = false
        /// The job whose steps and log go with each snapshot, and its log so far.
        var watched: Int64?
        var log: [JobLogLine] = []
        /// The version last posted; nil forces the next look to post.
        var version: String?
        /// Jobs seen succeeded so far (nil before the first look).
        var succeeded: Set<Int64>?
    }

    /// Log lines kept for the watched job.
    static let logLimit = 500
    static let interval = 0.3

    private let slots = Mutex(Slots())
    private let signal = DispatchSemaphore(value: 0)
    private let inbox: Inbox
    private let onResourcesChanged: @Sendable () -> Void

    /// `onResourcesChanged` runs when a job succeeds while the portal is open (a Resource entity
    /// was added to or removed from the catalog).
    init(inbox: Inbox, onResourcesChanged: @escaping @Sendable () -> Void = {}) {
        self.inbox = inbox
        self.onResourcesChanged = onResourcesChanged
    }

    /// Starts the runner (two threads) and the poller once the portal is open. Each job reads
    /// the catalog `current` gives then (the portal is reopened when the catalog changes).
    func start(_ portal: Portal, current: @escaping @Sendable () -> Portal?) {
        let runner = portal.jobRunner(environment: { (current() ?? portal).jobEnvironment }, onChange: { [weak self] _ in self?.refresh() })
        let isStopped = slots.withLock { slots -> Bool in
            if !slots.isStopped {
                slots.portal = portal
                slots.runner = runner
            }
            return slots.isStopped
        }
        guard !isStopped else { return }
        runner.start(threads: 2)
        let thread = Thread { [self] in poll() }
        thread.name = "cairn-jobs-feed"
        thread.start()
    }

    /// Sends `id`'s steps and log from now on, at once.
    func watch(_ id: Int64?) {
        slots.withLock { slots in
            if slots.watched != id {
                slots.watched = id
                slots.log = []
            }
            slots.version = nil
        }
        signal.signal()
    }

    /// Posts a snapshot at once, changed or not.
    func refresh() {
        slots.withLock { $0.version = nil }
        signal.signal()
    }

    func wakeRunner() { slots.withLock { $0.runner }?.wake() }

    /// Stops the poller and the runner without waiting for a running job.
    func stop() {
        let runner = slots.withLock { slots -> JobRunner? in
            slots.isStopped = true
            return slots.runner
        }
        runner?.stop()
        signal.signal()
    }

    private func poll() {
        while true {
            guard let (portal, previous) = slots.withLock({ slots -> (Portal, String?)? in
                guard !slots.isStopped, let portal = slots.portal else { return nil }
                return (portal, slots.version)
            }) else { return }
            let version = portal.jobsVersion
            if version != previous { post(portal, version: version) }
            _ = signal.wait(timeout: .now() + Self.interval)
        }
    }

    private func post(_ portal: Portal, version: String) {
        let records = portal.jobs()
        let list = records.map(JobSummary.init)
        let succeeded = Set(records.filter { $0.state == .succeeded }.map(\.id))
        let isNewSuccess = slots.withLock { slots -> Bool in
            defer { slots.succeeded = succeeded }
            return slots.succeeded.map { !succeeded.isSubset(of: $0) } ?? false
        }
        if isNewSuccess { onResourcesChanged() }
        let (watched, known) = slots.withLock { ($0.watched, $0.log) }
        var detail: JobDetail?
        if let watched {
            let fresh = portal.jobLog(watched, after: known.last?.id ?? 0)
            let log = Array((known + fresh).suffix(Self.logLimit))
            let steps = portal.jobSteps(watched).map(JobStepSummary.init)
            let isCurrent = slots.withLock { slots -> Bool in
                guard slots.watched == watched else { return false }
                slots.log = log
                return true
            }
            if isCurrent { detail = JobDetail(jobID: watched, steps: steps, log: log.map { JobLogEntry(at: $0.at, line: $0.line) }) }
        }
        slots.withLock { if $0.version == nil || $0.version != version { $0.version = version } }
        inbox.post(.jobsUpdated(JobsSnapshot(jobs: list, detail: detail)))
    }
}

/// The edits `e` starts from the portal: the session while the editor runs and, afterwards,
/// that of each entity whose edit was refused (invalid, a change only a platform engineer may
/// make, an editor that failed), so the next `e` on the entity reopens the user's own text
/// rather than a fresh copy.
@MainActor
final class PortalEdits {
    private var sessions: [EntityRef: EditSession] = [:]
    /// Entities whose session holds text the user already edited (kept from a refused edit).
    private var kept: Set<EntityRef> = []
    private let slot: MonitorSlot
    private let onSaved: () -> Void

    /// `onSaved` runs after an edit is written back.
    init(slot: MonitorSlot, onSaved: @escaping () -> Void) {
        self.slot = slot
        self.onSaved = onSaved
    }

    func begin(_ ref: EntityRef) -> EditLaunch {
        if let session = sessions[ref], kept.contains(ref), FileManager.default.fileExists(atPath: session.copy.path) {
            return .run(session.editorArguments())
        }
        sessions[ref] = nil
        kept.remove(ref)
        guard let portal = slot.currentPortal else { return .refused("the catalog is not read yet; press e again in a moment") }
        do {
            let session = try portal.beginEdit(ref.description)
            sessions[ref] = session
            return .run(session.editorArguments())
        } catch {
            return .refused(Self.reason(error.description, copy: nil))
        }
    }

    func finish(_ ref: EntityRef, _ exit: EditorExit) -> EditResult {
        guard let session = sessions[ref] else { return .failed("no edit of \(ref.humanized) is open; press e to start one") }
        let copy = session.copy.path
        let editor = session.editorArguments().first ?? "the editor"
        switch exit {
        case .couldNotStart(let program, let reason):
            let message = "cannot start the editor \(program) (\(reason)); set VISUAL or EDITOR"
            if kept.contains(ref) { return .kept(ref, reason: message, copy: copy) }
            // Nothing of the user's is in a copy no editor opened.
            try? session.copy.remove()
            sessions[ref] = nil
            return .failed(message)
        case .exited(let status) where status != 0:
            kept.insert(ref)
            return .kept(ref, reason: "the editor \(editor) exited with status \(status); nothing was written", copy: copy)
        case .killed(let number):
            kept.insert(ref)
            return .kept(ref, reason: "the editor \(editor) was ended by signal \(number); nothing was written", copy: copy)
        case .exited:
            break
        }
        guard let portal = slot.currentPortal else {
            kept.insert(ref)
            return .kept(ref, reason: "the catalog is not open", copy: copy)
        }
        do {
            let outcome = try portal.finishEdit(session)
            sessions[ref] = nil
            kept.remove(ref)
            switch outcome {
            case .unchanged(let same):
                return .unchanged(same)
            case .saved(let saved, let file, let changes):
                onSaved()
                return .saved(saved, file: file, changes: changes)
            }
        } catch {
            switch error {
            case .usage, .permissionDenied:
                // Invalid, or a change this identity may not make: the copy is kept for another go.
                kept.insert(ref)
                return .kept(ref, reason: Self.reason(error.description, copy: copy), copy: copy)
            default:
                // The file changed meanwhile (or worse): this copy cannot be saved over it.
                sessions[ref] = nil
                kept.remove(ref)
                return .failed(Self.reason(error.description, copy: nil))
            }
        }
    }

    /// One line for the footer from the portal's message: its lines joined, cairn's prefixes
    /// and the "your edit is kept in …" notes dropped (the footer says that itself).
    static func reason(_ message: String, copy: String?) -> String {
        var lines = message.split(separator: "\n").map(String.init)
        if let copy {
            lines = lines.filter { !$0.hasPrefix("cairn: your edit is kept in") }
                .map { $0.replacingOccurrences(of: "; your edit is kept in \(copy)", with: "") }
        }
        return lines.map { $0.replacingOccurrences(of: "cairn: error: ", with: "") }.joined(separator: "; ")
    }
}

extension AuditRow {
    /// A stored record for the Audit tab; its parameters (a JSON object of strings) as pairs.
    init(_ record: AuditRecord) {
        var parameters: [String: String] = [:]
        if let object = try? JSONSerialization.jsonObject(with: Data(record.parameters.utf8)) as? [String: Any] {
            for (key, value) in object { parameters[key] = value as? String ?? "\(value)" }
        }
        self.init(seq: record.seq, date: record.date, time: record.time, actor: record.actor, action: record.action, target: record.target,
                  parameters: parameters, result: Result(rawValue: record.result) ?? .failed, detail: record.detail)
    }
}

extension JobSummary {
    init(_ record: JobRecord) {
        self.init(id: record.id, action: record.action.rawValue, typeRef: record.typeRef, targetRef: record.targetRef, resourceRef: record.resourceRef,
                  requester: record.requester, state: State(rawValue: record.state.rawValue) ?? .queued, createdAt: record.createdAt,
                  startedAt: record.startedAt, finishedAt: record.finishedAt, attempt: record.attempt, isCancelRequested: record.isCancelRequested,
                  error: record.error)
    }
}

extension JobStepSummary {
    init(_ record: JobStepRecord) {
        self.init(name: record.name, state: record.state, startedAt: record.startedAt, finishedAt: record.finishedAt, detail: record.detail)
    }
}

/// The portal and its health monitor once the background thread has them; the monitor is
/// stopped when the UI ends. One lock over all three, so a monitor set while the UI is ending
/// is stopped rather than left running.
final class MonitorSlot: Sendable {
    private struct Slots {
        var portal: Portal?
        var monitor: HealthMonitor?
        var isStopped = false
    }

    private let slots = Mutex(Slots())

    func setPortal(_ opened: Portal) { slots.withLock { $0.portal = opened } }

    /// The portal as last (re)opened, if any.
    var currentPortal: Portal? { slots.withLock { $0.portal } }

    /// The portal, waiting up to a minute for the first catalog read.
    func waitForPortal() -> Portal? {
        for _ in 0..<600 {
            if let opened = slots.withLock({ $0.portal }) { return opened }
            usleep(100_000)
        }
        return nil
    }

    func set(_ started: HealthMonitor) {
        let isStopped = slots.withLock { slots -> Bool in
            if !slots.isStopped { slots.monitor = started }
            return slots.isStopped
        }
        if isStopped { started.stop() }
    }

    func replaceCatalog(_ catalog: Catalog) { slots.withLock { $0.monitor }?.replaceCatalog(catalog) }

    func checkNow(_ refs: [EntityRef]) { slots.withLock { $0.monitor }?.checkNow(refs) }

    func stop() {
        let monitor = slots.withLock { slots -> HealthMonitor? in
            slots.isStopped = true
            return slots.monitor
        }
        monitor?.stop()
    }
}
