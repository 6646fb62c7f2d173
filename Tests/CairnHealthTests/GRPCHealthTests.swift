import CairnCatalog
import CairnHealth
import CairnHTTP
import Testing

/// The hand-written grpc.health.v1 codec and verdicts, byte for byte. The expected bytes are the
/// ones recorded from grpcio-health-checking in ../shared/notes/health-formats.md §2.4.
@Suite("gRPC health codec and verdicts")
struct GRPCHealthTests {
    @Test("HealthCheckRequest frames: empty service, a named one, a long one (2-byte varint length)")
    func requestFrames() {
        #expect(GRPCHealth.frame(GRPCHealth.checkRequest(service: "")) == [0, 0, 0, 0, 0])
        #expect(GRPCHealth.frame(GRPCHealth.checkRequest(service: "svc.Down")) == [0, 0, 0, 0, 10, 0x0A, 8] + Array("svc.Down".utf8))
        let long = String(repeating: "a", count: 300)
        // 300 = 0b10_0101100 → varint AC 02; message = 1 + 2 + 300 = 303 = 0x012F
        #expect(GRPCHealth.frame(GRPCHealth.checkRequest(service: long)) == [0, 0, 0, 0x01, 0x2F, 0x0A, 0xAC, 0x02] + Array(long.utf8))
    }

