import CairnCatalog
import CairnStore
import Foundation
import GRDB
import Testing

@Suite("Catalog cache")
struct CatalogCacheTests {
    @Test("a saved catalog reads back identical: documents, problems, references, relations")
    func roundTrip() throws {
        let directory = TestCatalogs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let catalog = try TestCatalogs.mixed(in: directory)
        #expect(catalog.quarantinedCount == 1)
        #expect(!catalog.fileProblems.isEmpty)

        let database = try CairnDatabase.open(path: directory + "/cairn.db")
        try database.saveCatalog(catalog, locations: "key")
        let cached = try #require(try database.cachedCatalog())
        #expect(TestCatalogs.fingerprint(cached) == TestCatalogs.fingerprint(catalog))

        let state = try #require(try database.cacheState())
        #expect(state.locations == "key")
        #expect(Set(state.files) == Set(catalog.files))
    }

    @Test("an empty database has no cache")
    func emptyDatabase() throws {
        let directory = TestCatalogs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try CairnDatabase.open(path: directory + "/nested/state/cairn.db")
        #expect(try database.cacheState() == nil)
        #expect(try database.cachedCatalog() == nil)
        #expect(database.notices.isEmpty)
    }

    @Test("saving again replaces the previous catalog")
    func replace() throws {
        let directory = TestCatalogs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let catalog = try TestCatalogs.mixed(in: directory)
        let database = try CairnDatabase.open(path: directory + "/cairn.db")
        try database.saveCatalog(catalog, locations: "first")
        let smaller = Catalog(entities: Array(catalog.entities.prefix(1)), files: [], fileProblems: [])
        try database.saveCatalog(smaller, locations: "second")
        let cached = try #require(try database.cachedCatalog())
        #expect(cached.entities.map(\.ref) == [catalog.entities[0].ref])
        #expect(try database.cacheState()?.locations == "second")
    }

    @Test("a damaged file is moved aside, never deleted, and a fresh database is made")
    func damagedFile() throws {
        let directory = TestCatalogs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/cairn.db"
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: path))

        let database = try CairnDatabase.open(path: path)
        #expect(database.notices.count == 1)
        #expect(database.notices[0].contains("damaged"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("cairn.db.unreadable-") }
        #expect(aside.count == 1)
        #expect(FileManager.default.contents(atPath: directory + "/" + aside[0]) == garbage)
        let catalog = try TestCatalogs.mixed(in: directory)
        try database.saveCatalog(catalog, locations: "key")
        #expect(try database.cachedCatalog()?.entities.count == catalog.entities.count)
    }

    @Test("another program's SQLite file is kept aside with its data intact")
    func foreignDatabase() throws {
        let directory = TestCatalogs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/cairn.db"
        do {
            let other = try DatabaseQueue(path: path)
            try other.write { db in
                try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices (amount) VALUES (42.5)")
            }
        }
        let database = try CairnDatabase.open(path: path)
        #expect(database.notices.first?.contains("another program") == true)
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("cairn.db.unreadable-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") })
        let moved = try DatabaseQueue(path: directory + "/" + aside)
        let amount = try moved.read { try Double.fetchOne($0, sql: "SELECT amount FROM invoices") }
        #expect(amount == 42.5)
        // A cairn database opens again without notices.
        #expect(try CairnDatabase.open(path: path).notices.isEmpty)
    }

    @Test("several connections write and read one file at once without 'database is locked'")
    func concurrentAccess() async throws {
        let directory = TestCatalogs.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let catalog = try TestCatalogs.mixed(in: directory)
        let path = directory + "/cairn.db"
        let expected = catalog.entities.count
        try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<6 {
                group.addTask {
                    // Each task opens its own pool, as separate processes would.
                    let database = try CairnDatabase.open(path: path)
                    var reads = 0
                    for round in 0..<15 {
                        if (worker + round) % 2 == 0 {
                            try database.saveCatalog(catalog, locations: "worker-\(worker)")
                        } else if let cached = try database.cachedCatalog() {
                            #expect(cached.entities.count == expected)
                            reads += 1
                        }
                    }
                    return reads
                }
            }
            var total = 0
            for try await reads in group { total += reads }
            #expect(total > 0)
        }
    }
}
