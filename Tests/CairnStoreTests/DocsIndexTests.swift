import CairnStore
import Foundation
import Testing

@Suite("Docs full-text index: ranking, snippets, safe queries, incremental updates")
struct DocsIndexTests {
    func database() throws -> (CairnDatabase, String) {
        let directory = TestCatalogs.temporaryDirectory()
        return (try CairnDatabase.open(path: directory + "/cairn.db"), directory)
    }

    func page(_ ref: String, _ key: String, title: String, _ sections: [(String, String)], kind: DocsIndexEntry.Kind = .docs) -> DocsIndexEntry {
        DocsIndexEntry(entityRef: ref, kind: kind, sourceKey: key, title: title,
                       sections: sections.map { DocsIndexEntry.Section(section: $0.0, body: $0.1) })
    }

    /// A small portal's worth of documents.
    var sample: [DocsIndexEntry] {
        [
            page("component:default/payments", "metadata", title: "Payments service",
                 [("description", "Takes card payments and issues refunds through the ledger.")], kind: .metadata),
            page("component:default/payments", "docs/runbook.md", title: "Payments runbook", [
                ("Overview", "What to do when the checkout fails."),
                ("Refunds", "A refund is issued by the ledger. Refund requests older than a year need approval; refund twice and the refund queue backs up."),
            ]),
            page("component:default/ledger", "docs/index.md", title: "Ledger guide",
                 [("Overview", "The ledger records every payments movement, one line per refund or charge.")]),
            page("component:default/ledger", "POST /v1/entries", title: "POST /v1/entries",
                 [("summary", "Write a ledger entry for a refund.")], kind: .api),
            page("component:default/coffee", "docs/menu.md", title: "Café menu",
                 [("Drinks", "The café serves crème brûlée lattes, naïve espresso and Äpfel juice.")]),
        ]
    }

