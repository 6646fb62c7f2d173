import CairnCatalog

/// The dependencies screen (`d`): a layered graph around one entity — what it depends on in the
/// layers above, what depends on it in the layers below — with boxes for nodes and box-drawing
/// lines, labelled by relation, between the layers. Everything comes from
/// `DependencyGraphScene(state)`, which the key handler shares.
enum DependencyGraphView {
    static func draw(_ state: AppState, in rect: Rect, into canvas: inout Canvas) {
        let glyphs = state.glyphs
        guard let scene = DependencyGraphScene(state), let dependencies = state.dependencies else {
            canvas.box(rect, glyphs: glyphs, role: .borderFocus, title: "Dependencies")
            canvas.put("no entity chosen: select one in the catalog and press d", x: rect.x + 2, y: rect.y + 1, role: .dim,
                       maxWidth: rect.width - 4, ellipsis: glyphs.ellipsis)
            return
        }
        let layout = scene.layout
        var title = "Dependencies: \(layout.focus.humanized) \(glyphs.separator) depth \(layout.depth)"
        if !dependencies.history.isEmpty { title += " \(glyphs.separator) \(dependencies.history.count) back" }
        canvas.box(rect, glyphs: glyphs, role: .borderFocus, title: title)
        let inner = rect.inner
        drawHeading(layout, state: state, x: inner.x + 1, y: inner.y, width: inner.width - 2, into: &canvas)
        let lines = Lines(isUnicode: state.isUnicode)
        for channel in scene.channels { drawChannel(channel, scene: scene, lines: lines, into: &canvas) }
        for id in scene.boxes.indices where scene.isVisible(scene.boxes[id]) {
            drawBox(id, scene: scene, state: state, lines: lines, into: &canvas)
        }
        drawNotes(scene, into: &canvas)
        drawMoreArrows(scene, isUnicode: state.isUnicode, into: &canvas)
        drawSelected(scene, state: state, x: rect.x + 2, y: rect.y + rect.height - 1, width: rect.width - 4, into: &canvas)
    }

    /// "3 upstream · 12 downstream" and the legend for reading the graph.
    static func drawHeading(_ layout: DependencyGraphLayout, state: AppState, x: Int, y: Int, width: Int, into canvas: inout Canvas) {
        let dot = " \(state.glyphs.separator) "
        let base = "\(layout.upstreamCount) upstream\(dot)\(layout.downstreamCount) downstream"
        let legend = state.isUnicode ? "↑ depends on \(state.glyphs.separator) ↓ depended on by" : "^ depends on | v depended on by"
        let legendWidth = TerminalText.width(legend)
        let countsRoom = width - legendWidth - 2
        // The number of nodes on a cycle, in words when there is room.
        var candidates = [base]
        let cycles = layout.cycleCount
        if cycles > 0 {
            candidates = ["\(base)\(dot)\(cycles) on a cycle", "\(base)\(dot)" + (state.isUnicode ? "↺ \(cycles)" : "\(cycles) cyc")]
        }
        let counts = candidates.first { TerminalText.width($0) <= countsRoom } ?? candidates.last!
        if countsRoom >= 20 {
            canvas.put(counts, x: x, y: y, role: .text, maxWidth: countsRoom, ellipsis: state.glyphs.ellipsis)
            canvas.put(legend, x: x + width - legendWidth, y: y, role: .dim)
        } else {
            canvas.put(counts, x: x, y: y, role: .text, maxWidth: width, ellipsis: state.glyphs.ellipsis)
        }
    }

    /// Box-drawing pieces, Unicode or ASCII.
    struct Lines {
        var isUnicode: Bool

        /// A line piece joining the given sides of a cell.
        func join(up: Bool, down: Bool, left: Bool, right: Bool) -> String {
            guard isUnicode else { return (up || down) && (left || right) ? "+" : (up || down ? "|" : "-") }
            switch (up, down, left, right) {
            case (true, true, true, true): return "┼"
            case (true, true, false, true): return "├"
            case (true, true, true, false): return "┤"
            case (false, true, true, true): return "┬"
            case (true, false, true, true): return "┴"
            case (false, true, false, true): return "┌"
            case (false, true, true, false): return "┐"
            case (true, false, false, true): return "└"
            case (true, false, true, false): return "┘"
            case (_, _, false, false): return "│"
            default: return "─"
            }
        }

        /// Border pieces of a node box: the focus heavy, a node missing from the catalog dashed.
        struct Border {
            var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight, topPort, bottomPort: String
        }

