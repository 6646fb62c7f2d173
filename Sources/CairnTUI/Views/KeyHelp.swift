/// The keys of each view: one source for the `?` overlay and the footer hints.
enum KeyHelp {
    struct Section {
        var title: String
        var keys: [(String, String)]
    }

    static func sections(_ state: AppState) -> [Section] {
        screenSections(state) + [Section(title: "Health and dependencies", keys: [
            ("i", "incidents: failing checks by blast radius, open PagerDuty pages"), ("d", "dependencies of the selected entity, as a graph"),
            ("[ ]", "detail tabs: overview, health, docs, API, audit"), ("r", "check health now"),
            ("n", "new project from a template (:new)"),
        ]), Section(title: "Provisioning", keys: [
            ("p", "request a resource (Redis, …) for the selection"),
            ("J", "jobs: provisioning jobs, steps and logs (:jobs)"),
        ])]
    }

    private static func screenSections(_ state: AppState) -> [Section] {
        let moving = Section(title: "Moving", keys: [
            ("j k ↓ ↑", "down, up"), ("g G", "first, last"), ("PgDn PgUp", "a page"), ("Ctrl-d Ctrl-u", "half a page"),
        ].map { state.isUnicode ? $0 : ($0.0.replacingOccurrences(of: "↓ ↑", with: "Down Up"), $0.1) })
        let everywhere = Section(title: "Everywhere", keys: [
            ("/", "filter: kind:api owner:team tag:pci lifecycle:production words"),
            (":", "command palette (Tab completes)"), ("!", "problems: every validation problem"),
            ("?", "this help"), ("q Ctrl-c", "quit"), ("Ctrl-f", "search docs, APIs and the catalog"),
            ("S", "sources: where the catalog comes from, their refreshes (:sources)"),
        ])
        switch state.screen {
        case .search:
            return [Section(title: "Search", keys: [
                ("type", "words to find (all must match; the last one as a prefix); kind:docs kind:api narrow it"),
                ("↓ ↑ PgDn PgUp", "move through the results"), ("Enter", "open the entity at that section"),
                ("Backspace Ctrl-u", "delete a character, the whole query"), ("Esc", "back to the catalog"),
            ]), everywhere]
        case .sources:
            return [Section(title: "Sources", keys: [
                ("r", "refresh the selected source now (in the background)"), ("R", "refresh every source, one after another"),
                ("Esc S", "back to the catalog"),
            ]), moving, everywhere]
        case .problems:
            return [Section(title: "Problems", keys: [("Enter", "open the entity"), ("Esc !", "back to the catalog")]), moving, everywhere]
        case .jobs:
            return [Section(title: "Jobs", keys: [
                ("Enter Tab", "to the log (j/k scroll, G follows the tail, Esc back)"), ("x", "cancel the job (asks y/n)"),
                ("a D", "approve, decline a job awaiting approval"), ("p", "request another resource for the job's target"),
                ("Esc J", "back to the catalog"),
            ]), moving, everywhere]
        case .provisionRequest:
            return [Section(title: "Request a resource", keys: [
                ("j k", "on the type list: move"), ("Tab Shift-Tab", "next, previous field (↓ ↑ too)"),
                ("Space ← →", "toggle a checkbox, change a choice"), ("Enter", "choose; next page; on the review, request it"),
                ("Esc", "back a page; on the type list, close"), ("Ctrl-c", "quit"),
            ])]
        case .wizard:
            return [Section(title: "New project", keys: [
                ("Tab Shift-Tab", "next, previous field (↓ ↑ too)"), ("Enter", "next page; on the review, run it"),
                ("Esc", "back a page; on the picker, close"), ("Space ← →", "toggle a checkbox, change a choice"),
                ("↓ ↑", "in an entity field: take a suggestion"), ("Ctrl-c", "quit"),
            ])]
        case .incidents:
            return [Section(title: "Incidents", keys: [("Enter", "open the entity (a check: Health tab)"), ("d", "its dependencies"), ("Esc i", "back to the catalog")]), moving, everywhere]
        case .dependencies:
            return [Section(title: "Dependencies", keys: [
                ("h j k l ← ↓ ↑ →", "move between nodes"), ("Enter", "centre the graph on the node"), ("o", "open the node's detail"),
                ("+ -", "more or fewer levels"), ("g", "back to the centre node"), ("Esc", "back (to the previous centre, then the catalog)"),
            ]), everywhere]
        case .catalog where state.focus == .detail:
            return [Section(title: "Detail", keys: [
                ("j k", "move between links (owner, system, relations)"), ("Enter", "go to the linked entity"),
                ("Esc Backspace", "go back"), ("Tab", "to the list"),
                ("[ ]", "tabs: overview, health, docs, API, audit"),
                ("e", "edit its YAML in $EDITOR; saved if valid and allowed"),
            ]), moving, everywhere]
        case .catalog:
            return [Section(title: "Catalog", keys: [
                ("Enter", "open the entity"), ("Tab", "to the detail pane"), ("t", "group: none, owner, system, domain"),
                ("s", "sort: name, kind, owner"), ("Esc", "clear the filter"),
                ("e", "edit its YAML in $EDITOR; saved if valid and allowed"),
            ]), moving, everywhere]
        }
    }

