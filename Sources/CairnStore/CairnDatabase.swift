import Foundation
import GRDB

/// cairn's SQLite file (WAL, through GRDB). Holds the rebuildable catalog cache now; the
/// operational record (jobs, resources, audit) of later issues joins it through migrations.
///
/// A file that is damaged or belongs to another program is never deleted: it is moved aside
/// (so nothing of record is lost) and a fresh database is created, with a notice.
public final class CairnDatabase: Sendable {
    /// `PRAGMA application_id` of cairn databases ("crn1"), so a foreign SQLite file is recognised.
    public static let applicationID: Int32 = 0x63726E31

    public let path: String
    let pool: DatabasePool
    /// What opening had to do that a user should know about (a file moved aside, …).
    public let notices: [String]

    /// Errors that stop cairn from using its database at all.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    private struct ForeignDatabase: Error {}

    public static func open(path: String) throws -> CairnDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            return try CairnDatabase(path: path, notices: [])
        } catch let error where isUnusable(error) {
            let aside = "\(path).unreadable-\(Int(Date().timeIntervalSince1970))"
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
            }
            let reason = error is ForeignDatabase ? "belongs to another program" : "is damaged"
            let notice = "\(path): notice: the database \(reason); moved it to \(aside) and rebuilt the cache from the catalog sources"
            do {
                return try CairnDatabase(path: path, notices: [notice])
            } catch {
                throw OpenError(description: "\(path): error: cannot open the database (\(error)); check the path or pass --db")
            }
        } catch {
            throw OpenError(description: "\(path): error: cannot open the database (\(error)); check the path or pass --db")
        }
    }

    private init(path: String, notices: [String]) throws {
        var configuration = Configuration()
        // Several cairn processes share one file: wait for a writer instead of failing.
        configuration.busyMode = .timeout(30)
        configuration.label = "cairn"
        pool = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        self.notices = notices
        try pool.read { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            // GRDB's migrator may create its own bookkeeping table before cairn's first migration
            // commits: a file holding only that is another cairn process mid-creation, not foreign.
            let tables = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                """) ?? 0
            if applicationID != Self.applicationID && tables > 0 { throw ForeignDatabase() }
            if applicationID == Self.applicationID {
                // Pages are read lazily: make sure the schema itself is readable.
                _ = try Row.fetchAll(db, sql: "SELECT name FROM sqlite_master")
            }
        }
        try Self.migrate(pool)
    }

    /// Runs the migrations. GRDB's migrator reads which migrations are applied before it takes
    /// the write lock, so two processes opening a new file can both try the same migration;
    /// the loser's transaction rolls back whole, and on retry it finds the work done.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Migrations.migrator
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                if attempt >= 5 { throw error }
            }
        }
    }

    private static func isUnusable(_ error: Error) -> Bool {
        if error is ForeignDatabase { return true }
        if let error = error as? DatabaseError {
            return error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
        }
        return false
    }
}
