import Foundation
import GRDB

/// How one source's refreshes went: what the UI and `cairn sources` show, and the memo its
/// fetcher hands itself (ETags, a commit) from one refresh to the next.
public struct SourceStateRecord: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var lastAttemptAt: Date?
    public var lastSuccessAt: Date?
    /// The last refresh's error; nil when it succeeded.
    public var lastError: String?
    /// Entities and files in the last good tree.
    public var entityCount: Int
    public var fileCount: Int
    public var memo: [String: String]
    public var notices: [String]
    /// How long the last refresh took.
    public var seconds: Double?

    public init(name: String, kind: String, lastAttemptAt: Date? = nil, lastSuccessAt: Date? = nil, lastError: String? = nil,
                entityCount: Int = 0, fileCount: Int = 0, memo: [String: String] = [:], notices: [String] = [], seconds: Double? = nil) {
        self.name = name
        self.kind = kind
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.entityCount = entityCount
        self.fileCount = fileCount
        self.memo = memo
        self.notices = notices
        self.seconds = seconds
    }
}

extension CairnDatabase {
    /// The recorded state of every source, by name.
    public func sourceStates() throws -> [String: SourceStateRecord] {
        try pool.read { db in
            var states: [String: SourceStateRecord] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM source_state") {
                let record = Self.sourceState(row)
                states[record.name] = record
            }
            return states
        }
    }

    /// Records a refresh's outcome (replacing the source's previous state).
    public func saveSourceState(_ state: SourceStateRecord) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO source_state (name, kind, last_attempt_at, last_success_at, last_error, entity_count, file_count, memo, notices, seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, last_attempt_at = excluded.last_attempt_at,
                    last_success_at = excluded.last_success_at, last_error = excluded.last_error, entity_count = excluded.entity_count,
                    file_count = excluded.file_count, memo = excluded.memo, notices = excluded.notices, seconds = excluded.seconds
                """, arguments: [state.name, state.kind, state.lastAttemptAt?.timeIntervalSince1970, state.lastSuccessAt?.timeIntervalSince1970,
                                 state.lastError, state.entityCount, state.fileCount, Self.json(state.memo), Self.json(state.notices), state.seconds])
        }
    }

    private static func sourceState(_ row: Row) -> SourceStateRecord {
        func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let memo = (try? JSONDecoder().decode([String: String].self, from: Data((row["memo"] as String? ?? "{}").utf8))) ?? [:]
        let notices = (try? JSONDecoder().decode([String].self, from: Data((row["notices"] as String? ?? "[]").utf8))) ?? []
        return SourceStateRecord(name: row["name"], kind: row["kind"], lastAttemptAt: date("last_attempt_at"), lastSuccessAt: date("last_success_at"),
                                 lastError: row["last_error"], entityCount: row["entity_count"], fileCount: row["file_count"], memo: memo,
                                 notices: notices, seconds: row["seconds"])
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A git repository registered by a template run: read like a configured git source.
public struct RegisteredSourceRecord: Sendable, Equatable {
    public var name: String
    public var url: String
    public var ref: String?
    public var path: String?
    /// The template that made it.
    public var registeredBy: String

    public init(name: String, url: String, ref: String?, path: String?, registeredBy: String) {
        self.name = name
        self.url = url
        self.ref = ref
        self.path = path
        self.registeredBy = registeredBy
    }
}

extension CairnDatabase {
    public func registerSource(_ source: RegisteredSourceRecord, at time: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO registered_source (name, url, ref, path, registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [source.name, source.url, source.ref, source.path, source.registeredBy, time.timeIntervalSince1970])
        }
    }

    /// Registered sources, oldest first.
    public func registeredSources() throws -> [RegisteredSourceRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM registered_source ORDER BY registered_at, name").map {
                RegisteredSourceRecord(name: $0["name"], url: $0["url"], ref: $0["ref"], path: $0["path"], registeredBy: $0["registered_by"])
            }
        }
    }
}