    @Test("a large update merges the index (FTS5 optimize) and every document stays findable")
    func largeUpdateIsMerged() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let entries = (0..<1_500).map { index in
            page("component:default/service-\(index)", "metadata", title: "Service \(index)", [("", "handles word\(index) and shared text")], kind: .metadata)
        }
        let changes = try database.updateDocsIndex(entries)
        #expect(changes.added == 1_500)
        #expect(try database.searchDocs("word1234").map(\.entityRef) == ["component:default/service-1234"])
        #expect(try database.searchDocs("shared", limit: 2000).count == 1_500)
    }

    @Test("a title match ranks above a body match; more matches of the word rank higher; one hit per document")
    func ranking() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample)

        let payments = try database.searchDocs("payments ")
        #expect(payments.count == 3)
        // Title "Payments service"/"Payments runbook" beat the ledger guide, which has the word in its body only.
        #expect(payments.last?.entityRef == "component:default/ledger")
        #expect(Set(payments.prefix(2).map(\.sourceKey)) == ["metadata", "docs/runbook.md"])
        #expect(payments.allSatisfy { $0.score > 0 })
        #expect(payments.map(\.score) == payments.map(\.score).sorted(by: >))

        // "refund" is in the body of three documents; the runbook's section says it four times
        // (and its heading says it too).
        let refund = try database.searchDocs("refund ")
        #expect(refund.first?.sourceKey == "docs/runbook.md")
        #expect(refund.first?.section == "Refunds", "the hit names the best-matching section")
        #expect(Set(refund.map(\.sourceKey)).count == refund.count, "one hit per document")
    }

    @Test("with everything else equal, the title outweighs the body and three mentions outweigh one")
    func rankingIsolated() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let filler = "alpha beta gamma delta epsilon zeta eta theta"
        try database.updateDocsIndex([
            page("component:default/a", "a.md", title: "Notes", [("Intro", "kafka \(filler) one two")]),
            page("component:default/b", "b.md", title: "Kafka", [("Intro", "\(filler) one two three")]),
            page("component:default/c", "c.md", title: "Notes", [("Intro", "kafka \(filler) kafka kafka")]),
            page("component:default/d", "d.md", title: "Notes", [("Kafka", "\(filler) one two three")]),
        ])
        #expect(try database.searchDocs("kafka ").map(\.sourceKey) == ["b.md", "d.md", "c.md", "a.md"])
    }

    @Test("snippets wrap each matched word in U+0001/U+0002, and markers in indexed text are removed")
    func snippets() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample + [
            page("component:default/hostile", "docs/x.md", title: "Hostile \u{1}title\u{2}",
                 [("Body", "Markers \u{1}injected\u{2} around a checkout word.")]),
        ])
        let hit = try #require(try database.searchDocs("ledger records").first)
        #expect(hit.entityRef == "component:default/ledger")
        #expect(hit.snippet.contains("\u{1}ledger\u{2} \u{1}records\u{2}"))
        #expect(hit.snippet(highlightedWith: "[", "]").contains("[ledger] [records] every payments movement"))
        #expect(!hit.snippet(highlightedWith: "", "").contains("\u{1}"))

        // A match in a heading only: that section, and the start of its body as the snippet.
        let heading = try #require(try database.searchDocs("drinks").first)
        #expect(heading.section == "Drinks")
        #expect(heading.snippet == "The café serves crème brûlée lattes, naïve espresso and Äpfel juice.")
        // A match in the second section of a page names that section, and the snippet stays in it.
        let second = try #require(try database.searchDocs("approval").first)
        #expect(second.section == "Refunds")
        #expect(!second.snippet.contains("checkout") && second.snippet.contains("\u{1}approval\u{2}"))

        let hostile = try database.searchDocs("injected")
        #expect(hostile.count == 1)
        #expect(hostile[0].snippet.filter { $0 == "\u{1}" }.count == 1, "only cairn's own marker: \(hostile[0].snippet.debugDescription)")
        #expect(hostile[0].snippet.contains("\u{1}injected\u{2}"))
        #expect(!hostile[0].title.contains("\u{1}"))
    }

    @Test("the last word is a prefix while typing: paym finds payments; a trailing space ends the word")
    func prefixes() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample)
        #expect(try database.searchDocs("paym").count == 3)
        #expect(try database.searchDocs("pa").count == 3)
        #expect(try database.searchDocs("p").isEmpty, "one letter is matched whole, not as a prefix of everything")
        #expect(try database.searchDocs("paym ").isEmpty, "a finished word is matched whole")
        #expect(try database.searchDocs("ledger refu").map(\.sourceKey).contains("POST /v1/entries"))
        #expect(try database.searchDocs("refu ledger").isEmpty, "earlier words are whole words")
        #expect(try database.searchDocs("refund approv").map(\.sourceKey) == ["docs/runbook.md"])
        #expect(try database.searchDocs("runbook approval").map(\.section) == ["Refunds"])
        let across = try database.searchDocs("approval checkout")
        #expect(across.map(\.sourceKey) == ["docs/runbook.md"], "words may come from different sections of a document")
    }

    @Test("diacritics are folded both ways: cafe finds café, naïve finds naive, apfel finds Äpfel")
    func diacritics() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample)
        #expect(try database.searchDocs("cafe").map(\.entityRef) == ["component:default/coffee"])
        #expect(try database.searchDocs("café").map(\.entityRef) == ["component:default/coffee"])
        #expect(try database.searchDocs("creme brulee").count == 1)
        #expect(try database.searchDocs("APFEL").count == 1)
        let hit = try #require(try database.searchDocs("naive").first)
        #expect(hit.snippet.contains("\u{1}naïve\u{2}"), "the snippet shows the text as written")
    }

    @Test("kind:api and kind:docs filter; an unknown kind is just text")
    func kindFilter() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample)
        #expect(try database.searchDocs("kind:api refund").map(\.kind) == [.api])
        #expect(Set(try database.searchDocs("refund kind:docs").map(\.kind)) == [.docs])
        #expect(try database.searchDocs("KIND:Metadata refund").map(\.sourceKey) == ["metadata"])
        #expect(try database.searchDocs("kind:api").isEmpty, "a filter alone matches nothing")
        #expect(try database.searchDocs("kind:pizza refund").isEmpty, "kind:pizza is the words kind and pizza")
    }

    @Test("hostile queries never throw: FTS5 syntax, quotes, operators and unicode are text")
    func hostileQueries() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample)
        let hostile = [
            "", " ", "\"", "\"\"", "\"refund", "refund\"", "a\"b\"c", "(", ")", "(refund", "refund)", "()", "*", "**", "refund*",
            "*refund", "-", "-refund", "refund -ledger", "NOT", "refund NOT ledger", "AND", "OR", "refund OR", "NEAR", "NEAR(refund ledger, 2)",
            "refund NEAR ledger", ":", "title:refund", "body:", "{title section}: refund", "^refund", "refund^", "+", "'", "';DROP TABLE docs_fts;--",
            "%", "_", "\\", "\u{0}", "\u{1}refund\u{2}", "kind:", "kind:api kind:docs", "💳", "refund 💳", "ﷺ", "\u{301}", "e\u{301}",
            "日本語", "Ünïcödé", String(repeating: "refund ", count: 2_000), String(repeating: "(", count: 500), "\t\n\r", "🏳️‍🌈 refund",
        ]
        for query in hostile {
            _ = try database.searchDocs(query)
        }
        #expect(try database.searchDocs("\"refund").count == 4, "quotes are dropped by the tokenizer, the word remains")
        #expect(try database.searchDocs("-refund").count == 4, "- is not NOT")
        #expect(try database.searchDocs("refund -ledger").count == 3, "- is not NOT: both words are required")
        #expect(try database.searchDocs("NEAR").isEmpty)
        #expect(try database.searchDocs("***").isEmpty)
        #expect(try database.searchDocs("💳").isEmpty)
        #expect(try database.searchDocs("refund", limit: 0).isEmpty)
    }

    @Test("query text becomes quoted phrases ANDed, the last one a prefix")
    func queryParsing() {
        #expect(DocsSearchQuery(parsing: "pay ledger").matchExpression == "\"pay\" AND \"ledger\"*")
        #expect(DocsSearchQuery(parsing: "pay ledger ").matchExpression == "\"pay\" AND \"ledger\"")
        #expect(DocsSearchQuery(parsing: "say \"hi\"").matchExpression == "\"say\" AND \"\"\"hi\"\"\"*")
        #expect(DocsSearchQuery(parsing: "NEAR ( * -").matchExpression == "\"NEAR\"")
        #expect(DocsSearchQuery(parsing: "pay l").matchExpression == "\"pay\" AND \"l\"", "one letter is not a prefix")
        #expect(DocsSearchQuery(parsing: "() * -").matchExpression == nil)
        let filtered = DocsSearchQuery(parsing: "refund kind:api")
        #expect(filtered.matchExpression == "\"refund\"", "the filter, not the word, was last")
        #expect(filtered.kinds == [.api])
        #expect(DocsSearchQuery(parsing: String(repeating: "w ", count: 100)).matchExpression?.components(separatedBy: " AND ").count
            == DocsSearchQuery.maxWords)
    }

    @Test("an update rewrites only what changed, keeps indexed_at of the rest, and removes what is gone")
    func incrementalUpdate() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = Date(timeIntervalSince1970: 1_000)
        let second = Date(timeIntervalSince1970: 2_000)
        let refs = Set(sample.map(\.entityRef))
        #expect(try database.updateDocsIndex(sample, removingEntitiesNotIn: refs, now: first) == DocsIndexChanges(added: 5))
        #expect(try database.updateDocsIndex(sample, removingEntitiesNotIn: refs, now: second) == DocsIndexChanges(unchanged: 5))
        #expect(try database.docsIndexSources().allSatisfy { $0.indexedAt == first })

        var edited = sample
        edited[2].sections[0].body = "The ledger now also records chargebacks."
        let changes = try database.updateDocsIndex(edited, removingEntitiesNotIn: refs, now: second)
        #expect(changes == DocsIndexChanges(updated: 1, unchanged: 4))
        let sources = try database.docsIndexSources()
        #expect(sources.filter { $0.indexedAt == second }.map(\.sourceKey) == ["docs/index.md"])
        #expect(sources.filter { $0.indexedAt == first }.count == 4)
        #expect(try database.searchDocs("chargebacks").map(\.sourceKey) == ["docs/index.md"])
        #expect(try database.searchDocs("movement").isEmpty, "the old text is gone from the index")

        // The coffee entity leaves the catalog; the payments runbook is deleted from its docs.
        let remaining = edited.filter { $0.entityRef != "component:default/coffee" && $0.sourceKey != "docs/runbook.md" }
        let removal = try database.updateDocsIndex(remaining, removingEntitiesNotIn: Set(remaining.map(\.entityRef)), now: second)
        #expect(removal == DocsIndexChanges(removed: 2, unchanged: 3))
        #expect(try database.searchDocs("cafe").isEmpty)
        #expect(try database.searchDocs("runbook").isEmpty)
        #expect(try database.docsIndexSources().count == 3)
    }

    @Test("replaceDocs touches one entity only; the digest ignores nothing that is indexed")
    func replaceOneEntity() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample)
        let ledger = "component:default/ledger"
        let changes = try database.replaceDocs(for: ledger, entries: [
            page(ledger, "docs/index.md", title: "Ledger guide", [("Overview", "Double-entry bookkeeping.")]),
        ])
        #expect(changes == DocsIndexChanges(updated: 1, removed: 1))
        #expect(try database.docsIndexSources(for: ledger).map(\.sourceKey) == ["docs/index.md"])
        #expect(try database.docsIndexSources().count == 4, "other entities are untouched")
        #expect(try database.replaceDocs(for: ledger, entries: []) == DocsIndexChanges(removed: 1))
        #expect(try database.searchDocs("bookkeeping").isEmpty)

        let base = page(ledger, "k", title: "ab", [("c", "d")])
        #expect(base.digest.count == 16)
        #expect(page(ledger, "k", title: "a", [("bc", "d")]).digest != base.digest)
        #expect(page(ledger, "k", title: "ab", [("", "cd")]).digest != base.digest)
        #expect(page(ledger, "k", title: "ab", [("c", "d")]).digest == base.digest)
        #expect(DocsIndexEntry(entityRef: "x", kind: .docs, sourceKey: "y", title: "", sections: []).digest == "cbf29ce484222325")
    }

    @Test("a reopened database keeps the index; clearing empties it")
    func reopen() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try database.updateDocsIndex(sample)
        let before = try database.searchDocs("refund")
        let reopened = try CairnDatabase.open(path: directory + "/cairn.db")
        #expect(reopened.notices.isEmpty)
        #expect(try reopened.searchDocs("refund") == before)
        #expect(try reopened.updateDocsIndex(sample) == DocsIndexChanges(unchanged: 5))
        try reopened.clearDocsIndex()
        #expect(try reopened.searchDocs("refund").isEmpty)
        #expect(try reopened.updateDocsIndex(sample) == DocsIndexChanges(added: 5))
    }
}
