import CairnCatalog
import CairnHealth
@testable import CairnTUI
import Foundation
import Testing

/// Catalogs for the dependencies screen, written as YAML.
enum GraphCatalogs {
    static let team = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-x
    spec:
      type: team
      children: []

    """

    static func component(_ name: String, dependsOn: [String] = [], consumes: [String] = [], provides: [String] = []) -> String {
        var text = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: \(name)
        spec:
          type: service
          lifecycle: production
          owner: team-x

        """
        if !dependsOn.isEmpty { text += "  dependsOn: [\(dependsOn.joined(separator: ", "))]\n" }
        if !consumes.isEmpty { text += "  consumesApis: [\(consumes.joined(separator: ", "))]\n" }
        if !provides.isEmpty { text += "  providesApis: [\(provides.joined(separator: ", "))]\n" }
        return text
    }

    static func api(_ name: String) -> String {
        """
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata:
          name: \(name)
        spec:
          type: openapi
          lifecycle: production
          owner: team-x
          definition: "openapi: 3.0.3"

        """
    }

    static func resource(_ name: String) -> String {
        """
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata:
          name: \(name)
        spec:
          type: database
          owner: team-x

        """
    }

    static func catalog(_ documents: [String]) -> Catalog {
        TUI.catalog(([team] + documents).joined(separator: "---\n"))
    }

    /// Two levels each way around `orders`:
    ///
    ///     base        pricing
    ///      ↑            ↑ (provides)
    ///     lib  cache  pricing-api
    ///       ↖   ↑   ↗ (consumes)
    ///         orders → ghost (not in the catalog)
    ///        ↗     ↖
    ///      web     mobile
    ///       ↑
    ///      edge
    static let layered = catalog([
        component("base"),
        component("lib", dependsOn: ["component:base"]),
        resource("cache"),
        api("pricing-api"),
        component("pricing", provides: ["pricing-api"]),
        component("orders", dependsOn: ["component:lib", "resource:cache", "component:ghost"], consumes: ["pricing-api"]),
        component("web", dependsOn: ["component:orders"]),
        component("mobile", dependsOn: ["component:orders"]),
        component("edge", dependsOn: ["component:web"]),
    ])

    /// `alpha` and `beta` depend on each other; `gamma` depends on `alpha`.
    static let cycle = catalog([
        component("alpha", dependsOn: ["component:beta"]),
        component("beta", dependsOn: ["component:alpha"]),
        component("gamma", dependsOn: ["component:alpha"]),
    ])

    /// `core` and the `count` components that depend on it.
    static func fanOut(_ count: Int) -> Catalog {
        catalog([component("core")] + (1...count).map { component("dependent-" + String($0).leftPadded(to: 2), dependsOn: ["component:core"]) })
    }

    /// `count` components in one loop, each depending on the next, built directly (parsing
    /// 10,000 YAML documents would test the parser, not the graph).
    static func ring(_ count: Int) -> Catalog {
        func ref(_ number: Int) -> EntityRef { EntityRef(kind: "component", name: "node-" + String(number % count).leftPadded(to: 5)) }
        let entities = (0..<count).map { number in
            Entity(ref: ref(number), apiVersion: "backstage.io/v1alpha1", kind: "Component", owner: EntityRef(kind: "group", name: "team-x"),
                   lifecycle: "production", type: "service", document: .object([]),
                   source: CairnCatalog.SourceLocation(file: "ring.yaml", line: number + 1, column: 1),
                   relations: [Relation(.dependencyOf, ref(number + count - 1)), Relation(.dependsOn, ref(number + 1))])
        }
        return Catalog(entities: entities, files: [], fileProblems: [])
    }

    /// `count` components that all depend on `hub`, which depends on the first of them.
    static func bigFanIn(_ count: Int) -> Catalog {
        let hub = EntityRef(kind: "component", name: "hub")
        func ref(_ number: Int) -> EntityRef { EntityRef(kind: "component", name: "user-" + String(number).leftPadded(to: 5)) }
        func entity(_ ref: EntityRef, _ relations: [Relation]) -> Entity {
            Entity(ref: ref, apiVersion: "backstage.io/v1alpha1", kind: "Component", owner: EntityRef(kind: "group", name: "team-x"),
                   lifecycle: "production", type: "service", document: .object([]),
                   source: CairnCatalog.SourceLocation(file: "fan.yaml", line: 1, column: 1), relations: relations)
        }
        var entities = (0..<count).map { number in
            entity(ref(number), [Relation(.dependsOn, hub)] + (number == 0 ? [Relation(.dependencyOf, hub)] : []))
        }
        entities.append(entity(hub, [Relation(.dependsOn, ref(0))] + (0..<count).map { Relation(.dependencyOf, ref($0)) }))
        return Catalog(entities: entities, files: [], fileProblems: [])
    }
}

