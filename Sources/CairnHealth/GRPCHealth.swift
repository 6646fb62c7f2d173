import CairnHTTP
import Foundation

/// The gRPC health protocol (`grpc.health.v1.Health/Check`, grpc/grpc doc/health-checking.md)
/// spoken through the ordinary HTTP client: one unary call over HTTP/2 with a hand-written
/// codec for the two tiny messages involved — no protobuf dependency.
///
///     message HealthCheckRequest  { string service = 1; }
///     message HealthCheckResponse { ServingStatus status = 1; }   // UNKNOWN 0, SERVING 1,
///                                                                 // NOT_SERVING 2, SERVICE_UNKNOWN 3
///
/// `grpc://host:port[/service.Name]` is cleartext HTTP/2 with prior knowledge; `grpcs://` is
/// HTTPS with HTTP/2 negotiated by ALPN. No service (or an empty one) asks about the whole server.
public enum GRPCHealth {
    /// Where a `grpc://` or `grpcs://` health URL points.
    public struct Target: Sendable, Equatable {
        /// `host:port` as written (an IPv6 host keeps its brackets).
        public var authority: String
        /// The service asked about; "" is the whole server.
        public var service: String
        public var usesTLS: Bool

        public init(authority: String, service: String, usesTLS: Bool) {
            self.authority = authority
            self.service = service
            self.usesTLS = usesTLS
        }

        /// The HTTP/2 URL of the Check method.
        public var checkURL: String { (usesTLS ? "https://" : "http://") + authority + "/grpc.health.v1.Health/Check" }
    }

