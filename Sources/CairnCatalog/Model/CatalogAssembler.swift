/// Cross-entity rules, run once all files are parsed: duplicate refs, relations in both
/// directions, domains through systems, refs to missing entities and dependency cycles.
public enum CatalogAssembler {
    /// `sourceRoots` are the folders sources are materialised in, in their declared order:
    /// when two of them (or the local catalog and one of them) define the same entity, the one
    /// declared first supplies it and the other is dropped with a notice (precedence). Within
    /// one source, or among local files, a second definition is an error as before.
    public static func assemble(_ files: [ParsedFile], sourceRoots: [String] = []) -> Catalog {
        // Entities are large structs: the loops below index in place rather than copy them.
        var entities: [Entity] = []
        entities.reserveCapacity(files.reduce(0) { $0 + $1.entities.count })
        for file in files { entities.append(contentsOf: file.entities) }
        var fileProblems = files.flatMap(\.problems)
        if !sourceRoots.isEmpty { fileProblems += applyPrecedence(&entities, sourceRoots: sourceRoots) }
        markDuplicates(&entities)

        var index: [EntityRef: Int] = [:]
        index.reserveCapacity(entities.count)
        for position in entities.indices where index[entities[position].ref] == nil { index[entities[position].ref] = position }

        // Relations, both directions, from every trusted entity.
        var relations: [EntityRef: Set<Relation>] = [:]
        relations.reserveCapacity(entities.count)
        var isTrusted = entities.map { !$0.isQuarantined }
        for position in entities.indices where isTrusted[position] {
            let ref = entities[position].ref
            for reference in entities[position].declaredReferences {
                relations[ref, default: []].insert(Relation(reference.type, reference.target))
                relations[reference.target, default: []].insert(Relation(reference.type.reverse, ref))
            }
        }
        for position in entities.indices where isTrusted[position] {
            let ref = entities[position].ref
            if let own = relations[ref] { entities[position].relations = own.sorted() }
            for reference in entities[position].declaredReferences where index[reference.target] == nil {
                let source = entities[position].source
                entities[position].problems.append(Problem(
                    .warning, file: source.file, line: reference.line, column: reference.column, entityRef: ref.description,
                    message: "\(reference.field) refers to \(reference.target), which is not in the catalog; add that entity or fix the reference"))
            }
        }
        isTrusted = []

        // Domains: a System's own, else the domain of the entity's system.
        for position in entities.indices where entities[position].ref.kind == "system" {
            entities[position].domain = entities[position].declaredReferences.first { $0.field == "spec.domain" }?.target
        }
        for position in entities.indices where entities[position].domain == nil {
            if let system = entities[position].system, let systemIndex = index[system] {
                entities[position].domain = entities[systemIndex].domain
            }
        }

        markCycles(&entities, index: index)
        return Catalog(entities: entities, files: files.map(\.file), fileProblems: fileProblems)
    }

    /// Drops every definition of a ref that a source declared earlier (or the local catalog)
    /// also supplies; returns one notice per dropped definition.
    private static func applyPrecedence(_ entities: inout [Entity], sourceRoots: [String]) -> [Problem] {
        let roots = sourceRoots.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        func rank(_ file: String) -> Int {
            for (index, root) in roots.enumerated() where file.hasPrefix(root) { return index + 1 }
            return 0
        }
        var best: [EntityRef: (rank: Int, source: SourceLocation)] = [:]
        for entity in entities {
            let entityRank = rank(entity.source.file)
            if let current = best[entity.ref], current.rank <= entityRank { continue }
            best[entity.ref] = (entityRank, entity.source)
        }
        var notices: [Problem] = []
        entities.removeAll { entity in
            guard let winner = best[entity.ref] else { return false }
            let entityRank = rank(entity.source.file)
            guard entityRank > winner.rank else { return false }
            notices.append(Problem(.notice, file: entity.source.file, line: entity.source.line, column: entity.source.column,
                                   entityRef: entity.ref.description,
                                   message: "also defined at \(winner.source.description), which comes first in the declared order of sources; this definition is not used"))
            return true
        }
        return notices
    }

    /// The first definition of a ref wins; later ones (compared case-insensitively, since refs
    /// are stored lowercased) are quarantined with an error naming both places.
    private static func markDuplicates(_ entities: inout [Entity]) {
        var first: [EntityRef: SourceLocation] = [:]
        for position in entities.indices {
            let ref = entities[position].ref
            let source = entities[position].source
            if let original = first[ref] {
                entities[position].problems.append(Problem(
                    .error, file: source.file, line: source.line, column: source.column, entityRef: ref.description,
                    message: "is defined twice: here and at \(original.description); keep one definition or rename one of them"))
            } else {
                first[ref] = source
            }
        }
    }

    /// Warns on every entity in a dependsOn cycle (Tarjan's strongly connected components,
    /// iterative so deep chains cannot overflow the stack).
    private static func markCycles(_ entities: inout [Entity], index: [EntityRef: Int]) {
        let count = entities.count
        var edges = [[Int]](repeating: [], count: count)
        for position in 0..<count {
            for relation in entities[position].relations where relation.type == .dependsOn {
                if let target = index[relation.target] { edges[position].append(target) }
            }
        }
        var order = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []
        for start in 0..<count where order[start] == -1 && !edges[start].isEmpty {
            var work: [(node: Int, edge: Int)] = [(start, 0)]
            order[start] = counter; low[start] = counter; counter += 1
            stack.append(start); onStack[start] = true
            while let (node, edge) = work.last {
                if edge < edges[node].count {
                    work[work.count - 1].edge += 1
                    let next = edges[node][edge]
                    if order[next] == -1 {
                        order[next] = counter; low[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], order[next])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
                    if low[node] == order[node] {
                        var component: [Int] = []
                        while let member = stack.popLast() {
                            onStack[member] = false
                            component.append(member)
                            if member == node { break }
                        }
                        if component.count > 1 || edges[node].contains(node) { components.append(component) }
                    }
                }
            }
        }
        for component in components {
            let members = Set(component)
            let path = cyclePath(from: component.min { entities[$0].ref < entities[$1].ref }!, edges: edges, members: members)
            // Long cycles are named by their first steps, or the warnings grow with the square.
            var steps = path.prefix(8).map { entities[$0].ref.description }
            if path.count > 8 { steps.append("… (\(component.count) entities in the cycle)") }
            let text = steps.joined(separator: " → ")
            for position in component {
                let entity = entities[position]
                let reference = entity.declaredReferences.first { ref in
                    ref.type == .dependsOn && index[ref.target].map(members.contains) == true
                }
                entities[position].problems.append(Problem(
                    .warning, file: entity.source.file, line: reference?.line ?? entity.source.line, column: reference?.column ?? entity.source.column,
                    entityRef: entity.ref.description, message: "is in a dependency cycle: \(text); break the cycle"))
            }
        }
    }

    /// One walk around a cycle inside a strongly connected component, for the message.
    private static func cyclePath(from start: Int, edges: [[Int]], members: Set<Int>) -> [Int] {
        var path = [start]
        var visited: Set<Int> = [start]
        var current = start
        while let next = edges[current].first(where: { members.contains($0) }) {
            path.append(next)
            if visited.contains(next) { break }
            visited.insert(next)
            current = next
        }
        return path
    }
}
