/// Where each part of the screen goes, from the state: shared by the reducer (page sizes,
/// scrolling) and the renderer, so they never disagree.
public struct Layout: Sendable, Equatable {
    public var statusLine: Rect
    public var footer: Rect
    public var list: Rect?
    public var detail: Rect?
    public var main: Rect
    /// Sources listed on the Sources screen.
    var sourceCount: Int

    public init(_ state: AppState) {
        let width = state.width
        let height = state.height
        sourceCount = state.sources.sources.count
        statusLine = Rect(x: 0, y: 0, width: width, height: 1)
        let footerHeight = Self.wrappedMessage(state)?.count ?? 1
        footer = Rect(x: 0, y: max(0, height - footerHeight), width: width, height: footerHeight)
        main = Rect(x: 0, y: 1, width: width, height: max(0, height - 1 - footerHeight))
        if state.isSideBySide {
            let listWidth = max(48, width * 52 / 100)
            list = Rect(x: 0, y: 1, width: listWidth, height: main.height)
            detail = Rect(x: listWidth, y: 1, width: width - listWidth, height: main.height)
        } else if state.focus == .detail {
            detail = main
        } else {
            list = main
        }
    }

    /// A wrapped message takes at most this many lines; the last one is cut with an ellipsis.
    public static let maximumFooterLines = 4

    /// The lines of a message that wraps (an edit's outcome), when one is on show and nothing
    /// else holds the footer; else nil.
    static func wrappedMessage(_ state: AppState) -> [String]? {
        guard let message = state.message, message == state.wrappedMessage, !state.filter.isEditing,
              state.screen != .jobs || state.jobs.confirmingCancel == nil else { return nil }
        let lines = DetailContent.breakingWrap(message, width: max(1, state.width - 1))
        guard lines.count > maximumFooterLines else { return lines.isEmpty ? nil : lines }
        // The next word did not fit on the last line shown, so this always cuts with a mark.
        var shown = Array(lines.prefix(maximumFooterLines))
        shown[shown.count - 1] = TerminalText.truncate(shown[shown.count - 1] + " " + lines[maximumFooterLines], to: state.width - 1,
                                                       ellipsis: state.glyphs.ellipsis)
        return shown
    }

    /// Entity rows that fit in the list pane (inside its border, under the column header).
    public var listRows: Int { max(1, (list ?? main).height - 3) }

    /// Lines that fit in the detail pane.
    public var detailRows: Int { max(1, (detail ?? main).height - 2) }

    /// Problem rows that fit in the problems screen (under its header, above the full text
    /// of the selected problem).
    public var problemRows: Int { max(1, main.height - 3 - 1 - ProblemsView.fullMessageLines) }

    /// Job rows that fit in the Jobs screen's list (the upper part, under its header).
    public var jobRows: Int { max(3, (main.height - 2) * 2 / 5 - 1) }

    /// Log lines that fit under the selected job's summary and steps (`steps` of them shown).
    public func jobLogRows(steps: Int) -> Int {
        max(1, main.height - 2 - 1 - jobRows - 1 - 1 - JobsView.stepRows(steps) - 1)
    }

    /// Source rows on the Sources screen: as many as there are sources, up to two fifths of
    /// it (the selected source's details take the rest).
    public var sourceRows: Int {
        max(1, min(max(1, sourceCount), max(3, (main.height - 2) * 2 / 5 - 1)))
    }

    /// Incident rows that fit in the incidents screen (each incident takes `IncidentsView.rowHeight` lines).
    public var incidentRows: Int { max(1, (main.height - 4) / IncidentsView.rowHeight) }
}
