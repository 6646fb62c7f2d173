import CairnCatalog
import CairnHealth

extension AppState {
    /// The incident under the cursor on the incidents screen.
    public var selectedIncident: Incident? {
        health.incidents.indices.contains(incidentSelection) ? health.incidents[incidentSelection] : nil
    }

    /// Keeps the incidents cursor on the list when it changes under it.
    mutating func clampIncidents() {
        let count = health.incidents.count
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
        case .character("G"), .end: incidentSelection = health.incidents.count - 1
        case .pageDown, .control("d"): incidentSelection += page
        case .pageUp, .control("u"): incidentSelection -= page
        case .escape, .backspace: screen = .catalog
        case .enter:
            if let incident = selectedIncident {
                detailTab = .health
                open(incident.ref, keepingHistory: false)
            }
        default: break
        }
        clampIncidents()
        return []
    }
}
