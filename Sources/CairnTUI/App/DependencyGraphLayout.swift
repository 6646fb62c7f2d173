import CairnCatalog

/// The dependencies screen's graph as layers around one entity: the focus in the middle, what it
/// depends on (upstream) in the layers above, one per hop, and what depends on it (downstream) in
/// the layers below. Every node appears once, at its shortest distance; a node reachable both
/// ways at the same distance sits upstream, and every node on a cycle is marked.
///
/// A value built from (catalog, focus, depth) only — the relations `CatalogGraph` follows,
/// read straight from the entities — so the key handler and the view can each build it. It
/// walks the neighbourhood, never the catalog, reads each node's relations once, and works on
/// small integer ids (hashing refs is the expensive part with thousands of neighbours).
///
/// Convention for edges: every edge is "`lower` depends on `upper`" (`type` is the upstream
/// relation: dependsOn, consumesApi or apiProvidedBy), so on screen the graph always reads
/// upwards — the focus depends on the layer above it, the layer below depends on the focus.
struct DependencyGraphLayout: Sendable, Equatable {
    static let depthRange = 1...6

    /// One node, as the key handler, the view and tests see it.
    struct Node: Sendable, Equatable {
        var ref: EntityRef
        /// Negative: hops upstream (above the focus); 0: the focus; positive: hops downstream.
        var layer: Int
        var isInCatalog: Bool
        /// On a cycle among the nodes shown (reachable both upstream and downstream, a
        /// self-dependency, or a loop further out).
        var isOnCycle: Bool
        /// Neighbours further out than the depth limit (outermost layers only): `+` shows them.
        var beyondDepth: Int
    }

    /// "`lower` depends on `upper`", `type` being the upstream relation that says so; node ids.
    struct Link: Sendable, Equatable {
        var lower: Int
        var upper: Int
        var type: RelationType

        func other(than id: Int) -> Int { id == lower ? upper : lower }
    }

    /// The same, with refs.
    struct Edge: Sendable, Equatable, Hashable {
        var lower: EntityRef
        var upper: EntityRef
        var type: RelationType
    }

    let focus: EntityRef
    let depth: Int
    /// Node ids are positions in these arrays, in the order the walks found the nodes; the
    /// focus is 0.
    private(set) var refs: [EntityRef] = []
    private(set) var ids: [EntityRef: Int] = [:]
    private(set) var layers: [Int] = []
    private(set) var inCatalog: [Bool] = []
    private(set) var onCycle: [Bool] = []
    private(set) var beyond: [Int] = []
    /// The layers as rows of node ids, top to bottom (furthest upstream first).
    private(set) var rowIDs: [[Int]] = []
    /// For each node, its row and its place in the row.
    private(set) var rowOf: [Int] = []
    private(set) var indexInRow: [Int] = []
    private(set) var focusRow = 0
    /// Edges between adjacent layers: drawn as lines.
    private(set) var drawnLinks: [Link] = []
    /// Relations among the nodes shown that a layered drawing cannot draw as a line: within a
    /// layer, skipping layers, or against the direction of the layers (cycles).
    private(set) var otherLinks: [Link] = []

    static let focusID = 0
    var count: Int { refs.count }
    var upstreamCount: Int { layers.filter { $0 < 0 }.count }
    var downstreamCount: Int { layers.filter { $0 > 0 }.count }
    var cycleCount: Int { onCycle.filter { $0 }.count }

