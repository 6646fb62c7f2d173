import CairnCatalog

/// `reduce(state, action) -> [Effect]`: every change to the app goes through here, and it
/// does nothing but change the state and say what the outside world should do.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    let effects = reduceAction(&state, action)
    // The Docs and API tabs read files, the Audit tab the log: ask for the shown entity's
    // once, whatever led there.
    return effects + state.docsEffects() + state.auditEffects()
}

private func reduceAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .resize(let width, let height):
        state.width = width
        state.height = height
        state.clampListScroll()
        state.clampDetail()
        state.clampJobs()
        state.clampSources()
        return []
    case .catalogLoaded(let catalog, let source):
        return reduce(&state, .preparedCatalogLoaded(PreparedCatalog(catalog), source))
    case .preparedCatalogLoaded(let prepared, let source):
        state.replaceCatalog(prepared)
        state.clampIncidents()
        state.source = source
        if state.message == AppState.loadingMessage { state.message = nil }
        return []
    case .identityResolved(let identity):
        state.identity = identity
        return []
    case .refreshFailed(let reason):
        state.source?.isRefreshing = false
        state.show(error: "could not refresh the catalog: \(reason); showing the last known one")
        return []
    case .themeFailed(let reason):
        state.show(error: reason)
        return []
    case .scaffold(let update):
        if case .finished = update { state.invalidateAudit() }
        state.scaffoldUpdate(update)
        return []
    case .jobsUpdated(let snapshot):
        return state.jobsUpdated(snapshot)
    case .jobCommandFinished(let result):
        state.invalidateAudit()
        return state.jobCommandFinished(result)
    case .auditLoaded(let ref, let loaded):
        state.audit[ref] = loaded
        state.clampDetail(followCursor: false)
        return []
    case .editFinished(let result):
        return state.editFinished(result)
    case .sourcesUpdated(let summaries):
        state.sourcesUpdated(summaries)
        return []
    case .healthUpdated(let board):
        state.health = board
        state.clampIncidents()
        return []
    case .pagerDutyUpdated(let board):
        state.pagerDuty = board.replacing(state.pagerDuty)
        state.clampIncidents()
        state.clampDetail(followCursor: false)
        return []
    case .docsLoaded(let ref, let loaded):
        state.docs[ref] = loaded
        state.docsPending.remove(ref)
        state.clampDetail(followCursor: false)
        state.scrollToPendingSection()
        return []
    case .docsSearched(let query, let results):
        state.searchResults(query, results)
        return []
    case .themeChanged(let name):
        state.themeName = name
        state.message = "theme \(name)"
        state.messageIsError = false
        return []
    case .key(let key):
        state.message = nil
        state.messageIsError = false
        if key == .control("c") { return [.quit] }
        if state.filter.isEditing { return state.editFilter(key) }
        // The wizard's fields take letters, so its keys come before the global ones.
        if state.screen == .wizard, state.overlay == .none { return state.wizardKey(key) }
        if state.screen == .provisionRequest, state.overlay == .none { return state.provisionRequestKey(key) }
        // The search screen types letters into its query.
        if state.screen == .search, state.overlay == .none { return state.searchKey(key) }
        // "Cancel job #N? y/n" takes the next key, whatever it is.
        if state.screen == .jobs, state.jobs.confirmingCancel != nil, state.overlay == .none { return state.confirmCancelKey(key) }
        switch state.overlay {
        case .help: return state.helpKey(key)
        case .palette: return state.paletteKey(key)
        case .none: break
        }
        if let effects = state.globalKey(key) { return effects }
        switch state.screen {
        case .problems: return state.problemsKey(key)
        case .dependencies: return state.dependencyKey(key)
        case .incidents: return state.incidentsKey(key)
        case .wizard: return state.wizardKey(key)
        case .jobs: return state.jobsKey(key)
        case .provisionRequest: return state.provisionRequestKey(key)
        case .search: return state.searchKey(key)
        case .sources: return state.sourcesKey(key)
        case .catalog: return state.focus == .list ? state.listKey(key) : state.detailKey(key)
        }
    }
}

