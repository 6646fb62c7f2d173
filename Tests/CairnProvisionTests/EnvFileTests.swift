@testable import CairnProvision
import CairnCatalog
import Foundation
import Testing

@Suite struct EnvFileTests {
    @Test func setsAndRemovesOnlyItsOwnKeysKeepingTheRest() {
        let text = "# app settings\nPORT=8080\nexport REDIS_URL=old\nNAME='a b'\n"
        let updated = EnvFile.updated(text, setting: [(key: "REDIS_URL", value: "redis://:p@h:1/0"), (key: "NOTE", value: "two words")], removing: [])
        #expect(updated == "# app settings\nPORT=8080\nNAME='a b'\nREDIS_URL=redis://:p@h:1/0\nNOTE='two words'\n")
        #expect(EnvFile.updated(updated, setting: [], removing: ["REDIS_URL", "NOTE"]) == "# app settings\nPORT=8080\nNAME='a b'\n")
        #expect(EnvFile.quoted("it's") == "'it'\\''s'")
    }

    @Test func writesMode0600AndReadsBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-env-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/nested/app.env"
        try EnvFile.update(path, setting: [(key: "TOKEN", value: "it's secret")])
        #expect(EnvFile.read(path) == ["TOKEN": "it's secret"])
        let mode = (try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// A service whose catalog file is in a temporary folder, with `annotation` as its env-file.
    private func service(_ annotation: String?, in folder: String) throws -> Entity {
        let annotations = annotation.map { "  annotations:\n    cairn.dev/env-file: \"\($0)\"\n" } ?? ""
        let file = folder + "/catalog-info.yaml"
        try """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: orders
            \(annotations)spec: {type: service, lifecycle: experimental, owner: team-a}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        return try #require(try CatalogLoader().load([file]).entities.first)
    }

    @Test func theAnnotationNamesAFileBesideTheCatalogFileAndNothingOutsideIt() throws {
        let folder = URL(fileURLWithPath: FileManager.default.temporaryDirectory.path).resolvingSymlinksInPath()
            .appendingPathComponent("cairn-envpath-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/config", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try JobRunner.envFile(for: service(nil, in: folder), stateDirectory: "/state") == "/state/env/orders.env")
        #expect(try JobRunner.envFile(for: service("config/app.env", in: folder), stateDirectory: "/state") == folder + "/config/app.env")
        for hostile in ["../../etc/cron.d/x", "/etc/passwd", "config/../../outside.env"] {
            #expect(throws: ProvisionError.self) { try JobRunner.envFile(for: service(hostile, in: folder), stateDirectory: "/state") }
        }
        // A symbolic link inside that points outside is outside.
        try FileManager.default.createSymbolicLink(atPath: folder + "/escape", withDestinationPath: "/tmp")
        #expect(throws: ProvisionError.self) { try JobRunner.envFile(for: service("escape/app.env", in: folder), stateDirectory: "/state") }
    }
}
