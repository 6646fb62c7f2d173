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
        migrator.registerMigration("v2-health-samples") { db in
            // Rebuildable (the endpoints can be asked again), but kept across starts so the
            // portal opens on the last-known state. Pruned by age and count on every write.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS health_sample (
                    id INTEGER PRIMARY KEY,
                    entity_ref TEXT NOT NULL,
                    checked_at REAL NOT NULL,
                    status TEXT NOT NULL,
                    http_status INTEGER,
                    latency_ms INTEGER NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS health_sample_entity_time ON health_sample(entity_ref, checked_at);
                CREATE INDEX IF NOT EXISTS health_sample_time ON health_sample(checked_at);
                """)
        }
        migrator.registerMigration("v3-scaffold-runs") { db in
            // Records, not cache: who ran which template with what (secrets left out), how it
            // ended, and the repository it made. The access issue turns these into the audit log.
            // Registered locations are catalog files the portal reads besides the configured ones
            // (a scaffolded repository's catalog-info.yaml): they too must survive a cache rebuild.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS scaffold_run (
                    id INTEGER PRIMARY KEY,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    user TEXT NOT NULL,
                    template_ref TEXT NOT NULL,
                    template_version TEXT,
                    values_json TEXT NOT NULL,
                    is_dry_run INTEGER NOT NULL,
                    result TEXT NOT NULL CHECK (result IN ('running', 'succeeded', 'failed')),
                    failed_step TEXT,
                    error TEXT,
                    repository_url TEXT,
                    entity_ref TEXT
                );
                CREATE TABLE IF NOT EXISTS registered_location (
                    path TEXT PRIMARY KEY,
                    registered_at REAL NOT NULL,
                    source TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v4-provision-jobs") { db in
            // Records of the provisioning room: jobs, their steps and log lines, and the resources
            // they made. Not rebuildable: a resource's handle (where it lives, how to remove it)
            // exists only here. Secrets are never stored in this file (see SecretStore).
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS job (
                    id INTEGER PRIMARY KEY,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    action TEXT NOT NULL CHECK (action IN ('provision', 'deprovision')),
                    type_ref TEXT NOT NULL,
                    target_ref TEXT NOT NULL,
                    resource_ref TEXT NOT NULL,
                    parameters_json TEXT NOT NULL,
                    requester TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'awaiting_approval', 'running', 'succeeded', 'failed', 'cancelled')),
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL,
                    worker TEXT,
                    heartbeat_at REAL,
                    attempt INTEGER NOT NULL DEFAULT 0,
                    cancel_requested INTEGER NOT NULL DEFAULT 0,
                    decided_by TEXT,
                    outputs_json TEXT,
                    error TEXT,
                    cleanup_reason TEXT
                );
                CREATE INDEX IF NOT EXISTS job_state ON job(state, id);
                CREATE INDEX IF NOT EXISTS job_updated ON job(updated_at);
                CREATE TABLE IF NOT EXISTS job_step (
                    id INTEGER PRIMARY KEY,
                    job_id INTEGER NOT NULL REFERENCES job(id),
                    name TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    detail TEXT
                );
                CREATE INDEX IF NOT EXISTS job_step_job ON job_step(job_id, id);
                CREATE TABLE IF NOT EXISTS job_log (
                    id INTEGER PRIMARY KEY,
                    job_id INTEGER NOT NULL REFERENCES job(id),
                    at REAL NOT NULL,
                    line TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS job_log_job ON job_log(job_id, id);
                CREATE TABLE IF NOT EXISTS resource (
                    ref TEXT PRIMARY KEY,
                    job_id INTEGER NOT NULL REFERENCES job(id),
                    type_ref TEXT NOT NULL,
                    driver TEXT NOT NULL,
                    settings_json TEXT NOT NULL,
                    target_ref TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('provisioning', 'active', 'deprovisioning', 'deprovisioned', 'failed')),
                    handle_json TEXT NOT NULL,
                    outputs_json TEXT,
                    catalog_file TEXT,
                    env_file TEXT,
                    env_keys TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5-docs-search") { db in
            // Cache (see DocsIndex.swift): one FTS5 row per document (entity metadata, docs page,
            // API operation), rowid = docs_source.id << 2 | kind code, sections joined with U+001E. unicode61 with
            // diacritics removed: "cafe" finds "café". Prefix indexes of 2 and 3 characters keep
            // search-as-you-type fast on short prefixes.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
                    entity_ref UNINDEXED, title, section, body, kind UNINDEXED,
                    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
                );
                CREATE TABLE IF NOT EXISTS docs_source (
                    id INTEGER PRIMARY KEY,
                    entity_ref TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    source_key TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    indexed_at REAL NOT NULL,
                    UNIQUE (entity_ref, kind, source_key)
                );
                """)
        }
        migrator.registerMigration("v6-audit") { db in
            // Of record (see AuditRecords.swift): never dropped or rebuilt. Each record holds the
            // hash of the one before it; CairnAccess computes the hashes and verifies the chain.
            // The triggers stop an accidental UPDATE or DELETE; whoever drops them on purpose is
            // caught by the chain (and the head anchor beside the file) instead.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS audit_record (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    parameters TEXT NOT NULL,
                    result TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS audit_record_target ON audit_record(target COLLATE NOCASE);
                CREATE INDEX IF NOT EXISTS audit_record_actor ON audit_record(actor COLLATE NOCASE);
                CREATE INDEX IF NOT EXISTS audit_record_time ON audit_record(time);
                CREATE TRIGGER IF NOT EXISTS audit_record_no_update BEFORE UPDATE ON audit_record
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER IF NOT EXISTS audit_record_no_delete BEFORE DELETE ON audit_record
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v7-sources") { db in
            // How each source's last refreshes went (rebuildable: the files under
            // <state>/sources/ are the data; this says how fresh they are).
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS source_state (
                    name TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    last_attempt_at REAL,
                    last_success_at REAL,
                    last_error TEXT,
                    entity_count INTEGER NOT NULL DEFAULT 0,
                    file_count INTEGER NOT NULL DEFAULT 0,
                    memo TEXT NOT NULL DEFAULT '{}',
                    notices TEXT NOT NULL DEFAULT '[]',
                    seconds REAL
                );
                """)
        }
        migrator.registerMigration("v8-registered-sources") { db in
            // Repositories made from templates, kept current like configured git sources.
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS registered_source (
                    name TEXT PRIMARY KEY,
                    url TEXT NOT NULL,
                    ref TEXT,
                    path TEXT,
                    registered_by TEXT NOT NULL,
                    registered_at REAL NOT NULL
                );
                """)
        }
        return migrator
    }
}
