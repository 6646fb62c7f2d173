import CairnStore
import Foundation
import Testing

@Suite("Health sample history: retention and last-known reads")
struct HealthHistoryTests {
    func database() throws -> (CairnDatabase, String) {
        let directory = TestCatalogs.temporaryDirectory()
        return (try CairnDatabase.open(path: directory + "/cairn.db"), directory)
    }

    func sample(_ ref: String, at seconds: Double, status: String = "pass") -> StoredHealthSample {
        StoredHealthSample(entityRef: ref, checkedAt: Date(timeIntervalSince1970: seconds), status: status, httpStatus: 200,
                           latencyMilliseconds: Int(seconds) % 1000, reason: "r\(Int(seconds))")
    }

    @Test("samples older than the retention age go; each entity keeps at most its count, newest first")
    func retention() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = Date(timeIntervalSince1970: 100_000)
        let retention = HealthRetention(maxAge: 3_600, maxPerEntity: 5)
        try database.saveHealthSamples((0..<10).map { sample("component:default/a", at: 99_000 + Double($0)) }, retention: retention, now: now)
        try database.saveHealthSamples([sample("component:default/b", at: 90_000), sample("component:default/b", at: 99_990)], retention: retention, now: now)
        let counts = try database.healthSampleCounts()
        #expect(counts["component:default/a"] == 5)
        #expect(counts["component:default/b"] == 1, "the one from 10,000 s ago is past 1 h")
        let kept = try database.recentHealthSamples(perEntity: 100, refs: ["component:default/a"])
        #expect(kept.map(\.reason) == ["r99005", "r99006", "r99007", "r99008", "r99009"])
    }

    @Test("the newest N per entity, oldest first, across entities; a closed and reopened file keeps them")
    func recent() throws {
        let (database, directory) = try database()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = Date(timeIntervalSince1970: 10_000)
        try database.saveHealthSamples([sample("component:default/a", at: 9_001, status: "fail"), sample("component:default/b", at: 9_002),
                                        sample("component:default/a", at: 9_003, status: "warn"), sample("component:default/a", at: 9_004)], now: now)
        let recent = try database.recentHealthSamples(perEntity: 2)
        #expect(recent.map(\.reason) == ["r9002", "r9003", "r9004"])
        let reopened = try CairnDatabase.open(path: directory + "/cairn.db")
        #expect(try reopened.recentHealthSamples(perEntity: 1).map(\.status) == ["pass", "pass"])
        #expect(try reopened.recentHealthSamples(perEntity: 1, refs: []).isEmpty)
    }
}
