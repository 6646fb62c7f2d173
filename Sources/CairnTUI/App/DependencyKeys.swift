import CairnCatalog

extension AppState {
    /// Opens the dependencies screen on `ref`, centred on it.
    mutating func openDependencies(_ ref: EntityRef) {
        dependencies = Dependencies(focus: ref)
        screen = .dependencies
        centreDependencies()
    }

    /// Keys on the dependencies screen: arrows and h j k l move between nodes, Enter centres the
    /// graph on the selected node, `o` opens its detail, `+`/`-` change the depth, `g` returns
    /// to the centre, Esc/Backspace go back through earlier centres and then to the catalog.
    mutating func dependencyKey(_ key: Key) -> [Effect] {
        guard var current = dependencies, var scene = DependencyGraphScene(self) else {
            screen = .catalog
            return []
        }
        // A node gone from the graph (a fresh catalog) leaves the selection on the centre.
        current.selected = scene.selectedRef
        let move: DependencyGraphLayout.MoveDirection?
        switch key {
        case .left, .character("h"): move = .left
        case .right, .character("l"): move = .right
        case .up, .character("k"): move = .up
        case .down, .character("j"): move = .down
        default: move = nil
        }
        if let move {
            // The graph is the same: only the selection and the window move.
            if let next = scene.layout.neighbour(of: scene.selected, move, centre: { scene.boxes[$0].centre }) {
                current.selected = scene.layout.refs[next]
            }
            scene.select(current.selected, scrollX: current.scrollX, scrollY: current.scrollY)
            current.scrollX = max(0, scene.scrollX)
            current.scrollY = max(0, scene.scrollY)
            dependencies = current
            return []
        }
        switch key {
        case .character("g"), .home:
            current.selected = current.focus
        case .enter:
            let ref = current.selected
            if ref == current.focus {
                message = "\(ref.humanized) is already the centre \(glyphs.separator) o opens its detail"
                return []
            }
            guard catalog[ref] != nil else {
                show(error: "\(ref.humanized) is not in the catalog: nothing is known about what it depends on")
                return []
            }
            current.history.append(current.focus)
            current.focus = ref
        case .character("o"):
            guard catalog[current.selected] != nil else {
                show(error: "\(current.selected.humanized) is not in the catalog: there is no detail to open")
                return []
            }
            dependencies = current
            open(current.selected, keepingHistory: false)
            return []
        case .character("+"), .character("="):
            guard current.depth < DependencyGraphLayout.depthRange.upperBound else {
                message = "depth \(current.depth) is the deepest"
                return []
            }
            current.depth += 1
        case .character("-"), .character("_"):
            guard current.depth > DependencyGraphLayout.depthRange.lowerBound else {
                message = "depth \(current.depth) is the shallowest"
                return []
            }
            current.depth -= 1
        case .escape, .backspace:
            guard let previous = current.history.popLast() else {
                screen = .catalog
                return []
            }
            // Back to the previous centre, with the node we came through selected.
            current.selected = current.focus
            current.focus = previous
        default:
            return []
        }
        dependencies = current
        centreDependencies()
        return []
    }

    /// After a new centre or depth: the selection on a node that is shown (else the centre),
    /// and the window centred on it.
    private mutating func centreDependencies() {
        guard let scene = DependencyGraphScene(self) else { return }
        dependencies?.selected = scene.selectedRef
        let scroll = scene.centredScroll
        dependencies?.scrollX = scroll.x
        dependencies?.scrollY = scroll.y
    }
}
