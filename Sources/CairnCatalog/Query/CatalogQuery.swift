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

    /// Parses query text. Unknown `key:value` terms are free text, so `component:foo` still finds foo.
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

    /// Matching entities, best first (then by ref).
    public func run(on entities: [Entity]) -> [Entity] {
        var scored: [(score: Int, entity: Entity)] = []
        for entity in entities {
            if let score = score(entity) { scored.append((score, entity)) }
        }
        if words.isEmpty { return scored.map(\.entity) }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.entity.ref < $1.entity.ref }
        return scored.map(\.entity)
    }

    /// nil when the entity does not match; otherwise the rank (higher is better).
    public func score(_ entity: Entity) -> Int? {
        for (field, values) in filters where !values.contains(where: { matches(entity, field, $0) }) { return nil }
        guard !words.isEmpty else { return 0 }
        var total = 0
        let name = entity.ref.name
        var haystack: [UInt8]?
        for word in words {
            if name == word { total += 1000; continue }
            if name.hasPrefix(word) { total += 300; continue }
            if haystack == nil {
                haystack = Array(([name, entity.title ?? "", entity.summary ?? ""] + entity.tags).joined(separator: "\n").lowercased().utf8)
            }
            guard let match = Self.bestMatch(Array(word.utf8), in: haystack!) else { return nil }
            total += match
        }
        return total
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

    private func matches(_ entity: Entity, _ field: Field, _ value: String) -> Bool {
        switch field {
        case .kind: return entity.ref.kind == value
        case .namespace: return entity.ref.namespace == value
        case .owner: return Self.refMatches(entity.owner, value)
        case .system: return Self.refMatches(entity.system, value)
        case .domain: return Self.refMatches(entity.domain, value)
        case .lifecycle: return entity.lifecycle?.lowercased() == value
        case .type: return entity.type?.lowercased() == value
        case .tag: return entity.tags.contains { $0 == value }
        }
    }

    /// `team-x`, `group:team-x` and `group:default/team-x` all match group:default/team-x.
    private static func refMatches(_ ref: EntityRef?, _ value: String) -> Bool {
        guard let ref else { return false }
        if ref.name == value || ref.description == value { return true }
        guard let loose = EntityRef.parseLoose(value) else { return false }
        return loose.name == ref.name && (loose.kind.map { $0 == ref.kind } ?? true) && (loose.namespace.map { $0 == ref.namespace } ?? true)
    }
}
