import CairnStore
import Foundation
import GRDB
import Testing

/// The audit table: appends chained in one transaction, filtered reads, the triggers that
/// refuse UPDATE and DELETE, one linear chain from several connections at once.
@Suite("Audit records")
struct AuditRecordsTests {
    let directory = TestCatalogs.temporaryDirectory()
    var path: String { directory + "/cairn.db" }

    /// A stand-in for CairnAccess's SHA-256: distinct per record, and it covers the link.
    static func seal(_ record: AuditRecord) -> String {
        "sealed-\(record.seq)-\(record.actor)-\(record.previousHash.prefix(16))"
    }

    static func entry(_ actor: String = "ana", _ action: String = "job.cancel", target: String = "job:1", result: String = "ok") -> NewAuditRecord {
        NewAuditRecord(actor: actor, action: action, target: target, parameters: #"{"reason":"typo"}"#, result: result, detail: "")
    }

    @Test("appends get seqs 1, 2, 3, each holding the hash of the one before (64 zeros for the first), and read back as written")
    func append() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        let time = Date(timeIntervalSince1970: 1_764_000_000.123)
        let first = try database.appendAudit(Self.entry("ana"), at: time, seal: Self.seal)
        let second = try database.appendAudit(Self.entry("bo", "provision.request", target: "component:default/payments"), seal: Self.seal)
        let third = try database.appendAudit(Self.entry("cy", "login", target: "", result: "denied"), seal: Self.seal)
        #expect([first.seq, second.seq, third.seq] == [1, 2, 3])
        #expect(first.previousHash == AuditRecord.genesisHash)
        #expect(first.previousHash == String(repeating: "0", count: 64))
        #expect(second.previousHash == first.hash)
        #expect(third.previousHash == second.hash)
        #expect(first.hash == "sealed-1-ana-0000000000000000", "the seal is given the record with its seq and link")
        #expect(first.time == "2025-11-24T16:00:00.123Z")
        #expect(abs(try #require(first.date).timeIntervalSince(time)) < 0.000_5)
        #expect(try database.auditRecordsInOrder(after: 0, limit: 10) == [first, second, third])
        #expect(try CairnDatabase.open(path: path).auditRecords() == [first, second, third], "another connection reads the same")
    }

    @Test("times are fixed-width UTC with milliseconds and read back; anything else reads as no date")
    func timeText() throws {
        #expect(AuditRecord.timeText(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(AuditRecord.timeText(Date(timeIntervalSince1970: 1_795_516_325.0459)) == "2026-11-24T10:32:05.046Z", "to the nearest millisecond")
        #expect(AuditRecord.timeText(Date(timeIntervalSince1970: 1_764_000_000.123)) == "2025-11-24T16:00:00.123Z", "not .122 from the binary fraction")
        #expect(AuditRecord.timeText(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        let read = try #require(AuditRecord.date(fromTimeText: "2026-11-24T10:32:05.045Z"))
        #expect(abs(read.timeIntervalSince1970 - 1_795_516_325.045) < 0.000_001)
        #expect(AuditRecord.timeText(read) == "2026-11-24T10:32:05.045Z")
        #expect(AuditRecord.date(fromTimeText: "2026-11-24T10:32:05Z") == nil)
        #expect(AuditRecord.date(fromTimeText: "2026-13-24T10:32:05.045Z") == nil)
        #expect(AuditRecord.date(fromTimeText: "") == nil)
    }

