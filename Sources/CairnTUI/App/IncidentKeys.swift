import CairnCatalog
import CairnHealth

/// One row of the incidents screen: a failing or warning health check, or an open PagerDuty
/// incident of a service an entity names.
public enum IncidentEntry: Sendable, Equatable {
    case health(Incident)
    case pagerDuty(PagerDutyBoard.OpenIncident)

    /// The entity Enter opens.
    public var ref: EntityRef {
        switch self {
        case .health(let incident): return incident.ref
        case .pagerDuty(let open): return open.ref
        }
    }

    /// Where it sorts: a page someone must answer (triggered, high urgency) first, then
    /// failing checks, acknowledged high and triggered low pages, warnings, and acknowledged
    /// low pages last.
    var rank: Int {
        switch self {
        case .health(let incident): return incident.sample.status == .fail ? 1 : 4
        case .pagerDuty(let open): return open.rank
        }
    }
}

extension AppState {
    /// The incidents screen's rows, most urgent first: health keeps its blast-radius order and
    /// PagerDuty its urgency-then-newest order within each rank.
    public var incidentEntries: [IncidentEntry] {
        let health = self.health.incidents.map(IncidentEntry.health)
        let paged = (pagerDuty?.openIncidents(services: pagerDutyServices) ?? []).map(IncidentEntry.pagerDuty)
        guard !paged.isEmpty else { return health }
        return (health + paged).enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
    }

    /// The row under the cursor on the incidents screen.
    public var selectedIncidentEntry: IncidentEntry? {
        let entries = incidentEntries
        return entries.indices.contains(incidentSelection) ? entries[incidentSelection] : nil
    }

    /// The health incident under the cursor, if the row is one.
    public var selectedIncident: Incident? {
        if case .health(let incident)? = selectedIncidentEntry { return incident }
        return nil
    }

    /// Keeps the incidents cursor on the list when it changes under it.
    mutating func clampIncidents() {
        let count = incidentEntries.count
        incidentSelection = max(0, min(incidentSelection, count - 1))
        let page = Layout(self).incidentRows
        if incidentSelection < incidentTop { incidentTop = incidentSelection }
        if incidentSelection >= incidentTop + page { incidentTop = incidentSelection - page + 1 }
        incidentTop = max(0, min(incidentTop, max(0, count - page)))
    }

    /// Keys on the incidents screen.
    mutating func incidentsKey(_ key: Key) -> [Effect] {
        let page = Layout(self).incidentRows
        switch key {
        case .character("j"), .down: incidentSelection += 1
        case .character("k"), .up: incidentSelection -= 1
        case .character("g"), .home: incidentSelection = 0
        case .character("G"), .end: incidentSelection = incidentEntries.count - 1
        case .pageDown, .control("d"): incidentSelection += page
        case .pageUp, .control("u"): incidentSelection -= page
        case .escape, .backspace: screen = .catalog
        case .enter:
            switch selectedIncidentEntry {
            case .health(let incident)?:
                detailTab = .health
                open(incident.ref, keepingHistory: false)
            case .pagerDuty(let open)?:
                // The overview is where its on-call and incidents are.
                detailTab = .overview
                self.open(open.ref, keepingHistory: false)
            case nil:
                break
            }
        default: break
        }
        clampIncidents()
        return []
    }
}