@Suite struct DependencyGraphTests {
    static func opened(_ catalog: Catalog, on name: String, width: Int = 80, height: Int = 24, isUnicode: Bool = true) -> AppState {
        var state = TUI.state(catalog, width: width, height: height, isUnicode: isUnicode)
        state.openDependencies(TUI.ref(name))
        return state
    }

    static func layout(_ state: AppState) -> DependencyGraphLayout {
        DependencyGraphScene(state)!.layout
    }

    /// The rows of the graph window (between the heading and the bottom border).
    static func graphLines(_ canvas: Canvas, _ state: AppState) -> ArraySlice<String> {
        let viewport = DependencyGraphScene.viewport(state)
        return canvas.lines[viewport.y..<(viewport.y + viewport.height)]
    }

    /// The screen row showing a node's name in a box ("│ name" or "┃ name").
    static func boxRow(_ name: String, in canvas: Canvas) -> Int? {
        canvas.lines.firstIndex { line in ["│", "┃", "┆", "▶", "|", ":", ">"].contains { line.contains("\($0) \(name) ") } }
    }

    /// Whether the side columns of the graph window show "more this way" arrows.
    static func arrows(_ canvas: Canvas, _ state: AppState) -> (left: Bool, right: Bool) {
        let viewport = DependencyGraphScene.viewport(state)
        let rows = viewport.y..<(viewport.y + viewport.height)
        let left = rows.contains { ["◀", "<"].contains(canvas[viewport.x - 1, $0].text) }
        let right = rows.contains { ["▶", ">"].contains(canvas[viewport.x + viewport.width, $0].text) }
        return (left, right)
    }

    /// The text of the box whose name is `name` on a box's middle row: "│ name … │".
    static func box(containing name: String, in line: String) -> String? {
        guard let start = line.range(of: "│ \(name) ") ?? line.range(of: "┃ \(name) ") ?? line.range(of: "▶ \(name) ") else { return nil }
        let rest = line[start.upperBound...]
        guard let end = rest.firstIndex(where: { $0 == "│" || $0 == "┃" }) else { return nil }
        return String(line[start.lowerBound...end])
    }

