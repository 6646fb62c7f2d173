@testable import CairnDocs
import CairnCatalog
import Foundation
import Testing

/// Finding an entity's Markdown on disk, and checking it against the catalog.
@Suite struct DocsPagesTests {
    let folder = URL(fileURLWithPath: FileManager.default.temporaryDirectory.path).resolvingSymlinksInPath()
        .appendingPathComponent("cairn-docs-\(UUID().uuidString)").path

    func write(_ relative: String, _ text: String) throws {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func entity(_ annotations: [String: String], file: String = "catalog-info.yaml", links: String = "") throws -> Entity {
        let lines = annotations.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }.joined(separator: "\n")
        try write(file, """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: payments
              annotations:
            \(lines.isEmpty ? "    x.dev/none: \"\"" : lines)
            \(links)
            spec: {type: service, lifecycle: production, owner: team-a}

            """)
        return try #require(try CatalogLoader().load([folder + "/" + file]).entities.first)
    }

    @Test func techdocsWithMkdocsReadsItsDocsDirIndexFirst() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("mkdocs.yml", "site_name: Payments\ndocs_dir: pages\n")
        try write("pages/zeta.md", "# Zeta")
        try write("pages/index.md", "# Home")
        try write("pages/guides/deploy.md", "# Deploy")
        let (pages, problems) = DocsLocator.pages(for: try entity(["backstage.io/techdocs-ref": "dir:."]))
        #expect(problems.isEmpty)
        #expect(pages.map(\.name) == ["index.md", "guides/deploy.md", "zeta.md"])
        #expect(pages.first?.markdown == "# Home")
        #expect(pages.first?.modified != nil)
    }

    @Test func readmeAnnotationThenReadmeBesideTheCatalogFile() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("README.md", "# Beside")
        try write("docs/payments.md", "# Annotated")
        #expect(DocsLocator.pages(for: try entity(["cairn.dev/readme": "docs/payments.md"])).pages.map(\.markdown) == ["# Annotated"])
        #expect(DocsLocator.pages(for: try entity([:])).pages.map(\.markdown) == ["# Beside"])
        let remote = DocsLocator.pages(for: try entity(["backstage.io/techdocs-ref": "url:https://github.com/acme/payments"]))
        #expect(remote.problems.first?.contains("cairn reads local docs only") == true)
        #expect(remote.pages.map(\.markdown) == ["# Beside"])
    }

    @Test func aPageThatNamesAnotherHealthPortOrPathIsAContradiction() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let service = try entity(["cairn.dev/health-url": "http://localhost:8080/healthz"],
                                 links: "  links:\n    - url: https://payments.example.com/dashboard\n      title: Dashboard")
        let page = DocsPageSource(file: folder + "/README.md", name: "README.md", markdown: """
            # Payments
            Check it with `curl http://localhost:8081/healthz`.
            The same port is fine: http://127.0.0.1:8080/healthz.
            Old path: http://localhost:8080/health.
            Dashboard: https://payments.example.com:8443/dashboard
            Elsewhere: https://example.org/docs
            """, modified: nil)
        let found = DocsFreshness.contradictions(service, pages: [page])
        #expect(found.map(\.line) == [2, 4, 5], "\(found)")
        #expect(found[0].message.contains("port 8081, but cairn.dev/health-url uses 8080"))
        #expect(found[1].message.contains("/health, but cairn.dev/health-url uses /healthz"))
        #expect(found[2].message.contains("on port 8443, but the entity's link uses 443"))
        // Nothing declared, nothing to contradict.
        #expect(DocsFreshness.contradictions(try entity([:]), pages: [page]).isEmpty)
    }
}
