import CairnCatalog

extension TemplateForm {
    /// Candidates for an entity picker, best first: entities of the allowed kinds whose name or
    /// title contains `query` (case-insensitive), exact and prefix matches on the name first,
    /// quarantined entities last. [] for a field that is not an entity picker.
    public static func candidates(for field: Field, query: String, in catalog: Catalog, limit: Int) -> [EntityRef] {
        guard limit > 0, case .entity(let kinds, _) = field.kind else { return [] }
        let allowed = Set(kinds.map { $0.lowercased() })
        let needle = String(query.lowercased().drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        var ranked: [(rank: Int, ref: EntityRef)] = []
        for entity in catalog.entities where allowed.isEmpty || allowed.contains(entity.ref.kind) {
            guard let rank = ParameterEntityMatch.rank(entity, needle) else { continue }
            ranked.append((rank + (entity.isQuarantined ? 100 : 0), entity.ref))
        }
        ranked.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.ref < $1.ref }
        return ranked.prefix(limit).map(\.ref)
    }
}

/// What an entity picker's value means in the catalog. Accepts what Backstage's picker stores
/// (`group:default/team-x`) and what a user types (`group:team-x`, `team-x`).
enum ParameterEntityMatch {
    /// nil when `text` names an entity of an allowed kind (any kind when `kinds` is empty).
    static func problem(_ text: String, kinds: [String], in catalog: Catalog) -> String? {
        let trimmed = String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        guard let loose = EntityRef.parseLoose(trimmed) else { return "must be an entity reference, [kind:][namespace/]name" }
        let allowed = kinds.map { $0.lowercased() }
        let namespace = loose.namespace ?? EntityRef.defaultNamespace
        if let kind = loose.kind {
            if !allowed.isEmpty && !allowed.contains(kind) {
                return "must be a \(allowed.joined(separator: " or ")), not a \(ParameterText.printable(kind))"
            }
            let ref = EntityRef(kind: kind, namespace: namespace, name: loose.name)
            return catalog.contains(ref) ? nil : "no \(ParameterText.printable(ref.humanized)) in the catalog"
        }
        if allowed.isEmpty {
            let exists = catalog.entities.contains { $0.ref.name == loose.name && $0.ref.namespace == namespace }
            let shown = namespace == EntityRef.defaultNamespace ? loose.name : "\(namespace)/\(loose.name)"
            return exists ? nil : "no entity named \(ParameterText.printable(shown)) in the catalog"
        }
        let refs = allowed.map { EntityRef(kind: $0, namespace: namespace, name: loose.name) }
        if refs.contains(where: catalog.contains) { return nil }
        return "no \(ParameterText.printable(refs.map(\.humanized).joined(separator: " or "))) in the catalog"
    }

    /// Lower is better; nil when the entity does not match. `needle` is lowercased.
    static func rank(_ entity: Entity, _ needle: String) -> Int? {
        if needle.isEmpty { return 0 }
        let name = entity.ref.name
        let title = entity.title?.lowercased() ?? ""
        if name == needle { return 0 }
        if name.hasPrefix(needle) { return 1 }
        if title.hasPrefix(needle) { return 2 }
        if name.contains(needle) { return 3 }
        if title.contains(needle) { return 4 }
        // A typed ref: "group:team" or "default/team".
        if entity.ref.description.contains(needle) || entity.ref.humanized.contains(needle) { return 5 }
        return nil
    }
}