    static func occurrences(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    // MARK: the layout model

    @Test func layersPutUpstreamAboveAndDownstreamBelow() {
        let state = Self.opened(GraphCatalogs.layered, on: "component:orders", width: 120, height: 40)
        let layout = Self.layout(state)
        let layers = layout.nodes.mapValues(\.layer)
        #expect(layers[TUI.ref("component:orders")] == 0)
        #expect(layers[TUI.ref("component:lib")] == -1)
        #expect(layers[TUI.ref("resource:cache")] == -1)
        #expect(layers[TUI.ref("api:pricing-api")] == -1)
        #expect(layers[TUI.ref("component:ghost")] == -1)
        #expect(layers[TUI.ref("component:base")] == -2)
        #expect(layers[TUI.ref("component:pricing")] == -2)
        #expect(layers[TUI.ref("component:web")] == 1)
        #expect(layers[TUI.ref("component:mobile")] == 1)
        #expect(layers[TUI.ref("component:edge")] == 2)
        #expect(layout.nodes.count == 10)
        #expect(layout.upstreamCount == 6 && layout.downstreamCount == 3)
        #expect(layout.rows.count == 5 && layout.rows[layout.focusRow] == [TUI.ref("component:orders")])
        // Every edge drawn joins adjacent layers, and reads "lower depends on upper".
        #expect(layout.drawnEdges.contains(.init(lower: TUI.ref("component:orders"), upper: TUI.ref("api:pricing-api"), type: .consumesApi)))
        #expect(layout.drawnEdges.contains(.init(lower: TUI.ref("api:pricing-api"), upper: TUI.ref("component:pricing"), type: .apiProvidedBy)))
        #expect(layout.drawnEdges.contains(.init(lower: TUI.ref("component:edge"), upper: TUI.ref("component:web"), type: .dependsOn)))
        #expect(layout.otherEdges.isEmpty)

        // On screen: each layer's boxes on rows above the next.
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let rows = ["base", "lib", "orders", "web", "edge"].map { Self.boxRow($0, in: canvas) }
        #expect(rows.allSatisfy { $0 != nil }, "\(canvas.lines.joined(separator: "\n"))")
        let found = rows.compactMap { $0 }
        #expect(found == found.sorted() && Set(found).count == found.count, "\(rows)")
        #expect(Self.boxRow("pricing", in: canvas) == rows[0])
        #expect(Self.boxRow("mobile", in: canvas) == rows[3])
    }

    @Test func headingLegendLabelsAndLines() throws {
        let state = Self.opened(GraphCatalogs.layered, on: "component:orders", width: 120, height: 40)
        let canvas = TUI.screen(state)
        let text = canvas.lines.joined(separator: "\n")
        #expect(canvas.lines[1].contains("Dependencies: component:orders · depth 2"))
        #expect(canvas.lines[2].contains("6 upstream · 3 downstream"), "\(canvas.lines[2])")
        #expect(canvas.lines[2].contains("↑ depends on · ↓ depended on by"))
        for label in ["dependsOn", "consumesApi", "providedBy"] { #expect(text.contains(label), "no \(label) label:\n\(text)") }
        // The focus is heavy, with a line leaving its top and its bottom.
        let focusRowFound = Self.boxRow("orders", in: canvas)
        let focusRow = try #require(focusRowFound)
        #expect(canvas.lines[focusRow - 1].contains("┷") && canvas.lines[focusRow + 1].contains("┯"))
        #expect(canvas.lines[focusRow].contains("▶ orders ┃"), "the focus, selected")
        // The line from orders' bottom reaches web's top border.
        let line = canvas.lines[focusRow + 1]
        let port = TerminalText.width(String(line[..<line.range(of: "┯")!.lowerBound]))
        let below = canvas[port, focusRow + 2].text
        #expect(["┴", "┘", "└", "┼", "┬", "│"].contains(below), "under the focus' port: \(below)")
    }

    @Test func aNodeNotInTheCatalogIsDrawnDim() throws {
        let state = Self.opened(GraphCatalogs.layered, on: "component:orders", width: 120, height: 40)
        let canvas = TUI.screen(state)
        let yFound = Self.boxRow("ghost", in: canvas)
        let y = try #require(yFound)
        #expect(TUI.role(of: "ghost", y: y, in: canvas) == .dim)
        #expect(TUI.role(of: "lib", y: y, in: canvas) == .text)
        #expect(canvas.lines[y - 1].contains("┄"), "a missing node's border is dashed: \(canvas.lines[y - 1])")
    }

    @Test func aCycleIsShownOnceAndMarked() throws {
        var state = Self.opened(GraphCatalogs.cycle, on: "component:alpha")
        let layout = Self.layout(state)
        #expect(layout.nodes.count == 3)
        #expect(layout.nodes[TUI.ref("component:beta")]?.layer == -1)
        #expect(layout.nodes[TUI.ref("component:gamma")]?.layer == 1)
        #expect(layout.nodes[TUI.ref("component:beta")]?.isOnCycle == true)
        #expect(layout.nodes[TUI.ref("component:alpha")]?.isOnCycle == true)
        #expect(layout.nodes[TUI.ref("component:gamma")]?.isOnCycle == false)
        #expect(layout.otherEdges == [.init(lower: TUI.ref("component:beta"), upper: TUI.ref("component:alpha"), type: .dependsOn)])

        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let graph = Self.graphLines(canvas, state).joined(separator: "\n")
        #expect(Self.occurrences("beta", in: graph) == 1, "\(graph)")
        #expect(Self.occurrences("↺ cycle", in: graph) == 2, "\(graph)")
        #expect(canvas.lines[2].contains("1 upstream · 1 downstream · 2 on a cycle"), "\(canvas.lines[2])")
        // Selected, the node says what the drawing cannot: the edge that closes the cycle.
        TUI.press(&state, .up)
        #expect(state.dependencies?.selected == TUI.ref("component:beta"))
        let bottom = TUI.screen(state).lines[22]
        #expect(bottom.contains("component:beta · 1 hop upstream · on a cycle · also depends on alpha"), "\(bottom)")
    }

    @Test func aNodeOnBothSidesSitsWhereItIsNearer() {
        // f → x → y → f: x is one hop up and two down; y two up and one down.
        let catalog = GraphCatalogs.catalog([
            GraphCatalogs.component("f", dependsOn: ["component:x"]),
            GraphCatalogs.component("x", dependsOn: ["component:y"]),
            GraphCatalogs.component("y", dependsOn: ["component:f"]),
        ])
        let state = Self.opened(catalog, on: "component:f")
        let layout = Self.layout(state)
        #expect(layout.count == 3)
        #expect(layout.node(TUI.ref("component:x"))?.layer == -1)
        #expect(layout.node(TUI.ref("component:y"))?.layer == 1)
        #expect(layout.nodes.values.allSatisfy { $0.isOnCycle })
        // f→x and y→f are lines; x→y closes the loop and is told in words when x is selected.
        #expect(Set(layout.drawnEdges) == [.init(lower: TUI.ref("component:f"), upper: TUI.ref("component:x"), type: .dependsOn),
                                           .init(lower: TUI.ref("component:y"), upper: TUI.ref("component:f"), type: .dependsOn)])
        var moved = state
        TUI.press(&moved, .up)
        #expect(TUI.screen(moved).lines[22].contains("also depends on y"))
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let graph = Self.graphLines(canvas, state).joined(separator: "\n")
        #expect(Self.occurrences(" x ", in: graph) == 1 && Self.occurrences(" y ", in: graph) == 1, "\(graph)")
    }

