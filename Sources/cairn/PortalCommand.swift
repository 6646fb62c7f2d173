import ArgumentParser
import CairnCatalog
import CairnHealth
import CairnPortal
import CairnScaffold
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
            Keys: j/k move, Enter open, / filter, : command palette, t group, s sort, [ ] detail tabs, d dependencies,
            i incidents, r re-check health, p problems, ? help, q quit.
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
        let configuration = try PortalConfiguration.resolve(catalogs: global.catalogs, database: global.database)
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
        Self.startBackground(configuration: configuration, lastKnown: lastKnown?.catalog, inbox: inbox, monitor: monitor)
        let app = TerminalApp(state: state, terminal: terminal, inbox: inbox, loadTheme: { name in
            Result { () throws(ThemeError) -> Theme in try ThemeLoader.load(name) }
        }, checkHealth: { refs in monitor.checkNow(refs) }, scaffold: { template, values, isDryRun in
            Self.scaffold(template: template, values: values, isDryRun: isDryRun, configuration: configuration, inbox: inbox, slot: monitor)
        })
        app.run()
        monitor.stop()
    }

    /// Background work, off the UI thread (nonisolated: its closures run on other threads).
    /// Paints the last-known health at once, reads fresh data, then polls health; each result
    /// is an action posted to the inbox.
    private nonisolated static func startBackground(configuration: PortalConfiguration, lastKnown: Catalog?, inbox: Inbox, monitor: MonitorSlot) {
        Thread.detachNewThread {
            if let lastKnown {
                let samples = Portal.lastKnownHealthSamples(configuration)
                if !samples.isEmpty { inbox.post(.healthUpdated(HealthBoard(samples: samples, catalog: lastKnown, graph: CatalogGraph(lastKnown)))) }
            }
            let portal: Portal
            do {
                portal = try Portal.open(configuration)
                let origin: CatalogSource.Origin = portal.loadReport.isFromCache ? .cache : .sources
                inbox.post(.catalogLoaded(portal.catalog, CatalogSource(origin: origin, builtAt: portal.loadReport.builtAt, isRefreshing: false)))
            } catch {
                inbox.post(.refreshFailed("\(error)"))
                return
            }
            monitor.setPortal(portal)
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
                let result = try portal.scaffold(entity, values: values, isDryRun: isDryRun, user: NSUserName()) { event in
                    if !isDryRun { inbox.post(.scaffold(.event(event))) }
                }
                if isDryRun {
                    inbox.post(.scaffold(.preview(Wizard.Preview(files: result.files.map(\.path), catalogInfo: result.catalogInfo,
                                                                 unavailable: result.unavailable, error: nil, template: template, values: values))))
                    return
                }
                // The new repository's catalog file is registered: read the catalog again.
                if let fresh = try? Portal.open(configuration) {
                    slot.setPortal(fresh)
                    slot.replaceCatalog(fresh.catalog)
                    inbox.post(.catalogLoaded(fresh.catalog, CatalogSource(origin: .sources, builtAt: fresh.loadReport.builtAt, isRefreshing: false)))
                }
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
