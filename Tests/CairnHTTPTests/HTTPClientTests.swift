import CairnHTTP
import Foundation
import LoopbackFixtures
import Testing

@Suite("HTTP client against a loopback server", .serialized)
struct HTTPClientTests {
    let client = HTTPClient(maxConcurrent: 8)

    @Test("statuses, bodies and headers come back in request order")
    func basics() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let paths = ["/ietf-pass", "/spring-down", "/k8s", "/plain-500", "/cache", "/nowhere"]
        let responses = client.perform(paths.map { HTTPRequest(url: server.url($0)) })
        #expect(responses.map(\.status) == [200, 503, 200, 500, 200, 404])
        #expect(responses.allSatisfy { $0.failure == nil })
        #expect(String(decoding: responses[0].body, as: UTF8.self) == #"{"status": "pass"}"#)
        #expect(responses[0].header("content-type") == "application/health+json")
        #expect(responses[4].header("Cache-Control") == "max-age=30")
        #expect(String(decoding: responses[2].body, as: UTF8.self) == "ok")
    }

    @Test("a hanging or slow endpoint fails as a timeout at the request's limit, without holding up the others")
    func timeouts() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        var hang = HTTPRequest(url: server.url("/hang"))
        hang.timeoutMilliseconds = 300
        var slow = HTTPRequest(url: server.url("/slow?ms=1500"))
        slow.timeoutMilliseconds = 300
        let responses = client.perform([hang, slow, HTTPRequest(url: server.url("/ietf-pass"))])
        #expect(responses[0].failure == .timeout)
        #expect(responses[1].failure == .timeout)
        #expect(responses[2].status == 200 && responses[2].failure == nil)
        #expect(responses[0].seconds < 1.5, "stopped near its 300 ms limit, not after the server's 60 s")
    }

    @Test("connection refused, host not found and a redirect loop are failures with reasons")
    func transportFailures() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        // A port that was just free: bind, read it, close.
        let closedPort = try Self.freePort()
        var unresolvable = HTTPRequest(url: "http://no-such-host.invalid/")
        unresolvable.timeoutMilliseconds = 2_000
        let responses = client.perform([
            HTTPRequest(url: "http://127.0.0.1:\(closedPort)/"),
            unresolvable,
            HTTPRequest(url: server.url("/loop")),
        ])
        #expect(responses[0].failure == .connectionRefused)
        #expect(responses[1].failure == .hostNotFound || responses[1].failure == .timeout)
        #expect(responses[2].failure == .tooManyRedirects)
        #expect(responses[2].failure?.reason == "too many redirects")
    }

    @Test("a 10 MB body is cut at the cap, not read whole")
    func bodyCap() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        var request = HTTPRequest(url: server.url("/big"))
        request.maxBodyBytes = 65_536
        let response = client.perform([request])[0]
        #expect(response.status == 200)
        #expect(response.isTruncated)
        #expect(response.failure == nil)
        #expect(response.body.count == 65_536)
    }

    @Test("many requests with bounded concurrency all complete, in order; POST bodies are sent")
    func concurrency() throws {
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        var requests = (0..<120).map { index in HTTPRequest(url: server.url(index % 2 == 0 ? "/ietf-pass" : "/k8s")) }
        var post = HTTPRequest(url: server.url("/echo"))
        post.method = "POST"
        post.body = Array("hello \u{0} bytes".utf8)
        requests.append(post)
        let responses = HTTPClient(maxConcurrent: 4).perform(requests)
        #expect(responses.count == 121)
        for (index, response) in responses.dropLast().enumerated() {
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self).contains(index % 2 == 0 ? "pass" : "ok"))
        }
        #expect(responses.last?.body == Array("hello \u{0} bytes".utf8))
    }

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