    /// The one-line hints along the bottom.
    static func footer(_ state: AppState) -> [(String, String)] {
        switch state.screen {
        case .problems:
            return [("Enter", "open"), ("Esc", "back"), ("j/k", "move"), ("?", "help"), ("q", "quit")]
        case .sources:
            return [("j/k", "move"), ("r", "refresh"), ("R", "refresh all"), ("Esc", "back"), ("?", "help"), ("q", "quit")]
        case .wizard:
            switch state.wizard?.stage {
            case .picker: return [("j/k", "move"), ("Enter", "choose"), ("Esc", "close"), ("Ctrl-c", "quit")]
            case .review: return [("Enter", "run"), ("Esc", "back"), ("j/k", "scroll"), ("Ctrl-c", "quit")]
            case .running: return [("Ctrl-c", "quit")]
            case .done: return [("Enter", "open the new entity"), ("Esc", "catalog"), ("Ctrl-c", "quit")]
            case .failed: return [("Esc", "back to the review"), ("Ctrl-c", "quit")]
            default: return [("Tab", "next field"), ("Enter", "next page"), ("Esc", "back"), ("Ctrl-c", "quit")]
            }
        case .jobs where state.jobs.focus == .log:
            return [("j/k", "scroll"), ("G", "follow"), ("Esc", "list"), ("x", "cancel"), ("?", "help"), ("q", "quit")]
        case .jobs:
            return [("j/k", "move"), ("Enter", "log"), ("x", "cancel"), ("a", "approve"), ("D", "decline"), ("Esc", "back"), ("?", "help"), ("q", "quit")]
        case .provisionRequest:
            switch state.provisionRequest?.stage {
            case .typePicker: return [("j/k", "move"), ("Enter", "choose"), ("Esc", "close"), ("Ctrl-c", "quit")]
            case .review: return [("Enter", "request"), ("Esc", "back"), ("Ctrl-c", "quit")]
            case .submitting: return [("Ctrl-c", "quit")]
            default: return [("Tab", "next field"), ("Enter", "next page"), ("Esc", "back"), ("Ctrl-c", "quit")]
            }
        case .search:
            return [("type", "search"), ("↓↑", "move"), ("Enter", "open"), ("Esc", "back"), ("Ctrl-c", "quit")]
        case .incidents:
            return [("Enter", "open"), ("d", "deps"), ("Esc", "back"), ("j/k", "move"), ("?", "help"), ("q", "quit")]
        case .dependencies:
            return [("arrows", "move"), ("Enter", "centre"), ("o", "open"), ("+/-", "depth"), ("Esc", "back"), ("?", "help"), ("q", "quit")]
        case .catalog where state.focus == .detail && (state.detailTab == .docs || state.detailTab == .api):
            return [("j/k", "scroll"), ("< >", "sideways"), ("[ ]", "tabs"), ("Esc", "back"), ("Tab", "list"), ("^f", "search"), ("?", "help"), ("q", "quit")]
        case .catalog where state.focus == .detail && state.detailTab == .audit:
            return [("j/k", "scroll"), ("[ ]", "tabs"), ("e", "edit"), ("Esc", "back"), ("Tab", "list"), ("?", "help"), ("q", "quit")]
        case .catalog where state.focus == .detail:
            return [("Enter", "follow"), ("Esc", "back"), ("j/k", "links"), ("e", "edit"), ("[ ]", "tabs"), ("Tab", "list"), ("?", "help"), ("q", "quit")]
        case .catalog:
            return [("Enter", "open"), ("/", "filter"), ("e", "edit"), ("p", "provision"), ("J", "jobs"), (":", "command"), ("?", "help"), ("q", "quit")]
        }
    }
}