    @Test func aLoopOfTenThousandEndsAtTheDepth() {
        let catalog = GraphCatalogs.ring(10_000)
        var state = Self.opened(catalog, on: "component:node-00000")
        TUI.press(&state, .character("+"), .character("+"), .character("+"), .character("+"), .character("+"))
        #expect(state.dependencies?.depth == 6)
        let layout = Self.layout(state)
        // Six hops each way, each node once: the walk never went round the loop.
        #expect(layout.nodes.count == 13)
        #expect(layout.nodes[TUI.ref("component:node-00006")]?.layer == -6)
        #expect(layout.nodes[TUI.ref("component:node-09994")]?.layer == 6)
        #expect(layout.nodes.values.allSatisfy { !$0.isOnCycle }, "the loop closes beyond what is shown")
        #expect(layout.nodes[TUI.ref("component:node-00006")]?.beyondDepth == 1)
        TUI.expectWellFormed(TUI.screen(state))

        // A small loop inside the depth: every node on it is marked, and the walk stops.
        let small = Self.layout(Self.opened(GraphCatalogs.ring(5), on: "component:node-00000"))
        #expect(small.nodes.count == 5)
        #expect(small.nodes.values.allSatisfy { $0.isOnCycle })
    }

    @Test func cyclesAreFoundWithoutRecursion() {
        let count = 50_000
        let loop = (0..<count).map { [($0 + 1) % count] }
        #expect(DependencyGraphLayout.onCycles(loop).allSatisfy { $0 })
        let chain = (0..<count).map { $0 + 1 < count ? [$0 + 1] : [] }
        #expect(DependencyGraphLayout.onCycles(chain).allSatisfy { !$0 })
        #expect(DependencyGraphLayout.onCycles([[0], [], [1]]) == [true, false, false])
    }