    init(catalog: Catalog, focus: EntityRef, depth: Int) {
        self.focus = focus
        self.depth = min(max(depth, Self.depthRange.lowerBound), Self.depthRange.upperBound)
        var relations: [[Relation]] = []
        add(focus, layer: 0, catalog: catalog, relations: &relations)

        // Breadth first each way, each bounded by the depth: only the neighbourhood is read.
        // Upstream first, so a tie goes upstream; downstream takes a node when it is nearer.
        let upstreamTypes = CatalogGraph.Direction.upstream.relationTypes
        let downstreamTypes = CatalogGraph.Direction.downstream.relationTypes
        for (types, sign) in [(upstreamTypes, -1), (downstreamTypes, 1)] {
            var seen = Set([Self.focusID])
            var frontier = [Self.focusID]
            for distance in 1...self.depth where !frontier.isEmpty {
                var next: [Int] = []
                for node in frontier {
                    for relation in relations[node] where types.contains(relation.type) {
                        let target = ids[relation.target] ?? add(relation.target, layer: sign * distance, catalog: catalog, relations: &relations)
                        guard seen.insert(target).inserted else { continue }
                        if sign > 0, layers[target] < 0, distance < -layers[target] { layers[target] = distance }
                        next.append(target)
                    }
                }
                frontier = next
            }
        }

        // Every relation among the nodes shown, once, as "lower depends on upper".
        var seen: Set<Int> = []
        for id in refs.indices {
            for relation in relations[id] {
                guard let other = ids[relation.target] else { continue }
                if upstreamTypes.contains(relation.type) {
                    file(Link(lower: id, upper: other, type: relation.type), seen: &seen)
                } else if downstreamTypes.contains(relation.type) {
                    file(Link(lower: other, upper: id, type: relation.type.reverse), seen: &seen)
                }
            }
        }

        onCycle = Self.onCycles(adjacency())
        // The outermost layers: how many neighbours lie beyond the depth limit.
        for id in refs.indices where abs(layers[id]) == self.depth {
            let types = layers[id] < 0 ? upstreamTypes : downstreamTypes
            beyond[id] = Set(relations[id].filter { types.contains($0.type) && ids[$0.target] == nil }.map(\.target)).count
        }
        arrangeRows()
    }

    /// A new node; its relations are read here, once.
    @discardableResult
    private mutating func add(_ ref: EntityRef, layer: Int, catalog: Catalog, relations: inout [[Relation]]) -> Int {
        let entity = catalog[ref]
        relations.append(entity?.relations ?? [])
        let id = refs.count
        refs.append(ref)
        ids[ref] = id
        layers.append(layer)
        inCatalog.append(entity != nil)
        beyond.append(0)
        return id
    }

    /// Files a link, once, as drawn (between adjacent layers) or not.
    private mutating func file(_ link: Link, seen: inout Set<Int>) {
        let typeCode = RelationType.allCases.firstIndex(of: link.type) ?? 0
        guard seen.insert((link.lower * refs.count + link.upper) * 16 + typeCode).inserted else { return }
        if layers[link.lower] == layers[link.upper] + 1 {
            drawnLinks.append(link)
        } else {
            otherLinks.append(link)
        }
    }

    private func adjacency() -> [[Int]] {
        var adjacency = [[Int]](repeating: [], count: refs.count)
        for link in drawnLinks { adjacency[link.lower].append(link.upper) }
        for link in otherLinks { adjacency[link.lower].append(link.upper) }
        return adjacency
    }

    /// Which nodes are on a cycle: strongly connected components of more than one node (an
    /// iterative Tarjan, so a long loop cannot exhaust the stack), and self-dependencies.
    static func onCycles(_ adjacency: [[Int]]) -> [Bool] {
        let count = adjacency.count
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var result = [Bool](repeating: false, count: count)
        var counter = 0
        for root in 0..<count where index[root] == -1 {
            var calls: [(node: Int, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (node, next) = calls.last {
                if next < adjacency[node].count {
                    calls[calls.count - 1].next += 1
                    let target = adjacency[node][next]
                    if index[target] == -1 {
                        index[target] = counter; low[target] = counter; counter += 1
                        stack.append(target); onStack[target] = true
                        calls.append((target, 0))
                    } else if onStack[target] {
                        low[node] = min(low[node], index[target])
                    }
                    continue
                }
                calls.removeLast()
                if let parent = calls.last?.node { low[parent] = min(low[parent], low[node]) }
                guard low[node] == index[node] else { continue }
                var members: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    members.append(member)
                    if member == node { break }
                }
                if members.count > 1 { for member in members { result[member] = true } }
            }
        }
        for (node, targets) in adjacency.enumerated() where targets.contains(node) { result[node] = true }
        return result
    }

    /// For each node, the drawn neighbours one layer nearer the focus (its "hubs").
    func hubs() -> [[Int]] {
        var hubs = [[Int]](repeating: [], count: refs.count)
        for link in drawnLinks {
            if layers[link.lower] <= 0 {
                hubs[link.upper].append(link.lower) // upstream: the lower end is nearer
            } else {
                hubs[link.lower].append(link.upper) // downstream: the upper end is nearer
            }
        }
        return hubs
    }

    /// Orders each layer from the focus outwards: a node sits with the first node of the layer
    /// nearer the focus it is drawn to (so siblings stay together under their parent), then in
    /// the order the walk found it.
    private mutating func arrangeRows() {
        let top = layers.min() ?? 0
        let bottom = layers.max() ?? 0
        var byLayer: [Int: [Int]] = [:]
        for id in refs.indices { byLayer[layers[id], default: []].append(id) }
        let hubs = hubs()
        var index = [Int](repeating: Int.max, count: refs.count)
        index[Self.focusID] = 0
        var ordered: [Int: [Int]] = [0: [Self.focusID]]
        for side in [-1, 1] {
            var layer = side
            while let ids = byLayer[layer] {
                let keys = ids.map { id in hubs[id].map { index[$0] }.min() ?? Int.max }
                let row = ids.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : ids[$0] < ids[$1] }.map { ids[$0] }
                for (position, id) in row.enumerated() { index[id] = position }
                ordered[layer] = row
                layer += side
            }
        }
        rowIDs = (top...bottom).compactMap { ordered[$0] }
        focusRow = rowIDs.firstIndex(of: [Self.focusID]) ?? 0
        rowOf = Array(repeating: 0, count: refs.count)
        indexInRow = Array(repeating: 0, count: refs.count)
        for (rowNumber, row) in rowIDs.enumerated() {
            for (position, id) in row.enumerated() {
                rowOf[id] = rowNumber
                indexInRow[id] = position
            }
        }
    }

