import Foundation
import Testing

/// Identity, permissions and editing through the real binary. The tests run as root (CI), which
/// may stand in for catalog users with CAIRN_AS_USER; every account below is a sample User.
@Suite("access end to end", .enabled(if: geteuid() == 0, "acting as catalog users needs root (CAIRN_AS_USER)"))
struct AccessEndToEndTests {
    /// A private copy of the sample catalog, so edits never touch the repository's.
    final class Copy {
        let cairn = CairnProcess()
        let catalog: String
        init() throws {
            catalog = cairn.state + "/catalog"
            try FileManager.default.copyItem(atPath: CairnProcess.repository + "/catalog-samples", toPath: catalog)
        }
        deinit { cairn.remove() }

        func run(_ arguments: [String], as user: String, editor: String? = nil) throws -> CairnProcess.Result {
            var environment = ["CAIRN_AS_USER": user]
            if let editor { environment["EDITOR"] = editor; environment["VISUAL"] = "" }
            return try cairn.run(arguments + ["--catalog", catalog], environment: environment)
        }

        var paymentsFile: String { catalog + "/services/payments/payments-service.yaml" }
    }

    @Test("whoami: the User matched, groups with the inherited ones, roles")
    func whoami() throws {
        let copy = try Copy()
        let result = try copy.run(["whoami", "--json"], as: "li.wei")
        #expect(result.status == 0, "\(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["user"] as? String == "user:default/li.wei")
        let groups = (json["groups"] as? [[String: Any]] ?? []).compactMap { $0["ref"] as? String }
        #expect(groups.contains("group:default/engineering"))
        #expect(json["roles"] as? [String] == ["developer"])
        let stranger = try copy.run(["whoami"], as: "mallory")
        #expect(stranger.output.contains("no User in the catalog (unix user mallory)"))
        #expect(stranger.output.contains("Roles:       none"))
    }

    @Test("a non-owner's provisioning request exits 4 naming the owner; nothing is queued")
    func provisionDenied() throws {
        let copy = try Copy()
        let result = try copy.run(["provision", "sqlite-database", "--for", "payments-service"], as: "grace.okafor")
        #expect(result.status == 4)
        #expect(result.errors.contains("cairn: error: permission denied: cannot request provisioning for component:default/payments-service: you (user:grace.okafor) are not in group:default/payments-team, the owner of component:default/payments-service"))
        let jobs = try copy.run(["jobs", "--json"], as: "grace.okafor")
        #expect(jobs.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test("edit: an owner's change is written with the file's other bytes untouched; a non-owner and an owner change are refused")
    func edit() throws {
        let copy = try Copy()
        let before = try String(contentsOfFile: copy.paymentsFile, encoding: .utf8)
        // elena.petrova is in payments-team (the owner); grace.okafor is not.
        let members = try copy.run(["show", "user:elena.petrova", "--json"], as: "root")
        #expect(members.output.contains("group:default/payments-team"))

        let denied = try copy.run(["edit", "payments-service"], as: "grace.okafor", editor: "sed -i s/Takes/Accepts/")
        #expect(denied.status == 4, "\(denied.errors)")
        #expect(try String(contentsOfFile: copy.paymentsFile, encoding: .utf8) == before)

        let ownerChange = try copy.run(["edit", "payments-service"], as: "elena.petrova", editor: "sed -i s/owner:\\ payments-team/owner:\\ web-team/")
        #expect(ownerChange.status == 4)
        #expect(ownerChange.errors.contains("only a platform engineer may change the owner of component:default/payments-service (from group:payments-team to group:web-team)"))
        #expect(ownerChange.errors.contains("your edit is kept in /"))
        #expect(try String(contentsOfFile: copy.paymentsFile, encoding: .utf8) == before)

        // Leaving production would let its requests skip approval: not for a developer.
        let relaxed = try copy.run(["edit", "payments-service"], as: "elena.petrova", editor: "sed -i s/lifecycle:\\ production/lifecycle:\\ experimental/")
        #expect(relaxed.status == 4)
        #expect(relaxed.errors.contains("moving component:default/payments-service out of lifecycle production would let its resource requests skip approval"), "\(relaxed.errors)")
        #expect(try String(contentsOfFile: copy.paymentsFile, encoding: .utf8) == before)

        let saved = try copy.run(["edit", "payments-service", "--json"], as: "elena.petrova", editor: "sed -i s/Captures\\ and\\ refunds/Takes\\ and\\ refunds/")
        #expect(saved.status == 0, "\(saved.errors)")
        #expect(saved.output.contains("\"metadata.description\""))
        let after = try String(contentsOfFile: copy.paymentsFile, encoding: .utf8)
        #expect(after != before)
        // Only the service's document changed: the other documents of the file are byte-identical.
        let documentsBefore = before.components(separatedBy: "\n---\n")
        let documentsAfter = after.components(separatedBy: "\n---\n")
        #expect(documentsBefore.count == documentsAfter.count)
        #expect(zip(documentsBefore, documentsAfter).filter { $0 != $1 }.count == 1)
        let show = try copy.run(["show", "payments-service", "--json"], as: "elena.petrova")
        #expect(show.output.contains("Takes and refunds payments"))

        let invalid = try copy.run(["edit", "payments-service"], as: "elena.petrova", editor: "sed -i s/name:\\ payments-service/name:\\ Pay$/")
        #expect(invalid.status == 2)
        #expect(invalid.errors.contains("metadata.name \"Pay$\""))
        #expect(try String(contentsOfFile: copy.paymentsFile, encoding: .utf8) == after)
    }

    @Test("--read-only refuses every change with exit 4")
    func readOnly() throws {
        let copy = try Copy()
        let result = try copy.run(["edit", "payments-service", "--read-only"], as: "root", editor: "true")
        #expect(result.status == 4)
        #expect(result.errors.contains("cairn was started with --read-only"))
    }

    @Test("audit --verify: intact, then one record edited, deleted or moved with the sqlite3 shell is named (exit 1)",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is not installed"))
    func tamperDetection() throws {
        for tamper in ["UPDATE audit_record SET actor = 'user:default/someone-else' WHERE seq = 2",
                       "DELETE FROM audit_record WHERE seq = 2",
                       "UPDATE audit_record SET seq = 100 WHERE seq = 2; UPDATE audit_record SET seq = 2 WHERE seq = 3; UPDATE audit_record SET seq = 3 WHERE seq = 100"] {
            let copy = try Copy()
            for user in ["grace.okafor", "li.wei", "tomas.novak", "olu.adeyemi"] {
                let refused = try copy.run(["provision", "sqlite-database", "--for", "payments-service"], as: user)
                #expect(refused.status == 4)
            }
            let intact = try copy.run(["audit", "--verify"], as: "root")
            #expect(intact.status == 0 && intact.output.contains("audit log intact: 4 records"), "\(intact.output)\(intact.errors)")

            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            // An attacker with write access drops the append-only triggers first.
            sqlite.arguments = [copy.cairn.database, "DROP TRIGGER IF EXISTS audit_record_no_update; DROP TRIGGER IF EXISTS audit_record_no_delete; " + tamper]
            try sqlite.run()
            sqlite.waitUntilExit()
            #expect(sqlite.terminationStatus == 0, "sqlite3 could not tamper: \(tamper)")

            let broken = try copy.run(["audit", "--verify"], as: "root")
            #expect(broken.status == 1, "not detected: \(tamper)")
            #expect(broken.errors.contains("record 2") || broken.errors.contains("record 3"), "\(tamper): \(broken.errors)")
        }
    }
}
