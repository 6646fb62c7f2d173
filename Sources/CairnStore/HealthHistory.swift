import Foundation
import GRDB

/// One stored health check. Statuses are the words of DESIGN.md §4 (pass, warn, fail,
/// unknown); refs are full entity refs. CairnHealth turns these into its own values.
public struct StoredHealthSample: Sendable, Equatable {
    public var entityRef: String
    public var checkedAt: Date
    public var status: String
    public var httpStatus: Int?
    public var latencyMilliseconds: Int
    public var reason: String

    public init(entityRef: String, checkedAt: Date, status: String, httpStatus: Int?, latencyMilliseconds: Int, reason: String) {
        self.entityRef = entityRef
        self.checkedAt = checkedAt
        self.status = status
        self.httpStatus = httpStatus
        self.latencyMilliseconds = latencyMilliseconds
        self.reason = reason
    }
}

/// How long samples are kept: no older than `maxAge`, and at most `maxPerEntity` per entity.
public struct HealthRetention: Sendable, Equatable {
    public var maxAge: TimeInterval
    public var maxPerEntity: Int

    public init(maxAge: TimeInterval = 24 * 3600, maxPerEntity: Int = 500) {
        self.maxAge = maxAge
        self.maxPerEntity = max(1, maxPerEntity)
    }

    public static let standard = HealthRetention()
}

extension CairnDatabase {
    /// Appends samples and prunes, in one transaction: nothing older than the retention's
    /// age (measured from `now`), and no more than its count for each entity written to.
    public func saveHealthSamples(_ samples: [StoredHealthSample], retention: HealthRetention = .standard, now: Date = Date()) throws {
        guard !samples.isEmpty else { return }
        try pool.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO health_sample (entity_ref, checked_at, status, http_status, latency_ms, reason) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for sample in samples {
                try insert.execute(arguments: [sample.entityRef, sample.checkedAt.timeIntervalSince1970, sample.status,
                                               sample.httpStatus, sample.latencyMilliseconds, sample.reason])
            }
            try db.execute(sql: "DELETE FROM health_sample WHERE checked_at < ?", arguments: [now.timeIntervalSince1970 - retention.maxAge])
            let prune = try db.makeStatement(sql: """
                DELETE FROM health_sample WHERE entity_ref = ?1 AND id NOT IN
                    (SELECT id FROM health_sample WHERE entity_ref = ?1 ORDER BY checked_at DESC, id DESC LIMIT ?2)
                """)
            for ref in Set(samples.map(\.entityRef)) {
                try prune.execute(arguments: [ref, retention.maxPerEntity])
            }
        }
    }

    /// The newest `perEntity` samples of every entity (of `refs` when given), oldest first.
    public func recentHealthSamples(perEntity: Int, refs: [String]? = nil) throws -> [StoredHealthSample] {
        try pool.read { db in
            var sql = """
                SELECT entity_ref, checked_at, status, http_status, latency_ms, reason FROM (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY entity_ref ORDER BY checked_at DESC, id DESC) AS position
                    FROM health_sample
                """
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let refs {
                guard !refs.isEmpty else { return [] }
                sql += " WHERE entity_ref IN (\(Array(repeating: "?", count: refs.count).joined(separator: ",")))"
                arguments = refs
            }
            sql += ") WHERE position <= ? ORDER BY checked_at, id"
            arguments.append(max(1, perEntity))
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                StoredHealthSample(entityRef: row[0], checkedAt: Date(timeIntervalSince1970: row[1]), status: row[2],
                                   httpStatus: row[3], latencyMilliseconds: row[4], reason: row[5])
            }
        }
    }

    /// How many samples are stored for each entity (for retention checks and the CLI).
    public func healthSampleCounts() throws -> [String: Int] {
        try pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT entity_ref, COUNT(*) FROM health_sample GROUP BY entity_ref") {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }
}