    @Test func tenThousandDependentsScrollAndStayWellFormed() {
        var state = Self.opened(GraphCatalogs.bigFanIn(10_000), on: "component:hub")
        #expect(Self.layout(state).count == 10_001)
        TUI.press(&state, .down)
        TUI.press(&state, .right, .right, .right)
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let selected = state.dependencies!.selected
        #expect(Self.boxRow(selected.name, in: canvas) != nil)
        #expect(Self.arrows(canvas, state) == (true, true))
    }

    // MARK: wide layers

    @Test func fortyDependentsAt80x24DoNotGarble() throws {
        var state = Self.opened(GraphCatalogs.fanOut(40), on: "component:core")
        let names = (1...40).map { "dependent-" + String($0).leftPadded(to: 2) }

        func check(_ state: AppState, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let canvas = TUI.screen(state)
            TUI.expectWellFormed(canvas, sourceLocation: sourceLocation)
            let scene = DependencyGraphScene(state)!
            let graph = Self.graphLines(canvas, state)
            // Every name on screen is whole and boxed: "│ dependent-NN │".
            let shown = graph.flatMap { line in names.filter { line.contains("│ \($0) │") || line.contains("▶ \($0) │") } }
            let fragments = graph.map { Self.occurrences("dependent-", in: $0) }.reduce(0, +)
            #expect(fragments == shown.count, "a cut name on screen:\n\(graph.joined(separator: "\n"))", sourceLocation: sourceLocation)
            // Exactly the boxes the scene calls visible, and they do not overlap.
            let visible = scene.boxes.indices.filter { scene.isVisible(scene.boxes[$0]) && scene.layout.refs[$0].name.hasPrefix("dependent-") }
            #expect(Set(shown) == Set(visible.map { scene.layout.refs[$0].name }), sourceLocation: sourceLocation)
            #expect(shown.count >= 3, "at 80 columns several dependents show", sourceLocation: sourceLocation)
            let spans = visible.map { (scene.boxes[$0].x, scene.boxes[$0].right) }.sorted { $0.0 < $1.0 }
            for (left, right) in zip(spans, spans.dropFirst()) { #expect(left.1 < right.0, sourceLocation: sourceLocation) }
            // The selection is always on screen.
            let selected = state.dependencies!.selected.name
            #expect(graph.contains { $0.contains("▶ \(selected) ") }, "\(selected) not on screen, or not pointed at",
                    sourceLocation: sourceLocation)
        }

        check(state)
        #expect(TUI.screen(state).lines[2].contains("40 downstream"))
        TUI.press(&state, .down)
        check(state)
        // Walk the whole row left then right: the window follows.
        for _ in 0..<40 { TUI.press(&state, .left) }
        #expect(state.dependencies?.selected.name == "dependent-01")
        check(state)
        #expect(Self.arrows(TUI.screen(state), state) == (false, true))
        for step in 0..<39 {
            TUI.press(&state, .character("l"))
            #expect(state.dependencies?.selected.name == names[step + 1])
            check(state)
        }
        #expect(Self.arrows(TUI.screen(state), state) == (true, false))
        #expect(TUI.screen(state).lines[22].contains("40 of 40 in this row"))
        // Bigger terminals show more of the row.
        var big = state
        _ = reduce(&big, .resize(width: 200, height: 50))
        let wide = DependencyGraphScene(big)!
        let narrow = DependencyGraphScene(state)!
        #expect(wide.boxes.filter(wide.isVisible).count > narrow.boxes.filter(narrow.isVisible).count)
        check(big)
    }

