/// What a query needs of each entity, lowercased and laid out as bytes once, so a query over
/// 10,000 entities is a scan of small arrays rather than of `Entity` values and their strings.
public struct SearchIndex: Sendable {
    struct Row: Sendable {
        var name: [UInt8]
        /// name, title, description and tags, lowercased, separated by newlines.
        var text: [UInt8]
        var kind: String
        var namespace: String
        var owner: EntityRef?
        var system: EntityRef?
        var domain: EntityRef?
        var lifecycle: String?
        var type: String?
        var tags: [String]
        var isQuarantined: Bool
    }

    let rows: [Row]

    /// Indexes `entities`; results of `CatalogQuery.run(on:)` are positions in this array.
    public init(_ entities: [Entity]) {
        rows = entities.map { entity in
            let text = ([entity.ref.name, entity.title ?? "", entity.summary ?? ""] + entity.tags).joined(separator: "\n").lowercased()
            return Row(name: Array(entity.ref.name.utf8), text: Array(text.utf8), kind: entity.ref.kind, namespace: entity.ref.namespace,
                       owner: entity.owner, system: entity.system, domain: entity.domain,
                       lifecycle: entity.lifecycle?.lowercased(), type: entity.type?.lowercased(), tags: entity.tags,
                       isQuarantined: entity.isQuarantined)
        }
    }

    public var count: Int { rows.count }
}
