import CairnCatalog
import CairnDocs
import CairnStore
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

extension Portal {
    /// Brings the full-text index up to date with the catalog, its docs files and its API
    /// definitions; only what changed is rewritten (entries compare by digest).
    @discardableResult
    public func refreshDocsIndex() -> DocsIndexChanges {
        var entries: [DocsIndexEntry] = []
        for entity in catalog.validEntities {
            let ref = entity.ref.description
            var metadata = [entity.name, entity.title ?? "", entity.summary ?? "", entity.tags.joined(separator: " "), entity.kind,
                            entity.type ?? "", entity.lifecycle ?? "", entity.owner?.name ?? "", entity.system?.name ?? ""]
            metadata += (entity.document["metadata"]?["links"]?.arrayValue ?? []).compactMap { $0["title"]?.stringValue }
            entries.append(DocsIndexEntry(entityRef: ref, kind: .metadata, sourceKey: "metadata", title: entity.displayName,
                                          sections: [DocsIndexEntry.Section(section: "", body: metadata.filter { !$0.isEmpty }.joined(separator: " "))]))
            for page in DocsLocator.pages(for: entity).pages {
                entries.append(DocsIndexEntry(entityRef: ref, kind: .docs, sourceKey: page.file, title: "\(entity.displayName): \(page.name)",
                                              sections: Self.sections(of: page.markdown)))
            }
            if entity.ref.kind == "api", let definition = try? APIDefinition.read(entity) {
                var sections: [DocsIndexEntry.Section] = []
                if definition.type == "openapi" {
                    let summary = OpenAPISummary(document: definition.value ?? .null)
                    for operation in summary.operations {
                        let words = [operation.summary, operation.operationId, operation.description].compactMap { $0 }
                            + operation.parameters.map(\.name)
                        sections.append(DocsIndexEntry.Section(section: "\(operation.method) \(operation.path)", body: words.joined(separator: " ")))
                    }
                } else {
                    sections.append(DocsIndexEntry.Section(section: definition.type, body: String(definition.text.prefix(200_000))))
                }
                entries.append(DocsIndexEntry(entityRef: ref, kind: .api, sourceKey: "definition", title: entity.displayName, sections: sections))
            }
        }
        let present = Set(catalog.validEntities.map(\.ref.description))
        return (try? database.updateDocsIndex(entries, removingEntitiesNotIn: present)) ?? DocsIndexChanges()
    }

    /// Ranked hits for what a user typed (never a syntax error).
    public func searchDocs(_ query: String, limit: Int = 50) -> [DocsSearchHit] {
        (try? database.searchDocs(query, limit: limit)) ?? []
    }

    /// A Markdown page split at its headings: (heading, text under it).
    static func sections(of markdown: String) -> [DocsIndexEntry.Section] {
        var sections: [DocsIndexEntry.Section] = []
        var heading = ""
        var body: [Substring] = []
        var inCode = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inCode.toggle() }
            if !inCode, line.hasPrefix("#") {
                if !body.isEmpty || !heading.isEmpty { sections.append(DocsIndexEntry.Section(section: heading, body: body.joined(separator: "\n"))) }
                heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                body = []
            } else {
                body.append(line)
            }
        }
        sections.append(DocsIndexEntry.Section(section: heading, body: body.joined(separator: "\n")))
        return sections
    }
}
