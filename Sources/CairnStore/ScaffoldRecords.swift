import Foundation
import GRDB

/// One run of a template, as recorded: the start is written before anything runs, the end
/// when it finishes, so a crash leaves a run that says it was running.
public struct ScaffoldRunRecord: Sendable, Equatable {
    public var id: Int64?
    public var startedAt: Date
    public var finishedAt: Date?
    public var user: String
    public var templateRef: String
    public var templateVersion: String?
    /// The answers as JSON, secrets already removed.
    public var valuesJSON: String
    public var isDryRun: Bool
    public var result: String
    public var failedStep: String?
    public var error: String?
    public var repositoryURL: String?
    public var entityRef: String?

    public init(startedAt: Date, user: String, templateRef: String, templateVersion: String?, valuesJSON: String, isDryRun: Bool) {
        self.startedAt = startedAt
        self.user = user
        self.templateRef = templateRef
        self.templateVersion = templateVersion
        self.valuesJSON = valuesJSON
        self.isDryRun = isDryRun
        result = "running"
    }
}

extension CairnDatabase {
    /// Writes the start of a run; returns its id.
    public func recordScaffoldStart(_ record: ScaffoldRunRecord) throws -> Int64 {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO scaffold_run (started_at, user, template_ref, template_version, values_json, is_dry_run, result)
                VALUES (?, ?, ?, ?, ?, ?, 'running')
                """, arguments: [record.startedAt.timeIntervalSince1970, record.user, record.templateRef, record.templateVersion,
                                 record.valuesJSON, record.isDryRun])
            return db.lastInsertedRowID
        }
    }

    /// Writes how a run ended.
    public func recordScaffoldEnd(id: Int64, succeeded: Bool, failedStep: String?, error: String?, repositoryURL: String?,
                                  entityRef: String?, at time: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE scaffold_run SET finished_at = ?, result = ?, failed_step = ?, error = ?, repository_url = ?, entity_ref = ?
                WHERE id = ?
                """, arguments: [time.timeIntervalSince1970, succeeded ? "succeeded" : "failed", failedStep, error, repositoryURL, entityRef, id])
        }
    }

    /// Runs, newest first.
    public func scaffoldRuns(limit: Int = 100) throws -> [ScaffoldRunRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, started_at, finished_at, user, template_ref, template_version, values_json, is_dry_run, result,
                       failed_step, error, repository_url, entity_ref
                FROM scaffold_run ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                var record = ScaffoldRunRecord(startedAt: Date(timeIntervalSince1970: row[1]), user: row[3], templateRef: row[4],
                                               templateVersion: row[5], valuesJSON: row[6], isDryRun: row[7])
                record.id = row[0]
                record.finishedAt = (row[2] as Double?).map(Date.init(timeIntervalSince1970:))
                record.result = row[8]
                record.failedStep = row[9]
                record.error = row[10]
                record.repositoryURL = row[11]
                record.entityRef = row[12]
                return record
            }
        }
    }

    /// Adds a catalog file the portal reads besides its configured locations.
    public func registerLocation(_ path: String, source: String, at time: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO registered_location (path, registered_at, source) VALUES (?, ?, ?)",
                           arguments: [path, time.timeIntervalSince1970, source])
        }
    }

    /// Registered catalog files, oldest first.
    public func registeredLocations() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT path FROM registered_location ORDER BY registered_at, path") }
    }
}
