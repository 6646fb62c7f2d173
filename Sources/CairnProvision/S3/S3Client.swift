import CairnHTTP
import Foundation

/// Why an S3 call failed, as one line naming the endpoint, the call and the bucket.
public struct S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// S3's error code (`BucketNotEmpty`, `AccessDenied`…), `HTTP 403` for an answer without
    /// one, or nil when no answer came (refused, timed out).
    public var code: String?
    public var message: String
    public var description: String { message }

    public init(code: String?, message: String) {
        self.code = code
        self.message = message
    }
}

/// A small S3 REST client for bucket administration on any S3-compatible endpoint: path-style
/// URLs (`endpoint/bucket`), one request at a time through `HTTPClient`, signed by libcurl
/// itself (`CURLOPT_AWS_SIGV4`). Every call is safe to repeat.
public struct S3Client: Sendable {
    /// `http(s)://host[:port][/path]`, without a trailing slash.
    public let endpoint: String
    public let region: String
    public let accessKey: String
    private let secretKey: String
    private let http: HTTPClient
    /// Whole-request timeout; the connect timeout is HTTPRequest's.
    public var timeoutMilliseconds = 30_000

    public init(endpoint: String, region: String, accessKey: String, secretKey: String, http: HTTPClient = HTTPClient(maxConcurrent: 1)) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.region = region
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.http = http
    }

    /// S3's bucket naming rules as cairn uses them: 3–63 characters of [a-z0-9-], starting
    /// and ending with a letter or digit (no dots, so path-style and TLS both work).
    public static func isValidBucketName(_ name: String) -> Bool {
        guard (3...63).contains(name.utf8.count), name.first != "-", name.last != "-" else { return false }
        return name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }

    /// Creates `bucket` in this client's region. Returns true when this call made it and false
    /// when it already existed and is ours (`BucketAlreadyOwnedByYou`), so a repeat succeeds.
    @discardableResult
    public func createBucket(_ bucket: String) throws(S3Error) -> Bool {
        // us-east-1 is the default location and refuses to be named in the body.
        let body = region == "us-east-1" ? "" : """
            <CreateBucketConfiguration xmlns="\(Self.namespace)"><LocationConstraint>\(Self.xmlEscaped(region))</LocationConstraint></CreateBucketConfiguration>
            """
        let response = try send("PUT", bucket, body: Array(body.utf8), action: "create bucket")
        if Self.isSuccess(response) { return true }
        let error = failure(response, bucket: bucket, action: "create bucket")
        if error.code == "BucketAlreadyOwnedByYou" { return false }
        if error.code == "BucketAlreadyExists" {
            throw S3Error(code: error.code, message: error.message + "; the name is taken by another account: set a bucketPrefix in the resource type's settings")
        }
        throw error
    }

    /// Replaces the bucket's tags with `tags`, in the order given.
    public func putBucketTagging(_ bucket: String, tags: [(key: String, value: String)]) throws(S3Error) {
        let tagSet = tags.map { "<Tag><Key>\(Self.xmlEscaped($0.key))</Key><Value>\(Self.xmlEscaped($0.value))</Value></Tag>" }.joined()
        let body = "<Tagging xmlns=\"\(Self.namespace)\"><TagSet>\(tagSet)</TagSet></Tagging>"
        try expectSuccess(send("PUT", bucket, subresource: "tagging", body: Array(body.utf8), action: "tag bucket"), bucket: bucket, action: "tag bucket")
    }

    /// Turns versioning on, or suspends it (a bucket never versioned stays without versions).
    public func putBucketVersioning(_ bucket: String, isEnabled: Bool) throws(S3Error) {
        let body = "<VersioningConfiguration xmlns=\"\(Self.namespace)\"><Status>\(isEnabled ? "Enabled" : "Suspended")</Status></VersioningConfiguration>"
        try expectSuccess(send("PUT", bucket, subresource: "versioning", body: Array(body.utf8), action: "set versioning of bucket"),
                          bucket: bucket, action: "set versioning of bucket")
    }

    /// One rule for the whole bucket: objects expire `expirationDays` after they are written,
    /// and replaced versions the same number of days after they are replaced.
    public func putBucketLifecycle(_ bucket: String, expirationDays: Int) throws(S3Error) {
        guard expirationDays > 0 else {
            throw S3Error(code: nil, message: "s3 \(endpoint): set lifecycle of bucket \"\(bucket)\": expiration must be at least one day, not \(expirationDays)")
        }
        let body = """
            <LifecycleConfiguration xmlns="\(Self.namespace)"><Rule><ID>cairn-retention</ID><Filter><Prefix></Prefix></Filter>\
            <Status>Enabled</Status><Expiration><Days>\(expirationDays)</Days></Expiration>\
            <NoncurrentVersionExpiration><NoncurrentDays>\(expirationDays)</NoncurrentDays></NoncurrentVersionExpiration>\
            </Rule></LifecycleConfiguration>
            """
        try expectSuccess(send("PUT", bucket, subresource: "lifecycle", body: Array(body.utf8), action: "set lifecycle of bucket"),
                          bucket: bucket, action: "set lifecycle of bucket")
    }

    /// Whether `bucket` exists and these credentials may use it (HEAD: 200 yes, 404 no).
    public func bucketExists(_ bucket: String) throws(S3Error) -> Bool {
        let response = try send("HEAD", bucket, action: "look up bucket")
        if Self.isSuccess(response) { return true }
        if response.status == 404 { return false }
        throw failure(response, bucket: bucket, action: "look up bucket")
    }

    /// The bucket's tags (empty when it has none), or nil when there is no such bucket.
    public func bucketTags(_ bucket: String) throws(S3Error) -> [String: String]? {
        let response = try send("GET", bucket, subresource: "tagging", action: "read the tags of bucket")
        guard Self.isSuccess(response) else {
            let error = failure(response, bucket: bucket, action: "read the tags of bucket")
            if error.code == "NoSuchTagSet" { return [:] }
            if error.code == "NoSuchBucket" { return nil }
            throw error
        }
        var tags: [String: String] = [:]
        var rest = Substring(String(decoding: response.body, as: UTF8.self))
        while let open = rest.range(of: "<Tag>"), let close = rest.range(of: "</Tag>", range: open.upperBound..<rest.endIndex) {
            let tag = String(rest[open.upperBound..<close.lowerBound])
            if let key = Self.elementText("Key", in: tag) { tags[key] = Self.elementText("Value", in: tag) ?? "" }
            rest = rest[close.upperBound...]
        }
        return tags
    }

    /// Deletes `bucket`. Returns true when this call deleted it and false when it was already
    /// gone (`NoSuchBucket`), so a repeat succeeds. A bucket with objects is refused by S3.
    @discardableResult
    public func deleteBucket(_ bucket: String) throws(S3Error) -> Bool {
        let response = try send("DELETE", bucket, action: "delete bucket")
        if Self.isSuccess(response) { return true }
        let error = failure(response, bucket: bucket, action: "delete bucket")
        if error.code == "NoSuchBucket" { return false }
        if error.code == "BucketNotEmpty" {
            throw S3Error(code: error.code, message: "s3 \(endpoint): bucket \"\(bucket)\" is not empty; "
                + "empty it (every object and, when versioned, every version) and deprovision again")
        }
        throw error
    }

    // MARK: - Requests

    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    /// One signed request. Bodies go with Content-MD5 (S3 demands it for tagging and lifecycle)
    /// and an explicit Content-Type, which libcurl would otherwise set to a form type.
    private func send(_ method: String, _ bucket: String, subresource: String? = nil, body: [UInt8]? = nil,
                      action: String) throws(S3Error) -> HTTPResponse {
        guard Self.isValidBucketName(bucket) else {
            throw S3Error(code: nil, message: "s3 \(endpoint): \(action) \"\(bucket)\": not a valid bucket name (3-63 of a-z, 0-9 and -)")
        }
        // `?tagging=`, not `?tagging`: libcurl 7.88 signs the query as written, and S3's
        // canonical form of a bare subresource has the `=`.
        var request = HTTPRequest(url: "\(endpoint)/\(bucket)" + (subresource.map { "?\($0)=" } ?? ""))
        request.method = method
        request.awsSigV4 = "aws:amz:\(region):s3"
        request.userPassword = "\(accessKey):\(secretKey)"
        request.timeoutMilliseconds = timeoutMilliseconds
        // S3 wants this header on every signed request; libcurl 7.88 does not add it but signs
        // with its value, and S3 accepts an unsigned payload (Content-MD5 guards the bodies).
        request.headers = ["x-amz-content-sha256: UNSIGNED-PAYLOAD"]
        if method == "PUT" {
            let bytes = body ?? []
            request.body = bytes // an explicit Content-Length, even when 0
            request.headers.append("Content-Type: application/xml")
            if !bytes.isEmpty { request.headers.append("Content-MD5: \(MD5.base64(bytes))") }
        }
        guard let response = http.perform([request]).first else {
            throw S3Error(code: nil, message: "s3 \(endpoint): \(action) \"\(bucket)\": no response")
        }
        if let failure = response.failure {
            throw S3Error(code: nil, message: "s3 \(endpoint): \(action) \"\(bucket)\": \(failure.reason)")
        }
        return response
    }

    private func expectSuccess(_ response: HTTPResponse, bucket: String, action: String) throws(S3Error) {
        if !Self.isSuccess(response) { throw failure(response, bucket: bucket, action: action) }
    }

    private static func isSuccess(_ response: HTTPResponse) -> Bool { (200..<300).contains(response.status) }

    /// S3's `<Error><Code>…</Code><Message>…</Message></Error>` as one line; a bodiless answer
    /// (HEAD, a proxy) by its status.
    private func failure(_ response: HTTPResponse, bucket: String, action: String) -> S3Error {
        let text = String(decoding: response.body, as: UTF8.self)
        let code = Self.elementText("Code", in: text)
        var detail: String
        if let code {
            detail = code
            if let message = Self.elementText("Message", in: text), !message.isEmpty { detail += ": " + message }
        } else {
            switch response.status {
            case 301, 307: detail = "the bucket lives in another region than \(region)"
            case 403: detail = "access denied: check the access key and secret"
            case 404: detail = "no such bucket"
            default: detail = "unexpected answer"
            }
        }
        if detail.count > 300 { detail = detail.prefix(300) + "…" }
        let line = "s3 \(endpoint): \(action) \"\(bucket)\": \(detail) (HTTP \(response.status))"
        return S3Error(code: code ?? "HTTP \(response.status)", message: Self.oneLine(line))
    }

    // MARK: - XML

    /// Text safe inside an XML element.
    static func xmlEscaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The text of the first `<name>` element, entities resolved. S3's error documents are
    /// flat and small; two fields do not justify an XML parser (FoundationXML pulls in libxml2).
    static func elementText(_ name: String, in document: String) -> String? {
        guard let open = document.range(of: "<\(name)>"),
              let close = document.range(of: "</\(name)>", range: open.upperBound..<document.endIndex) else { return nil }
        return xmlUnescaped(String(document[open.upperBound..<close.lowerBound]))
    }

    static func xmlUnescaped(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&#39;", "'"), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }

    /// Control characters (newlines in a message, escapes from a hostile server) become spaces.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }
}
