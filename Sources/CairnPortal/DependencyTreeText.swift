import CairnCatalog
import CairnHealth

/// Draws a dependency tree as text lines, with Unicode box characters or an ASCII fallback.
public enum DependencyTreeText {
    public struct Glyphs: Sendable {
        var branch: String, last: String, pipe: String, space: String, arrow: String, cycle: String
        public static let unicode = Glyphs(branch: "├── ", last: "└── ", pipe: "│   ", space: "    ", arrow: "→", cycle: "↻")
        public static let ascii = Glyphs(branch: "|-- ", last: "`-- ", pipe: "|   ", space: "    ", arrow: "->", cycle: "@")
    }

    /// The children of `root`, one line each (the root itself is the caller's heading).
    /// `badge` gives a node's health badge (e.g. "[FAIL]"), put before its ref.
    public static func lines(_ root: CatalogGraph.TreeNode, glyphs: Glyphs, badge: (EntityRef) -> String? = { _ in nil }) -> [String] {
        var lines: [String] = []
        append(root.children, prefix: "", glyphs: glyphs, badge: badge, into: &lines)
        return lines
    }

    private static func append(_ nodes: [CatalogGraph.TreeNode], prefix: String, glyphs: Glyphs, badge: (EntityRef) -> String?,
                               into lines: inout [String]) {
        for (index, node) in nodes.enumerated() {
            let isLast = index == nodes.count - 1
            var line = prefix + (isLast ? glyphs.last : glyphs.branch)
            if let relation = node.relation { line += "\(relation.rawValue) \(glyphs.arrow) " }
            if let badge = badge(node.ref) { line += badge + " " }
            line += node.ref.description
            if !node.isInCatalog { line += "  (not in catalog)" }
            switch node.mark {
            case .none: break
            case .cycle: line += "  \(glyphs.cycle) cycle"
            case .seenAbove: line += "  (see above)"
            case .depthLimit: line += "  (…deeper, raise --depth)"
            }
            lines.append(line)
            append(node.children, prefix: prefix + (isLast ? glyphs.space : glyphs.pipe), glyphs: glyphs, badge: badge, into: &lines)
        }
    }
}

/// Health as the CLI's text output writes it: a bracketed word, readable without colour.
public enum HealthText {
    public static func badge(_ status: HealthStatus) -> String {
        switch status {
        case .pass: return "[OK]"
        case .warn: return "[WARN]"
        case .fail: return "[FAIL]"
        case .unknown: return "[?]"
        }
    }

    /// An entity's badge on a board: its status, "[IMPACTED]" when only something upstream
    /// fails, nil when nothing is known.
    public static func badge(_ ref: EntityRef, on board: HealthBoard) -> String? {
        let status = board.status(of: ref)
        if board.isImpacted(ref), (status ?? .pass) < .warn { return "[IMPACTED]" }
        return status.map(badge)
    }
}
