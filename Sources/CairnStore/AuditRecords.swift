import Foundation
import GRDB

/// One record of the audit log, exactly as stored: every column as text (the time too), so the
/// hash a verifier computes is over what is in the file, not over a re-formatted copy.
public struct AuditRecord: Sendable, Equatable {
    /// The previous hash of the first record: there is none before it.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The position in the log, from 1, gapless unless records were removed.
    public var seq: Int64
    /// UTC, ISO 8601 with milliseconds: `2026-11-24T10:32:05.123Z` (see `timeText`).
    public var time: String
    public var actor: String
    /// Dotted: `provision.request`, `job.cancel`, `login`…
    public var action: String
    /// An entity ref or `job:42`; empty when the action has no target.
    public var target: String
    /// A JSON object of strings, keys sorted, secrets already replaced.
    public var parameters: String
    /// `ok`, `denied` or `failed`.
    public var result: String
    /// Why it was denied or how it failed; may be empty.
    public var detail: String
    public var previousHash: String
    public var hash: String

    public init(seq: Int64, time: String, actor: String, action: String, target: String, parameters: String, result: String,
                detail: String, previousHash: String, hash: String) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.parameters = parameters
        self.result = result
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The time as a date; nil when the stored text is not in the log's format.
    public var date: Date? { Self.date(fromTimeText: time) }

    /// `2026-11-24T10:32:05.123Z` (to the nearest millisecond): fixed width, so the text sorts
    /// as the times do.
    public static func timeText(_ date: Date) -> String {
        var (seconds, milliseconds) = Int64((date.timeIntervalSince1970 * 1000).rounded()).quotientAndRemainder(dividingBy: 1000)
        if milliseconds < 0 {
            seconds -= 1
            milliseconds += 1000
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func digits(_ value: Int32, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return "\(digits(parts.tm_year + 1900, 4))-\(digits(parts.tm_mon + 1, 2))-\(digits(parts.tm_mday, 2))T"
            + "\(digits(parts.tm_hour, 2)):\(digits(parts.tm_min, 2)):\(digits(parts.tm_sec, 2)).\(digits(Int32(milliseconds), 3))Z"
    }

    /// Reads `timeText`'s format back; nil for anything else.
    public static func date(fromTimeText text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "."),
              bytes[23] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let milliseconds = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + Double(milliseconds) / 1000)
    }
}

/// What a caller appends; the store adds the seq, the time and the chain.
public struct NewAuditRecord: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var target: String
    /// A JSON object of strings, keys sorted, without secrets.
    public var parameters: String
    public var result: String
    public var detail: String

    public init(actor: String, action: String, target: String, parameters: String, result: String, detail: String) {
        self.actor = actor
        self.action = action
        self.target = target
        self.parameters = parameters
        self.result = result
        self.detail = detail
    }
}

extension CairnDatabase {
    private static let auditColumns = "seq, time, actor, action, target, parameters, result, detail, previous_hash, hash"

    /// A row as a record. Whoever edits the file may have written NULL or a number where text
    /// belongs: every column is read as whatever text it holds, never trapping, so the
    /// verifier can say which record is wrong.
    private static func auditRecord(_ row: Row) -> AuditRecord {
        func text(_ index: Int) -> String {
            switch (row[index] as DatabaseValue).storage {
            case .string(let text): return text
            case .int64(let number): return String(number)
            case .double(let number): return String(number)
            case .blob(let data): return String(decoding: data, as: UTF8.self)
            case .null: return ""
            }
        }
        return AuditRecord(seq: row[0], time: text(1), actor: text(2), action: text(3), target: text(4), parameters: text(5),
                           result: text(6), detail: text(7), previousHash: text(8), hash: text(9))
    }

    /// Appends a record in one IMMEDIATE transaction: the write lock is taken before the last
    /// record is read, so appenders in any number of connections and processes make one
    /// linear chain. `seal` is given the record as it will be stored, its `hash` empty, and
    /// returns the hash. `beforeCommit` runs with the sealed record while the lock is still
    /// held (the head anchor is written there); if it throws, nothing is appended.
    /// `time` defaults to the clock at the moment the lock is held, so times follow seqs.
    public func appendAudit(_ new: NewAuditRecord, at time: Date? = nil, seal: (AuditRecord) -> String,
                            beforeCommit: (AuditRecord) throws -> Void = { _ in }) throws -> AuditRecord {
        try immediately { db in
            let previousHash = try Row.fetchOne(db, sql: "SELECT \(Self.auditColumns) FROM audit_record ORDER BY seq DESC LIMIT 1")
                .map(Self.auditRecord)?.hash ?? AuditRecord.genesisHash
            // The hash covers the seq, so it is chosen here rather than by the INSERT: what
            // AUTOINCREMENT would pick (never a seq used before, even by a removed record).
            let used = try Int64.fetchOne(db, sql: """
                SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_record'), 0),
                           coalesce((SELECT max(seq) FROM audit_record), 0))
                """) ?? 0
            var record = AuditRecord(seq: used + 1, time: AuditRecord.timeText(time ?? Date()), actor: new.actor, action: new.action,
                                     target: new.target, parameters: new.parameters, result: new.result, detail: new.detail,
                                     previousHash: previousHash, hash: "")
            record.hash = seal(record)
            try db.execute(sql: "INSERT INTO audit_record (\(Self.auditColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [record.seq, record.time, record.actor, record.action, record.target, record.parameters,
                                       record.result, record.detail, record.previousHash, record.hash])
            try beforeCommit(record)
            return record
        }
    }

    /// The newest `limit` records matching every filter given, oldest first. `actor` and
    /// `target` match whole values, ignoring case; `since` keeps records at or after it.
    public func auditRecords(since: Date? = nil, actor: String? = nil, target: String? = nil, limit: Int = 100) throws -> [AuditRecord] {
        guard limit > 0 else { return [] }
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let since {
            conditions.append("time >= ?")
            arguments.append(AuditRecord.timeText(since))
        }
        if let actor {
            conditions.append("actor = ? COLLATE NOCASE")
            arguments.append(actor)
        }
        if let target {
            conditions.append("target = ? COLLATE NOCASE")
            arguments.append(target)
        }
        arguments.append(limit)
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let newestFirst = try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.auditColumns) FROM audit_record \(filter) ORDER BY seq DESC LIMIT ?",
                             arguments: StatementArguments(arguments)).map(Self.auditRecord)
        }
        return Array(newestFirst.reversed())
    }

    /// Up to `limit` records with a seq above `seq`, in seq order: walk the whole log a batch
    /// at a time by passing the last seq of one batch to get the next; an empty batch ends it.
    public func auditRecordsInOrder(after seq: Int64, limit: Int) throws -> [AuditRecord] {
        try pool.read { db in
            // A cursor decodes each row straight from the statement: no intermediate row copies
            // (verification reads every record).
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.auditColumns) FROM audit_record WHERE seq > ? ORDER BY seq LIMIT ?",
                                           arguments: [seq, max(1, limit)])
            var records: [AuditRecord] = []
            records.reserveCapacity(min(max(1, limit), 100_000))
            while let row = try rows.next() { records.append(Self.auditRecord(row)) }
            return records
        }
    }

    /// Runs `body` while no record can be appended (the write lock is held): what an appender
    /// writes inside its transaction (the head anchor) is then read consistent with the table.
    public func withAuditAppendsPaused<T>(_ body: () throws -> T) throws -> T {
        try immediately { _ in try body() }
    }
}
