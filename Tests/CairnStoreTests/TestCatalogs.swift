import CairnCatalog
import Foundation

/// Small catalogs written to temporary folders for the store's tests.
enum TestCatalogs {
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-store-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A catalog with relations, a warning (dangling ref), a quarantined entity and a syntax error.
    static func mixed(in directory: String) throws -> Catalog {
        try """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: checkout
          title: Checkout ✓ サービス
          tags: [java, tier-1]
          annotations:
            cairn.dev/health-url: http://127.0.0.1:1/healthz
        spec:
          type: service
          lifecycle: production
          owner: team-a
          dependsOn: [resource:orders-db, component:ghost]
          consumesApis: [orders-api]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata: { name: orders-db }
        spec: { type: database, owner: team-a, extra: { ratio: 1.5, on: yes, flag: true, none: null } }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: { name: team-a }
        spec: { type: team, children: [] }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: Bad$Name }
        spec: { type: service, lifecycle: production, owner: team-a }
        """.write(toFile: directory + "/catalog.yaml", atomically: true, encoding: .utf8)
        try "apiVersion: backstage.io/v1alpha1\nkind: [unclosed\n".write(toFile: directory + "/broken.yaml", atomically: true, encoding: .utf8)
        return try CatalogLoader().load([directory])
    }

    /// Everything observable about a catalog, as text, to compare two catalogs.
    static func fingerprint(_ catalog: Catalog) -> [String] {
        catalog.entities.map { entity in
            [entity.ref.description, entity.apiVersion, entity.kind, entity.title ?? "-", entity.summary ?? "-",
             entity.tags.joined(separator: ","), entity.owner?.description ?? "-", entity.system?.description ?? "-",
             entity.domain?.description ?? "-", entity.lifecycle ?? "-", entity.type ?? "-",
             JSONWriter.string(entity.document), entity.source.description,
             entity.problems.map(\.description).joined(separator: "|"),
             entity.declaredReferences.map { "\($0.field) \($0.type) \($0.target) \($0.line):\($0.column)" }.joined(separator: "|"),
             entity.relations.map { "\($0.type.rawValue) \($0.target)" }.joined(separator: "|"),
            ].joined(separator: "\n")
        } + catalog.fileProblems.map(\.description) + catalog.files.map { "\($0.path) \($0.size) \($0.modified)" }.sorted()
    }
}
