import CairnCatalog
import Foundation
import GRDB

/// The catalog cache: the last assembled catalog and the stat fingerprints of the files it
/// was built from. A start whose files are unchanged reads this instead of parsing YAML.
extension CairnDatabase {
    /// What the cache was built from.
    public struct CacheState: Sendable {
        public var locations: String
        public var builtAt: Date
        public var files: [SourceFile]
    }

    public func cacheState() throws -> CacheState? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT locations, built_at FROM cache_state WHERE id = 1") else { return nil }
            let files = try Row.fetchAll(db, sql: "SELECT path, size, modified FROM cache_file").map {
                SourceFile(path: $0[0], size: $0[1], modified: $0[2])
            }
            return CacheState(locations: row[0], builtAt: Date(timeIntervalSince1970: row[1]), files: files)
        }
    }

    /// The cached catalog, or nil when there is none or it cannot be decoded (then the caller
    /// rebuilds it from the sources).
    public func cachedCatalog() throws -> Catalog? {
        try pool.read { db in
            guard let state = try Row.fetchOne(db, sql: "SELECT file_problems FROM cache_state WHERE id = 1") else { return nil }
            let problemBytes: Data = state[0]
            guard let fileProblems = try? EntityCoding.decodeProblems([UInt8](problemBytes)) else { return nil }
            let files = try Row.fetchAll(db, sql: "SELECT path, size, modified FROM cache_file ORDER BY path").map {
                SourceFile(path: $0[0], size: $0[1], modified: $0[2])
            }
            var entities: [Entity] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT body FROM entity ORDER BY id")
            while let row = try rows.next() {
                let body: Data = row[0]
                guard let entity = try? EntityCoding.decode([UInt8](body)) else { return nil }
                entities.append(entity)
            }
            return Catalog(entities: entities, files: files, fileProblems: fileProblems)
        }
    }

    /// Replaces the cache with `catalog`, in one transaction.
    public func saveCatalog(_ catalog: Catalog, locations: String) throws {
        let bodies = catalog.entities.map(EntityCoding.encode)
        try pool.write { db in
            try db.execute(sql: "DELETE FROM entity; DELETE FROM cache_file; DELETE FROM cache_state;")
            try db.execute(sql: "INSERT INTO cache_state (id, locations, built_at, file_problems) VALUES (1, ?, ?, ?)",
                           arguments: [locations, Date().timeIntervalSince1970, Data(EntityCoding.encodeProblems(catalog.fileProblems))])
            let fileStatement = try db.makeStatement(sql: "INSERT OR REPLACE INTO cache_file (path, size, modified) VALUES (?, ?, ?)")
            for file in catalog.files {
                try fileStatement.execute(arguments: [file.path, file.size, file.modified])
            }
            let entityStatement = try db.makeStatement(sql: """
                INSERT INTO entity (ref, kind, namespace, name, title, owner, system, domain, lifecycle, type, file, line, is_quarantined, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (entity, body) in zip(catalog.entities, bodies) {
                try entityStatement.execute(arguments: [
                    entity.ref.description, entity.ref.kind, entity.ref.namespace, entity.ref.name, entity.title,
                    entity.owner?.description, entity.system?.description, entity.domain?.description,
                    entity.lifecycle, entity.type, entity.source.file, entity.source.line, entity.isQuarantined, Data(body),
                ])
            }
        }
    }
}
