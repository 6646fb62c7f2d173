import CCurl
import Foundation

/// One request for `HTTPClient`.
public struct HTTPRequest: Sendable {
    public var url: String
    public var method = "GET"
    public var headers: [String] = []
    public var body: [UInt8]?
    /// Whole-transfer and connect timeouts, in milliseconds.
    public var timeoutMilliseconds = 5_000
    public var connectTimeoutMilliseconds = 2_000
    /// At most this much of the body is read; the rest is dropped and `isTruncated` set.
    public var maxBodyBytes = 65_536
    public var maxRedirects = 3
    public var verifiesTLS = true
    /// A PEM file of CA certificates to trust instead of the system store (nil: the system store).
    public var caFile: String?
    /// HTTP/2 without upgrade (gRPC over cleartext).
    public var usesHTTP2PriorKnowledge = false
    /// AWS Signature V4 by libcurl (`CURLOPT_AWS_SIGV4`): `provider1:provider2:region:service`,
    /// e.g. `aws:amz:eu-west-1:s3`. The key pair comes from `userPassword`. libcurl signs the
    /// headers given here plus host and x-amz-date; a given `x-amz-content-sha256` header is used
    /// as the payload hash (S3 requires that header; libcurl 7.88 does not add it).
    public var awsSigV4: String?
    /// `user:password` for the server's authentication (`CURLOPT_USERPWD`); with `awsSigV4`,
    /// `accessKey:secretKey`. Split at the first colon, so only the password may hold one.
    public var userPassword: String?

    public init(url: String) { self.url = url }
}

/// What came back, or why nothing did.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header lines as received (trailers too, which is where gRPC puts its status).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var isTruncated: Bool
    /// Total time of the transfer.
    public var seconds: Double
    public var failure: HTTPFailure?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], isTruncated: Bool = false,
                seconds: Double = 0, failure: HTTPFailure? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.isTruncated = isTruncated
        self.seconds = seconds
        self.failure = failure
    }

    public func header(_ name: String) -> String? {
        headers.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Transport failures, each with a short reason a user can act on.
public enum HTTPFailure: Sendable, Equatable {
    case timeout, connectionRefused, hostNotFound, tls(String), tooManyRedirects, other(String)

    public var reason: String {
        switch self {
        case .timeout: return "timed out"
        case .connectionRefused: return "connection refused"
        case .hostNotFound: return "host not found"
        case .tls(let detail): return "TLS error: \(detail)"
        case .tooManyRedirects: return "too many redirects"
        case .other(let detail): return detail
        }
    }
}

/// The one libcurl wrapper: runs batches of requests through the multi interface with bounded
/// concurrency on the calling (background) thread. Never call it from the UI thread.
public final class HTTPClient: Sendable {
    public let maxConcurrent: Int
    public let userAgent: String

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init(maxConcurrent: Int = 64, userAgent: String = "cairn/0.1") {
        _ = Self.globalInit
        self.maxConcurrent = max(1, maxConcurrent)
        self.userAgent = userAgent
    }

    /// Performs every request, at most `maxConcurrent` at a time; results in request order.
    public func perform(_ requests: [HTTPRequest]) -> [HTTPResponse] {
        guard let multi = curl_multi_init() else {
            return requests.map { _ in HTTPResponse(status: 0, headers: [], body: [], isTruncated: false, seconds: 0, failure: .other("curl_multi_init failed")) }
        }
        defer { curl_multi_cleanup(multi) }
        var results = [HTTPResponse?](repeating: nil, count: requests.count)
        var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
        var next = 0
        var running: Int32 = 0
        func start() {
            while transfers.count < maxConcurrent, next < requests.count {
                let transfer = Transfer(index: next, request: requests[next], userAgent: userAgent)
                guard let handle = transfer.handle else {
                    results[next] = transfer.finish(CURLE_FAILED_INIT)
                    transfer.release()
                    next += 1
                    continue
                }
                transfers[handle] = transfer
                curl_multi_add_handle(multi, transfer.handle)
                next += 1
            }
        }
        start()
        while !transfers.isEmpty {
            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                      let transfer = transfers.removeValue(forKey: handle) else { continue }
                results[transfer.index] = transfer.finish(cairn_curl_message_result(message))
                curl_multi_remove_handle(multi, handle)
                transfer.release()
            }
            start()
            if !transfers.isEmpty { curl_multi_poll(multi, nil, 0, 100, nil) }
        }
        return results.map { $0! }
    }
}

