import ArgumentParser
import CairnStore
import Foundation

/// The docs search index at portal scale: 10,000 entities' metadata, 2,000 Markdown-ish docs
/// pages (1–5 KB) and 5,000 API operations, generated from a fixed seed with a skewed
/// vocabulary (a few very common words, a long tail of rare ones) so queries hit. Reports
/// index time, query latency over a mix of words, pairs, prefixes and kind filters, and the
/// incremental re-index after 1 % of the pages change. The peer is the same words as
/// `LIKE '%word%'` over a plain table of the same sections, in the same database and run.
struct DocsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "docs", abstract: "Benchmark the docs full-text index against LIKE scans.")

    @Option(help: "Entities (one metadata document each).") var entities = 10_000
    @Option(help: "Docs pages.") var pages = 2_000
    @Option(help: "API operations.") var operations = 5_000
    @Option(help: "Queries to time.") var queries = 1_000
    @Option(help: "Queries the LIKE peer runs (each is a scan of the table).") var peerQueries = 200
    @Option(help: "Keep the indexed database at this path, for profiling by hand.") var keepDatabase: String?

    func run() throws {
        let workspace = NSTemporaryDirectory() + "cairn-docs-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let database = try CairnDatabase.open(path: keepDatabase ?? workspace + "/cairn.db")

        var corpus = DocsCorpus(seed: 0x5EED)
        var entries = corpus.entries(entities: entities, pages: pages, operations: operations)
        let refs = Set(entries.map(\.entityRef))
        let bytes = entries.reduce(0) { total, entry in
            total + entry.title.utf8.count + entry.sections.reduce(0) { $0 + $1.section.utf8.count + $1.body.utf8.count }
        }
        let sections = entries.reduce(0) { $0 + max(1, $1.sections.count) }
        print("docs: \(entities) entities' metadata, \(pages) pages, \(operations) API operations = \(entries.count) documents, "
            + "\(sections) sections, \(bytes / 1024) KiB of text")

        var firstIndex = DocsIndexChanges()
        let indexSeconds = try time { firstIndex = try database.updateDocsIndex(entries, removingEntitiesNotIn: refs) }
        let databaseBytes = ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: database.path + suffix)[.size] as? Int) ?? 0)
        }

        // Unchanged catalog: every digest compared, nothing rewritten.
        var noChange = DocsIndexChanges()
        let noChangeSeconds = try time { noChange = try database.updateDocsIndex(entries, removingEntitiesNotIn: refs) }

        // 1 % of the pages edited (a paragraph appended to one section), the whole catalog passed.
        let pageIndices = entries.indices.filter { entries[$0].kind == .docs }
        var generator = SplitMix64(seed: 0xED17)
        var edited = Set<Int>()
        while edited.count < max(1, pageIndices.count / 100) {
            edited.insert(pageIndices[generator.below(pageIndices.count)])
        }
        for index in edited {
            let section = generator.below(entries[index].sections.count)
            entries[index].sections[section].body += "\n\nEdited: " + corpus.paragraph(words: 40)
        }
        var incremental = DocsIndexChanges()
        let incrementalSeconds = try time { incremental = try database.updateDocsIndex(entries, removingEntitiesNotIn: refs) }

        // Queries: common and rare words, pairs, questions, prefixes as typed, kind filters, misses.
        let texts = (0..<queries).map { corpus.query(number: $0) }
        _ = try database.searchDocs(texts[0])  // warm the page cache and the statement path
        var latencies: [Double] = []
        var hitCounts: [Int] = []
        for text in texts {
            var hits = 0
            latencies.append(try time { hits = try database.searchDocs(text).count })
            hitCounts.append(hits)
        }
        var byShape: [String: [Double]] = [:]
        for (number, seconds) in latencies.enumerated() { byShape[DocsCorpus.shape(of: number), default: []].append(seconds) }

        // The broadest things a user can type: not in the mix, shown on their own.
        let broad = ["s", "t", "se", "the", "how to use the"]
        let broadTimes = try broad.map { text in try (0..<5).map { _ in try time { _ = try database.searchDocs(text) } }.median }

        // Peer: the same texts, each word a LIKE '%word%' on title, section or body of a plain
        // table. First 50 rows in table order (unranked: the cheapest a LIKE search can be), and
        // every match (what ranking them would need).
        try database.copyDocsToPlainTableForBenchmark()
        let peerCount = min(peerQueries, texts.count)
        var peerFirst: [Double] = []
        var peerAll: [Double] = []
        for text in texts.prefix(peerCount) {
            let words = text.split(separator: " ").filter { !$0.hasPrefix("kind:") }.map(String.init)
            peerFirst.append(try time { _ = try database.likeScanDocsForBenchmark(words, limit: 50) })
            peerAll.append(try time { _ = try database.likeScanDocsForBenchmark(words, limit: -1) })
        }
        let ftsSame = Array(latencies.prefix(peerCount))

        func ms(_ seconds: Double) -> String { String(format: "%9.3f ms", seconds * 1000) }
        func percentile(_ values: [Double], _ fraction: Double) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }
        func verdict(_ ok: Bool) -> String { ok ? "ok" : "MISSED" }
        let p99 = percentile(latencies, 0.99)
        print("")
        print("figure                                          value")
        print("index from empty (one transaction)         \(ms(indexSeconds))   \(firstIndex.added) documents")
        print("database file after indexing (+ WAL)       \(String(format: "%9.1f MB", Double(databaseBytes) / 1_048_576))")
        print("re-index, nothing changed                  \(ms(noChangeSeconds))   \(noChange.unchanged) unchanged, \(noChange.added + noChange.updated + noChange.removed) written")
        print("re-index, 1 % of pages changed             \(ms(incrementalSeconds))   \(incremental.updated) updated, \(incremental.unchanged) unchanged")
        print("query median over \(queries)                  \(ms(percentile(latencies, 0.5)))")
        print("query p99                                  \(ms(p99))   ≤ 20 ms   \(verdict(p99 <= 0.020))")
        print("query max                                  \(ms(latencies.max() ?? 0))")
        for shape in DocsCorpus.shapes {
            guard let values = byShape[shape], !values.isEmpty else { continue }
            print("  \(shape.padding(toLength: 30, withPad: " ", startingAt: 0))  median \(ms(percentile(values, 0.5)))   p99 \(ms(percentile(values, 0.99)))")
        }
        print("queries with hits                          \(hitCounts.filter { $0 > 0 }.count) of \(queries), mean \(String(format: "%.1f", Double(hitCounts.reduce(0, +)) / Double(queries))) hits (limit 50)")
        print("broadest inputs (median of 5, not in the mix):")
        for (text, seconds) in zip(broad, broadTimes) {
            print("  \("\"\(text)\"".padding(toLength: 30, withPad: " ", startingAt: 0))  \(ms(seconds))")
        }
        print("peer on the first \(peerCount) queries:               median        total")
        print("  FTS5 searchDocs (ranked, snippets)        \(ms(percentile(ftsSame, 0.5)))  \(ms(ftsSame.reduce(0, +)))")
        print("  LIKE, first 50 rows (unranked)            \(ms(percentile(peerFirst, 0.5)))  \(ms(peerFirst.reduce(0, +)))")
        print("  LIKE, every match                         \(ms(percentile(peerAll, 0.5)))  \(ms(peerAll.reduce(0, +)))")
        print("ratio FTS5/LIKE first 50, total            \(String(format: "%9.3f×", ftsSame.reduce(0, +) / peerFirst.reduce(0, +)))")
        print("ratio FTS5/LIKE every match, total         \(String(format: "%9.3f×", ftsSame.reduce(0, +) / peerAll.reduce(0, +)))")
    }

    private func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// A small, fast, seedable generator: the corpus is the same in every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Generated portal text with a Zipf-like word distribution (the word of rank k about 1/k as
