import CairnCatalog
import CairnHealth
import CairnHTTP
import Foundation
import LoopbackFixtures
import Testing

/// A self-signed certificate for 127.0.0.1 made by `openssl req -x509` in a temporary folder.
private struct SelfSignedCertificate {
    let directory: String
    var certificate: String { directory + "/cert.pem" }
    var key: String { directory + "/key.pem" }

    init() throws {
        directory = NSTemporaryDirectory() + "cairn-tls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                             "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0, FileManager.default.fileExists(atPath: directory + "/cert.pem") else {
            throw FixtureError(message: "openssl req -x509 failed (\(openssl.terminationStatus))")
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// Resident memory of this process, from /proc/self/status.
private func residentKilobytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

/// Checks against real servers on loopback — the Python health server in every format, and a
/// grpcio server with the standard grpc.health.v1 service — through `HealthChecker`, as
/// `cairn health` and the poller do. Serialized: timings and memory are measured.
@Suite("Health checks against real loopback servers", .serialized)
struct HealthIntegrationTests {
    static func ref(_ name: String) -> EntityRef { EntityRef(kind: "component", name: name) }

    func check(_ url: String, timeout: Double = 2) -> HealthSample {
        HealthChecker().check([HealthProbe(entityRef: Self.ref("probe"), url: url, timeoutSeconds: timeout, intervalSeconds: 30)])[0]
    }

    @Test("every format and status, in one batch, in probe order")
    func formats() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let cases: [(path: String, status: HealthStatus, http: Int, reason: String)] = [
            ("/ietf-pass", .pass, 200, "status pass"),
            ("/ietf-warn", .warn, 200, "status warn"),
            ("/ietf-fail", .fail, 503, "status fail, HTTP 503"),
            ("/cache", .pass, 200, "status pass"),
            ("/spring-up", .pass, 200, "status UP"),
            ("/spring-down", .fail, 503, "status DOWN, HTTP 503"),
            ("/spring-oos", .fail, 503, "HTTP 503"), // Spring's default mapping: OUT_OF_SERVICE → 503, and the worse wins
            ("/spring-oos-200", .warn, 200, "status OUT_OF_SERVICE"),
            ("/spring-nested-down", .fail, 200, "broker.queue: fail"),
            ("/k8s", .pass, 200, "ok"),
            ("/k8s-verbose-fail", .fail, 500, "etcd failed: reason withheld, HTTP 500"),
            ("/code?n=204", .pass, 204, "HTTP 204"),
            ("/code?n=301", .pass, 301, "HTTP 301"), // a 3xx without Location counts by its code
            ("/code?n=404", .fail, 404, "HTTP 404"),
            ("/plain-500", .fail, 500, "HTTP 500"),
            ("/code?n=503", .fail, 503, "HTTP 503"),
            ("/invalid", .pass, 200, "HTTP 200"), // invalid JSON counts by its code
            ("/nowhere", .fail, 404, "HTTP 404"),
        ]
        let probes = cases.enumerated().map { index, item in
            HealthProbe(entityRef: Self.ref("service-\(index)"), url: server.url(item.path), timeoutSeconds: 2, intervalSeconds: 30)
        }
        let samples = HealthChecker(client: HTTPClient(maxConcurrent: 6)).check(probes)
        #expect(samples.count == cases.count)
        for (index, (item, sample)) in zip(cases, samples).enumerated() {
            #expect(sample.entityRef == Self.ref("service-\(index)"), "results come back in probe order")
            #expect(sample.status == item.status, "\(item.path): \(sample.reason)")
            #expect(sample.httpStatus == item.http, "\(item.path)")
            if item.path == "/spring-oos" {
                #expect(sample.reason.hasSuffix(item.reason), "\(item.path): \(sample.reason)")
            } else {
                #expect(sample.reason == item.reason, "\(item.path)")
            }
        }
    }

    @Test("slow answers warn; a quick one under the same timeout passes")
    func slow() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let samples = HealthChecker().check([
            HealthProbe(entityRef: Self.ref("slow"), url: server.url("/slow?ms=1600"), timeoutSeconds: 2),
            HealthProbe(entityRef: Self.ref("quick"), url: server.url("/slow?ms=100"), timeoutSeconds: 2),
        ])
        #expect(samples[0].status == .warn)
        #expect(samples[0].reason.hasPrefix("slow: 1"), "\(samples[0].reason)")
        #expect(samples[0].latencyMilliseconds >= 1500 && samples[0].latencyMilliseconds < 2000)
        #expect(samples[1].status == .pass, "\(samples[1].reason)")
    }

    @Test("a hanging endpoint fails as 'timed out' and the check returns at its timeout, not the server's 60 s")
    func hanging() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let started = Date()
        let sample = check(server.url("/hang"), timeout: 1)
        let elapsed = Date().timeIntervalSince(started)
        #expect(sample.status == .fail)
        #expect(sample.reason == "timed out")
        #expect(sample.httpStatus == nil)
        #expect(elapsed >= 0.9 && elapsed < 1.6, "returned after \(elapsed) s for a 1 s timeout")
    }