    // MARK: by ref

    func node(_ id: Int) -> Node {
        Node(ref: refs[id], layer: layers[id], isInCatalog: inCatalog[id], isOnCycle: onCycle[id], beyondDepth: beyond[id])
    }

    func node(_ ref: EntityRef) -> Node? { ids[ref].map(node) }

    /// Every node by ref (for tests and callers that want a map; builds it).
    var nodes: [EntityRef: Node] {
        Dictionary(uniqueKeysWithValues: refs.indices.map { (refs[$0], node($0)) })
    }

    var rows: [[EntityRef]] { rowIDs.map { $0.map { refs[$0] } } }
    var drawnEdges: [Edge] { drawnLinks.map(edge) }
    var otherEdges: [Edge] { otherLinks.map(edge) }
    func edge(_ link: Link) -> Edge { Edge(lower: refs[link.lower], upper: refs[link.upper], type: link.type) }

    enum MoveDirection: Sendable { case left, right, up, down }

    /// The node to select after a move from `selected`: left/right within its row, up/down to
    /// the nearest node (by column, from `centre`) in the next row. Nil when there is none.
    func neighbour(of selected: Int, _ direction: MoveDirection, centre: (Int) -> Int) -> Int? {
        let row = rowIDs[rowOf[selected]]
        let position = indexInRow[selected]
        switch direction {
        case .left: return position > 0 ? row[position - 1] : nil
        case .right: return position + 1 < row.count ? row[position + 1] : nil
        case .up, .down:
            let target = rowOf[selected] + (direction == .up ? -1 : 1)
            guard rowIDs.indices.contains(target) else { return nil }
            let column = centre(selected)
            return rowIDs[target].min { abs(centre($0) - column) < abs(centre($1) - column) }
        }
    }
}

/// Where everything of the dependencies screen goes: boxes, the lines between layers, and the
/// window onto them. Built from the state alone (shared by the key handler, for moving and
/// scrolling, and by the view, for drawing). The geometry does not depend on the selection
/// or the scroll, so moving the selection reuses it.
///
/// Coordinates are virtual (the whole graph, origin top left) except `viewport`, which is on
/// the screen.
struct DependencyGraphScene: Sendable {
    /// One node's box: three rows (border, text, border).
    struct Box: Sendable, Equatable {
        var x = 0
        var y = 0
        var width: Int
        /// The name as shown, already cut to fit.
        var name: String
        var cycleMark: String?
        var badge: HealthBadge?
        /// Columns where lines leave the top and bottom borders.
        var topPort: Int?
        var bottomPort: Int?
        /// Text written into the top and bottom borders (relation labels, "+3 more").
        var topLabel: String?
        var bottomLabel: String?

        static let height = 3
        var centre: Int { x + width / 2 }
        var right: Int { x + width }
    }

    /// The lines between two adjacent rows of boxes: one group per hub (the node nearer the
    /// focus) joining it to its neighbours one layer further out; groups share a track (a line
    /// of the channel) when they do not overlap.
    struct Channel: Sendable {
        struct Group: Sendable {
            var hub: Int
            var hubPort: Int
            var hubIsUpper: Bool
            /// The far ends: a node and the column its line leaves from.
            var far: [(id: Int, port: Int)]
            var track = 0
            var low: Int
            var high: Int
        }