    // MARK: keys

    @Test func arrowsMoveEnterRecentresEscGoesBack() throws {
        var state = Self.opened(GraphCatalogs.layered, on: "component:orders", width: 120, height: 40)
        let orders = TUI.ref("component:orders")
        #expect(state.dependencies?.selected == orders)
        // Up: the node above nearest the focus' column; the row is ordered api, components, resources.
        let scene = DependencyGraphScene(state)!
        let aboveRow = scene.layout.rows[scene.layout.focusRow - 1]
        #expect(aboveRow == ["api:pricing-api", "component:ghost", "component:lib", "resource:cache"].map(TUI.ref))
        func centre(_ ref: EntityRef) -> Int { scene.boxes[scene.layout.ids[ref]!].centre }
        let nearest = aboveRow.min { abs(centre($0) - centre(orders)) < abs(centre($1) - centre(orders)) }
        TUI.press(&state, .up)
        #expect(state.dependencies?.selected == nearest)
        let pointed = TUI.screen(state)
        let nearestName = DependencyGraphScene.name(nearest!)
        let pointedRow = Self.boxRow(nearestName, in: pointed)
        #expect(pointedRow.map { pointed.lines[$0].contains("▶ \(nearestName) ") } == true, "the selected box is pointed at")
        #expect(pointedRow.flatMap { TUI.role(of: nearestName, y: $0, in: pointed) } == .selection)
        TUI.press(&state, .left, .left, .left, .left)
        #expect(state.dependencies?.selected == TUI.ref("api:pricing-api"))
        TUI.press(&state, .character("l"), .character("l"))
        #expect(state.dependencies?.selected == TUI.ref("component:lib"))
        // lib's lines light up: the one from its bottom border down towards orders.
        let lit = TUI.screen(state)
        let litScene = DependencyGraphScene(state)!
        let lib = litScene.boxes[litScene.layout.ids[TUI.ref("component:lib")]!]
        let port = try #require(lib.bottomPort)
        let below = (litScene.screenX(port), litScene.screenY(lib.y + 3))
        #expect(lit[below.0, below.1].role == .accent, "\(lit[below.0, below.1])")
        #expect(["│", "┴", "┘", "└", "┼", "├", "┤"].contains(lit[below.0, below.1].text))
        TUI.press(&state, .character("k"))
        #expect(state.dependencies?.selected == TUI.ref("component:base"))
        TUI.press(&state, .up)
        #expect(state.dependencies?.selected == TUI.ref("component:base"), "nothing above the top row")
        TUI.press(&state, .character("g"))
        #expect(state.dependencies?.selected == orders)
        TUI.press(&state, .down, .character("j"))
        #expect(state.dependencies?.selected == TUI.ref("component:edge"))

        // Enter: edge becomes the centre, orders goes on the history.
        TUI.press(&state, .enter)
        #expect(state.dependencies?.focus == TUI.ref("component:edge"))
        #expect(state.dependencies?.selected == TUI.ref("component:edge"))
        #expect(state.dependencies?.history == [orders])
        #expect(state.screen == .dependencies)
        #expect(TUI.screen(state).lines[1].contains("Dependencies: component:edge · depth 2 · 1 back"))
        #expect(Self.layout(state).nodes[orders]?.layer == -2)
        // Esc: back to orders, with edge (where we went) selected; Esc again leaves.
        TUI.press(&state, .escape)
        #expect(state.dependencies?.focus == orders)
        #expect(state.dependencies?.selected == TUI.ref("component:edge"))
        #expect(state.dependencies?.history == [])
        TUI.press(&state, .backspace)
        #expect(state.screen == .catalog)
    }