/// One easy handle and what it collects. Callbacks find it through `Unmanaged` context.
final class Transfer {
    let index: Int
    let handle: UnsafeMutableRawPointer?
    let maxBodyBytes: Int
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var isTruncated = false
    private var headerList: UnsafeMutablePointer<curl_slist>?

    init(index: Int, request: HTTPRequest, userAgent: String) {
        self.index = index
        maxBodyBytes = request.maxBodyBytes
        handle = curl_easy_init()
        let context = Unmanaged.passUnretained(self).toOpaque()
        cairn_curl_setopt_string(handle, CURLOPT_URL, request.url)
        cairn_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
        cairn_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        cairn_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds)
        cairn_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds)
        cairn_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        cairn_curl_setopt_long(handle, CURLOPT_MAXREDIRS, request.maxRedirects)
        cairn_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, request.verifiesTLS ? 1 : 0)
        cairn_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, request.verifiesTLS ? 2 : 0)
        if let caFile = request.caFile { cairn_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        cairn_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        if request.usesHTTP2PriorKnowledge {
            cairn_curl_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE)
        }
        if let awsSigV4 = request.awsSigV4 { cairn_curl_setopt_string(handle, CURLOPT_AWS_SIGV4, awsSigV4) }
        if let userPassword = request.userPassword { cairn_curl_setopt_string(handle, CURLOPT_USERPWD, userPassword) }
        if request.method == "HEAD" {
            // A custom HEAD would wait for the body its Content-Length announces.
            cairn_curl_setopt_long(handle, CURLOPT_NOBODY, 1)
        } else if request.method != "GET" {
            cairn_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        }
        if let body = request.body {
            // COPYPOSTFIELDS: libcurl keeps its own copy, so no Swift buffer has to outlive this.
            cairn_curl_setopt_size(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            // Never a nil pointer, even for an empty body: given nil, libcurl turns to its read callback (stdin).
            var bytes = body.isEmpty ? [0] : body.map { CChar(bitPattern: $0) }
            bytes.withUnsafeMutableBufferPointer { buffer in
                _ = cairn_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, buffer.baseAddress)
            }
        }
        for header in request.headers { headerList = curl_slist_append(headerList, header) }
        if headerList != nil { cairn_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) }
        cairn_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, transferWrite)
        cairn_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        cairn_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, transferHeader)
        cairn_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = Unmanaged.passRetained(self) // held until `release`, while curl may call back
    }

    func finish(_ code: CURLcode) -> HTTPResponse {
        var status = 0
        cairn_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var seconds = 0.0
        cairn_curl_getinfo_double(handle, CURLINFO_TOTAL_TIME, &seconds)
        var failure: HTTPFailure?
        switch code {
        case CURLE_OK: break
        case CURLE_WRITE_ERROR where isTruncated: break // we stopped reading at the cap
        case CURLE_OPERATION_TIMEDOUT: failure = .timeout
        case CURLE_COULDNT_CONNECT: failure = .connectionRefused
        case CURLE_COULDNT_RESOLVE_HOST: failure = .hostNotFound
        case CURLE_TOO_MANY_REDIRECTS: failure = .tooManyRedirects
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE:
            failure = .tls(String(cString: curl_easy_strerror(code)))
        default: failure = .other(String(cString: curl_easy_strerror(code)))
        }
        return HTTPResponse(status: status, headers: headers, body: body, isTruncated: isTruncated, seconds: seconds, failure: failure)
    }

    func release() {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        Unmanaged.passUnretained(self).release()
    }
}

private func transferWrite(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context, let data else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let room = transfer.maxBodyBytes - transfer.body.count
    if length > room {
        data.withMemoryRebound(to: UInt8.self, capacity: length) { transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: max(0, room))) }
        transfer.isTruncated = true
        return 0 // stop the transfer: the cap is reached
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}

private func transferHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context, let data else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    // Bytes, not Foundation's trimming: this runs for every header line of every check.
    data.withMemoryRebound(to: UInt8.self, capacity: length) { start in
        let bytes = UnsafeBufferPointer(start: start, count: length)
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        func text(_ range: Range<Int>) -> String {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower < upper, isSpace(bytes[lower]) { lower += 1 }
            while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        }
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            transfer.headers.append((text(0..<colon), text((colon + 1)..<length)))
        } else if length >= 5, bytes[0] == UInt8(ascii: "H"), bytes[1] == UInt8(ascii: "T"), bytes[2] == UInt8(ascii: "T"), bytes[3] == UInt8(ascii: "P"),
                  bytes[4] == UInt8(ascii: "/") {
            transfer.headers = [] // a new response (after a redirect): keep only the last one's headers
        }
    }
    return length
}