        /// Row of the first track (the row under the upper boxes).
        var y = 0
        var height: Int
        /// Sorted by `low`.
        var groups: [Group]
    }

    let layout: DependencyGraphLayout
    /// Boxes by node id.
    private(set) var boxes: [Box] = []
    private(set) var rowTops: [Int] = []
    private(set) var channels: [Channel] = []
    /// Lines of text in the graph ("depends on nothing"), with their row.
    private(set) var notes: [(y: Int, text: String)] = []
    private(set) var width = 0
    private(set) var height = 0
    /// The window on the screen through which the graph is seen.
    let viewport: Rect
    /// The selected node's id (the focus when the selection is not in the graph).
    private(set) var selected = DependencyGraphLayout.focusID
    /// The window's offset into the graph (after clamping and following the selection).
    private(set) var scrollX = 0
    private(set) var scrollY = 0

    static let gap = 2

    /// The scene for the state's dependencies screen; nil when it has none.
    init?(_ state: AppState) {
        guard let dependencies = state.dependencies else { return nil }
        let layout = DependencyGraphLayout(catalog: state.catalog, focus: dependencies.focus, depth: dependencies.depth)
        self.init(state, layout: layout)
        select(dependencies.selected, scrollX: dependencies.scrollX, scrollY: dependencies.scrollY)
    }

    init(_ state: AppState, layout: DependencyGraphLayout) {
        self.layout = layout
        viewport = Self.viewport(state)
        let unicode = state.isUnicode
        let maxBoxWidth = max(14, min(44, (viewport.width - Self.gap) / 2))

        // Boxes, sized to their text; a name is cut before a badge or a mark is.
        let labels = Self.farLabels(in: layout)
        boxes.reserveCapacity(layout.count)
        for id in 0..<layout.count {
            let ref = layout.refs[id]
            let layer = layout.layers[id]
            let badge = HealthBadge.of(ref, in: state, markingUnknown: false)
            let cycleMark = layout.onCycle[id] ? (unicode ? "↺ cycle" : "(cycle)") : nil
            let fixed = (cycleMark.map { TerminalText.width($0) + 1 } ?? 0) + (badge.map { TerminalText.width($0.text) + 1 } ?? 0)
            let name = TerminalText.truncate(Self.name(ref), to: max(3, maxBoxWidth - 4 - fixed), ellipsis: state.glyphs.ellipsis)
            let label = labels[id]
            let more = layout.beyond[id] > 0 ? "+\(layout.beyond[id]) more" : nil
            // Room for "└─┬ label ─┘" and "┌─ +3 more ─┐".
            let labelWidth = max(label.map { TerminalText.width($0) + 7 } ?? 0, more.map { TerminalText.width($0) + 6 } ?? 0)
            let width = min(maxBoxWidth, max(TerminalText.width(name) + fixed + 4, labelWidth, 9))
            var box = Box(width: width, name: name, cycleMark: cycleMark, badge: badge)
            // The relation label on the border facing the focus; "+N more" on the outer one.
            if layer < 0 { box.bottomLabel = label; box.topLabel = more }
            if layer > 0 { box.topLabel = label; box.bottomLabel = more }
            boxes.append(box)
        }

        placeColumns()
        buildChannels()
        placeRows(unicode: unicode)
    }

    /// Selects `ref` (the focus when it is not in the graph) and keeps it in the window,
    /// moving the window as little as possible from the offsets given.
    mutating func select(_ ref: EntityRef, scrollX: Int, scrollY: Int) {
        selected = layout.ids[ref] ?? DependencyGraphLayout.focusID
        let box = boxes[selected]
        self.scrollX = Self.follow(scrollX, start: box.x, end: box.right, content: width, window: viewport.width)
        self.scrollY = Self.follow(scrollY, start: box.y, end: box.y + Box.height, content: height, window: viewport.height)
    }

    var selectedRef: EntityRef { layout.refs[selected] }

    /// The graph's window on the screen: inside the screen's border (whose bottom edge says
    /// what is selected), under the heading line, one column in from each side for the "more"
    /// arrows. At 80×24 that is 76×19: five layers with a line between each.
    static func viewport(_ state: AppState) -> Rect {
        let inner = Layout(state).main.inner
        return Rect(x: inner.x + 1, y: inner.y + 1, width: max(0, inner.width - 2), height: max(0, inner.height - 1))
    }

