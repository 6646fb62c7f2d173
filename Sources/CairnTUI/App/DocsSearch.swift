import CairnCatalog

/// One search result as the search screen shows it (a value the store's hit is turned into).
public struct DocsSearchResult: Sendable, Equatable {
    public enum Kind: String, Sendable { case metadata, docs, api }

    public var entityRef: EntityRef
    public var kind: Kind
    public var title: String
    public var section: String
    /// Text around the match; matched words sit between U+0001 and U+0002.
    public var snippet: String

    public init(entityRef: EntityRef, kind: Kind, title: String, section: String, snippet: String) {
        self.entityRef = entityRef
        self.kind = kind
        self.title = title
        self.section = section
        self.snippet = snippet
    }
}

/// The search screen (`Ctrl-F`, `:search`): a query typed in place, results as they arrive.
public struct DocsSearchState: Sendable, Equatable {
    public var query = ""
    public var results: [DocsSearchResult] = []
    /// The query the results are for (results for an older query are dropped).
    public var resultsQuery: String?
    public var selection = 0
    public var top = 0
}

extension AppState {
    mutating func openSearch() -> [Effect] {
        screen = .search
        return search.query.isEmpty ? [] : [.searchDocs(search.query)]
    }

    mutating func searchKey(_ key: Key) -> [Effect] {
        let rows = max(1, (Layout(self).main.height - 4) / 2)
        switch key {
        case .escape:
            screen = .catalog
            return []
        case .down, .control("n"):
            search.selection = min(search.selection + 1, max(0, search.results.count - 1))
        case .up, .control("p"):
            search.selection = max(0, search.selection - 1)
        case .pageDown:
            search.selection = min(search.selection + rows, max(0, search.results.count - 1))
        case .pageUp:
            search.selection = max(0, search.selection - rows)
        case .enter:
            guard search.results.indices.contains(search.selection) else { return [] }
            return openResult(search.results[search.selection])
        case .backspace:
            guard !search.query.isEmpty else { return [] }
            search.query.removeLast()
            return queryChanged()
        case .control("u"):
            search.query = ""
            return queryChanged()
        case .character(let character):
            search.query.append(character)
            return queryChanged()
        default:
            break
        }
        if search.selection < search.top { search.top = search.selection }
        if search.selection >= search.top + rows { search.top = search.selection - rows + 1 }
        return []
    }

    private mutating func queryChanged() -> [Effect] {
        search.selection = 0
        search.top = 0
        if search.query.trimmingCharacters(in: .whitespaces).isEmpty {
            search.results = []
            search.resultsQuery = search.query
            return []
        }
        return [.searchDocs(search.query)]
    }

    /// Results for `query`; dropped when the user has typed on since.
    mutating func searchResults(_ query: String, _ results: [DocsSearchResult]) {
        guard query == search.query else { return }
        search.results = results
        search.resultsQuery = query
        search.selection = min(search.selection, max(0, results.count - 1))
    }

    /// Jumps to the entity of a result, on the tab it came from, at its section.
    private mutating func openResult(_ result: DocsSearchResult) -> [Effect] {
        guard catalog[result.entityRef] != nil else {
            show(error: "\(result.entityRef) is no longer in the catalog")
            return []
        }
        screen = .catalog
        filter.text = ""
        rebuildRows(keeping: result.entityRef)
        focus = .detail
        detail = Detail()
        detail.ref = result.entityRef
        switch result.kind {
        case .docs: detailTab = .docs
        case .api: detailTab = catalog[result.entityRef]?.ref.kind == "api" ? .api : .overview
        case .metadata: detailTab = .overview
        }
        pendingSection = result.section.isEmpty ? nil : result.section
        scrollToPendingSection()
        return []
    }

    /// Once the tab's content holds the section a search result named, scrolls to it.
    mutating func scrollToPendingSection() {
        guard let section = pendingSection, let content = detailContent else { return }
        let wanted = section.lowercased()
        if let index = content.lines.firstIndex(where: { line in
            let text = line.segments.map(\.text).joined().trimmingCharacters(in: .whitespaces).lowercased()
            return text == wanted || text.hasPrefix(wanted + " ") || text.hasSuffix(" " + wanted)
        }) {
            detail.scroll = index
            pendingSection = nil
            clampDetail(followCursor: false)
        }
    }
}
