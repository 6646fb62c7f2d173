import CairnCatalog

/// The `:` command palette: what it understands and how it completes.
enum PaletteCommands {
    /// Commands with a one-line description, for completion and help.
    static let commands: [(name: String, help: String)] = [
        ("kind", "filter by kind, e.g. :kind api"),
        ("owner", "filter by owner, e.g. :owner team-payments"),
        ("system", "filter by system"),
        ("domain", "filter by domain"),
        ("lifecycle", "filter by lifecycle"),
        ("tag", "filter by tag"),
        ("filter", "set the whole filter, e.g. :filter kind:api pci"),
        ("clear", "clear the filter"),
        ("goto", "open an entity, e.g. :goto payments-api"),
        ("group", "group the list: none, owner, system, domain"),
        ("sort", "sort the list: name, kind, owner"),
        ("theme", "switch theme, e.g. :theme mono"),
        ("new", "create a project from a template, e.g. :new nodejs-api-template"),
        ("incidents", "everything failing or warning, open PagerDuty incidents"),
        ("jobs", "provisioning jobs, their steps and logs"),
        ("sources", "the systems of record and how their refreshes went (also S)"),
        ("search", "search docs, APIs and the catalog (also Ctrl-F)"),
        ("provision", "request a resource for the selected component, system or API"),
        ("problems", "list every problem in the catalog"),
        ("catalog", "back to the catalog"),
        ("help", "show the keys"),
        ("q", "quit"),
    ]

    /// How many completions the palette shows (and the highlight can reach).
    static let visibleCompletions = 8

    /// Complete command lines that extend what has been typed, best first (at most `limit`).
    static func completions(for text: String, in state: AppState, limit: Int = visibleCompletions) -> [String] {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let command = parts.first?.lowercased() ?? ""
        guard parts.count == 2 else {
            return Array(commands.map(\.name).filter { $0.hasPrefix(command) }.prefix(limit)).map { $0 + (arguments(for: $0, in: state).isEmpty ? "" : " ") }
        }
        let argument = parts[1].lowercased()
        // Best first: the exact name, then names starting with it, then values starting with
        // it (a ref's kind), then values containing it. A ref's name is what follows its ':'.
        func rank(_ candidate: String) -> Int? {
            let value = candidate.lowercased()
            let name = value.split(separator: ":", maxSplits: 1).last.map(String.init) ?? value
            if name == argument || value == argument { return 0 }
            if name.hasPrefix(argument) { return 1 }
            if value.hasPrefix(argument) { return 2 }
            if value.contains(argument) { return 3 }
            return nil
        }
        let ranked = arguments(for: command, in: state).compactMap { candidate in rank(candidate).map { ($0, candidate) } }
        return ranked.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
            .prefix(limit).map { command + " " + $0.element.1 }
    }

    /// What may follow a command.
    static func arguments(for command: String, in state: AppState) -> [String] {
        let entities = state.catalog.entities
        switch command {
        case "kind": return Array(Set(entities.map(\.ref.kind))).sorted()
        case "owner": return Array(Set(entities.compactMap { $0.owner?.name })).sorted()
        case "new": return entities.filter { $0.ref.kind == "template" }.map(\.ref.name)
        case "system": return entities.filter { $0.ref.kind == "system" }.map(\.ref.name)
        case "domain": return entities.filter { $0.ref.kind == "domain" }.map(\.ref.name)
        case "lifecycle": return Array(Set(entities.compactMap { $0.lifecycle?.lowercased() })).sorted()
        case "tag": return Array(Set(entities.flatMap(\.tags))).sorted()
        case "goto": return entities.map { $0.ref.humanized }
        case "group": return AppState.Grouping.allCases.map(\.rawValue)
        case "sort": return AppState.SortOrder.allCases.map(\.rawValue)
        case "theme": return state.availableThemes
        default: return []
        }
    }
}

