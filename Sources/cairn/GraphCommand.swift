import ArgumentParser
import CairnCatalog
import CairnHealth
import CairnPortal

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw what an entity depends on (up) and what depends on it (down).",
        discussion: """
            Upstream follows dependsOn, consumesApi and an API's providers; downstream is the reverse (the blast radius).
            ↻ marks a cycle, (see above) a node already drawn. ASCII is used when the locale is not UTF-8 or with --ascii.
            Badges are the last-known health ([OK], [WARN], [FAIL], [?], [IMPACTED]: something upstream fails);
            `cairn health` or the portal refresh them.
            """
    )

    enum Direction: String, ExpressibleByArgument, CaseIterable {
        case up, down, both
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entity, e.g. component:checkout-service.") var ref: String
    @Option(help: "up, down or both.") var direction: Direction = .both
    @Option(help: "How many levels to follow.") var depth: Int = 10
    @Flag(help: "Draw with ASCII characters only.") var ascii = false
    @OptionGroup var json: JSONFlag

    func validate() throws {
        guard (1...CatalogGraph.maxTreeDepth).contains(depth) else {
            throw ValidationError("--depth must be between 1 and \(CatalogGraph.maxTreeDepth)")
        }
    }

    func run() throws {
        let portal = try global.openPortal()
        let entity = try portal.entity(ref)
        let directions: [CatalogGraph.Direction] = switch direction {
        case .up: [.upstream]
        case .down: [.downstream]
        case .both: [.upstream, .downstream]
        }
        let trees = directions.map { ($0, portal.graph.tree(from: entity.ref, $0, maxDepth: depth)) }
        let board = portal.lastKnownHealth()
        if json.isEnabled {
            var members = [Value.Member("ref", .string(entity.ref.description)), Value.Member("health", Self.health(entity.ref, board))]
            for (direction, tree) in trees {
                members.append(Value.Member(direction == .upstream ? "upstream" : "downstream", .array(tree.children.map { Self.json($0, board) })))
            }
            Output.json(.object(members))
            return
        }
        let glyphs: DependencyTreeText.Glyphs = ascii || !Output.isUnicode ? .ascii : .unicode
        let badge = HealthText.badge(entity.ref, on: board).map { $0 + " " } ?? ""
        Output.line(badge + Output.clean(entity.ref.description) + (entity.title.map { "  " + Output.clean($0) } ?? ""))
        for (direction, tree) in trees {
            Output.line(direction == .upstream ? "Depends on (upstream):" : "Depended on by (downstream, blast radius):")
            let lines = DependencyTreeText.lines(tree, glyphs: glyphs) { HealthText.badge($0, on: board) }
            if lines.isEmpty { Output.line("  (nothing)") }
            for line in lines { Output.line(Output.clean(line)) }
        }
    }

    /// An entity's health in JSON: its status word (or null when unknown to cairn) and whether
    /// something upstream of it fails.
    static func health(_ ref: EntityRef, _ board: HealthBoard) -> Value {
        .object([
            Value.Member("status", board.status(of: ref).map { .string($0.rawValue) } ?? .null),
            Value.Member("impacted", .bool(board.isImpacted(ref))),
        ])
    }

    static func json(_ node: CatalogGraph.TreeNode, _ board: HealthBoard) -> Value {
        var members = [
            Value.Member("ref", .string(node.ref.description)),
            Value.Member("relation", node.relation.map { .string($0.rawValue) } ?? .null),
            Value.Member("inCatalog", .bool(node.isInCatalog)),
            Value.Member("health", health(node.ref, board)),
        ]
        switch node.mark {
        case .none: break
        case .cycle: members.append(Value.Member("mark", .string("cycle")))
        case .seenAbove: members.append(Value.Member("mark", .string("seenAbove")))
        case .depthLimit: members.append(Value.Member("mark", .string("depthLimit")))
        }
        members.append(Value.Member("children", .array(node.children.map { json($0, board) })))
        return .object(members)
    }
}
