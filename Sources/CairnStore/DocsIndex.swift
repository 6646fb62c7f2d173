import Foundation
import GRDB

/// One document for the full-text index: an entity's catalog metadata, one page of its docs,
/// or one API operation. A document is split into sections (a heading and its text); a search
/// hit names the document's best-matching section.
///
/// Documents are identified by `(entityRef, kind, sourceKey)`: indexing the same identity again
/// replaces it, and only when its content (title and sections) changed.
public struct DocsIndexEntry: Sendable, Equatable {
    /// Where a document comes from; `kind:` in a query filters on it.
    public enum Kind: String, Sendable, CaseIterable {
        case metadata, docs, api
    }

    /// A heading (empty for text before the first heading) and the text under it.
    public struct Section: Sendable, Equatable {
        public var section: String
        public var body: String

        public init(section: String, body: String) {
            self.section = section
            self.body = body
        }
    }

    public var entityRef: String
    public var kind: Kind
    /// What the document was read from within its entity: a docs file path, an operation id,
    /// or "metadata".
    public var sourceKey: String
    public var title: String
    public var sections: [Section]

    public init(entityRef: String, kind: Kind, sourceKey: String, title: String, sections: [Section]) {
        self.entityRef = entityRef
        self.kind = kind
        self.sourceKey = sourceKey
        self.title = title
        self.sections = sections
    }