/// often as the first): English function words first ("the", "to"…), then a domain vocabulary
/// ("payments", "kafka"…), then a long tail of made-up identifiers, and rare terms
/// ("zorvex17") that occur in a handful of documents only.
struct DocsCorpus {
    static let function = """
        the to of and a in is for on with that this it be as are by from at or you your can will not if when we use
        each one all any has have which its more than into only new also but then after before so per other same
        should must may how what there these they their our an no do does set see via up out
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    static let domain = """
        service api payments checkout orders inventory shipping billing invoice refund ledger account customer user
        authentication authorization token oauth session gateway proxy cache redis postgres kafka queue event stream
        deploy deployment rollout canary release version migration schema database table index query latency timeout
        retry backoff circuit breaker health check monitoring metrics alert dashboard logging tracing span incident
        runbook oncall escalation owner team platform infrastructure cluster kubernetes container image registry build
        pipeline test integration contract endpoint request response status error code header payload json protobuf
        grpc rest webhook callback subscription notification email sms template config configuration secret vault
        certificate tls encryption key rotation backup restore replica failover region zone availability capacity
        scaling throughput quota limit rate pagination cursor filter sort search catalog entity component system domain
        resource documentation guide tutorial overview architecture design decision record lifecycle production
        experimental deprecated internal external partner public private network dns load balancer ingress egress
        firewall policy compliance audit pci gdpr retention archive storage bucket object file upload download export
        import report analytics warehouse batch job scheduler cron worker consumer producer topic partition offset
        café naïve résumé über façade
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    static let headings = ["Overview", "Getting started", "Configuration", "Architecture", "Runbook", "Troubleshooting",
                           "API usage", "Deployment", "Monitoring", "Security", "Data model", "FAQ", "Limits", "Changelog"]
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Made-up terms ("zorvex17"): each occurs in a few documents only.
    let rare: [String]
    /// Every word in rank order: function words, domain words, made-up identifiers.
    let vocabulary: [String]
    private var generator: SplitMix64
    private let cumulative: [Double]
    private let domainCumulative: [Double]

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
        let syllables = ["zor", "vex", "qua", "lim", "dra", "pho", "kel", "tyr", "mun", "bix", "sol", "wen", "ari", "gon", "pel", "tas"]
        var names = SplitMix64(seed: seed ^ 0xFACE)
        func madeUp() -> String { (0..<(2 + names.below(2))).map { _ in syllables[names.below(syllables.count)] }.joined() }
        let tail = (0..<3_000).map { number in madeUp() + (number % 3 == 0 ? "_\(number % 7)" : "") }
        rare = (0..<500).map { madeUp() + "\($0)" }
        vocabulary = Self.function + Self.domain + tail
        func zipf(_ count: Int) -> [Double] {
            var total = 0.0
            let running = (1...count).map { rank -> Double in
                total += 1 / Double(rank)
                return total
            }
            return running.map { $0 / total }
        }
        cumulative = zipf(vocabulary.count)
        domainCumulative = zipf(Self.domain.count)
    }

    private mutating func draw(_ cumulative: [Double]) -> Int {
        let point = Double(generator.next() % 1_000_000) / 1_000_000
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < point { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A word of running text.
    mutating func word() -> String {
        if generator.below(400) == 0 { return rare[generator.below(rare.count)] }
        return vocabulary[draw(cumulative)]
    }

    /// A word of the domain vocabulary, for titles, paths and queries.
    mutating func domainWord() -> String { Self.domain[draw(domainCumulative)] }

    mutating func sentence(words: Int) -> String {
        var text = (0..<words).map { _ in word() }.joined(separator: " ")
        text = text.prefix(1).uppercased() + text.dropFirst()
        return text + "."
    }

    mutating func paragraph(words: Int) -> String {
        var sentences: [String] = []
        var left = words
        while left > 0 {
            let count = min(left, 6 + generator.below(12))
            sentences.append(sentence(words: count))
            left -= count
        }
        return sentences.joined(separator: " ")
    }

    /// Markdown-ish text of roughly `bytes`: paragraphs, a list, sometimes a code block.
    mutating func markdownBody(bytes: Int) -> String {
        var text = ""
        while text.utf8.count < bytes {
            switch generator.below(6) {
            case 0:
                text += (0..<(2 + generator.below(4))).map { _ in "- " + sentence(words: 4 + generator.below(6)) }.joined(separator: "\n")
            case 1:
                text += "```yaml\n\(domainWord()): \(domainWord())-\(generator.below(100))\n  \(domainWord()): true\n```"
            default:
                text += paragraph(words: 30 + generator.below(50))
            }
            text += "\n\n"
        }
        return text
    }

    mutating func entries(entities: Int, pages: Int, operations: Int) -> [DocsIndexEntry] {
        var entries: [DocsIndexEntry] = []
        let refs = (0..<entities).map { "component:default/service-\($0)" }
        for (number, ref) in refs.enumerated() {
            entries.append(DocsIndexEntry(entityRef: ref, kind: .metadata, sourceKey: "metadata",
                                          title: "service-\(number) \(domainWord()) \(domainWord())", sections: [
                .init(section: "description", body: paragraph(words: 15 + generator.below(30))),
                .init(section: "tags", body: (0..<3).map { _ in domainWord() }.joined(separator: " ")),
                .init(section: "ownership", body: "owner team-\(number % 50) system system-\(number % 100) lifecycle production"),
            ]))
        }
        for number in 0..<pages {
            let ref = refs[(number * 5) % refs.count]
            let target = 1_000 + generator.below(4_000)
            var sections: [DocsIndexEntry.Section] = []
            var size = 0
            while size < target {
                let heading = Self.headings[generator.below(Self.headings.count)]
                let body = markdownBody(bytes: 150 + generator.below(650))
                size += body.utf8.count + heading.utf8.count
                sections.append(.init(section: heading, body: body))
            }
            entries.append(DocsIndexEntry(entityRef: ref, kind: .docs, sourceKey: "docs/page-\(number).md",
                                          title: "\(domainWord().capitalized) \(domainWord()) guide", sections: sections))
        }
        for number in 0..<operations {
            let ref = refs[(number * 2) % refs.count]
            let method = Self.methods[generator.below(Self.methods.count)]
            let path = "/v1/\(domainWord())/{id}/\(domainWord())"
            entries.append(DocsIndexEntry(entityRef: ref, kind: .api, sourceKey: "\(method) \(path) #\(number)", title: "\(method) \(path)", sections: [
                .init(section: "summary", body: sentence(words: 8 + generator.below(8))),
                .init(section: "parameters", body: (0..<(1 + generator.below(4))).map { _ in "\(domainWord()) (string): \(sentence(words: 6))" }
                    .joined(separator: "\n")),
            ]))
        }
        return entries
    }

    static let shapes = ["common word", "rare word", "two words", "question (how to …)", "prefix as typed (2–5 chars)",
                         "word + prefix", "kind:api + word", "miss"]

    static func shape(of number: Int) -> String { shapes[number % shapes.count] }

    /// Query `number`: its shape cycles through `shapes`.
    mutating func query(number: Int) -> String {
        switch Self.shape(of: number) {
        case "common word": return Self.domain[generator.below(40)]
        case "rare word": return rare[generator.below(rare.count)]
        case "two words": return domainWord() + " " + domainWord()
        case "question (how to …)": return ["how to", "what is the", "how do I"][generator.below(3)] + " " + domainWord()
        case "prefix as typed (2–5 chars)": return String(domainWord().prefix(2 + generator.below(4)))
        case "word + prefix": return domainWord() + " " + String(domainWord().prefix(3))
        case "kind:api + word": return "kind:api " + domainWord()
        default: return "nothing\(number)matches"
        }
    }
}
