import CairnCatalog
import CairnPortal
import Foundation
import Testing

/// The facade: configuration, cache reuse and invalidation, resolving what users type.
@Suite("Portal")
struct PortalTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    final class Workspace {
        let path: String
        init() {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-portal-\(UUID().uuidString)").path
            try? FileManager.default.createDirectory(atPath: path + "/catalog", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: path + "/catalog/" + name, atomically: true, encoding: .utf8)
        }

        /// Acts as `osUser` (root, an admin under the default policy, unless a test says otherwise).
        func configuration(osUser: String = "root") -> PortalConfiguration {
            var configuration = PortalConfiguration(catalogLocations: [path + "/catalog"], databasePath: path + "/state/cairn.db")
            configuration.osUser = osUser
            return configuration
        }
    }

    static let component = """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: { name: payments, description: Takes money }
        spec: { type: service, lifecycle: production, owner: team-a }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: { name: team-a }
        spec: { type: team, children: [] }
        """

    @Test("the second start reads the cache and gives the same catalog")
    func warmStart() throws {
        let workspace = Workspace()
        try workspace.write("a.yaml", Self.component)
        let cold = try Portal.open(workspace.configuration())
        #expect(!cold.loadReport.isFromCache)
        let warm = try Portal.open(workspace.configuration())
        #expect(warm.loadReport.isFromCache)
        #expect(warm.catalog.entities.map { JSONWriter.string(EntityJSON.value($0)) } == cold.catalog.entities.map { JSONWriter.string(EntityJSON.value($0)) })
        #expect(warm.problems == cold.problems)
    }

    @Test("a changed, added or removed file makes the next start read the sources")
    func invalidation() throws {
        let workspace = Workspace()
        try workspace.write("a.yaml", Self.component)
        _ = try Portal.open(workspace.configuration())

        try workspace.write("a.yaml", Self.component.replacingOccurrences(of: "Takes money", with: "Takes more money"))
        let changed = try Portal.open(workspace.configuration())
        #expect(!changed.loadReport.isFromCache)
        #expect(try changed.entity("payments").summary == "Takes more money")

        try workspace.write("b.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: team-b }\nspec: { type: team, children: [] }\n")
        let added = try Portal.open(workspace.configuration())
        #expect(!added.loadReport.isFromCache)
        #expect(added.catalog.entities.count == 3)

        try FileManager.default.removeItem(atPath: workspace.path + "/catalog/b.yaml")
        let removed = try Portal.open(workspace.configuration())
        #expect(!removed.loadReport.isFromCache)
        #expect(removed.catalog.entities.count == 2)
        #expect(try Portal.open(workspace.configuration()).loadReport.isFromCache)
    }

    @Test("other catalog locations on the same database rebuild the cache")
    func otherLocations() throws {
        let workspace = Workspace()
        try workspace.write("a.yaml", Self.component)
        _ = try Portal.open(workspace.configuration())
        var other = workspace.configuration()
        other.catalogLocations = [Self.repository + "/catalog-samples"]
        let portal = try Portal.open(other)
        #expect(!portal.loadReport.isFromCache)
        #expect(portal.catalog.entities.count > 50)
    }

    @Test("what users type resolves: bare names, kind:name, full refs; ambiguity and absence are reported")
    func resolve() throws {
        let configuration = PortalConfiguration(catalogLocations: [Self.repository + "/Tests/Fixtures/foreign"],
                                                databasePath: Workspace().path + "/cairn.db")
        let portal = try Portal.open(configuration)
        #expect(try portal.entity("artist-lookup").ref.description == "component:default/artist-lookup")
        #expect(try portal.entity("API:Wayback-Search").ref.kind == "api")
        #expect(try portal.entity("component:default/wayback-search").ref.kind == "component")
        #expect(throws: PortalError.self) { try portal.entity("wayback-search") }
        do {
            _ = try portal.entity("wayback-search")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.description.contains("ambiguous"))
        }
        do {
            _ = try portal.entity("no-such-thing")
            Issue.record("expected not found")
        } catch {
            #expect(error.exitCode == 3)
        }
    }

    @Test("a path that does not exist is a usage error naming it")
    func missingPath() throws {
        let configuration = PortalConfiguration(catalogLocations: ["/nonexistent/cairn-catalog"], databasePath: Workspace().path + "/cairn.db")
        do {
            _ = try Portal.open(configuration)
            Issue.record("expected an error")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.description.contains("/nonexistent/cairn-catalog"))
        }
    }

    @Test("list filters and ranks through the query language")
    func list() throws {
        let configuration = PortalConfiguration(catalogLocations: [Self.repository + "/catalog-samples"], databasePath: Workspace().path + "/cairn.db")
        let portal = try Portal.open(configuration)
        let apis = portal.list(CatalogQuery(parsing: "kind:api"))
        #expect(!apis.isEmpty && apis.allSatisfy { $0.ref.kind == "api" })
        let ranked = portal.list(CatalogQuery(parsing: "checkout"))
        #expect(ranked.first?.ref.name == "checkout")
        #expect(portal.search(CatalogQuery(parsing: "kind:nothing")).isEmpty)
    }
}

