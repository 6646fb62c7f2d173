/// The query language shared by `cairn list --query` and the TUI filter:
/// `kind:api owner:team-x tag:pci lifecycle:production free text`.
///
/// Field terms filter (values are case-insensitive, `a,b` means either); the remaining words
/// must each match the name, title, description or tags, and rank the results: an exact name
/// beats a name prefix, which beats a whole word, which beats a substring.
public struct CatalogQuery: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable {
        case kind, namespace, owner, system, domain, lifecycle, type, tag
    }

    public var filters: [Field: [String]] = [:]
    public var words: [String] = []

    public init(filters: [Field: [String]] = [:], words: [String] = []) {
        self.filters = filters
        self.words = words
    }

    /// Parses query text. Unknown `key:value` terms are free text; one written as a ref
    /// (`component:foo`) finds that entity.
    public init(parsing text: String) {
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if let colon = token.firstIndex(of: ":"), let field = Field(rawValue: token[..<colon].lowercased()) {
                let values = token[token.index(after: colon)...].split(separator: ",").map { $0.lowercased() }
                if !values.isEmpty { filters[field, default: []] += values }
            } else {
                words.append(token.lowercased())
            }
        }
    }

    public var isEmpty: Bool { filters.isEmpty && words.isEmpty }

    /// Matching entities, best first (then in catalog order).
    public func run(on entities: [Entity]) -> [Entity] {
        run(on: SearchIndex(entities), includeQuarantined: true).map { entities[$0] }
    }

    /// Positions of the matching rows of `index`, best first, then in index order.
    public func run(on index: SearchIndex, includeQuarantined: Bool = false) -> [Int] {
        var scored: [(score: Int, position: Int)] = []
        let needles = words.map { Array($0.utf8) }
        let compiled = compiledFilters
        for position in index.rows.indices {
            if index.rows[position].isQuarantined && !includeQuarantined { continue }
            if let score = score(index.rows[position], compiled, needles) { scored.append((score, position)) }
        }
        if !words.isEmpty {
            scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.position < $1.position }
        }
        return scored.map(\.position)
    }

    /// nil when the entity does not match; otherwise its rank (higher is better).
    public func score(_ entity: Entity) -> Int? {
        score(SearchIndex([entity]).rows[0], compiledFilters, words.map { Array($0.utf8) })
    }

    /// A filter value parsed once per query rather than once per row.
    struct FilterValue {
        var text: String
        var ref: (kind: String?, namespace: String?, name: String)?
    }

    var compiledFilters: [(Field, [FilterValue])] {
        filters.map { field, values in (field, values.map { FilterValue(text: $0, ref: EntityRef.parseLoose($0)) }) }
    }

    func score(_ row: SearchIndex.Row, _ filters: [(Field, [FilterValue])], _ needles: [[UInt8]]) -> Int? {
        for (field, values) in filters where !values.contains(where: { matches(row, field, $0) }) { return nil }
        var total = 0
        for needle in needles {
            if row.name == needle { total += 1000; continue }
            if let refScore = Self.refMatch(needle, row) { total += refScore; continue }
            if row.name.count >= needle.count, row.name[0..<needle.count].elementsEqual(needle) { total += 300; continue }
            guard let match = Self.bestMatch(needle, in: row.text) else { return nil }
            total += match
        }
        return total
    }

    /// A word typed as a ref, `kind:name`: 1000 for that exact entity, 300 for a name prefix.
    private static func refMatch(_ needle: [UInt8], _ row: SearchIndex.Row) -> Int? {
        guard let colon = needle.firstIndex(of: UInt8(ascii: ":")), needle[..<colon].elementsEqual(row.kind.utf8) else { return nil }
        let name = needle[(colon + 1)...]
        if row.name.elementsEqual(name) { return 1000 }
        if !name.isEmpty, row.name.starts(with: name) { return 300 }
        return nil
    }

    /// 100 for an occurrence that is a whole word, 10 for a substring, nil for none.
    private static func bestMatch(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty ? 10 : nil }
        var best: Int?
        let first = needle[0]
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first, haystack[start..<(start + needle.count)].elementsEqual(needle) {
                let end = start + needle.count
                let before = start == 0 || !isWordByte(haystack[start - 1])
                let after = end == haystack.count || !isWordByte(haystack[end])
                if before && after { return 100 }
                best = 10
            }
            start += 1
        }
        return best
    }

    /// Letters, digits and any byte of a multi-byte character count as part of a word.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte >= 0x80
    }

    private func matches(_ row: SearchIndex.Row, _ field: Field, _ value: FilterValue) -> Bool {
        switch field {
        case .kind: return row.kind == value.text
        case .namespace: return row.namespace == value.text
        case .owner: return Self.refMatches(row.owner, value)
        case .system: return Self.refMatches(row.system, value)
        case .domain: return Self.refMatches(row.domain, value)
        case .lifecycle: return row.lifecycle == value.text
        case .type: return row.type == value.text
        case .tag: return row.tags.contains(value.text)
        }
    }

    /// `team-x`, `group:team-x` and `group:default/team-x` all match group:default/team-x.
    private static func refMatches(_ ref: EntityRef?, _ value: FilterValue) -> Bool {
        guard let ref, let loose = value.ref else { return false }
        return loose.name == ref.name && (loose.kind.map { $0 == ref.kind } ?? true) && (loose.namespace.map { $0 == ref.namespace } ?? true)
    }
}
