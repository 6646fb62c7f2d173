extension AppState {
    /// Shows the Sources screen, on the first source when none is selected yet.
    mutating func openSources() {
        screen = .sources
        overlay = .none
        if sources.selectedIndex == nil { sources.selectedName = sources.sources.first?.name }
        clampSources()
    }

    /// Statuses from the worker: the list (the selection stays on its source).
    mutating func sourcesUpdated(_ summaries: [SourceSummary]) {
        sources.sources = summaries
        sources.isLoaded = true
        if sources.selectedIndex == nil { sources.selectedName = summaries.first?.name }
        clampSources()
        reportRefreshes()
    }

    /// Once every source `r`/`R` asked for has been refreshed, the footer's "refreshing …"
    /// becomes how it went (unless a key has replaced it meanwhile).
    private mutating func reportRefreshes() {
        guard !sources.awaited.isEmpty else { return }
        let awaited = sources.sources.filter { sources.awaited.contains($0.name) }
        sources.awaitedSeenBusy.formUnion(awaited.filter { $0.activity != .idle }.map(\.name))
        guard awaited.allSatisfy({ $0.activity == .idle && sources.awaitedSeenBusy.contains($0.name) }) else { return }
        sources.awaited = []
        sources.awaitedSeenBusy = []
        guard let text = message, text.hasPrefix("refreshing "), !messageIsError else { return }
        if awaited.count == 1, let source = awaited.first {
            let error = SourceBadge.shortError(source)
            switch source.health {
            case .ok: message = "\(source.name) refreshed: \(source.entityCount) \(source.entityCount == 1 ? "entity" : "entities")"
            case .stale: message = "\(source.name) failed, its last good entities stay: \(error)"
            case .failed, .notFetched: message = "\(source.name) failed: \(error)"
            }
            messageIsError = source.health != .ok
        } else {
            let failed = awaited.filter { $0.health != .ok }
            message = "refreshed \(awaited.count) sources" + (failed.isEmpty ? "" : "; failed: " + failed.map(\.name).joined(separator: ", "))
            messageIsError = !failed.isEmpty
        }
    }

    /// Keeps the list scrolled to the selection.
    mutating func clampSources() {
        let page = Layout(self).sourceRows
        if let index = sources.selectedIndex {
            if index < sources.top { sources.top = index }
            if index >= sources.top + page { sources.top = index - page + 1 }
        }
        sources.top = max(0, min(sources.top, max(0, sources.sources.count - page)))
    }

    /// Keys on the Sources screen.
    mutating func sourcesKey(_ key: Key) -> [Effect] {
        let list = sources.sources
        let page = Layout(self).sourceRows
        var index = sources.selectedIndex ?? -1
        switch key {
        case .character("j"), .down: index += 1
        case .character("k"), .up: index -= 1
        case .character("g"), .home: index = 0
        case .character("G"), .end: index = list.count - 1
        case .pageDown, .control("d"): index += key == .pageDown ? page : max(1, page / 2)
        case .pageUp, .control("u"): index -= key == .pageUp ? page : max(1, page / 2)
        case .escape, .backspace:
            screen = .catalog
            return []
        default: return []
        }
        guard !list.isEmpty else { return [] }
        sources.selectedName = list[max(0, min(index, list.count - 1))].name
        clampSources()
        return []
    }

    /// `r` on the Sources screen: the selected source now, by the background worker.
    mutating func refreshSelectedSource() -> [Effect] {
        guard let source = sources.selectedSource else {
            show(error: sources.sources.isEmpty ? "no sources to refresh: declare sources: in the config file" : "no source selected")
            return []
        }
        return requestRefresh([source.name])
    }

    /// `R` on the Sources screen: every source, one after another.
    mutating func refreshAllSources() -> [Effect] {
        guard !sources.sources.isEmpty else {
            show(error: "no sources to refresh: declare sources: in the config file")
            return []
        }
        return requestRefresh([])
    }

    /// Marks the sources queued at once (the worker confirms) and asks for their refresh.
    private mutating func requestRefresh(_ names: [String]) -> [Effect] {
        sources.awaited = Set(names.isEmpty ? sources.sources.map(\.name) : names)
        sources.awaitedSeenBusy = []
        for index in sources.sources.indices where names.isEmpty || names.contains(sources.sources[index].name) {
            if sources.sources[index].activity == .idle { sources.sources[index].activity = .queued }
        }
        message = "refreshing " + (names.isEmpty ? "every source" : names.joined(separator: ", ")) + glyphs.ellipsis
        messageIsError = false
        return [.refreshSources(names)]
    }
}