extension AppState {
    /// Keys that mean the same everywhere outside text entry; nil when not one of them.
    mutating func globalKey(_ key: Key) -> [Effect]? {
        switch key {
        case .character("q"): return [.quit]
        case .control("f"): return openSearch()
        case .character("?"):
            overlay = .help
            helpScroll = 0
        case .character(":"):
            overlay = .palette
            palette = Palette()
        case .character("/"):
            screen = .catalog
            focus = .list
            detail = Detail()
            filter.isEditing = true
        case .character("!"):
            screen = screen == .problems ? .catalog : .problems
        case .character("p"):
            return openProvisionRequest()
        case .character("S"):
            if screen == .sources {
                screen = .catalog
            } else {
                openSources()
            }
        case .character("R") where screen == .sources:
            return refreshAllSources()
        case .character("r") where screen == .sources:
            return refreshSelectedSource()
        case .character("J"):
            if screen == .jobs {
                screen = .catalog
            } else {
                return openJobs()
            }
        case .character("n"):
            return openWizard()
        case .character("i"):
            screen = screen == .incidents ? .catalog : .incidents
            clampIncidents()
        case .character("r"):
            let refs: [EntityRef]
            switch screen {
            case .incidents: refs = health.incidents.map(\.ref)
            case .dependencies: refs = dependencies.map { [$0.selected] } ?? []
            default: refs = detailEntity.map { [$0.ref] } ?? []
            }
            message = refs.isEmpty ? "checking health of everything now" : "checking \(refs.count == 1 ? refs[0].humanized : "\(refs.count) entities") now"
            return [.checkHealth(refs)]
        case .character("d"):
            if screen == .dependencies {
                screen = .catalog
            } else if let ref = screen == .incidents ? selectedIncidentEntry?.ref : detailEntity?.ref {
                openDependencies(ref)
            } else {
                show(error: "select an entity first, then d shows what it depends on and what depends on it")
            }
        default:
            return nil
        }
        return []
    }

    mutating func listKey(_ key: Key) -> [Effect] {
        let page = Layout(self).listRows
        switch key {
        case .character("j"), .down: moveSelection(by: 1)
        case .character("k"), .up: moveSelection(by: -1)
        case .character("g"), .home: moveSelection(by: -rows.count)
        case .character("G"), .end: moveSelection(by: rows.count)
        case .pageDown: moveSelection(by: page)
        case .pageUp: moveSelection(by: -page)
        case .control("d"): moveSelection(by: max(1, page / 2))
        case .control("u"): moveSelection(by: -max(1, page / 2))
        case .enter, .right, .character("l"):
            if let entity = selectedEntity { open(entity.ref, keepingHistory: false) }
        case .tab, .backTab:
            if selectedEntity != nil {
                focus = .detail
                detail = Detail()
            }
        case .character("["), .character("]"):
            switchDetailTab(forward: key == .character("]"))
        case .character("e"):
            return editEntityKey()
        case .character("t"):
            grouping = grouping.next
            rebuildRows(keeping: selectedEntity?.ref)
            message = grouping == .none ? "not grouped" : "grouped by \(grouping.rawValue)"
        case .character("s"):
            sort = sort.next
            rebuildRows(keeping: selectedEntity?.ref)
            message = "sorted by \(sort.rawValue)"
        case .escape:
            if !filter.text.isEmpty {
                filter.text = ""
                rebuildRows(keeping: selectedEntity?.ref)
            }
        default: break
        }
        return []
    }

    mutating func detailKey(_ key: Key) -> [Effect] {
        let links = detailContent?.linkLines ?? []
        let page = Layout(self).detailRows
        switch key {
        case .character(">") where detailTab == .docs || detailTab == .api:
            detail.column += 8
            return []
        case .character("<") where detailTab == .docs || detailTab == .api:
            detail.column = max(0, detail.column - 8)
            return []
        case .character("j"), .down:
            if links.isEmpty { detail.scroll += 1 } else { detail.cursor = min(detail.cursor + 1, links.count - 1) }
        case .character("k"), .up:
            if links.isEmpty { detail.scroll -= 1 } else { detail.cursor = max(detail.cursor - 1, 0) }
        case .character("g"), .home: detail.cursor = 0; detail.scroll = 0
        case .character("G"), .end: detail.cursor = max(0, links.count - 1); detail.scroll = Int.max / 2
        case .character("["), .character("]"):
            switchDetailTab(forward: key == .character("]"))
        case .character("e"):
            return editEntityKey()
        case .pageDown, .control("d"): detail.scroll += key == .pageDown ? page : page / 2
        case .pageUp, .control("u"): detail.scroll -= key == .pageUp ? page : page / 2
        case .enter, .right, .character("l"):
            guard let content = detailContent, links.indices.contains(detail.cursor), let target = content.lines[links[detail.cursor]].link else { break }
            open(target, keepingHistory: true)
            return []
        case .escape, .backspace, .left, .character("h"):
            if let previous = detail.history.popLast() {
                detail.ref = previous
                detail.cursor = 0
                detail.scroll = 0
            } else {
                focus = .list
                detail = Detail()
                clampListScroll()
            }
        case .tab, .backTab:
            focus = .list
            detail = Detail()
            clampListScroll()
        default: break
        }
        clampDetail(followCursor: key != .pageDown && key != .pageUp && key != .control("d") && key != .control("u"))
        return []
    }

    /// A `loadDocs` effect when the Docs or API tab shows an entity whose files are not read.
    mutating func docsEffects() -> [Effect] {
        guard detailTab == .docs || detailTab == .api, let ref = detailEntity?.ref, docs[ref] == nil, !docsPending.contains(ref) else { return [] }
        docsPending.insert(ref)
        return [.loadDocs(ref)]
    }

