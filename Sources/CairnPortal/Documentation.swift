import CairnCatalog
import CairnDocs
import Foundation

/// The documentation use cases: an entity's Markdown pages and what in them contradicts the
/// catalog.
extension Portal {
    /// An entity's docs pages (index first) and the contradictions found in them.
    public func docsPages(for entity: Entity) -> (pages: [DocsPageSource], contradictions: [DocsContradiction], problems: [String]) {
        let (pages, problems) = DocsLocator.pages(for: entity)
        return (pages, DocsFreshness.contradictions(entity, pages: pages), problems)
    }

    /// Docs that contradict the catalog, as validation warnings (`path:line:1: warning: ref: …`).
    public func docsProblems() -> [Problem] {
        var problems: [Problem] = []
        for entity in catalog.validEntities where entity.annotation("cairn.dev/health-url") != nil
            || entity.document["metadata"]?["links"] != nil {
            let pages = DocsLocator.pages(for: entity).pages
            for found in DocsFreshness.contradictions(entity, pages: pages) {
                problems.append(Problem(.warning, file: found.file, line: found.line, column: 1, entityRef: entity.ref.description, message: found.message))
            }
        }
        return problems.sorted()
    }
}

extension Portal {
    /// An API entity's definition (inline, or through $text/$json/$yaml), read; nil for an entity
    /// that is not an API.
    public func apiDefinition(for entity: Entity) throws(PortalError) -> APIDefinition? {
        guard entity.ref.kind == "api" else { return nil }
        do {
            return try APIDefinition.read(entity)
        } catch {
            throw .usage(error.message)
        }
    }
}
