import GRDB

/// Schema history. Never edit a shipped migration: add one. Cache tables may be dropped and
/// rebuilt freely; tables of record (jobs, audit) added later must be migrated with care.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog-cache") { db in
            try db.execute(sql: "PRAGMA application_id = \(CairnDatabase.applicationID)")
            // IF NOT EXISTS: two processes may race to create a new file.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS cache_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    locations TEXT NOT NULL,
                    built_at REAL NOT NULL,
                    file_problems BLOB NOT NULL
                );
                CREATE TABLE IF NOT EXISTS cache_file (
                    path TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    modified INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS entity (
                    id INTEGER PRIMARY KEY,
                    ref TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    namespace TEXT NOT NULL,
                    name TEXT NOT NULL,
                    title TEXT,
                    owner TEXT,
                    system TEXT,
                    domain TEXT,
                    lifecycle TEXT,
                    type TEXT,
                    file TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    is_quarantined INTEGER NOT NULL,
                    body BLOB NOT NULL
                );
                CREATE INDEX IF NOT EXISTS entity_ref ON entity(ref);
                """)
        }
        return migrator
    }
}