    /// FNV-1a 64 over the UTF-8 of the title and sections, as 16 hex digits: cheap, stable
    /// across runs and platforms (unlike `Hasher`), and enough to notice an edit. Fields are
    /// separated by bytes that do not occur in text, so moving a word between fields changes it.
    public var digest: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        func mix(byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        mix(title)
        for section in sections {
            mix(byte: 0x1E)
            mix(section.section)
            mix(byte: 0x1F)
            mix(section.body)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// One search result: the best-matching section of one document.
///
/// `snippet` is an excerpt of that section's body with each matched word wrapped in
/// `DocsSearchHit.highlightStart` (U+0001) and `DocsSearchHit.highlightEnd` (U+0002), and "…"
/// where text was cut. Those two control characters are removed from everything indexed, so
/// they only ever mark matches: the TUI styles the text between them, the CLI replaces them
/// with `[`/`]` (or drops them). `title` and `section` are plain text.
public struct DocsSearchHit: Sendable, Equatable {
    public static let highlightStart: Character = "\u{1}"
    public static let highlightEnd: Character = "\u{2}"

    public var entityRef: String
    public var kind: DocsIndexEntry.Kind
    public var sourceKey: String
    public var title: String
    public var section: String
    public var snippet: String
    /// BM25 relevance (title weighted 10, section heading 4, body 1), positive; higher is
    /// better. Comparable between hits of one search only.
    public var score: Double

    /// The snippet with the highlight markers replaced (e.g. by "[" and "]", or by "" to drop them).
    public func snippet(highlightedWith start: String, _ end: String) -> String {
        snippet.replacingOccurrences(of: String(Self.highlightStart), with: start)
            .replacingOccurrences(of: String(Self.highlightEnd), with: end)
    }
}

/// What a docs-index update did, counted in documents.
public struct DocsIndexChanges: Sendable, Equatable {
    public var added: Int
    public var updated: Int
    public var removed: Int
    public var unchanged: Int

    public init(added: Int = 0, updated: Int = 0, removed: Int = 0, unchanged: Int = 0) {
        self.added = added
        self.updated = updated
        self.removed = removed
        self.unchanged = unchanged
    }
}

/// A document as recorded in the index: when it was last (re)written and the digest of what was.
public struct DocsIndexSource: Sendable, Equatable {
    public var entityRef: String
    public var kind: DocsIndexEntry.Kind
    public var sourceKey: String
    public var digest: String
    public var indexedAt: Date
}

/// A user's search text turned into an FTS5 query that cannot be a syntax error: every word
/// becomes a quoted phrase (so `"`, `(`, `*`, `-`, `:`, `NEAR`, `AND`… are just text), words are
/// ANDed, and the last word is a prefix (`"paym"*`) unless the text ends with a space — the
/// user is still typing it — or it has a single letter. `kind:api`, `kind:docs`, `kind:metadata` filter instead of matching.
/// Words with no letter or digit are dropped (FTS5 would find nothing for them, and an empty
/// phrase ANDed with others matches nothing); no word left means no results.
public struct DocsSearchQuery: Sendable, Equatable {
    /// At most this many words are used: a pasted page should not become a 10,000-term query.
    public static let maxWords = 32

    /// The FTS5 MATCH expression, nil when nothing can match.
    public var matchExpression: String?
    /// Kinds to keep; empty means all.
    public var kinds: Set<DocsIndexEntry.Kind>

    public init(parsing text: String) {
        var phrases: [String] = []
        var kinds: Set<DocsIndexEntry.Kind> = []
        let isSeparator = { (character: Character) in
            character.isWhitespace || character == DocsSearchHit.highlightStart || character == DocsSearchHit.highlightEnd
        }
        let words = text.split(whereSeparator: isSeparator)
        var isLastWordAPhrase = false
        for word in words {
            isLastWordAPhrase = false
            if word.lowercased().hasPrefix("kind:"), let kind = DocsIndexEntry.Kind(rawValue: String(word.dropFirst(5)).lowercased()) {
                kinds.insert(kind)
                continue
            }
            guard phrases.count < Self.maxWords, word.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            phrases.append("\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            // A one-letter prefix would match most of the index and tell the user nothing.
            isLastWordAPhrase = word.filter { $0.isLetter || $0.isNumber }.count >= 2
        }
        // Still typing: the text ends in the word that made the last phrase.
        if isLastWordAPhrase, let last = text.last, !isSeparator(last) {
            phrases[phrases.count - 1] += "*"
        }
        matchExpression = phrases.isEmpty ? nil : phrases.joined(separator: " AND ")
        self.kinds = kinds
    }
}

/// The full-text index over entity metadata, docs pages and API operations (FTS5, `unicode61`
/// with diacritics removed, so "cafe" finds "café"). A cache: everything in it is rebuilt from
/// the catalog and the docs sources.
///
/// Layout: `docs_source` records each document (identity, digest, when indexed) under an integer
/// id; `docs_fts` holds one row per document, rowid `id << 2 | kind code` (so a `kind:` filter is
/// arithmetic on the rowid, not a read of each matching row), its headings and bodies each
/// joined with U+001E (record separator) so a hit can be traced back to its section. One row per
/// document rather than per section: a broad word touches a third as many rows (ranking cost is
/// per matching row), and the words of a query may come from different sections of a page.
extension CairnDatabase {
    /// Joins sections in the `section` and `body` columns; removed from indexed text.
    static let docsSectionSeparator: Character = "\u{1E}"
    /// The low two bits of a `docs_fts` rowid.
    static func docsKindCode(_ kind: DocsIndexEntry.Kind) -> Int64 {
        switch kind {
        case .metadata: 0
        case .docs: 1
        case .api: 2
        }
    }

    /// bm25 weights by column: entity_ref, title, section, body, kind.
    static let docsRankFunction = "bm25(docs_fts, 0.0, 10.0, 4.0, 1.0, 0.0)"

    /// Replaces everything indexed for `entityRef` with `entries` (all of which must be that
    /// entity's): unchanged documents are left alone, changed ones rewritten, missing ones
    /// removed. Entries of another entity are ignored.
    @discardableResult
    public func replaceDocs(for entityRef: String, entries: [DocsIndexEntry], now: Date = Date()) throws -> DocsIndexChanges {
        try pool.write { db in
            try Self.apply(entries.filter { $0.entityRef == entityRef }, completeFor: [entityRef], keep: nil, db: db, now: now)
        }
    }

    /// Brings the index up to date in one transaction. `entries` is the complete set of
    /// documents of every entity it mentions: those entities' documents not among them are
    /// removed. With `removingEntitiesNotIn`, every entity outside that set is removed too (pass
    /// the catalog's refs), except for documents in `entries`. Documents whose digest did not change are not rewritten. When two
    /// entries share an identity the last one wins.
    @discardableResult
    public func updateDocsIndex(_ entries: [DocsIndexEntry], removingEntitiesNotIn keep: Set<String>? = nil, now: Date = Date()) throws -> DocsIndexChanges {
        let changes = try pool.write { db in
            try Self.apply(entries, completeFor: Set(entries.map(\.entityRef)), keep: keep, db: db, now: now)
        }
        // A large rewrite leaves the FTS5 index in many segments, and every query walks all of
        // them: merge them into one (a few hundred ms after a full build, nothing otherwise).
        if changes.added + changes.updated + changes.removed > 1_000 {
            try pool.write { db in try db.execute(sql: "INSERT INTO docs_fts(docs_fts) VALUES('optimize')") }
        }
        return changes
    }

    /// Empties the index (it is rebuilt by the next update).
    public func clearDocsIndex() throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM docs_fts; DELETE FROM docs_source;")
        }
    }

    /// What is indexed, for `entityRef` or for all entities, ordered by entity, kind and source.
    public func docsIndexSources(for entityRef: String? = nil) throws -> [DocsIndexSource] {
        try pool.read { db in
            var sql = "SELECT entity_ref, kind, source_key, digest, indexed_at FROM docs_source"
            var arguments: StatementArguments = []
            if let entityRef {
                sql += " WHERE entity_ref = ?"
                arguments = [entityRef]
            }
            sql += " ORDER BY entity_ref, kind, source_key"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                guard let kind = DocsIndexEntry.Kind(rawValue: row[1]) else { return nil }
                return DocsIndexSource(entityRef: row[0], kind: kind, sourceKey: row[2], digest: row[3],
                                       indexedAt: Date(timeIntervalSince1970: row[4]))
            }
        }
    }

    /// Searches titles, section headings and bodies; see `DocsSearchQuery` for what the text
    /// may hold. Every word must occur somewhere in a document (title, any heading, any body).
    /// One hit per document, best first; its section is the one the snippet comes from (or
    /// the first heading that matched, when no body text did). Never fails on what the user
    /// typed: text that cannot match returns no hits.
    public func searchDocs(_ text: String, limit: Int = 50) throws -> [DocsSearchHit] {
        let query = DocsSearchQuery(parsing: text)
        guard let match = query.matchExpression, limit > 0 else { return [] }
        var kindFilter = ""
        if !query.kinds.isEmpty {
            kindFilter = " AND (rowid & 3) IN (" + query.kinds.map { String(Self.docsKindCode($0)) }.sorted().joined(separator: ",") + ")"
        }
        return try pool.read { db in
            // 1. Rank every match, keep the best `limit`. bm25 as an ORDER BY expression (a top-N
            //    sort) measured faster than FTS5's `ORDER BY rank`, which sorts every match.
            let rowids = try Int64.fetchAll(db, sql: """
                SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?\(kindFilter) ORDER BY \(Self.docsRankFunction) LIMIT ?
                """, arguments: [match, limit])
            guard !rowids.isEmpty else { return [] }
            // 2. Snippets for those only. `+rowid` keeps the IN list out of FTS5's plan: pushed
            //    down, it re-runs the query once per rowid (costly for prefix words).
            let rows = try Row.fetchAll(db, sql: """
                SELECT docs_fts.rowid, docs_fts.entity_ref, docs_fts.kind, source.source_key, docs_fts.title, docs_fts.body,
                       highlight(docs_fts, 2, char(1), char(2)), snippet(docs_fts, 3, char(1), char(2), '…', 16), \(Self.docsRankFunction)
                FROM docs_fts JOIN docs_source AS source ON source.id = docs_fts.rowid >> 2
                WHERE docs_fts MATCH ? AND +docs_fts.rowid IN (\(rowids.map(String.init).joined(separator: ",")))
                """, arguments: [match])
            var hits: [Int64: DocsSearchHit] = [:]
            for row in rows {
                let (section, snippet) = Self.locate(snippet: row[7], headings: row[6], body: row[5])
                let rank: Double = row[8]
                hits[row[0]] = DocsSearchHit(entityRef: row[1], kind: DocsIndexEntry.Kind(rawValue: row[2]) ?? .docs, sourceKey: row[3],
                                             title: row[4], section: section, snippet: snippet, score: -rank)
            }
            return rowids.compactMap { hits[$0] }
        }
    }

    /// The section a hit belongs to and its snippet, from FTS5's snippet of the joined bodies and
    /// the highlighted joined headings: the snippet is cut to the section with the most matches
    /// and found in the body to name its section. With no match in any body, the first heading
    /// that matched names the section and the start of its body is the snippet.
    static func locate(snippet: String, headings highlightedHeadings: String, body: String) -> (section: String, snippet: String) {
        let separator = docsSectionSeparator
        let headings = highlightedHeadings.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        let bodies = body.split(separator: separator, omittingEmptySubsequences: false)
        func plain(_ text: String) -> String {
            text.filter { $0 != DocsSearchHit.highlightStart && $0 != DocsSearchHit.highlightEnd }
        }
        func markers(_ text: Substring) -> Int { text.filter { $0 == DocsSearchHit.highlightStart }.count }

        let parts = snippet.split(separator: separator, omittingEmptySubsequences: false)
        if let best = parts.max(by: { markers($0) < markers($1) }), markers(best) > 0 {
            var piece = String(best).trimmingCharacters(in: .whitespacesAndNewlines)
            let core = plain(piece).trimmingCharacters(in: CharacterSet(charactersIn: "…"))
            var index = 0
            if let range = body.range(of: core) {
                index = body[..<range.lowerBound].filter { $0 == separator }.count
            }
            if parts.count > 1 {
                if best.startIndex != parts[0].startIndex, !piece.hasPrefix("…") { piece = "…" + piece }
                if best.endIndex != parts[parts.count - 1].endIndex, !piece.hasSuffix("…") { piece += "…" }
            }
            return (index < headings.count ? plain(headings[index]) : "", piece)
        }
        let index = headings.firstIndex { $0.contains(DocsSearchHit.highlightStart) } ?? 0
        let text = index < bodies.count ? bodies[index].trimmingCharacters(in: .whitespacesAndNewlines) : ""
        var words = text.split(whereSeparator: \.isWhitespace).prefix(17).map(String.init)
        let isCut = words.count > 16
        if isCut { words.removeLast() }
        return (index < headings.count ? plain(headings[index]) : "", words.joined(separator: " ") + (isCut ? "…" : ""))
    }

    /// Writes `entries`, leaving unchanged documents alone, and removes the other documents of
    /// the entities in `complete` and every document of an entity outside `keep`.
    private static func apply(_ entries: [DocsIndexEntry], completeFor complete: Set<String>, keep: Set<String>?, db: Database,
                              now: Date) throws -> DocsIndexChanges {
        var changes = DocsIndexChanges()
        var latest: [DocumentIdentity: DocsIndexEntry] = [:]
        var order: [DocumentIdentity] = []
        for entry in entries {
            let identity = DocumentIdentity(entityRef: entry.entityRef, kind: entry.kind.rawValue, sourceKey: entry.sourceKey)
            if latest.updateValue(entry, forKey: identity) == nil { order.append(identity) }
        }

        // What is indexed now: one read of the whole table for a bulk update, one indexed read
        // per entity for a few.
        var existing: [DocumentIdentity: (id: Int64, digest: String)] = [:]
        func collect(_ rows: RowCursor) throws {
            while let row = try rows.next() {
                existing[DocumentIdentity(entityRef: row[1], kind: row[2], sourceKey: row[3])] = (row[0], row[4])
            }
        }
        if keep != nil || complete.count > 64 {
            try collect(Row.fetchCursor(db, sql: "SELECT id, entity_ref, kind, source_key, digest FROM docs_source"))
        } else {
            let statement = try db.makeStatement(sql: "SELECT id, entity_ref, kind, source_key, digest FROM docs_source WHERE entity_ref = ?")
            for ref in complete { try collect(Row.fetchCursor(statement, arguments: [ref])) }
        }

        let insertSource = try db.makeStatement(sql: """
            INSERT INTO docs_source (entity_ref, kind, source_key, digest, indexed_at) VALUES (?, ?, ?, ?, ?)
            """)
        let updateSource = try db.makeStatement(sql: "UPDATE docs_source SET digest = ?, indexed_at = ? WHERE id = ?")
        let deleteSource = try db.makeStatement(sql: "DELETE FROM docs_source WHERE id = ?")
        let deleteRow = try db.makeStatement(sql: "DELETE FROM docs_fts WHERE rowid = ?")
        let insertRow = try db.makeStatement(sql: """
            INSERT INTO docs_fts (rowid, entity_ref, title, section, body, kind) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for identity in order {
            guard let entry = latest[identity] else { continue }
            let digest = entry.digest
            let id: Int64
            if let current = existing[identity] {
                id = current.id
                if current.digest == digest {
                    changes.unchanged += 1
                    continue
                }
                try deleteRow.execute(arguments: [id << 2 | docsKindCode(entry.kind)])
                try updateSource.execute(arguments: [digest, now.timeIntervalSince1970, id])
                changes.updated += 1
            } else {
                try insertSource.execute(arguments: [identity.entityRef, identity.kind, identity.sourceKey, digest, now.timeIntervalSince1970])
                id = db.lastInsertedRowID
                changes.added += 1
            }
            let separator = String(docsSectionSeparator)
            try insertRow.execute(arguments: [id << 2 | docsKindCode(entry.kind), entry.entityRef, indexable(entry.title),
                                              entry.sections.map { indexable($0.section) }.joined(separator: separator),
                                              entry.sections.map { indexable($0.body) }.joined(separator: separator), entry.kind.rawValue])
        }

        for (identity, current) in existing where latest[identity] == nil {
            let isGone = complete.contains(identity.entityRef) || keep.map { !$0.contains(identity.entityRef) } ?? false
            guard isGone else { continue }
            let kind = DocsIndexEntry.Kind(rawValue: identity.kind) ?? .docs
            try deleteRow.execute(arguments: [current.id << 2 | docsKindCode(kind)])
            try deleteSource.execute(arguments: [current.id])
            changes.removed += 1
        }
        return changes
    }

    /// Text with the snippet markers and the section separator taken out, so those in a result
    /// are always ones cairn put there.
    private static func indexable(_ text: String) -> String {
        func isReserved(_ scalar: Unicode.Scalar) -> Bool { scalar == "\u{1}" || scalar == "\u{2}" || scalar == "\u{1E}" }
        guard text.unicodeScalars.contains(where: isReserved) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isReserved(scalar) ? " " : scalar) }
        return String(scalars)
    }

    private struct DocumentIdentity: Hashable {
        var entityRef: String
        var kind: String
        var sourceKey: String
    }

    // MARK: - Benchmark peer (cairn-bench docs), not part of the public API

    /// Copies the indexed sections into a plain table (`docs_like_peer`), for the LIKE-scan peer.
    package func copyDocsToPlainTableForBenchmark() throws {
        try pool.write { db in
            try db.execute(sql: """
                DROP TABLE IF EXISTS docs_like_peer;
                CREATE TABLE docs_like_peer AS SELECT rowid AS id, entity_ref, title, section, body FROM docs_fts;
                """)
        }
    }

    /// The peer's search: every word as `LIKE '%word%'` on title, section or body, ANDed, the
    /// first `limit` rows in table order (no ranking: the cheapest a LIKE search can be; -1 for
    /// every match).
    /// Returns how many rows it found.
    package func likeScanDocsForBenchmark(_ words: [String], limit: Int) throws -> Int {
        guard !words.isEmpty else { return 0 }
        let condition = Array(repeating: "(title LIKE ? OR section LIKE ? OR body LIKE ?)", count: words.count).joined(separator: " AND ")
        var arguments: [any DatabaseValueConvertible] = words.flatMap { word in Array(repeating: "%" + word + "%", count: 3) }
        arguments.append(limit)
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, entity_ref, title, section FROM docs_like_peer WHERE \(condition) LIMIT ?",
                             arguments: StatementArguments(arguments)).count
        }
    }
}
