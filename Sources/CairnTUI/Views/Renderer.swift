import CairnCatalog
import Foundation

/// `render(state) -> Canvas`: pure, so every screen is testable as text.
public func render(_ state: AppState, now: Date = Date()) -> Canvas {
    var canvas = Canvas(width: state.width, height: state.height, isASCII: !state.isUnicode)
    if state.isTooSmall {
        TooSmallView.draw(state, into: &canvas)
        return canvas
    }
    let layout = Layout(state)
    StatusLineView.draw(state, now: now, in: layout.statusLine, into: &canvas)
    switch state.screen {
    case .catalog:
        if let list = layout.list { ListView.draw(state, in: list, into: &canvas) }
        if let detail = layout.detail { DetailView.draw(state, in: detail, into: &canvas, now: now) }
    case .problems:
        ProblemsView.draw(state, in: layout.main, into: &canvas)
    case .dependencies:
        DependencyGraphView.draw(state, in: layout.main, into: &canvas)
    case .wizard:
        WizardView.draw(state, in: layout.main, into: &canvas)
    case .incidents:
        IncidentsView.draw(state, in: layout.main, into: &canvas, now: now)
    case .jobs:
        JobsView.draw(state, in: layout.main, into: &canvas, now: now)
    case .provisionRequest:
        ProvisionRequestView.draw(state, in: layout.main, into: &canvas)
    case .search:
        SearchView.draw(state, in: layout.main, into: &canvas)
    case .sources:
        SourcesView.draw(state, in: layout.main, into: &canvas, now: now)
    }
    FooterView.draw(state, in: layout.footer, into: &canvas)
    switch state.overlay {
    case .none: break
    case .help: HelpView.draw(state, into: &canvas)
    case .palette: PaletteView.draw(state, into: &canvas)
    }
    return canvas
}