    @Test func depthOpenAndMissingNodes() {
        var state = Self.opened(GraphCatalogs.layered, on: "component:orders", width: 120, height: 40)
        TUI.press(&state, .down, .down)
        #expect(state.dependencies?.selected == TUI.ref("component:edge"))
        TUI.press(&state, .character("-"))
        #expect(state.dependencies?.depth == 1)
        #expect(state.dependencies?.selected == TUI.ref("component:orders"), "edge is no longer shown")
        #expect(Self.layout(state).nodes.count == 7)
        TUI.press(&state, .character("-"))
        #expect(state.dependencies?.depth == 1)
        #expect(state.message?.contains("shallowest") == true)
        for _ in 0..<8 { TUI.press(&state, .character("+")) }
        #expect(state.dependencies?.depth == 6)
        #expect(TUI.screen(state).lines[1].contains("depth 6"))

        // A node missing from the catalog can be neither centred nor opened.
        TUI.press(&state, .character("g"), .up)
        TUI.press(&state, .left, .left, .left, .left, .right)
        TUI.press(&state, .enter)
        #expect(state.messageIsError && state.message?.contains("not in the catalog") == true)
        #expect(state.dependencies?.focus == TUI.ref("component:orders"))
        TUI.press(&state, .character("o"))
        #expect(state.messageIsError && state.screen == .dependencies)

        // o opens the selected node's detail.
        TUI.press(&state, .right)
        #expect(state.dependencies?.selected == TUI.ref("component:lib"))
        TUI.press(&state, .character("o"))
        #expect(state.screen == .catalog && state.focus == .detail)
        #expect(state.detail.ref == TUI.ref("component:lib"))
        // d comes back to the graph, now around lib.
        TUI.press(&state, .character("d"))
        #expect(state.screen == .dependencies && state.dependencies?.focus == TUI.ref("component:lib"))
    }

    @Test func enterOnTheCentreSaysSo() {
        var state = Self.opened(GraphCatalogs.layered, on: "component:orders")
        TUI.press(&state, .enter)
        #expect(state.dependencies?.history == [])
        #expect(state.message?.contains("already the centre") == true)
    }

    // MARK: ASCII, health, samples

    @Test func asciiModeHasNothingButASCII() {
        var state = Self.opened(GraphCatalogs.layered, on: "component:orders", isUnicode: false)
        let board = HealthBoard(samples: [
            HealthSample(entityRef: TUI.ref("component:lib"), status: .fail, httpStatus: 503, latencyMilliseconds: 12, checkedAt: TUI.now, reason: "HTTP 503"),
        ], catalog: state.catalog, graph: state.graph)
        _ = reduce(&state, .healthUpdated(board))
        for keys in [[Key](), [.up], [.down, .right], [.up, .up]] {
            var moved = state
            for key in keys { TUI.press(&moved, key) }
            let canvas = TUI.screen(moved)
            TUI.expectASCII(canvas)
            TUI.expectWellFormed(canvas)
            // The canvas turns anything else into "?": none may appear (no Unicode glyph slipped through).
            #expect(!canvas.lines[1...22].contains { $0.contains("?") }, "\(canvas.lines.joined(separator: "\n"))")
        }
        let text = TUI.screen(state).lines.joined(separator: "\n")
        #expect(text.contains("^ depends on | v depended on by"))
        #expect(text.contains("x FAIL"))
        #expect(text.contains("+====="), "the focus box")

        let cycle = Self.opened(GraphCatalogs.cycle, on: "component:alpha", isUnicode: false)
        TUI.expectASCII(TUI.screen(cycle))
        #expect(!TUI.screen(cycle).lines[1...22].contains { $0.contains("?") }, "the footer's \"? help\" aside")
        #expect(TUI.screen(cycle).lines.joined().contains("(cycle)"))
        var fan = Self.opened(GraphCatalogs.fanOut(40), on: "component:core", isUnicode: false)
        TUI.press(&fan, .down)
        TUI.expectASCII(TUI.screen(fan))
        #expect(!TUI.screen(fan).lines[1...22].contains { $0.contains("?") }, "the more-arrows too")
    }