    @Test("varints: 0, 1, 127, 128, 300, UInt64.max")
    func varints() {
        #expect(GRPCHealth.varint(0) == [0])
        #expect(GRPCHealth.varint(1) == [1])
        #expect(GRPCHealth.varint(127) == [0x7F])
        #expect(GRPCHealth.varint(128) == [0x80, 0x01])
        #expect(GRPCHealth.varint(300) == [0xAC, 0x02])
        #expect(GRPCHealth.varint(.max) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    }

    @Test("HealthCheckResponse: SERVING, NOT_SERVING, the empty (UNKNOWN) message, unknown fields skipped, last value wins")
    func responses() throws {
        #expect(try GRPCHealth.servingStatus(GRPCHealth.unframe([0, 0, 0, 0, 2, 0x08, 0x01])) == 1)
        #expect(try GRPCHealth.servingStatus(GRPCHealth.unframe([0, 0, 0, 0, 2, 0x08, 0x02])) == 2)
        #expect(try GRPCHealth.servingStatus(GRPCHealth.unframe([0, 0, 0, 0, 0])) == 0)
        // field 2 string "hi", field 3 fixed64, field 4 fixed32, then status 3, then status 1 again.
        let message: [UInt8] = [0x12, 2, 0x68, 0x69, 0x19] + [UInt8](repeating: 7, count: 8) + [0x25, 1, 2, 3, 4, 0x08, 0x03, 0x08, 0x01]
        #expect(try GRPCHealth.servingStatus(GRPCHealth.unframe(GRPCHealth.frame(message))) == 1)
        // A second frame after the first is ignored; bytes past the declared length too.
        #expect(try GRPCHealth.servingStatus(GRPCHealth.unframe([0, 0, 0, 0, 2, 0x08, 0x02, 0, 0, 0, 0, 2, 0x08, 0x01])) == 2)
    }

    @Test("malformed frames and messages are errors, not crashes")
    func malformed() {
        #expect(throws: GRPCHealth.DecodeError.shortFrame) { try GRPCHealth.unframe([0, 0, 0]) }
        #expect(throws: GRPCHealth.DecodeError.compressed) { try GRPCHealth.unframe([1, 0, 0, 0, 2, 0x08, 0x01]) }
        #expect(throws: GRPCHealth.DecodeError.lengthMismatch(declared: 9, actual: 2)) { try GRPCHealth.unframe([0, 0, 0, 0, 9, 0x08, 0x01]) }
        #expect(throws: GRPCHealth.DecodeError.self) { try GRPCHealth.servingStatus([0x08]) } // varint missing
        #expect(throws: GRPCHealth.DecodeError.self) { try GRPCHealth.servingStatus([0x08, 0x80, 0x80]) } // unterminated varint
        #expect(throws: GRPCHealth.DecodeError.self) { try GRPCHealth.servingStatus([0x12, 0x05, 0x41]) } // string past the end
        #expect(throws: GRPCHealth.DecodeError.self) { try GRPCHealth.servingStatus([0x0B]) } // wire type 3 (groups)
        #expect(throws: GRPCHealth.DecodeError.self) { try GRPCHealth.servingStatus([0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01]) }
        #expect(throws: GRPCHealth.DecodeError.self) { try GRPCHealth.servingStatus([0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) }
    }

    @Test("grpc:// and grpcs:// URLs: authority, service, TLS; junk is refused")
    func targets() throws {
        let plain = try #require(GRPCHealth.target("grpc://127.0.0.1:50051"))
        #expect(plain == GRPCHealth.Target(authority: "127.0.0.1:50051", service: "", usesTLS: false))
        #expect(plain.checkURL == "http://127.0.0.1:50051/grpc.health.v1.Health/Check")
        let named = try #require(GRPCHealth.target("GRPCS://[::1]:443/payments.v1.Gateway/"))
        #expect(named == GRPCHealth.Target(authority: "[::1]:443", service: "payments.v1.Gateway", usesTLS: true))
        #expect(named.checkURL == "https://[::1]:443/grpc.health.v1.Health/Check")
        #expect(GRPCHealth.target("grpc://") == nil)
        #expect(GRPCHealth.target("grpc:///svc") == nil)
        #expect(GRPCHealth.target("grpc://host:1/a/b") == nil)
        #expect(GRPCHealth.target("http://host:1/") == nil)
    }

    @Test("a probe's request for a grpc URL: POST, HTTP/2, gRPC headers, framed body; an unparseable one is refused")
    func probeRequest() throws {
        let probe = HealthProbe(entityRef: EntityRef(kind: "component", namespace: "default", name: "gw"), url: "grpc://127.0.0.1:9/svc.Down", timeoutSeconds: 1.5)
        let request = try probe.request().get()
        #expect(request.url == "http://127.0.0.1:9/grpc.health.v1.Health/Check")
        #expect(request.method == "POST")
        #expect(request.usesHTTP2PriorKnowledge)
        #expect(request.headers.contains("content-type: application/grpc"))
        #expect(request.headers.contains("te: trailers"))
        #expect(request.headers.contains("grpc-timeout: 1500m"))
        #expect(request.body == [0, 0, 0, 0, 10, 0x0A, 8] + Array("svc.Down".utf8))
        #expect(request.timeoutMilliseconds == 1500)
        let bad = HealthProbe(entityRef: EntityRef(kind: "component", namespace: "default", name: "gw"), url: "grpc:///nothing")
        #expect(throws: HealthSample.Refusal.self) { try bad.request().get() }
        let ftp = HealthProbe(entityRef: EntityRef(kind: "component", namespace: "default", name: "gw"), url: "ftp://host/")
        #expect(throws: HealthSample.Refusal.self) { try ftp.request().get() }
    }

    func verdict(_ status: Int = 200, grpcStatus: String? = "0", message: String? = nil, body: [UInt8] = [], seconds: Double = 0.01,
                 failure: HTTPFailure? = nil, service: String = "svc") -> HealthVerdict {
        var headers: [(name: String, value: String)] = [("content-type", "application/grpc")]
        if let grpcStatus { headers.append(("grpc-status", grpcStatus)) }
        if let message { headers.append(("grpc-message", message)) }
        return GRPCHealth.verdict(for: HTTPResponse(status: status, headers: headers, body: body, seconds: seconds, failure: failure),
                                  service: service, slowAfterSeconds: 1)
    }

    @Test("verdicts: serving statuses, grpc-status codes, non-gRPC answers, transport failures, slowness")
    func verdicts() {
        #expect(verdict(body: [0, 0, 0, 0, 2, 0x08, 0x01]) == HealthVerdict(.pass, "SERVING"))
        #expect(verdict(body: [0, 0, 0, 0, 2, 0x08, 0x02]) == HealthVerdict(.fail, "NOT_SERVING"))
        #expect(verdict(body: [0, 0, 0, 0, 0]) == HealthVerdict(.unknown, "UNKNOWN"))
        #expect(verdict(body: [0, 0, 0, 0, 2, 0x08, 0x03]).status == .unknown)
        #expect(verdict(grpcStatus: "5", body: [0, 0, 0, 0, 0], service: "svc.Nope") == HealthVerdict(.unknown, "service svc.Nope not registered"))
        #expect(verdict(grpcStatus: "5", body: [0, 0, 0, 0, 2, 0x08, 0x01]).status == .unknown, "grpc-status is read before the body")
        #expect(verdict(grpcStatus: "12", message: "Method not found!") == HealthVerdict(.unknown, "no grpc.health.v1 service"))
        #expect(verdict(grpcStatus: "14", message: "db pool %C3%A9puis%C3%A9") == HealthVerdict(.fail, "grpc-status 14 UNAVAILABLE: db pool épuisé"))
        #expect(verdict(grpcStatus: "4") == HealthVerdict(.fail, "grpc-status 4 DEADLINE_EXCEEDED"))
        #expect(verdict(grpcStatus: nil).status == .fail, "no grpc-status: not a gRPC server")
        #expect(verdict(502, grpcStatus: nil) == HealthVerdict(.fail, "HTTP 502"))
        #expect(verdict(body: [0, 0, 0]).status == .unknown, "a broken frame with status OK says nothing")
        #expect(verdict(failure: .connectionRefused) == HealthVerdict(.fail, "connection refused"))
        #expect(verdict(body: [0, 0, 0, 0, 2, 0x08, 0x01], seconds: 1.2) == HealthVerdict(.warn, "slow: 1200 ms"))
        #expect(verdict(body: [0, 0, 0, 0, 2, 0x08, 0x02], seconds: 1.2).status == .fail, "slowness never hides a failure")
    }
}
