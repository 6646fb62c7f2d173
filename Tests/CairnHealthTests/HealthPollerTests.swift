import CairnCatalog
import CairnHealth
import CairnHTTP
import CairnStore
import Foundation
import LoopbackFixtures
import Synchronization
import Testing

/// Every batch the poller hands on, with when it arrived.
private final class Received: Sendable {
    let batches = Mutex<[(Date, [HealthSample])]>([])

    func add(_ samples: [HealthSample]) { batches.withLock { $0.append((Date(), samples)) } }

    var samples: [HealthSample] { batches.withLock { $0.flatMap(\.1) } }

    func samples(of name: String) -> [HealthSample] { samples.filter { $0.entityRef.name == name } }

    func firstArrival(of name: String) -> Date? { batches.withLock { $0.first { $0.1.contains { $0.entityRef.name == name } }?.0 } }
}

@Suite("Background poller against a loopback server", .serialized)
struct HealthPollerTests {
    static func probe(_ name: String, _ url: String, interval: Double = 30, timeout: Double = 2) -> HealthProbe {
        HealthProbe(entityRef: EntityRef(kind: "component", name: name), url: url, timeoutSeconds: timeout, intervalSeconds: interval)
    }

    static func wait(upTo seconds: Double, until condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(), Date() < deadline { usleep(20_000) }
    }

    @Test("a hanging endpoint holds up nobody: the passing one arrives at once, the hanging one at its timeout")
    func hangingDoesNotBlock() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let received = Received()
        let started = Date()
        let poller = HealthPoller(probes: [Self.probe("hangs", server.url("/hang"), timeout: 1.5), Self.probe("passes", server.url("/ietf-pass"))],
                                  database: nil, batchInterval: 0.05) { received.add($0) }
        poller.start()
        defer { poller.stop() }
        Self.wait(upTo: 5) { !received.samples(of: "hangs").isEmpty }
        let passedAt = try #require(received.firstArrival(of: "passes")).timeIntervalSince(started)
        let hungAt = try #require(received.firstArrival(of: "hangs")).timeIntervalSince(started)
        #expect(passedAt < 0.8, "the pass arrived \(passedAt) s in")
        #expect(hungAt >= 1.4 && hungAt < 2.5, "the hang was given up at \(hungAt) s (timeout 1.5 s)")
        #expect(received.samples(of: "hangs").first?.status == .fail)
        #expect(received.samples(of: "hangs").first?.reason == "timed out")
        #expect(received.samples(of: "passes").first?.status == .pass)
    }

    @Test("each endpoint on its own schedule: a 1 s interval repeats, Cache-Control max-age=30 holds the next check back")
    func schedules() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let received = Received()
        let poller = HealthPoller(probes: [Self.probe("often", server.url("/ietf-pass"), interval: 1),
                                           Self.probe("cached", server.url("/cache"), interval: 1)],
                                  database: nil, batchInterval: 0.05) { received.add($0) }
        poller.start()
        Self.wait(upTo: 4) { received.samples(of: "often").count >= 3 }
        poller.stop()
        #expect(received.samples(of: "often").count >= 3)
        #expect(received.samples(of: "cached").count == 1, "max-age=30 is the minimum interval")
        let count = received.samples.count
        usleep(1_300_000)
        #expect(received.samples.count == count, "nothing is checked after stop")
    }

    @Test("samples are persisted with retention, and read back as the last-known state")
    func persistence() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-poller-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try CairnDatabase.open(path: path)
        let received = Received()
        let poller = HealthPoller(probes: [Self.probe("often", server.url("/ietf-pass"), interval: 1), Self.probe("down", server.url("/spring-down"), interval: 1)],
                                  database: database, retention: HealthRetention(maxAge: 3600, maxPerEntity: 2), batchInterval: 0.05) { received.add($0) }
        poller.start()
        Self.wait(upTo: 5) { received.samples(of: "often").count >= 3 }
        poller.stop()
        #expect(try database.healthSampleCounts()["component:default/often"] == 2, "at most two kept per entity")
        let reopened = try CairnDatabase.open(path: path)
        let lastKnown = reopened.recentHealth()
        #expect(lastKnown.last { $0.entityRef.name == "down" }?.status == .fail)
        #expect(lastKnown.last { $0.entityRef.name == "down" }?.httpStatus == 503)
        #expect(lastKnown.last { $0.entityRef.name == "often" }?.status == .pass)
    }

    @Test("a failing endpoint backs off: with a 1 s interval it is checked fewer times than a passing one")
    func backsOff() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let received = Received()
        let poller = HealthPoller(probes: [Self.probe("fails", server.url("/plain-500"), interval: 1), Self.probe("passes", server.url("/k8s"), interval: 1)],
                                  database: nil, batchInterval: 0.05) { received.add($0) }
        poller.start()
        Self.wait(upTo: 6) { received.samples(of: "passes").count >= 6 }
        poller.stop()
        // Failing: checks at 0, ≥1, ≥3 (1 + 2×0.8), ≥6.2 s… → at most 3 in ~5 s; passing: every second.
        #expect(received.samples(of: "passes").count >= 5)
        #expect(received.samples(of: "fails").count <= 3)
        #expect(received.samples(of: "fails").allSatisfy { $0.status == .fail })
    }

    @Test("a probe whose URL changes while its check hangs is checked at the new URL at once")
    func urlChangeWhileInFlight() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let received = Received()
        let poller = HealthPoller(probes: [Self.probe("moving", server.url("/hang"), interval: 1, timeout: 1)], database: nil, batchInterval: 0.05) { received.add($0) }
        poller.start()
        usleep(300_000)
        poller.replaceProbes([Self.probe("moving", server.url("/ietf-pass"), interval: 1, timeout: 1)])
        Self.wait(upTo: 3) { received.samples(of: "moving").contains { $0.status == .pass } }
        poller.stop()
        #expect(received.samples(of: "moving").contains { $0.status == .pass }, "\(received.samples(of: "moving"))")
        #expect(!received.samples(of: "moving").contains { $0.reason == "timed out" }, "the old URL's result is dropped")
    }

    @Test("a freed slot starts the next waiting request at once (concurrency 1, three fast requests well under a second)")
    func freedSlotStartsNext() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let stream = HTTPStream(maxConcurrent: 1)
        defer { stream.stop() }
        let done = DispatchSemaphore(value: 0)
        let started = Date()
        for _ in 0..<3 { stream.submit(HTTPRequest(url: server.url("/ietf-pass"))) { _ in done.signal() } }
        for _ in 0..<3 { #expect(done.wait(timeout: .now() + 5) == .success) }
        #expect(Date().timeIntervalSince(started) < 0.8)
    }
}
