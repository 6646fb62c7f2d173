import CairnAccess
import CairnStore
import Foundation
import Testing

/// The audit log as a user and an attacker meet it: records chained by SHA-256 and verified;
/// tampering done the way an attacker would (the sqlite3 shell on the file, triggers
/// dropped) is found and the first broken record named; secrets never reach the table.
@Suite("Audit log")
struct AuditLogTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-audit-\(UUID().uuidString)").path
    var databasePath: String { directory + "/cairn.db" }
    var anchorPath: String { databasePath + ".audit-head" }

    func openLog(anchored: Bool = true) throws -> AuditLog {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return AuditLog(database: try CairnDatabase.open(path: databasePath), headAnchorPath: anchored ? anchorPath : nil)
    }

    /// Five records: seqs 1…5.
    func logWithFiveRecords() throws -> AuditLog {
        let log = try openLog()
        let entries = [
            AuditEntry(actor: "ana", action: "scaffold.run", target: "template:default/service", parameters: ["name": "payments"]),
            AuditEntry(actor: "ana", action: "provision.request", target: "component:default/payments", parameters: ["type": "redis"]),
            AuditEntry(actor: "bo", action: "job.approve", target: "job:1"),
            AuditEntry(actor: "cy", action: "job.cancel", target: "job:1", result: .denied, detail: "cy may not cancel ana's jobs"),
            AuditEntry(actor: "ana", action: "logout"),
        ]
        for entry in entries { try log.record(entry) }
        return log
    }

    /// Runs SQL on the database file with the sqlite3 shell, as someone with the file and no
    /// cairn would: the append-only triggers are dropped first.
    func attack(_ sql: String) throws {
        let shell = try #require(["/usr/bin/sqlite3", "/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                 "these tests edit the database as an attacker would, with the sqlite3 shell: apt-get install sqlite3")
        let script = """
            .bail on
            .timeout 10000
            DROP TRIGGER IF EXISTS audit_record_no_update;
            DROP TRIGGER IF EXISTS audit_record_no_delete;
            \(sql)

            """
        let scriptPath = directory + "/attack.sql"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try runShell(shell, input: scriptPath)
    }

    func runShell(_ shell: String, input: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = [databasePath]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sqlite3: \(message)")
    }

    // MARK: The hash

    @Test("SHA-256 known answers (FIPS 180-2): \"abc\" and the empty message")
    func sha256() {
        #expect(AuditHash.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(AuditHash.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(AuditHash.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("the encoding is a version line then each field length-prefixed, so moving a character between fields changes the hash")
    func canonicalEncoding() {
        let record = AuditRecord(seq: 7, time: "2026-11-24T10:32:05.123Z", actor: "ana", action: "job.cancel", target: "job:42",
                                 parameters: #"{"reason":"é"}"#, result: "ok", detail: "", previousHash: AuditRecord.genesisHash, hash: "ignored")
        let expected = "cairn-audit-v1\n1:7\n24:2026-11-24T10:32:05.123Z\n3:ana\n10:job.cancel\n6:job:42\n15:{\"reason\":\"é\"}\n2:ok\n0:\n64:"
            + AuditRecord.genesisHash + "\n"
        #expect(String(decoding: AuditHash.canonicalEncoding(of: record), as: UTF8.self) == expected, "byte counts, not characters: é is 2")
        #expect(AuditHash.hash(of: record) == AuditHash.sha256Hex(Array(expected.utf8)))
        var withOtherHash = record
        withOtherHash.hash = "something else"
        #expect(AuditHash.hash(of: withOtherHash) == AuditHash.hash(of: record), "a record's own hash is not hashed")

        var shifted = record
        shifted.actor = "an"
        shifted.action = "ajob.cancel"
        #expect(AuditHash.hash(of: shifted) != AuditHash.hash(of: record))
        var newlineInField = record
        newlineInField.actor = "ana\n10:job.cancel"
        newlineInField.action = ""
        #expect(AuditHash.hash(of: newlineInField) != AuditHash.hash(of: record))
    }

    // MARK: Recording and verifying

    @Test("an untouched log verifies: every record counted, the head is the last hash, and the anchor names it (mode 0600)")
    func intact() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        let records = try log.records(AuditFilter())
        #expect(records.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(records.allSatisfy { AuditHash.hash(of: $0) == $0.hash })
        let verification = try log.verify()
        #expect(verification.isIntact)
        #expect(verification.recordCount == 5)
        #expect(verification.headHash == records.last?.hash)
        #expect(verification.warnings.isEmpty)
        #expect(verification.summary == "audit log intact: 5 records, head \(records[4].hash.prefix(12))")
        #expect(try String(contentsOfFile: anchorPath, encoding: .utf8) == "5 \(records[4].hash)\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: anchorPath)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try openLog().verify().summary == "audit log intact: 5 records, head \(records[4].hash.prefix(12))", "reopened")
    }

    @Test("an empty log verifies as intact with no head")
    func empty() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let verification = try openLog().verify()
        #expect(verification == AuditVerification(recordCount: 0, headHash: nil, firstBreak: nil, warnings: []))
        #expect(verification.summary == "audit log intact: 0 records")
    }

    @Test("one field of a middle record changed: that record is named as altered")
    func alteredField() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        try attack("UPDATE audit_record SET result = 'ok', detail = '' WHERE seq = 4;")
        let verification = try log.verify()
        #expect(verification.firstBreak == AuditVerification.Break(seq: 4, reason: "record 4 was altered (its hash does not match its contents)"))
        #expect(verification.recordCount == 3)
        #expect(!verification.isIntact)
        #expect(verification.summary == "audit log broken: record 4 was altered (its hash does not match its contents)")
    }

    @Test("a changed record given a hash that matches its new contents: the next record's link names it")
    func alteredAndResealed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        var forged = try #require(try log.records(AuditFilter()).first { $0.seq == 3 })
        forged.actor = "mallory"
        try attack("UPDATE audit_record SET actor = 'mallory', hash = '\(AuditHash.hash(of: forged))' WHERE seq = 3;")
        #expect(try log.verify().firstBreak
            == AuditVerification.Break(seq: 4, reason: "record 4's previous hash does not match record 3: records were reordered or altered"))
    }

    @Test("a middle record deleted: the one after it says how many are missing")
    func deletedMiddle() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        try attack("DELETE FROM audit_record WHERE seq = 3;")
        #expect(try log.verify().firstBreak == AuditVerification.Break(seq: 4, reason: "record 4 does not follow record 2: 1 record was removed"))
        try attack("DELETE FROM audit_record WHERE seq IN (1, 2);")
        #expect(try log.verify().firstBreak
            == AuditVerification.Break(seq: 4, reason: "record 4 does not follow the start of the log: 3 records were removed"))
    }

    @Test("two records' contents swapped (reordered, each with its own hash): the first of them is named")
    func reordered() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        let columns = ["time", "actor", "action", "target", "parameters", "result", "detail", "previous_hash", "hash"]
        try attack("""
            CREATE TEMP TABLE saved AS SELECT * FROM audit_record WHERE seq IN (2, 3);
            UPDATE audit_record SET \(columns.map { "\($0) = (SELECT \($0) FROM saved WHERE seq = 5 - audit_record.seq)" }.joined(separator: ", "))
            WHERE seq IN (2, 3);
            """)
        let swapped = try log.records(AuditFilter())
        #expect(swapped.map(\.actor) == ["ana", "bo", "ana", "cy", "ana"], "the attack swapped them")
        #expect(try log.verify().firstBreak
            == AuditVerification.Break(seq: 2, reason: "record 2's previous hash does not match record 1: records were reordered or altered"))
    }

    @Test("the newest record deleted: only the head anchor can tell, and it does")
    func deletedLast() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        try attack("DELETE FROM audit_record WHERE seq = 5;")
        let verification = try log.verify()
        #expect(verification.firstBreak == AuditVerification.Break(seq: 5, reason: "records after 4 were removed (the head anchor names record 5)"))
        #expect(verification.recordCount == 4)
        try attack("DELETE FROM audit_record;")
        #expect(try log.verify().firstBreak == AuditVerification.Break(seq: 1, reason: "all records were removed (the head anchor names record 5)"))
    }

    @Test("the tail rewritten into a consistent chain: the anchor's hash no longer matches the record it names")
    func tailRewritten() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        var records = try log.records(AuditFilter())
        var statements: [String] = []
        for index in 3...4 {
            records[index].actor = "mallory"
            records[index].previousHash = records[index - 1].hash
            records[index].hash = AuditHash.hash(of: records[index])
            statements.append("UPDATE audit_record SET actor = 'mallory', previous_hash = '\(records[index].previousHash)', hash = '\(records[index].hash)' WHERE seq = \(records[index].seq);")
        }
        try attack(statements.joined(separator: "\n"))
        #expect(try log.verify().firstBreak == AuditVerification.Break(
            seq: 5, reason: "record 5 does not match the head anchor: the log was rewritten up to it, or the anchor was altered"))
    }

    @Test("no head anchor breaks the log (the newest records and the anchor may have been removed together); an unreadable one warns; one that is not 'seq hash' breaks it")
    func anchorMissingOrDamaged() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        try FileManager.default.removeItem(atPath: anchorPath)
        let verification = try log.verify()
        #expect(verification.recordCount == 5)
        #expect(verification.firstBreak == AuditVerification.Break(seq: 6, reason: "the head anchor \(anchorPath) is missing, so records after 5 may have been removed; if the database was copied without it, copy the anchor too"))
        #expect(try openLog(anchored: false).verify().warnings.isEmpty, "no anchor asked for, none missed")

        try "5 not-a-hash\n".write(toFile: anchorPath, atomically: true, encoding: .utf8)
        #expect(try log.verify().firstBreak == AuditVerification.Break(seq: 6, reason: "the head anchor \(anchorPath) is not \"seq hash\": it was altered"))
        // The next record rewrites it.
        try log.record(AuditEntry(actor: "ana", action: "login"))
        #expect(try log.verify().isIntact)

        // One that cannot be read at all (here a folder in its place) is said, not guessed at.
        try FileManager.default.removeItem(atPath: anchorPath)
        try FileManager.default.createDirectory(atPath: anchorPath, withIntermediateDirectories: false)
        let unread = try log.verify()
        #expect(unread.isIntact)
        #expect(unread.warnings == ["cannot read the head anchor \(anchorPath) (check its permissions): the end of the log was not checked"])
    }

    @Test("when the anchor cannot be written, nothing is appended: the log and its anchor never disagree")
    func anchorUnwritable() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try logWithFiveRecords()
        let stuck = AuditLog(database: log.database, headAnchorPath: directory + "/missing-folder/cairn.db.audit-head")
        #expect(throws: AccessError.self) { try stuck.record(AuditEntry(actor: "ana", action: "login")) }
        #expect(try log.records(AuditFilter()).count == 5)
        #expect(try log.record(AuditEntry(actor: "ana", action: "login")).seq == 6, "the failed append used no seq")
        #expect(try log.verify().isIntact)
    }

    @Test("an entry without an actor or with an action that is not dotted lowercase words is refused, not recorded")
    func invalidEntries() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try openLog()
        for entry in [AuditEntry(actor: " ", action: "login"), AuditEntry(actor: "ana", action: "Job.Cancel"),
                      AuditEntry(actor: "ana", action: "job..cancel"), AuditEntry(actor: "ana", action: "")] {
            #expect(throws: AccessError.self) { try log.record(entry) }
        }
        #expect(try log.records(AuditFilter()).isEmpty)
        #expect(try log.record(AuditEntry(actor: "ana", action: "provision.request-2")).seq == 1)
    }

    // MARK: Secrets

    @Test("secret-looking parameter names are masked; secret values are replaced in parameter values and the detail")
    func redaction() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try openLog()
        let record = try log.record(AuditEntry(
            actor: "ana", action: "provision.request", target: "component:default/payments",
            parameters: ["password": "hunter2", "clientSecret": "s3", "API_KEY": "k1", "sshKey": "k2", "accessToken": "t",
                         "privateNote": "p", "dbCredentials": "c", "keyboard": "qwerty", "monkey": "george", "name": "payments-db",
                         "url": "postgres://app:hunter2@db:5432/app"],
            result: .failed, detail: "login as app with hunter2 refused (token abc-123)", secretValues: ["hunter2", "abc-123", ""]))
        #expect(record.parameters == """
            {"API_KEY":"***","accessToken":"***","clientSecret":"***","dbCredentials":"***","keyboard":"qwerty","monkey":"george",\
            "name":"payments-db","password":"***","privateNote":"***","sshKey":"***","url":"postgres://app:***@db:5432/app"}
            """)
        #expect(record.detail == "login as app with *** refused (token ***)")
        #expect(record.result == "failed")
        #expect(try log.verify().isIntact, "the hash is over what was stored")
    }

    @Test("secret names: key as a word of the name, and the secret words anywhere")
    func secretNames() {
        for name in ["password", "DB_PASSWORD", "passwd", "secret", "clientSecret", "token", "refresh_token", "key", "api-key", "apiKey",
                     "APIKey", "apikey", "signing.keys", "credentials", "privateKey", "private"] {
            #expect(AuditRedaction.isSecretName(name), "\(name)")
        }
        for name in ["name", "keyboard", "monkey", "keyspace", "turkey", "size", "region", "owner"] {
            #expect(!AuditRedaction.isSecretName(name), "\(name)")
        }
        #expect(AuditRedaction.redacted("abcabc", secretValues: ["abc", "abcabc"]) == "***", "the longest secret first")
    }

    // MARK: Size

    @Test("100,000 records verify in batches; the last one altered is still found")
    func hundredThousandRecords() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try openLog()
        // Written with the sqlite3 shell in one transaction (100,000 appends one by one would
        // each flush the anchor to disk), hashed as the log does; the last through the log.
        let start = Date(timeIntervalSince1970: 1_795_516_000)
        var previousHash = AuditRecord.genesisHash
        var sql = "BEGIN;\n"
        sql.reserveCapacity(40_000_000)
        for seq in Int64(1)...99_999 {
            var record = AuditRecord(seq: seq, time: AuditRecord.timeText(start.addingTimeInterval(Double(seq) / 10)), actor: "user-\(seq % 17)",
                                     action: "job.cancel", target: "job:\(seq)", parameters: #"{"reason":"n\#(seq)"}"#, result: "ok",
                                     detail: "", previousHash: previousHash, hash: "")
            record.hash = AuditHash.hash(of: record)
            previousHash = record.hash
            sql += "INSERT INTO audit_record VALUES (\(seq),'\(record.time)','\(record.actor)','job.cancel','\(record.target)','\(record.parameters)','ok','','\(record.previousHash)','\(record.hash)');\n"
        }
        sql += "COMMIT;\n"
        try attack(sql)
        let last = try log.record(AuditEntry(actor: "ana", action: "logout"))
        #expect(last.seq == 100_000)

        let clock = ContinuousClock()
        var verification: AuditVerification?
        let elapsed = try clock.measure { verification = try log.verify() }
        print("verified \(verification?.recordCount ?? 0) audit records in \(elapsed)")
        #expect(verification?.isIntact == true)
        #expect(verification?.recordCount == 100_000)

        try attack("UPDATE audit_record SET detail = 'edited' WHERE seq = 99999;")
        #expect(try log.verify().firstBreak == AuditVerification.Break(seq: 99_999, reason: "record 99999 was altered (its hash does not match its contents)"))
    }
}