    /// How a node is named: a component by its name, anything else with its kind
    /// ("api:orders-api"); the namespace when it is not the default one.
    static func name(_ ref: EntityRef) -> String {
        let name = ref.namespace == EntityRef.defaultNamespace ? ref.name : "\(ref.namespace)/\(ref.name)"
        return ref.kind == "component" ? name : "\(ref.kind):\(name)"
    }

    /// Short labels for the upstream relations, as read upwards (lower → upper).
    static func label(_ type: RelationType) -> String {
        switch type {
        case .apiProvidedBy: return "providedBy"
        default: return type.rawValue
        }
    }

    /// The label on each node's line towards the focus: the relations of its drawn edges.
    static func farLabels(in layout: DependencyGraphLayout) -> [String?] {
        var types = [[RelationType]](repeating: [], count: layout.count)
        for link in layout.drawnLinks {
            // Above the focus the far end of an edge is its upper end; below, its lower end.
            let far = layout.layers[link.lower] <= 0 ? link.upper : link.lower
            if !types[far].contains(link.type) { types[far].append(link.type) }
        }
        return types.map { $0.isEmpty ? nil : $0.map(label).joined(separator: ",") }
    }

    /// Lays each row out under (or over) its hubs, from the focus outwards, then moves the
    /// whole graph so it starts at column 0.
    private mutating func placeColumns() {
        let layout = self.layout
        let hubs = layout.hubs()
        // A node's first hub: the one furthest left in its row.
        let firstHub = hubs.map { $0.min { layout.indexInRow[$0] < layout.indexInRow[$1] } }
        let order = [layout.focusRow] + Array((0..<layout.focusRow).reversed()) + Array((layout.focusRow + 1)..<layout.rowIDs.count)
        for rowNumber in order {
            let row = layout.rowIDs[rowNumber]
            // Desired left edges: runs of siblings (same first hub) centred on their hub.
            var desired: [Int?] = Array(repeating: nil, count: row.count)
            var start = 0
            while start < row.count {
                let hub = firstHub[row[start]]
                var end = start + 1
                while end < row.count, firstHub[row[end]] == hub { end += 1 }
                if let hub {
                    let runWidth = row[start..<end].map { boxes[$0].width }.reduce(0, +) + Self.gap * (end - start - 1)
                    var x = boxes[hub].centre - runWidth / 2
                    for index in start..<end {
                        desired[index] = x
                        x += boxes[row[index]].width + Self.gap
                    }
                }
                start = end
            }
            // Packed left to right without overlap, then shifted back by the mean push.
            var placed: [Int] = []
            var nextFree = 0
            for (index, id) in row.enumerated() {
                let x = placed.isEmpty ? desired[index] ?? 0 : max(desired[index] ?? nextFree, nextFree)
                placed.append(x)
                nextFree = x + boxes[id].width + Self.gap
            }
            let pushes = row.indices.compactMap { index in desired[index].map { placed[index] - $0 } }
            let shift = pushes.isEmpty ? 0 : pushes.reduce(0, +) / pushes.count
            for (index, id) in row.enumerated() { boxes[id].x = placed[index] - shift }
        }
        let left = boxes.map(\.x).min() ?? 0
        for id in boxes.indices { boxes[id].x -= left }
        width = boxes.map(\.right).max() ?? 0
    }

    /// Groups the drawn edges of each pair of adjacent rows by hub and packs the groups into
    /// tracks (first fit, one blank column between groups on the same track).
    private mutating func buildChannels() {
        let layout = self.layout
        var linksByUpperRow = [[DependencyGraphLayout.Link]](repeating: [], count: layout.rowIDs.count)
        for link in layout.drawnLinks { linksByUpperRow[layout.rowOf[link.upper]].append(link) }
        for upperRow in 0..<max(0, layout.rowIDs.count - 1) {
            let hubIsUpper = upperRow >= layout.focusRow
            var groupOfHub: [Int: Int] = [:]
            var groups: [Channel.Group] = []
            var joined: Set<Int> = [] // hub * count + far, already in a group
            for link in linksByUpperRow[upperRow] {
                let hub = hubIsUpper ? link.upper : link.lower
                let far = hubIsUpper ? link.lower : link.upper
                let hubPort = boxes[hub].centre
                let farPort = boxes[far].width >= 6 ? boxes[far].x + 2 : boxes[far].centre
                let number: Int
                if let existing = groupOfHub[hub] {
                    number = existing
                } else {
                    number = groups.count
                    groupOfHub[hub] = number
                    groups.append(Channel.Group(hub: hub, hubPort: hubPort, hubIsUpper: hubIsUpper, far: [], low: hubPort, high: hubPort))
                }
                if joined.insert(hub * layout.count + far).inserted {
                    groups[number].far.append((far, farPort))
                    groups[number].low = min(groups[number].low, farPort)
                    groups[number].high = max(groups[number].high, farPort)
                }
                // Ports on the borders the lines leave from.
                if hubIsUpper {
                    boxes[hub].bottomPort = hubPort
                    boxes[far].topPort = farPort
                } else {
                    boxes[hub].topPort = hubPort
                    boxes[far].bottomPort = farPort
                }
            }
            groups.sort { ($0.low, $0.high, $0.hub) < ($1.low, $1.high, $1.hub) }
            var trackEnds: [Int] = []
            for index in groups.indices {
                if let track = trackEnds.firstIndex(where: { $0 + 1 < groups[index].low }) {
                    groups[index].track = track
                    trackEnds[track] = groups[index].high
                } else {
                    groups[index].track = trackEnds.count
                    trackEnds.append(groups[index].high)
                }
            }
            channels.append(Channel(height: max(1, trackEnds.count), groups: groups))
        }
    }

