import CairnCatalog
import Foundation
import Testing

/// Shared helpers: parse YAML text as a catalog file, assemble small catalogs, and write
/// throw-away catalog folders.
enum Support {
    /// Reads `yaml` as if it were the file `path`, without touching the disk.
    static func parse(_ yaml: String, file path: String = "catalog/test.yaml") -> ParsedFile {
        FileParser.parse(Array(yaml.utf8), file: SourceFile(path: path, size: Int64(yaml.utf8.count), modified: 0))
    }

    /// The entities of one file.
    static func entities(_ yaml: String, file path: String = "catalog/test.yaml") -> [Entity] {
        parse(yaml, file: path).entities
    }

    /// A catalog assembled from in-memory files, in the order given.
    static func catalog(_ files: [(path: String, yaml: String)]) -> Catalog {
        CatalogAssembler.assemble(files.map { parse($0.yaml, file: $0.path) })
    }

    /// A catalog from one in-memory file.
    static func catalog(_ yaml: String) -> Catalog {
        catalog([("catalog/test.yaml", yaml)])
    }

    static func ref(_ text: String) -> EntityRef {
        // Test refs are always written in full.
        try! EntityRef.parse(text)
    }

    /// A complete, valid Component document; `spec` lines are appended under `spec:`.
    static func component(_ name: String, namespace: String? = nil, owner: String = "team-a", spec: [String] = [],
                          metadata: [String] = []) -> String {
        var lines = ["apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:", "  name: \(name)"]
        if let namespace { lines.append("  namespace: \(namespace)") }
        lines += metadata.map { "  " + $0 }
        lines += ["spec:", "  type: service", "  lifecycle: production", "  owner: \(owner)"]
        lines += spec.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A valid Group document.
    static func group(_ name: String, spec: [String] = []) -> String {
        (["apiVersion: backstage.io/v1alpha1", "kind: Group", "metadata:", "  name: \(name)",
          "spec:", "  type: team"] + (spec.contains { $0.hasPrefix("children:") } ? [] : ["  children: []"]) + spec.map { "  " + $0 })
            .joined(separator: "\n") + "\n"
    }

    /// Joins documents into one YAML stream.
    static func stream(_ documents: String...) -> String {
        documents.joined(separator: "---\n")
    }

    static func errors(_ entity: Entity) -> [Problem] { entity.problems.filter { $0.severity == .error } }
    static func warnings(_ entity: Entity) -> [Problem] { entity.problems.filter { $0.severity == .warning } }
}

/// A folder under the system's temporary directory, removed when the body returns.
struct TemporaryFolder {
    let path: String

    static func with<Result>(_ body: (TemporaryFolder) throws -> Result) throws -> Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-catalog-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(TemporaryFolder(path: path))
    }

    /// Writes `text` to `relative`, creating folders on the way.
    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func path(_ relative: String) -> String { path + "/" + relative }
}

/// Folders of the repository, found from this file's path so tests run from any directory.
enum RepositoryPaths {
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let brokenFixtures = root + "/Tests/Fixtures/broken"
    static let foreignFixtures = root + "/Tests/Fixtures/foreign"
    static let samples = root + "/catalog-samples"
}