    public static func isGRPCURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("grpc://") || lower.hasPrefix("grpcs://")
    }

    /// Parses `grpc://host:port[/service.Name]` (or `grpcs://`); nil when it is not one.
    public static func target(_ url: String) -> Target? {
        let lower = url.lowercased()
        let usesTLS: Bool
        let rest: Substring
        if lower.hasPrefix("grpc://") {
            usesTLS = false
            rest = url.dropFirst("grpc://".count)
        } else if lower.hasPrefix("grpcs://") {
            usesTLS = true
            rest = url.dropFirst("grpcs://".count)
        } else {
            return nil
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<slash])
        var service = slash < rest.endIndex ? String(rest[rest.index(after: slash)...]) : ""
        while service.hasSuffix("/") { service.removeLast() }
        service = service.removingPercentEncoding ?? service
        guard !authority.isEmpty, !authority.contains(where: { $0 == "?" || $0 == "#" || $0 == "@" || $0.isWhitespace }),
              !service.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0.isWhitespace }) else { return nil }
        return Target(authority: authority, service: service, usesTLS: usesTLS)
    }

    /// The HTTP request that performs `Check` for `target` within `timeoutMilliseconds`.
    public static func request(_ target: Target, timeoutMilliseconds: Int) -> HTTPRequest {
        var request = HTTPRequest(url: target.checkURL)
        request.method = "POST"
        request.usesHTTP2PriorKnowledge = true // cleartext: h2 straight away; TLS: h2 by ALPN
        request.headers = [
            "content-type: application/grpc",
            "te: trailers",
            "grpc-timeout: \(max(1, timeoutMilliseconds))m", // the server may give up when we do
        ]
        request.body = frame(checkRequest(service: target.service))
        request.timeoutMilliseconds = timeoutMilliseconds
        request.maxRedirects = 0
        request.maxBodyBytes = 4_096 // a HealthCheckResponse frame is 7 bytes
        return request
    }

    // MARK: Codec

    /// Protobuf encoding of `HealthCheckRequest{service}` (proto3: an empty string is omitted).
    public static func checkRequest(service: String) -> [UInt8] {
        let bytes = Array(service.utf8)
        guard !bytes.isEmpty else { return [] }
        return [0x0A] + varint(UInt64(bytes.count)) + bytes // field 1, wire type 2 (length-delimited)
    }

    /// A gRPC length-prefixed message: flag 0 (uncompressed), 4-byte big-endian length, bytes.
    public static func frame(_ message: [UInt8]) -> [UInt8] {
        let length = UInt32(message.count)
        return [0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + message
    }

    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case shortFrame, compressed, lengthMismatch(declared: Int, actual: Int), malformed(String)

        public var description: String {
            switch self {
            case .shortFrame: return "response shorter than a gRPC frame header"
            case .compressed: return "compressed response (cairn asks for none)"
            case .lengthMismatch(let declared, let actual): return "frame declares \(declared) bytes, \(actual) arrived"
            case .malformed(let detail): return "malformed HealthCheckResponse: \(detail)"
            }
        }
    }

    /// The message inside the first gRPC frame of `body`.
    public static func unframe(_ body: [UInt8]) throws(DecodeError) -> ArraySlice<UInt8> {
        guard body.count >= 5 else { throw .shortFrame }
        guard body[0] == 0 else { throw .compressed }
        let length = Int(body[1]) << 24 | Int(body[2]) << 16 | Int(body[3]) << 8 | Int(body[4])
        guard body.count - 5 >= length else { throw .lengthMismatch(declared: length, actual: body.count - 5) }
        return body[5..<(5 + length)]
    }

    /// `HealthCheckResponse.status` as its raw enum number (0 when absent, the proto3 default).
    /// Unknown fields are skipped; a repeated field's last value wins, as protobuf says.
    public static func servingStatus(_ message: ArraySlice<UInt8>) throws(DecodeError) -> UInt64 {
        var reader = Reader(bytes: message)
        var status: UInt64 = 0
        while !reader.isAtEnd {
            let key = try reader.varint()
            let field = key >> 3
            switch key & 7 {
            case 0:
                let value = try reader.varint()
                if field == 1 { status = value }
            case 1: try reader.skip(8)
            case 2: try reader.skip(Int(exactly: try reader.varint()) ?? Int.max)
            case 5: try reader.skip(4)
            default: throw .malformed("wire type \(key & 7)")
            }
            if field == 0 { throw .malformed("field number 0") }
        }
        return status
    }

    private struct Reader {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        var isAtEnd: Bool { position >= bytes.endIndex }

        mutating func varint() throws(DecodeError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.endIndex else { throw .malformed("truncated varint") }
                let byte = bytes[position]
                position += 1
                guard shift < 64, shift < 63 || byte <= 1 else { throw .malformed("varint overflows 64 bits") }
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }

        mutating func skip(_ count: Int) throws(DecodeError) {
            guard count >= 0, count <= bytes.endIndex - position else { throw .malformed("field runs past the end") }
            position += count
        }
    }

    // MARK: Verdict

    /// gRPC status codes by number, for reasons.
    static let statusNames = [
        0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED", 5: "NOT_FOUND",
        6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED", 9: "FAILED_PRECONDITION", 10: "ABORTED",
        11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED", 13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
    ]

    /// What a response to `request(_:timeoutMilliseconds:)` says about `service`:
    /// SERVING → pass, NOT_SERVING → fail, UNKNOWN / SERVICE_UNKNOWN → unknown; grpc-status
    /// NOT_FOUND → unknown (not registered), UNIMPLEMENTED → unknown (no health service), any
    /// other non-zero status → fail with its message; transport failures fail; slow → warn.
    public static func verdict(for response: HTTPResponse, service: String, slowAfterSeconds: Double) -> HealthVerdict {
        if let failure = response.failure {
            // What libcurl says when an HTTP/1 server (or something else) gets the HTTP/2 preface.
            let notHTTP2 = ["Server returned nothing (no headers, no data)", "Error in the HTTP2 framing layer",
                            "Stream error in the HTTP/2 framing layer", "Weird server reply"]
            if case .other(let detail) = failure, notHTTP2.contains(detail) {
                return HealthVerdict(.fail, "\(detail) (not an HTTP/2 gRPC server?)")
            }
            return HealthVerdict(.fail, failure.reason)
        }
        let verdict = statusVerdict(response, service: service)
        if verdict.status == .pass, response.seconds > slowAfterSeconds {
            return HealthVerdict(.warn, "slow: \(Int(response.seconds * 1000)) ms")
        }
        return verdict
    }

    private static func statusVerdict(_ response: HTTPResponse, service: String) -> HealthVerdict {
        // The status is in the trailers, or in the headers of a trailers-only response.
        guard let statusText = response.header("grpc-status") else {
            if response.status != 200 { return HealthVerdict(.fail, "HTTP \(response.status)") }
            let type = response.header("content-type") ?? "none"
            return HealthVerdict(.fail, "not a gRPC response (HTTP \(response.status), content-type \(type))")
        }
        guard let code = Int(statusText) else { return HealthVerdict(.fail, "unreadable grpc-status \(statusText)") }
        let named = service.isEmpty ? "the server" : "service \(service)"
        switch code {
        case 0:
            break
        case 5:
            return HealthVerdict(.unknown, service.isEmpty ? "server-wide status not registered" : "service \(service) not registered")
        case 12:
            return HealthVerdict(.unknown, "no grpc.health.v1 service")
        default:
            let name = statusNames[code] ?? "code \(code)"
            let message = response.header("grpc-message").map(percentDecoded) ?? ""
            return HealthVerdict(.fail, "grpc-status \(code) \(name)" + (message.isEmpty ? "" : ": \(message)"))
        }
        if response.isTruncated { return HealthVerdict(.unknown, "response larger than a HealthCheckResponse") }
        let status: UInt64
        do {
            status = try servingStatus(unframe(response.body))
        } catch {
            return HealthVerdict(.unknown, error.description)
        }
        switch status {
        case 1: return HealthVerdict(.pass, "SERVING")
        case 2: return HealthVerdict(.fail, "NOT_SERVING")
        case 3: return HealthVerdict(.unknown, "SERVICE_UNKNOWN: \(named)")
        case 0: return HealthVerdict(.unknown, "UNKNOWN")
        default: return HealthVerdict(.unknown, "serving status \(status)")
        }
    }

    /// grpc-message is percent-encoded (gRPC over HTTP/2, "Responses").
    static func percentDecoded(_ text: String) -> String { text.removingPercentEncoding ?? text }
}

// MARK: TLS trust

extension HealthProbe {
    private static let trust = TrustedCAFile()

    /// A PEM file of CA certificates that https:// and grpcs:// probes trust instead of the
    /// system store (a private CA, a self-signed development server). Nil: the system store.
    /// Starts from the `CAIRN_CA_FILE` environment variable; process-wide.
    public static var trustedCAFile: String? {
        get { trust.value }
        set { trust.value = newValue }
    }
}

private final class TrustedCAFile: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String? = ProcessInfo.processInfo.environment["CAIRN_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }

    var value: String? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
