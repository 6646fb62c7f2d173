import CairnDocs

/// What the Docs and API tabs show for one entity, read from disk in the background: its
/// Markdown pages, where they contradict the catalog, and an API's definition.
public struct LoadedDocs: Sendable, Equatable {
    public var pages: [DocsPageSource]
    public var contradictions: [DocsContradiction]
    /// What could not be read (a remote techdocs ref, a missing readme), one line each.
    public var problems: [String]
    public var api: APIDefinition?
    public var apiError: String?

    public init(pages: [DocsPageSource] = [], contradictions: [DocsContradiction] = [], problems: [String] = [],
                api: APIDefinition? = nil, apiError: String? = nil) {
        self.pages = pages
        self.contradictions = contradictions
        self.problems = problems
        self.api = api
        self.apiError = apiError
    }
}
