import CairnDocs
import Synchronization

/// What the Docs and API tabs show for one entity, read from disk in the background: its
/// Markdown pages, where they contradict the catalog, and an API's definition.
public struct LoadedDocs: Sendable, Equatable {
    public var pages: [DocsPageSource]
    public var contradictions: [DocsContradiction]
    /// What could not be read (a remote techdocs ref, a missing readme), one line each.
    public var problems: [String]
    public var api: APIDefinition?
    public var apiError: String?
    /// The pages and API text as rendered for a width: the detail pane is laid out several
    /// times per key press and on every redraw, and Markdown is parsed once per width instead.
    private let rendered = RenderCache()

    public init(pages: [DocsPageSource] = [], contradictions: [DocsContradiction] = [], problems: [String] = [],
                api: APIDefinition? = nil, apiError: String? = nil) {
        self.pages = pages
        self.contradictions = contradictions
        self.problems = problems
        self.api = api
        self.apiError = apiError
    }

    /// Every page rendered at `width`.
    func renderedPages(width: Int, ascii: Bool) -> [RenderedDocument] {
        rendered.pages(width: width, ascii: ascii) { pages.map { MarkdownRenderer.render($0.markdown, width: width, ascii: ascii) } }
    }

    /// The API's summary (or source) and, for OpenAPI, every endpoint in full, at `width`.
    func apiLines(width: Int, ascii: Bool) -> [StyledLine] {
        guard let api else { return [] }
        return rendered.api(width: width, ascii: ascii) { APIDefinitionText.fullLines(api, width: width, symbols: ascii ? .ascii : .unicode) }
    }

    /// Equal when what was read is equal; the render cache does not count.
    public static func == (lhs: LoadedDocs, rhs: LoadedDocs) -> Bool {
        lhs.pages == rhs.pages && lhs.contradictions == rhs.contradictions && lhs.problems == rhs.problems
            && lhs.api == rhs.api && lhs.apiError == rhs.apiError
    }
}

/// The last rendering for one width (a resize renders again), shared by the copies of a value.
private final class RenderCache: Sendable {
    private struct Key: Equatable {
        var width: Int
        var ascii: Bool
    }
    private struct Entries {
        var pages: (key: Key, documents: [RenderedDocument])?
        var api: (key: Key, lines: [StyledLine])?
    }
    private let entries = Mutex(Entries())

    func pages(width: Int, ascii: Bool, render: () -> [RenderedDocument]) -> [RenderedDocument] {
        let key = Key(width: width, ascii: ascii)
        if let cached = entries.withLock({ $0.pages }), cached.key == key { return cached.documents }
        let documents = render()
        entries.withLock { $0.pages = (key, documents) }
        return documents
    }

    func api(width: Int, ascii: Bool, render: () -> [StyledLine]) -> [StyledLine] {
        let key = Key(width: width, ascii: ascii)
        if let cached = entries.withLock({ $0.api }), cached.key == key { return cached.lines }
        let lines = render()
        entries.withLock { $0.api = (key, lines) }
        return lines
    }
}
