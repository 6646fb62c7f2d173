import ArgumentParser
import CairnCatalog
import CairnDocs
import CairnPortal
import Foundation

struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Documentation: an entity's rendered docs and API, or one search over everything.",
        subcommands: [DocsShowCommand.self, DocsSearchCommand.self]
    )
}

struct DocsSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search entity metadata, docs pages and API operations at once, best first.",
        discussion: """
            The index (SQLite FTS5, ranked by bm25) is brought up to date first, rewriting only what changed.
            Words must all match; the last one matches as a prefix. kind:docs, kind:api or kind:metadata narrows it.
            --json prints [{"entityRef", "title", "section", "snippet", "score"}] with matches in [brackets].
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "What to look for.") var query: [String]
    @Option(help: "At most this many results.") var limit = 20
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        portal.refreshDocsIndex()
        let hits = portal.searchDocs(query.joined(separator: " "), limit: max(1, limit))
        if json.isEnabled {
            Output.json(.array(hits.map { hit in
                .object([Value.Member("entityRef", .string(hit.entityRef)), Value.Member("title", .string(hit.title)),
                         Value.Member("section", .string(hit.section)), Value.Member("snippet", .string(hit.snippet(highlightedWith: "[", "]"))),
                         Value.Member("score", .double((hit.score * 1000).rounded() / 1000))])
            }))
            return
        }
        if hits.isEmpty {
            Output.error("cairn: nothing matches \(query.joined(separator: " ")); try fewer or shorter words")
            return
        }
        for hit in hits {
            let section = hit.section.isEmpty ? "" : " › " + hit.section
            Output.line(Output.clean("\(hit.entityRef)  \(hit.title)\(section)"))
            Output.line("    " + Output.clean(hit.snippet(highlightedWith: "[", "]")))
        }
    }
}

struct DocsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "An entity's docs rendered as text (techdocs, cairn.dev/readme, README), and an API's summary.",
        discussion: "Each page names its file and when it last changed; docs that contradict the catalog are flagged. Links are numbered, their URLs listed under the page."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entity, e.g. payments-service or api:payments-api.") var entity: String
    @Option(help: "Wrap at this many columns (default: the terminal's, else 100).") var width: Int?
    @Flag(help: "ASCII only.") var ascii = false
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let found = try portal.entity(entity)
        let columns = max(30, width ?? Output.terminalWidth ?? 100)
        let plain = ascii || !Output.isUnicode
        let (pages, contradictions, problems) = portal.docsPages(for: found)
        let api = try portal.apiDefinition(for: found)
        let apiLines = api.map { APIDefinitionText.fullLines($0, width: columns, symbols: plain ? .ascii : .unicode) } ?? []
        let rendered = pages.map { MarkdownRenderer.render($0.markdown, width: columns, ascii: plain) }
        if json.isEnabled {
            Output.json(.object([
                Value.Member("entityRef", .string(found.ref.description)),
                Value.Member("pages", .array(zip(pages, rendered).map { page, document in
                    .object([Value.Member("name", .string(page.name)), Value.Member("file", .string(page.file)),
                             Value.Member("modified", page.modified.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null),
                             Value.Member("lines", .array(document.lines.map { .string($0.text) })),
                             Value.Member("links", .array(document.links.map(Value.string)))])
                })),
                Value.Member("api", api.map { definition in
                    .object([Value.Member("type", .string(definition.type)), Value.Member("lines", .array(apiLines.map { .string($0.text) }))])
                } ?? .null),
                Value.Member("warnings", .array((contradictions.map { "\($0.file):\($0.line): \($0.message)" } + problems).map(Value.string))),
            ]))
            return
        }
        let rule = plain ? "-" : "─"
        Output.line(Output.clean("\(found.ref.humanized) \(plain ? "-" : "—") \(found.displayName)"))
        if pages.isEmpty && api == nil {
            Output.line("no docs: add backstage.io/techdocs-ref: dir:., cairn.dev/readme: PATH, or a README.md beside \(found.source.file)")
        }
        for problem in problems { Output.error("cairn: warning: \(problem)") }
        for (page, document) in zip(pages, rendered) {
            let changed = page.modified.map { "changed " + Self.formatter.string(from: $0) } ?? "date unknown"
            Output.line("")
            Output.line(Output.clean("\(String(repeating: rule, count: 2)) \(page.name) (\(page.file), \(changed)) ") + String(repeating: rule, count: 8))
            for contradiction in contradictions where contradiction.file == page.file {
                Output.line(Output.clean("\(plain ? "!" : "⚠") line \(contradiction.line): \(contradiction.message)"))
            }
            for line in document.lines { Output.line(Output.cleanKeepingWidth(line.text)) }
            if !document.links.isEmpty {
                Output.line("")
                for (index, link) in document.links.enumerated() { Output.line(Output.clean("[\(index + 1)] \(link)")) }
            }
        }
        if let api {
            Output.line("")
            Output.line("\(String(repeating: rule, count: 2)) API (\(api.type)) " + String(repeating: rule, count: 8))
            for line in apiLines { Output.line(Output.cleanKeepingWidth(line.text)) }
        }
    }

    static let formatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()
}