    /// Rows of boxes top to bottom with their channels between; a line of text where a side
    /// is empty, so "nothing upstream" is said rather than left blank.
    private mutating func placeRows(unicode: Bool) {
        var y = 0
        let hasUpstream = layout.focusRow > 0
        let hasDownstream = layout.focusRow < layout.rowIDs.count - 1
        if !hasUpstream {
            notes.append((y, (unicode ? "↑ " : "^ ") + "depends on nothing in the catalog"))
            y += 2
        }
        for (rowNumber, row) in layout.rowIDs.enumerated() {
            rowTops.append(y)
            for id in row { boxes[id].y = y }
            y += Box.height
            if rowNumber < channels.count {
                channels[rowNumber].y = y
                y += channels[rowNumber].height
            }
        }
        if !hasDownstream {
            y += 1
            notes.append((y, (unicode ? "↓ " : "v ") + "nothing in the catalog depends on it"))
            y += 1
        }
        height = y
        // A note wider than the boxes widens the graph; the boxes move to its middle.
        let noteWidth = notes.map { TerminalText.width($0.text) }.max() ?? 0
        if noteWidth > width {
            let shift = (noteWidth - width) / 2
            for id in boxes.indices {
                boxes[id].x += shift
                if boxes[id].topPort != nil { boxes[id].topPort! += shift }
                if boxes[id].bottomPort != nil { boxes[id].bottomPort! += shift }
            }
            for index in channels.indices {
                for group in channels[index].groups.indices {
                    channels[index].groups[group].hubPort += shift
                    channels[index].groups[group].low += shift
                    channels[index].groups[group].high += shift
                    for far in channels[index].groups[group].far.indices { channels[index].groups[group].far[far].port += shift }
                }
            }
            width = noteWidth
        }
    }

    /// A window offset that keeps `start..<end` in view, moving as little as possible from
    /// `offset`; negative (centring) when everything fits.
    static func follow(_ offset: Int, start: Int, end: Int, content: Int, window: Int) -> Int {
        guard content > window else { return -(window - content) / 2 }
        var offset = offset
        if end > offset + window { offset = end - window }
        if start < offset { offset = start }
        return max(0, min(offset, content - window))
    }

    /// The window offsets that put the selected node in the middle.
    var centredScroll: (x: Int, y: Int) {
        let box = boxes[selected]
        let x = width > viewport.width ? max(0, min(box.centre - viewport.width / 2, width - viewport.width)) : 0
        let y = height > viewport.height ? max(0, min(box.y + 1 - viewport.height / 2, height - viewport.height)) : 0
        return (x, y)
    }

    /// Screen position of a virtual column or row.
    func screenX(_ x: Int) -> Int { viewport.x + x - scrollX }
    func screenY(_ y: Int) -> Int { viewport.y + y - scrollY }

    /// True when the whole width of the box is inside the window (only such boxes are drawn:
    /// never half a name).
    func isWithinColumns(_ box: Box) -> Bool {
        let left = screenX(box.x)
        return left >= viewport.x && left + box.width <= viewport.x + viewport.width
    }

    /// Drawn: the whole width in the window, and at least one row.
    func isVisible(_ box: Box) -> Bool {
        let top = screenY(box.y)
        return isWithinColumns(box) && top + Box.height > viewport.y && top < viewport.y + viewport.height
    }
}