        func border(isFocus: Bool, isInCatalog: Bool) -> Border {
            if !isUnicode {
                return isFocus ? Border(horizontal: "=", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", topPort: "+", bottomPort: "+")
                    : isInCatalog ? Border(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", topPort: "+", bottomPort: "+")
                    : Border(horizontal: ".", vertical: ":", topLeft: ".", topRight: ".", bottomLeft: "'", bottomRight: "'", topPort: "+", bottomPort: "+")
            }
            if isFocus {
                return Border(horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛", topPort: "┷", bottomPort: "┯")
            }
            return Border(horizontal: isInCatalog ? "─" : "┄", vertical: isInCatalog ? "│" : "┆", topLeft: "┌", topRight: "┐",
                          bottomLeft: "└", bottomRight: "┘", topPort: "┴", bottomPort: "┬")
        }
    }

    /// One channel between two rows of boxes: each group's track, and the vertical lines from
    /// the ports down (or up) to it. A line crossing another group's track without joining it
    /// stays a plain vertical, so a crossing never reads as a junction. Lines to boxes outside
    /// the window run to its edge (towards the ◀ ▶ arrows) instead of ending in blank space.
    static func drawChannel(_ channel: DependencyGraphScene.Channel, scene: DependencyGraphScene, lines: Lines, into canvas: inout Canvas) {
        let viewport = scene.viewport
        let firstColumn = max(0, scene.scrollX)
        let lastColumn = min(scene.width, scene.scrollX + viewport.width) // exclusive
        guard firstColumn < lastColumn else { return }
        let selected = scene.selected

        /// -1: the box is (partly) left of the window, 1: right of it, 0: wholly in it.
        func side(_ id: Int) -> Int {
            let box = scene.boxes[id]
            if box.x < firstColumn { return -1 }
            return box.x + box.width > scene.scrollX + viewport.width ? 1 : 0
        }

        // The span each group's track is drawn over, cut to the window.
        struct Span { var low: Int; var high: Int }
        var spans: [Int: Span] = [:]
        var byTrack: [Int: [Int]] = [:]
        for (number, group) in channel.groups.enumerated() { byTrack[group.track, default: []].append(number) }
        for numbers in byTrack.values {
            for (position, number) in numbers.enumerated() {
                let group = channel.groups[number]
                let ports = [(group.hub, group.hubPort)] + group.far.map { ($0.id, $0.port) }
                let shown = ports.filter { side($0.0) == 0 }.map(\.1)
                let goesLeft = ports.contains { side($0.0) < 0 }
                let goesRight = ports.contains { side($0.0) > 0 }
                guard !shown.isEmpty || goesLeft && goesRight else { continue }
                // Up to the window's edge, but never into the next group on the track.
                let previousHigh = position > 0 ? channel.groups[numbers[position - 1]].high : Int.min / 2
                let nextLow = position + 1 < numbers.count ? channel.groups[numbers[position + 1]].low : Int.max / 2
                var low = shown.min() ?? Int.max
                var high = shown.max() ?? Int.min
                if goesLeft { low = min(low, max(firstColumn, previousHigh + 2)) }
                if goesRight { high = max(high, min(lastColumn - 1, nextLow - 2)) }
                if low <= high, high >= firstColumn, low < lastColumn { spans[number] = Span(low: low, high: high) }
            }
        }

        // Vertical lines by column, from the ports of boxes in the window: the groups they
        // join, and whether they are the selected node's.
        struct Vertical {
            var groups: Set<Int> = []
            var isUpper: Bool
            var isHot = false
        }
        var verticals: [Int: [Vertical]] = [:]
        func addVertical(_ id: Int, column: Int, group: Int, isUpper: Bool, isHot: Bool) {
            guard side(id) == 0, column >= firstColumn, column < lastColumn else { return }
            var list = verticals[column] ?? []
            if let index = list.firstIndex(where: { $0.isUpper == isUpper }) {
                list[index].groups.insert(group)
                list[index].isHot = list[index].isHot || isHot
            } else {
                list.append(Vertical(groups: [group], isUpper: isUpper, isHot: isHot))
            }
            verticals[column] = list
        }
        var hotRanges: [Int: ClosedRange<Int>] = [:]
        for (number, group) in channel.groups.enumerated() {
            let selectedFar = group.far.first { $0.id == selected }
            let groupIsHot = group.hub == selected
            if let selectedFar { hotRanges[number] = min(selectedFar.port, group.hubPort)...max(selectedFar.port, group.hubPort) }
            addVertical(group.hub, column: group.hubPort, group: number, isUpper: group.hubIsUpper, isHot: groupIsHot || selectedFar != nil)
            for far in group.far {
                addVertical(far.id, column: far.port, group: number, isUpper: !group.hubIsUpper, isHot: groupIsHot || far.id == selected)
            }
        }

        for track in 0..<channel.height {
            let y = scene.screenY(channel.y + track)
            guard y >= viewport.y, y < viewport.y + viewport.height else { continue }
            let onTrack = (byTrack[track] ?? []).filter { spans[$0] != nil }
            var columns = Set(verticals.keys)
            for number in onTrack {
                let span = spans[number]!
                columns.formUnion(max(firstColumn, span.low)...min(lastColumn - 1, span.high))
            }
            for column in columns.sorted() {
                let horizontal = onTrack.first { spans[$0]!.low <= column && column <= spans[$0]!.high }
                var up = false, down = false, verticalHot = false, joins = false
                for vertical in verticals[column] ?? [] {
                    let tracks = vertical.groups.map { channel.groups[$0].track }
                    // An upper port's line runs from the top down to its lowest track; a lower
                    // port's from its highest track to the bottom.
                    let reaches = vertical.isUpper ? track <= tracks.max()! : track >= tracks.min()!
                    guard reaches else { continue }
                    if vertical.isUpper {
                        up = true
                        down = down || track < tracks.max()!
                    } else {
                        down = true
                        up = up || track > tracks.min()!
                    }
                    verticalHot = verticalHot || vertical.isHot
                    if let horizontal, vertical.groups.contains(horizontal) { joins = true }
                }
                var left = false, right = false, horizontalHot = false
                if let horizontal, joins || !(up || down) {
                    let span = spans[horizontal]!
                    left = column > span.low
                    right = column < span.high
                    horizontalHot = channel.groups[horizontal].hub == selected || hotRanges[horizontal]?.contains(column) == true
                }
                guard up || down || left || right else { continue }
                let piece = lines.join(up: up, down: down, left: left, right: right)
                let isHot = (up || down) && verticalHot || (left || right) && horizontalHot
                canvas.put(piece, x: scene.screenX(column), y: y, role: isHot ? .accent : .border)
            }
        }
    }

    /// A node: its border (with the ports its lines leave from and the labels written in it),
    /// its name, a cycle mark and its health badge.
    static func drawBox(_ id: Int, scene: DependencyGraphScene, state: AppState, lines: Lines, into canvas: inout Canvas) {
        let viewport = scene.viewport
        let box = scene.boxes[id]
        let x = scene.screenX(box.x)
        let top = scene.screenY(box.y)
        let isSelected = id == scene.selected
        let isFocus = id == DependencyGraphLayout.focusID
        let isInCatalog = scene.layout.inCatalog[id]
        let border = lines.border(isFocus: isFocus, isInCatalog: isInCatalog)
        let role: StyleRole = isSelected ? .borderFocus : isFocus ? .accent : isInCatalog ? .border : .dim
        let right = x + box.width - 1
        func visible(_ y: Int) -> Bool { y >= viewport.y && y < viewport.y + viewport.height }

        for (offset, isTop) in [(0, true), (2, false)] where visible(top + offset) {
            let y = top + offset
            for column in (x + 1)..<right { canvas.put(border.horizontal, x: column, y: y, role: role) }
            canvas.put(isTop ? border.topLeft : border.bottomLeft, x: x, y: y, role: role)
            canvas.put(isTop ? border.topRight : border.bottomRight, x: right, y: y, role: role)
            let port = isTop ? box.topPort : box.bottomPort
            if let port { canvas.put(isTop ? border.topPort : border.bottomPort, x: scene.screenX(port), y: y, role: role) }
            if let label = isTop ? box.topLabel : box.bottomLabel {
                let start = (port.map { scene.screenX($0) } ?? x + 1) + 1
                let room = right - 1 - start
                if room >= 3 {
                    canvas.put(" " + TerminalText.truncate(label, to: room - 2, ellipsis: state.glyphs.ellipsis) + " ", x: start, y: y,
                               role: isSelected ? .accent : .dim, maxWidth: room)
                }
            }
        }

        let y = top + 1
        guard visible(y) else { return }
        // The selected box is pointed at, so it shows without colour too.
        canvas.put(isSelected ? state.glyphs.selection : border.vertical, x: x, y: y, role: isSelected ? .accent : role)
        canvas.put(border.vertical, x: right, y: y, role: role)
        let nameRole: StyleRole = !isInCatalog ? .dim : isFocus ? .title : .text
        var column = x + 2
        column += canvas.put(box.name, x: column, y: y, role: nameRole, maxWidth: right - column)
        if let mark = box.cycleMark { canvas.put(mark, x: column + 1, y: y, role: .badgeWarn, maxWidth: right - column - 1) }
        var badgeStart = right
        if let badge = box.badge {
            badgeStart = right - 1 - TerminalText.width(badge.text)
            canvas.put(badge.text, x: badgeStart, y: y, role: badge.role, maxWidth: right - badgeStart)
        }
        if isSelected { canvas.paint(x: x + 1, y: y, width: badgeStart - x - 1, role: .selection) }
    }

    static func drawNotes(_ scene: DependencyGraphScene, into canvas: inout Canvas) {
        let viewport = scene.viewport
        for note in scene.notes {
            let y = scene.screenY(note.y)
            guard y >= viewport.y, y < viewport.y + viewport.height else { continue }
            let x = max(viewport.x, scene.screenX((scene.width - TerminalText.width(note.text)) / 2))
            canvas.put(note.text, x: x, y: y, role: .dim, maxWidth: viewport.x + viewport.width - x)
        }
    }

    /// Arrows in the side columns where a row goes on past the window, and at the top and
    /// bottom when there is more above or below.
    static func drawMoreArrows(_ scene: DependencyGraphScene, isUnicode: Bool, into canvas: inout Canvas) {
        let viewport = scene.viewport
        let leftColumn = viewport.x - 1
        let rightColumn = viewport.x + viewport.width
        if scene.scrollY > 0 { canvas.put(isUnicode ? "▲" : "^", x: rightColumn, y: viewport.y, role: .accent) }
        if scene.scrollY + viewport.height < scene.height {
            canvas.put(isUnicode ? "▼" : "v", x: rightColumn, y: viewport.y + viewport.height - 1, role: .accent)
        }
        for (rowNumber, row) in scene.layout.rowIDs.enumerated() {
            let y = scene.screenY(scene.rowTops[rowNumber] + 1)
            guard y >= viewport.y, y < viewport.y + viewport.height else { continue }
            let boxes = row.map { scene.boxes[$0] }
            if boxes.contains(where: { scene.screenX($0.x) < viewport.x }) {
                canvas.put(isUnicode ? "◀" : "<", x: leftColumn, y: y, role: .accent)
            }
            if boxes.contains(where: { scene.screenX($0.x) + $0.width > viewport.x + viewport.width }) {
                canvas.put(isUnicode ? "▶" : ">", x: rightColumn, y: y, role: .accent)
            }
        }
    }

    /// The selected node in words, in the bottom edge of the border: where it is, and the
    /// relations the drawing cannot show as lines (within a layer, across layers, closing a cycle).
    static func drawSelected(_ scene: DependencyGraphScene, state: AppState, x: Int, y: Int, width: Int, into canvas: inout Canvas) {
        let layout = scene.layout
        let id = scene.selected
        let ref = layout.refs[id]
        let node = layout.node(id)
        guard width > 8 else { return }
        let glyphs = state.glyphs
        var parts: [String] = []
        let hops = abs(node.layer)
        switch node.layer {
        case 0: parts.append("the centre")
        case ..<0: parts.append("\(hops) hop\(hops == 1 ? "" : "s") upstream")
        default: parts.append("\(hops) hop\(hops == 1 ? "" : "s") downstream")
        }
        let row = layout.rowIDs[layout.rowOf[id]]
        if row.count > 1 { parts.append("\(layout.indexInRow[id] + 1) of \(row.count) in this row") }
        if !node.isInCatalog { parts.append("not in the catalog") }
        if node.isOnCycle { parts.append("on a cycle") }
        let other = layout.otherLinks.filter { $0.lower == id || $0.upper == id }
        if !other.isEmpty {
            parts.append("also " + other.map { "\(phrase($0, from: id)) \(DependencyGraphScene.name(layout.refs[$0.other(than: id)]))" }.joined(separator: ", "))
        }
        var column = x
        column += canvas.put(" " + glyphs.selection + " ", x: column, y: y, role: .accent)
        column += canvas.put(ref.humanized, x: column, y: y, role: .accent, maxWidth: x + width - column - 1, ellipsis: glyphs.ellipsis)
        let text = parts.map { " \(glyphs.separator) \($0)" }.joined()
        column += canvas.put(text, x: column, y: y, role: .text, maxWidth: x + width - column - 1, ellipsis: glyphs.ellipsis)
        canvas.put(" ", x: column, y: y, role: .text, maxWidth: x + width - column)
    }

    /// A relation in words, from `ref`'s side of the edge.
    static func phrase(_ link: DependencyGraphLayout.Link, from id: Int) -> String {
        let isLower = link.lower == id
        switch link.type {
        case .dependsOn: return isLower ? "depends on" : "depended on by"
        case .consumesApi: return isLower ? "consumes" : "consumed by"
        case .apiProvidedBy: return isLower ? "provided by" : "provides"
        default: return (isLower ? link.type : link.type.reverse).rawValue
        }
    }
}