    @Test("connection refused and a redirect loop fail with their reasons")
    func transport() throws {
        let server = try FixtureServer("health-server/server.py")
        let closedPort = server.port
        let loop = check(server.url("/loop"))
        server.stop() // now nothing listens on its port
        #expect(loop.status == .fail)
        #expect(loop.reason == "too many redirects")
        let refused = check("http://127.0.0.1:\(closedPort)/healthz")
        #expect(refused == HealthSample(entityRef: Self.ref("probe"), status: .fail, httpStatus: nil, latencyMilliseconds: refused.latencyMilliseconds,
                                        checkedAt: refused.checkedAt, reason: "connection refused"))
    }

    @Test("a 10 MB body is read only up to 64 KiB, counts by its code, and does not grow memory by 10 MB")
    func bigBody() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let probe = HealthProbe(entityRef: Self.ref("big"), url: server.url("/big"), timeoutSeconds: 5)
        let request = try probe.request().get()
        // Three fetches, each response kept alive while memory is read: a body read whole would
        // add 10 MB every time; the smallest growth discounts other suites allocating meanwhile.
        var held: [HTTPResponse] = []
        var growth: [Int] = []
        for _ in 0..<3 {
            let before = residentKilobytes()
            held.append(HTTPClient().perform([request])[0])
            growth.append(residentKilobytes() - before)
        }
        for response in held { // plain values, so a failure does not print a 10 MB body
            let (status, failure, truncated, bytes) = (response.status, response.failure, response.isTruncated, response.body.count)
            #expect(status == 200)
            #expect(failure == nil)
            #expect(truncated)
            #expect(bytes <= 65_536)
            #expect(bytes > 0)
        }
        #expect(growth.min()! < 6 * 1024, "resident memory grew by \(growth) KiB per response held")
        #expect(probe.sample(from: held[0], at: Date()).status == .pass)
        // And through the checker, as users meet it.
        let sample = check(server.url("/big"), timeout: 5)
        #expect(sample.status == .pass)
        #expect(sample.reason == "HTTP 200")
        withExtendedLifetime(held) {}
    }

    @Test("a self-signed TLS server fails with a TLS reason; trusting its certificate makes it pass")
    func selfSignedTLS() throws {
        let certificate = try SelfSignedCertificate()
        defer { certificate.remove() }
        let server = try FixtureServer("health-server/server.py", ["--tls", certificate.certificate, certificate.key])
        defer { server.stop() }
        let url = server.url("/ietf-pass", scheme: "https")
        let untrusted = check(url)
        #expect(untrusted.status == .fail)
        #expect(untrusted.reason.hasPrefix("TLS error"), "\(untrusted.reason)")
        #expect(untrusted.httpStatus == nil)

        let previous = HealthProbe.trustedCAFile
        HealthProbe.trustedCAFile = certificate.certificate
        defer { HealthProbe.trustedCAFile = previous }
        let trusted = check(url)
        #expect(trusted.status == .pass, "\(trusted.reason)")
        #expect(trusted.reason == "status pass")
        #expect(check(server.url("/spring-down", scheme: "https")).status == .fail, "over TLS the body is read as usual")
    }

    @Test("gRPC health: SERVING, NOT_SERVING, UNKNOWN, unregistered, failing call, in one batch")
    func grpc() throws {
        let server = try FixtureServer("grpc-health/server.py")
        defer { server.stop() }
        let base = "grpc://127.0.0.1:\(server.port)"
        let cases: [(url: String, status: HealthStatus, reason: String)] = [
            (base, .pass, "SERVING"),
            (base + "/svc.Up", .pass, "SERVING"),
            (base + "/svc.Down", .fail, "NOT_SERVING"),
            (base + "/svc.Unknown", .unknown, "UNKNOWN"),
            (base + "/svc.Nope", .unknown, "service svc.Nope not registered"),
            (base + "/svc.Broken", .fail, "grpc-status 14 UNAVAILABLE: db pool épuisé: 0/10 connections"),
        ]
        let probes = cases.enumerated().map { index, item in
            HealthProbe(entityRef: Self.ref("grpc-\(index)"), url: item.url, timeoutSeconds: 2)
        }
        let samples = HealthChecker().check(probes)
        for (item, sample) in zip(cases, samples) {
            #expect(sample.status == item.status, "\(item.url): \(sample.reason)")
            #expect(sample.reason == item.reason, "\(item.url)")
            #expect(sample.httpStatus == 200, "\(item.url)")
        }
    }

    @Test("gRPC: a server without the health service, a refused port, an HTTP/1 server")
    func grpcMisfits() throws {
        let bare = try FixtureServer("grpc-health/server.py", ["--no-health"])
        defer { bare.stop() }
        let http1 = try FixtureServer("health-server/server.py")
        defer { http1.stop() }
        let unimplemented = check("grpc://127.0.0.1:\(bare.port)")
        #expect(unimplemented.status == .unknown)
        #expect(unimplemented.reason == "no grpc.health.v1 service")
        let refusedPort = http1.port
        let notGRPC = check("grpc://127.0.0.1:\(refusedPort)")
        #expect(notGRPC.status == .fail, "\(notGRPC.reason)")
        #expect(notGRPC.reason.hasSuffix("(not an HTTP/2 gRPC server?)"), "\(notGRPC.reason)")
        http1.stop()
        #expect(check("grpc://127.0.0.1:\(refusedPort)/svc.Up").reason == "connection refused")
        #expect(check("grpc://127.0.0.1:\(refusedPort)/svc.Up").status == .fail)
    }

    @Test("gRPC: slow → warn; hanging → 'timed out' at the probe's timeout")
    func grpcTiming() throws {
        let slowServer = try FixtureServer("grpc-health/server.py", ["--delay-ms", "850"])
        defer { slowServer.stop() }
        let slow = check("grpc://127.0.0.1:\(slowServer.port)", timeout: 1)
        #expect(slow.status == .warn, "\(slow.reason)")
        #expect(slow.reason.hasPrefix("slow: "))

        let hangingServer = try FixtureServer("grpc-health/server.py", ["--delay-ms", "30000"])
        defer { hangingServer.stop() }
        let started = Date()
        let hanging = check("grpc://127.0.0.1:\(hangingServer.port)/svc.Up", timeout: 1)
        let elapsed = Date().timeIntervalSince(started)
        #expect(hanging.status == .fail)
        // curl's own timer, or the server honouring our grpc-timeout (DEADLINE_EXCEEDED): both fail.
        #expect(hanging.reason == "timed out" || hanging.reason.hasPrefix("grpc-status 4"), "\(hanging.reason)")
        #expect(elapsed < 1.6, "returned after \(elapsed) s for a 1 s timeout")
    }

    @Test("grpcs://: HTTP/2 by ALPN over TLS; untrusted certificate fails, trusted passes")
    func grpcTLS() throws {
        let certificate = try SelfSignedCertificate()
        defer { certificate.remove() }
        let server = try FixtureServer("grpc-health/server.py", ["--tls", certificate.certificate, certificate.key])
        defer { server.stop() }
        let untrusted = check("grpcs://127.0.0.1:\(server.port)")
        #expect(untrusted.status == .fail)
        #expect(untrusted.reason.hasPrefix("TLS error"), "\(untrusted.reason)")

        let previous = HealthProbe.trustedCAFile
        HealthProbe.trustedCAFile = certificate.certificate
        defer { HealthProbe.trustedCAFile = previous }
        let samples = HealthChecker().check([
            HealthProbe(entityRef: Self.ref("up"), url: "grpcs://127.0.0.1:\(server.port)", timeoutSeconds: 2),
            HealthProbe(entityRef: Self.ref("down"), url: "grpcs://127.0.0.1:\(server.port)/svc.Down", timeoutSeconds: 2),
        ])
        #expect(samples[0].status == .pass, "\(samples[0].reason)")
        #expect(samples[0].reason == "SERVING")
        #expect(samples[1].status == .fail)
        #expect(samples[1].reason == "NOT_SERVING")
    }
}