    @Test func healthBadgesShowInTheNodes() throws {
        var state = Self.opened(GraphCatalogs.layered, on: "component:orders", width: 120, height: 40)
        let board = HealthBoard(samples: [
            HealthSample(entityRef: TUI.ref("component:lib"), status: .fail, httpStatus: 503, latencyMilliseconds: 12, checkedAt: TUI.now, reason: "HTTP 503"),
            HealthSample(entityRef: TUI.ref("resource:cache"), status: .pass, httpStatus: 200, latencyMilliseconds: 5, checkedAt: TUI.now, reason: "ok"),
        ], catalog: state.catalog, graph: state.graph)
        _ = reduce(&state, .healthUpdated(board))
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let libRowFound = Self.boxRow("lib", in: canvas)
        let libRow = try #require(libRowFound)
        let libLine = canvas.lines[libRow]
        #expect(Self.box(containing: "lib", in: libLine)?.hasSuffix("✖ FAIL │") == true, "\(libLine)")
        #expect(TUI.role(of: "✖ FAIL", y: libRow, in: canvas) == .badgeFail)
        let cacheRowFound = Self.boxRow("resource:cache", in: canvas)
        let cacheRow = try #require(cacheRowFound)
        #expect(canvas.lines[cacheRow].contains("resource:cache ● ok"), "\(canvas.lines[cacheRow])")
        #expect(TUI.role(of: "● ok", y: cacheRow, in: canvas) == .badgePass)
        // web depends on orders, which depends on the failing lib.
        let webRowFound = Self.boxRow("web", in: canvas)
        let webRow = try #require(webRowFound)
        #expect(Self.box(containing: "web", in: canvas.lines[webRow])?.hasSuffix("◆ impct │") == true, "\(canvas.lines[webRow])")
        // orders depends on the failing lib: impacted.
        let ordersRowFound = Self.boxRow("orders", in: canvas)
        let ordersRow = try #require(ordersRowFound)
        #expect(canvas.lines[ordersRow].contains("◆ impct"), "\(canvas.lines[ordersRow])")
    }

    @Test func theSampleCatalogRendersAt80x24() throws {
        var state = Self.opened(try TUI.samples(), on: "component:payments-service")
        let layout = Self.layout(state)
        #expect(layout.upstreamCount > 0 && layout.downstreamCount > 0)
        var canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        #expect(canvas.lines.contains { $0.contains("▶ payments-service ┃") })
        #expect(canvas.lines.contains { $0.contains("checkout-service") })
        // Moving over every node of every row keeps the screen well formed.
        for key in [Key.up, .up, .left, .left, .right, .right, .right, .right, .down, .down, .down, .left, .down, .right, .enter, .up, .escape] {
            TUI.press(&state, key)
            canvas = TUI.screen(state)
            TUI.expectWellFormed(canvas)
            let selected = state.dependencies!.selected
            #expect(Self.boxRow(DependencyGraphScene.name(selected), in: canvas) != nil, "\(selected) not on screen")
        }
    }

    @Test func renderingReadsOnlyTheState() {
        let state = Self.opened(GraphCatalogs.layered, on: "component:orders")
        #expect(TUI.screen(state) == TUI.screen(state))
        // The key handler and the view share one layout: the same value from the same state.
        #expect(DependencyGraphScene(state)!.layout == DependencyGraphScene(state)!.layout)
    }
}