    @Test("filters: since, actor and target whole and ignoring case, combined; the newest N, oldest first")
    func filters() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        let start = Date(timeIntervalSince1970: 1_795_516_000)
        let rows: [(String, String)] = [("ana", "component:default/payments"), ("Bo", "job:42"), ("ana", "component:default/payments-api"),
                                        ("bo", "component:default/payments"), ("ana", "job:4"), ("cy", "")]
        for (index, row) in rows.enumerated() {
            _ = try database.appendAudit(Self.entry(row.0, target: row.1), at: start.addingTimeInterval(Double(index) * 60), seal: Self.seal)
        }
        func seqs(since: Date? = nil, actor: String? = nil, target: String? = nil, limit: Int = 100) throws -> [Int64] {
            try database.auditRecords(since: since, actor: actor, target: target, limit: limit).map(\.seq)
        }
        #expect(try seqs() == [1, 2, 3, 4, 5, 6])
        #expect(try seqs(limit: 2) == [5, 6], "the newest, oldest first")
        #expect(try seqs(limit: 0) == [])
        #expect(try seqs(since: start.addingTimeInterval(120)) == [3, 4, 5, 6], "at or after")
        #expect(try seqs(since: start.addingTimeInterval(120.001)) == [4, 5, 6])
        #expect(try seqs(actor: "BO") == [2, 4])
        #expect(try seqs(actor: "b") == [], "whole values, not prefixes")
        #expect(try seqs(target: "Component:Default/Payments") == [1, 4])
        #expect(try seqs(target: "job:4") == [5], "job:4 is not job:42")
        #expect(try seqs(target: "") == [6])
        #expect(try seqs(since: start.addingTimeInterval(60), actor: "ana", target: "component:default/payments-api") == [3])
        #expect(try seqs(actor: "ana", limit: 1) == [5])
    }

    @Test("UPDATE and DELETE on the table are refused by its triggers, even through another connection")
    func appendOnly() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        let written = try database.appendAudit(Self.entry(), seal: Self.seal)
        let raw = try DatabaseQueue(path: path)
        for statement in ["UPDATE audit_record SET actor = 'mallory' WHERE seq = 1", "DELETE FROM audit_record WHERE seq = 1",
                          "DELETE FROM audit_record"] {
            do {
                try raw.write { try $0.execute(sql: statement) }
                Issue.record("\(statement) was allowed")
            } catch let error as DatabaseError {
                #expect(error.message == "the audit log is append-only")
            }
        }
        #expect(try database.auditRecords() == [written])
    }

    @Test("4 threads appending through their own connections make one chain: seq 1…100, each linked to the one before")
    func concurrentAppends() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try CairnDatabase.open(path: path)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            do {
                let connection = try CairnDatabase.open(path: path)
                for _ in 0..<25 { _ = try connection.appendAudit(Self.entry("thread-\(thread)"), seal: Self.seal) }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let records = try CairnDatabase.open(path: path).auditRecordsInOrder(after: 0, limit: 1000)
        #expect(records.map(\.seq) == Array(1...100))
        #expect(records.first?.previousHash == AuditRecord.genesisHash)
        for (previous, record) in zip(records, records.dropFirst()) {
            #expect(record.previousHash == previous.hash, "record \(record.seq)")
            #expect(record.hash == Self.seal(record))
        }
        #expect(Dictionary(grouping: records, by: \.actor).mapValues(\.count) == ["thread-0": 25, "thread-1": 25, "thread-2": 25, "thread-3": 25])
    }

    @Test("when the work done before commit fails, nothing is appended and the seq is not used up")
    func failedBeforeCommit() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        struct AnchorFailed: Error {}
        let database = try CairnDatabase.open(path: path)
        let first = try database.appendAudit(Self.entry(), seal: Self.seal)
        var seen: AuditRecord?
        #expect(throws: AnchorFailed.self) {
            _ = try database.appendAudit(Self.entry("bo"), seal: Self.seal, beforeCommit: { record in
                seen = record
                throw AnchorFailed()
            })
        }
        #expect(seen?.seq == 2, "it is given the sealed record")
        #expect(seen?.hash == seen.map(Self.seal))
        #expect(try database.auditRecords() == [first])
        #expect(try database.appendAudit(Self.entry("cy"), seal: Self.seal).seq == 2)
    }

    @Test("the whole log is walked in seq order a batch at a time")
    func batches() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        for index in 0..<7 { _ = try database.appendAudit(Self.entry("user-\(index)"), seal: Self.seal) }
        var walked: [[Int64]] = []
        var after: Int64 = 0
        while case let batch = try database.auditRecordsInOrder(after: after, limit: 3), let last = batch.last {
            walked.append(batch.map(\.seq))
            after = last.seq
        }
        #expect(walked == [[1, 2, 3], [4, 5, 6], [7]])
    }

    @Test("a seq removed from the end is never given again (the chain then shows the gap)")
    func seqsAreNotReused() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: path)
        for _ in 0..<3 { _ = try database.appendAudit(Self.entry(), seal: Self.seal) }
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in
            try db.execute(sql: "DROP TRIGGER audit_record_no_delete")
            try db.execute(sql: "DELETE FROM audit_record WHERE seq = 3")
        }
        let next = try database.appendAudit(Self.entry(), seal: Self.seal)
        #expect(next.seq == 4)
        #expect(next.previousHash == Self.seal(try #require(try database.auditRecordsInOrder(after: 1, limit: 1).first)))
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