    /// The tabs the detail pane offers for an entity: API only for APIs.
    func detailTabs(for entity: Entity?) -> [DetailTab] {
        DetailTab.allCases.filter { $0 != .api || entity?.ref.kind == "api" }
    }

    /// The next (or previous) tab of the detail pane, from the top.
    mutating func switchDetailTab(forward: Bool) {
        let tabs = detailTabs(for: detailEntity)
        let index = (tabs.firstIndex(of: detailTab) ?? 0) + (forward ? 1 : tabs.count - 1)
        detailTab = tabs[index % tabs.count]
        // Opening the Audit tab again reads the log again: records may have been added since.
        if detailTab == .audit { invalidateAudit() }
        detail.cursor = 0
        detail.scroll = 0
        detail.column = 0
    }

    /// Keeps the detail cursor and scroll inside the content; by default scrolls so the
    /// cursor's line is visible.
    mutating func clampDetail(followCursor: Bool = true) {
        guard let content = detailContent else { return }
        let links = content.linkLines
        detail.cursor = links.isEmpty ? 0 : min(max(0, detail.cursor), links.count - 1)
        let visible = Layout(self).detailRows
        if followCursor, !links.isEmpty {
            let line = links[detail.cursor]
            if line < detail.scroll { detail.scroll = line }
            if line >= detail.scroll + visible { detail.scroll = line - visible + 1 }
        }
        detail.scroll = max(0, min(detail.scroll, max(0, content.lines.count - visible)))
    }

    mutating func editFilter(_ key: Key) -> [Effect] {
        switch key {
        case .enter:
            filter.isEditing = false
        case .escape:
            filter.isEditing = false
            filter.text = ""
            rebuildRows(keeping: selectedEntity?.ref)
        case .backspace, .delete:
            if !filter.text.isEmpty {
                filter.text.removeLast()
                rebuildRows()
            }
        case .control("u"):
            filter.text = ""
            rebuildRows()
        case .character(let character):
            filter.text.append(character)
            rebuildRows()
        case .down, .up, .pageDown, .pageUp:
            return listKey(key)
        default: break
        }
        return []
    }

    mutating func helpKey(_ key: Key) -> [Effect] {
        switch key {
        case .character("q"): return [.quit]
        case .escape, .character("?"), .enter: overlay = .none
        case .character("j"), .down: helpScroll += 1
        case .character("k"), .up: helpScroll -= 1
        case .pageDown, .control("d"): helpScroll += HelpView.rect(self).inner.height
        case .pageUp, .control("u"): helpScroll -= HelpView.rect(self).inner.height
        case .character("g"), .home: helpScroll = 0
        case .character("G"), .end: helpScroll = HelpView.maxScroll(self)
        default: break
        }
        helpScroll = max(0, min(helpScroll, HelpView.maxScroll(self)))
        return []
    }

    mutating func paletteKey(_ key: Key) -> [Effect] {
        let completions = PaletteCommands.completions(for: palette.text, in: self)
        switch key {
        case .escape:
            overlay = .none
        case .enter:
            overlay = .none
            // The highlighted completion when there is one (what the user sees), else the text.
            let line = completions.indices.contains(palette.selected) ? completions[palette.selected] : palette.text
            return runCommand(line)
        case .tab:
            if completions.indices.contains(palette.selected) {
                palette.text = completions[palette.selected]
                palette.selected = 0
            }
        case .down, .control("n"):
            palette.selected = min(palette.selected + 1, max(0, completions.count - 1))
        case .up, .control("p"):
            palette.selected = max(palette.selected - 1, 0)
        case .backspace, .delete:
            if palette.text.isEmpty { overlay = .none } else { palette.text.removeLast() }
            palette.selected = 0
        case .control("u"):
            palette.text = ""
        case .character(let character):
            palette.text.append(character)
            palette.selected = 0
        default: break
        }
        return []
    }

    mutating func problemsKey(_ key: Key) -> [Effect] {
        let problems = catalog.problems
        let page = Layout(self).problemRows
        switch key {
        case .character("j"), .down: problemSelection += 1
        case .character("k"), .up: problemSelection -= 1
        case .character("g"), .home: problemSelection = 0
        case .character("G"), .end: problemSelection = problems.count - 1
        case .pageDown, .control("d"): problemSelection += page
        case .pageUp, .control("u"): problemSelection -= page
        case .escape, .backspace: screen = .catalog
        case .enter:
            if problems.indices.contains(problemSelection), let text = problems[problemSelection].entityRef,
               let ref = try? EntityRef.parse(text) {
                open(ref, keepingHistory: false)
            }
        default: break
        }
        problemSelection = max(0, min(problemSelection, problems.count - 1))
        if problemSelection < problemTop { problemTop = problemSelection }
        if problemSelection >= problemTop + page { problemTop = problemSelection - page + 1 }
        return []
    }
}