@Suite("Configuration")
struct PortalConfigurationTests {
    func temporary() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-config-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("flags win; then ./cairn.yaml; paths in it are relative to it")
    func precedence() throws {
        let directory = temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "catalog:\n  - ./one\n  - /abs/two\n".write(toFile: directory + "/cairn.yaml", atomically: true, encoding: .utf8)
        let environment = ["HOME": directory, "XDG_STATE_HOME": directory + "/state"]
        let fromFile = try PortalConfiguration.resolve(catalogs: [], database: nil, environment: environment, workingDirectory: directory)
        #expect(fromFile.catalogLocations == ["./one", "/abs/two"])
        #expect(fromFile.databasePath == directory + "/state/cairn/cairn.db")
        let fromFlags = try PortalConfiguration.resolve(catalogs: ["x"], database: "/tmp/db", environment: environment, workingDirectory: directory)
        #expect(fromFlags.catalogLocations == ["x"])
        #expect(fromFlags.databasePath == "/tmp/db")
        let fromEnvironment = try PortalConfiguration.resolve(catalogs: ["x"], database: nil, environment: environment.merging(["CAIRN_DB": "/tmp/env.db"]) { $1 }, workingDirectory: directory)
        #expect(fromEnvironment.databasePath == "/tmp/env.db")
    }

    @Test("the XDG config file is read when there is no ./cairn.yaml")
    func xdgConfig() throws {
        let directory = temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/config/cairn", withIntermediateDirectories: true)
        try "catalog: services\n".write(toFile: directory + "/config/cairn/config.yaml", atomically: true, encoding: .utf8)
        let configuration = try PortalConfiguration.resolve(catalogs: [], database: nil, environment: ["HOME": directory, "XDG_CONFIG_HOME": directory + "/config"],
                                                            workingDirectory: directory + "/elsewhere")
        #expect(configuration.catalogLocations == [directory + "/config/cairn/services"])
    }

    @Test("no catalog anywhere, or a broken config file, is a usage error that says what to do")
    func errors() throws {
        let directory = temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: PortalError.self) {
            try PortalConfiguration.resolve(catalogs: [], database: nil, environment: ["HOME": directory], workingDirectory: directory)
        }
        try "catalog: [unclosed\n".write(toFile: directory + "/cairn.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try PortalConfiguration.resolve(catalogs: [], database: nil, environment: ["HOME": directory], workingDirectory: directory)
            Issue.record("expected an error")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.description.hasPrefix(directory + "/cairn.yaml:"))
        }
    }
}

@Suite("Entity JSON")
struct EntityJSONTests {
    @Test("Backstage's API shape: namespace filled in, relations with full targetRefs, problems as status.items")
    func shape() throws {
        let file = SourceFile(path: "catalog.yaml", size: 0, modified: 0)
        let parsed = FileParser.parse(Array("""
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: { name: web }
            spec: { type: website, lifecycle: production, owner: team-x, dependsOn: [component:api] }
            """.utf8), file: file)
        let catalog = CatalogAssembler.assemble([parsed])
        let entity = try #require(catalog[EntityRef(kind: "component", name: "web")])
        let value = EntityJSON.value(entity)
        #expect(value["metadata"]?["namespace"] == .string("default"))
        let relations = try #require(value["relations"]?.arrayValue)
        #expect(relations.contains(.object([Value.Member("type", .string("ownedBy")), Value.Member("targetRef", .string("group:default/team-x"))])))
        #expect(relations.contains(.object([Value.Member("type", .string("dependsOn")), Value.Member("targetRef", .string("component:default/api"))])))
        let items = try #require(value["status"]?["items"]?.arrayValue)
        #expect(items.count == 2) // two dangling refs
        #expect(items[0]["level"] == .string("warning"))
        #expect(value["metadata"]?["annotations"]?["backstage.io/managed-by-location"]?.stringValue?.hasPrefix("file:/") == true)
    }
}
