import Foundation
import Testing

/// Provisioning from the portal, with keys alone: request a Redis for an experimental service,
/// watch the job succeed on the Jobs screen (the portal runs it itself), then remove it with
/// the CLI so no redis-server outlives the test.
@Suite("cairn portal provisioning end to end", .serialized)
struct ProvisionTUITests {
    let samples = CairnProcess.repository + "/catalog-samples"

    /// Deprovisions the resource through the CLI against the session's database, then kills any
    /// redis-server still named by a pid file under the session's state folder (a failed test
    /// must not leave one behind).
    func removeRedis(_ session: TmuxSession, resource: String) -> CairnProcess.Result? {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try? cairn.run(["deprovision", resource, "--catalog", samples, "--db", session.database, "--wait"])
        let resources = session.state + "/resources"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: resources)) ?? [] {
            guard let text = try? String(contentsOfFile: "\(resources)/\(name)/redis.pid", encoding: .utf8),
                  let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), TmuxSession.isRunning(pid) else { continue }
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while TmuxSession.isRunning(pid), Date() < deadline { usleep(50_000) }
            if TmuxSession.isRunning(pid) { kill(pid, SIGKILL) }
        }
        return result
    }

    /// The pid of the redis-server the resource runs, from its pid file.
    func redisPID(_ session: TmuxSession, name: String) -> Int32? {
        guard let text = try? String(contentsOfFile: session.state + "/resources/\(name)/redis.pid", encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("p on search-service, pick Redis, accept the defaults, submit: the Jobs screen shows the job reach succeeded",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server"), "redis-server is not installed"))
    func requestRedisFromThePortal() throws {
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples])
        defer { session.close() }
        var removal: CairnProcess.Result?
        defer {
            if removal == nil { removal = removeRedis(session, resource: "resource:search-service-redis") }
        }
        try session.waitFor("Catalog (", "account-web")
        try session.press("/")
        try session.type("search-service")
        try session.press("Enter")
        try session.waitFor("(1 of")
        try session.press("p")
        try session.waitFor("choose a type", "Redis cache")
        // The types are listed by title; move until Redis is under the cursor.
        for _ in 0..<5 {
            if try session.screen().contains("▶ Redis cache") { break }
            try session.press("j")
            try session.waitUntil("the cursor moves") { _ in true }
        }
        try session.waitFor("▶ Redis cache")
        try session.press("Enter")
        try session.waitFor("Redis cache · page 1 of 1", "Memory", "◀ 1gb ▶")
        try session.press("Enter")
        let review = try session.waitFor("· review", "not needed: the job runs at once")
        #expect(review.contains("component:search-service (experimental"))
        try session.press("Enter")
        let jobs = try session.waitUntil("the job succeeds on the Jobs screen", timeout: 60) { screen in
            screen.contains("Jobs (") && screen.contains("✓ succeeded #") && screen.contains("succeeded: resource:default/search-service-redis")
        }
        #expect(jobs.contains("provision redis"))
        #expect(jobs.contains("search-service"))
        #expect(jobs.contains("✓ provision (redis)"))
        let pid = try #require(redisPID(session, name: "search-service-redis"), "the driver wrote its pid file")
        #expect(TmuxSession.isRunning(pid), "the redis-server runs")

        // The CLI removes it; the portal, still open, shows the deprovision job too.
        removal = removeRedis(session, resource: "resource:search-service-redis")
        #expect(removal?.status == 0, "\(removal?.errors ?? "")")
        #expect(!TmuxSession.isRunning(pid), "deprovisioning stopped the redis-server")
        try session.waitFor("deprovision redis")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }
}
