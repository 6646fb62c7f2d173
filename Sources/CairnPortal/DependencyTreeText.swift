import CairnCatalog

/// Draws a dependency tree as text lines, with Unicode box characters or an ASCII fallback.
public enum DependencyTreeText {
    public struct Glyphs: Sendable {
        var branch: String, last: String, pipe: String, space: String, arrow: String, cycle: String
        public static let unicode = Glyphs(branch: "├── ", last: "└── ", pipe: "│   ", space: "    ", arrow: "→", cycle: "↻")
        public static let ascii = Glyphs(branch: "|-- ", last: "`-- ", pipe: "|   ", space: "    ", arrow: "->", cycle: "@")
    }

    /// The children of `root`, one line each (the root itself is the caller's heading).
    public static func lines(_ root: CatalogGraph.TreeNode, glyphs: Glyphs) -> [String] {
        var lines: [String] = []
        append(root.children, prefix: "", glyphs: glyphs, into: &lines)
        return lines
    }

    private static func append(_ nodes: [CatalogGraph.TreeNode], prefix: String, glyphs: Glyphs, into lines: inout [String]) {
        for (index, node) in nodes.enumerated() {
            let isLast = index == nodes.count - 1
            var line = prefix + (isLast ? glyphs.last : glyphs.branch)
            if let relation = node.relation { line += "\(relation.rawValue) \(glyphs.arrow) " }
            line += node.ref.description
            if !node.isInCatalog { line += "  (not in catalog)" }
            switch node.mark {
            case .none: break
            case .cycle: line += "  \(glyphs.cycle) cycle"
            case .seenAbove: line += "  (see above)"
            case .depthLimit: line += "  (…deeper, raise --depth)"
            }
            lines.append(line)
            append(node.children, prefix: prefix + (isLast ? glyphs.space : glyphs.pipe), glyphs: glyphs, into: &lines)
        }
    }
}
