import CairnCatalog
import CairnHealth
import CairnScaffold
import Foundation

/// Everything that can happen to the app: keys, resizes, and results from background work.
public enum Action: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// A catalog arrived: the last-known one from the cache at start-up, or fresh from sources.
    case catalogLoaded(Catalog, CatalogSource)
    /// The same, with the derived state already built off the UI thread (see `PreparedCatalog`).
    case preparedCatalogLoaded(PreparedCatalog, CatalogSource)
    /// Reading fresh data failed; the catalog on screen stays.
    case refreshFailed(String)
    /// Who the portal acts as, now that the catalog is read (`user:jane.doe · developer`).
    case identityResolved(String)
    /// The theme asked for could not be used.
    case themeFailed(String)
    case themeChanged(String)
    /// The health poller (or the store at start-up) has a new picture of health.
    case healthUpdated(HealthBoard)
    /// An entity's docs pages and API definition, read in the background.
    case docsLoaded(EntityRef, LoadedDocs)
    /// Search results for a query.
    case docsSearched(String, [DocsSearchResult])
    /// Progress and results of a scaffold run (a dry-run preview or the real thing).
    case scaffold(ScaffoldUpdate)
    /// The job poller saw a change: the job list and the watched job's steps and log.
    case jobsUpdated(JobsSnapshot)
    /// A cancel, decision or request sent by `Effect.job` was recorded or refused.
    case jobCommandFinished(JobCommandResult)
    /// An entity's audit records (and its jobs'), read in the background for the Audit tab.
    case auditLoaded(EntityRef, LoadedAudit)
    /// The editor `Effect.editEntity` ran has exited and the edit was saved or not.
    case editFinished(EditResult)
    /// The sources worker's statuses: at start, and after each refresh it starts or ends.
    case sourcesUpdated([SourceSummary])
    /// The PagerDuty poller's answer (or why the whole ask failed): on-call and open incidents
    /// by service id. The first, before any answer, says PagerDuty is configured.
    case pagerDutyUpdated(PagerDutyBoard)
}

/// Where the catalog on screen came from and when it was built.
public struct CatalogSource: Sendable, Equatable {
    public enum Origin: String, Sendable { case cache, sources }
    public var origin: Origin
    public var builtAt: Date
    /// True while fresher data is being read in the background.
    public var isRefreshing: Bool

    public init(origin: Origin, builtAt: Date, isRefreshing: Bool) {
        self.origin = origin
        self.builtAt = builtAt
        self.isRefreshing = isRefreshing
    }
}

/// What the reducer asks the outside world to do.
public enum Effect: Sendable, Equatable {
    case quit
    case loadTheme(String)
    /// Check these entities' health now (all when empty), whatever their schedule.
    case checkHealth([EntityRef])
    /// Run a template (a dry run renders the preview and writes nothing).
    case scaffold(template: EntityRef, values: [String: Value], isDryRun: Bool)
    /// Watch, cancel, approve or decline a job, or request a resource.
    case job(JobCommand)
    /// Read an entity's docs pages and API definition (files on disk) for the Docs and API tabs.
    case loadDocs(EntityRef)
    /// Search docs, metadata and API operations.
    case searchDocs(String)
    /// Read an entity's audit records for the Audit tab.
    case loadAudit(EntityRef)
    /// Edit the entity's YAML in the user's editor, on this terminal, the UI suspended meanwhile.
    case editEntity(EntityRef)
    /// Refresh these sources now (all when empty), in the background, one after another.
    case refreshSources([String])
}
