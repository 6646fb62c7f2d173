import CairnCatalog

/// Building the list's rows from the catalog, the filter, the grouping and the sort order.
extension AppState {
    /// Recomputes the rows. With a free-text filter the rows are ranked best first; otherwise
    /// they follow the sort order. Headings group them when a grouping is chosen.
    /// Keeps the cursor on `ref` when it is still listed.
    mutating func rebuildRows(keeping ref: EntityRef? = nil) {
        let query = CatalogQuery(parsing: filter.text)
        var positions: [Int]
        if !query.words.isEmpty {
            positions = query.run(on: index, includeQuarantined: true)
        } else if query.isEmpty {
            positions = orders[sort] ?? Array(catalog.entities.indices)
        } else {
            var isMatch = [Bool](repeating: false, count: catalog.entities.count)
            for position in query.run(on: index, includeQuarantined: true) { isMatch[position] = true }
            positions = (orders[sort] ?? Array(catalog.entities.indices)).filter { isMatch[$0] }
        }
        matchCount = positions.count
        if grouping == .none {
            rows = positions.map(Row.entity)
        } else {
            var groups: [String: [Int]] = [:]
            var titles: [String] = []
            for position in positions {
                let title = groupTitle(of: catalog.entities[position])
                if groups[title] == nil { titles.append(title) }
                groups[title, default: []].append(position)
            }
            let none = "(no \(grouping.rawValue))"
            titles.sort { $0 == none ? false : ($1 == none ? true : $0.lowercased() < $1.lowercased()) }
            rows = []
            rows.reserveCapacity(positions.count + titles.count)
            for title in titles {
                let members = groups[title]!
                rows.append(.group(title: title, count: members.count))
                rows += members.map(Row.entity)
            }
        }
        if let ref, let row = rows.firstIndex(where: { if case .entity(let position) = $0 { return catalog.entities[position].ref == ref } else { return false } }) {
            selection = row
        } else {
            selection = firstEntityRow(from: min(selection, max(0, rows.count - 1)), step: 1) ?? firstEntityRow(from: rows.count - 1, step: -1) ?? 0
        }
        clampListScroll()
    }

    /// The heading an entity falls under for the current grouping.
    func groupTitle(of entity: Entity) -> String {
        let ref: EntityRef?
        switch grouping {
        case .none: return ""
        case .owner: ref = entity.owner
        case .system: ref = entity.system ?? (entity.ref.kind == "system" ? entity.ref : nil)
        case .domain: ref = entity.domain ?? (entity.ref.kind == "domain" ? entity.ref : nil)
        }
        guard let ref else { return "(no \(grouping.rawValue))" }
        return catalog[ref]?.title ?? ref.name
    }

    /// The nearest entity row from `row` going `step` (+1 or -1), or nil.
    func firstEntityRow(from row: Int, step: Int) -> Int? {
        var current = row
        while rows.indices.contains(current) {
            if case .entity = rows[current] { return current }
            current += step
        }
        return nil
    }

    /// Moves the list cursor by `delta` entity rows (clamped), skipping headings.
    mutating func moveSelection(by delta: Int) {
        guard !rows.isEmpty else { return }
        let step = delta >= 0 ? 1 : -1
        var target = min(max(0, selection + delta), rows.count - 1)
        if let row = firstEntityRow(from: target, step: step) ?? firstEntityRow(from: target, step: -step) { target = row }
        selection = target
        clampListScroll()
    }

    /// Keeps the cursor inside the visible window of the list.
    mutating func clampListScroll() {
        let visible = max(1, Layout(self).listRows)
        if selection < listTop { listTop = selection }
        if selection >= listTop + visible { listTop = selection - visible + 1 }
        // Show the heading of the first visible group when the cursor is just under it.
        if listTop > 0, listTop == selection, case .group = rows[listTop - 1] { listTop -= 1 }
        listTop = max(0, min(listTop, max(0, rows.count - visible)))
    }
}