extension AppState {
    /// Replaces the `field:` term of the filter (keeping the others) and applies it.
    mutating func setFilterTerm(_ field: String, _ value: String) {
        var terms = filter.text.split(separator: " ").map(String.init).filter { !$0.lowercased().hasPrefix(field + ":") }
        terms.append("\(field):\(value)")
        filter.text = terms.joined(separator: " ")
        rebuildRows()
    }

    /// Runs a palette command line; returns the effects it asks for.
    mutating func runCommand(_ line: String) -> [Effect] {
        let parts = line.trimmingSpaces.split(separator: " ", maxSplits: 1).map(String.init)
        guard let command = parts.first?.lowercased() else { return [] }
        let argument = parts.count > 1 ? parts[1].trimmingSpaces : ""
        func needsArgument(_ example: String) -> [Effect] {
            show(error: ":\(command) needs a value, e.g. :\(command) \(example)")
            return []
        }
        switch command {
        case "kind", "owner", "system", "domain", "lifecycle", "tag":
            guard !argument.isEmpty else { return needsArgument(PaletteCommands.arguments(for: command, in: self).first ?? "x") }
            setFilterTerm(command, argument.replacingSpaces)
            message = "\(matchCount) match \(command):\(argument)"
        case "filter":
            filter.text = argument
            rebuildRows()
        case "clear":
            filter.text = ""
            rebuildRows()
        case "goto":
            guard !argument.isEmpty else { return needsArgument("payments-api") }
            switch catalog.resolve(argument) {
            case .found(let entity):
                open(entity.ref, keepingHistory: focus == .detail)
                // Side by side, the list follows when the entity is listed.
                if let row = rows.firstIndex(where: { if case .entity(let position) = $0 { return catalog.entities[position].ref == entity.ref } else { return false } }) {
                    selection = row
                    clampListScroll()
                }
            case .notFound: show(error: "no entity \(argument) in the catalog")
            case .ambiguous(let refs): show(error: "\(argument) is ambiguous: \(refs.map(\.humanized).joined(separator: ", "))")
            }
        case "group":
            guard let grouping = Grouping(rawValue: argument.lowercased()) else { return needsArgument("system") }
            self.grouping = grouping
            rebuildRows(keeping: selectedEntity?.ref)
        case "sort":
            guard let sort = SortOrder(rawValue: argument.lowercased()) else { return needsArgument("owner") }
            self.sort = sort
            rebuildRows(keeping: selectedEntity?.ref)
        case "theme":
            guard !argument.isEmpty else { return needsArgument("mono") }
            return [.loadTheme(argument)]
        case "problems": screen = .problems
        case "incidents": screen = .incidents
        case "jobs": return openJobs()
        case "sources": openSources()
        case "search":
            if !argument.isEmpty { search.query = argument }
            return openSearch()
        case "provision": return openProvisionRequest()
        case "new":
            if argument.isEmpty {
                return openWizard()
            } else if case .found(let entity) = catalog.resolve(argument.contains(":") ? argument : "template:" + argument), entity.ref.kind == "template" {
                return openWizard(template: entity.ref)
            } else {
                show(error: "no template \(argument); :new alone lists them")
            }
        case "catalog": screen = .catalog
        case "help", "?": overlay = .help
        case "q", "quit", "q!", "exit": return [.quit]
        default:
            show(error: "unknown command :\(command); type : and Tab to see the commands")
        }
        return []
    }

    mutating func show(error text: String) {
        message = text
        messageIsError = true
    }

    /// Shows `ref` in the detail pane, remembering where we came from when asked.
    mutating func open(_ ref: EntityRef, keepingHistory: Bool) {
        guard catalog[ref] != nil else {
            show(error: "\(ref) is not in the catalog")
            return
        }
        if keepingHistory, let current = detailEntity?.ref, current != ref { detail.history.append(current) }
        if !keepingHistory { detail.history = [] }
        detail.ref = ref
        detail.cursor = 0
        detail.scroll = 0
        focus = .detail
        screen = .catalog
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    var replacingSpaces: String { split(separator: " ").joined(separator: ",") }
}
