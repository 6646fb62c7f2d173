import CairnHTTP
import Foundation

/// The requests login makes to the OIDC provider, through CairnHTTP. A transport failure or an
/// unusable answer becomes an `AccessError` naming the endpoint; HTTP statuses are the caller's.
struct ProviderConnection: Sendable {
    /// Discovery documents and key sets are small; 1 MB leaves room and still bounds a hostile one.
    static let maxBodyBytes = 1_048_576

    let caFile: String?
    private let client = HTTPClient(maxConcurrent: 1)

    init(caFile: String?) { self.caFile = caFile }

    /// A GET. Redirects are not followed either: the keys that vouch for tokens, and the
    /// profile, come from the URLs the provider announced (a redirect could go to plain http).
    func get(_ url: String, role: String, headers: [String] = []) throws(AccessError) -> HTTPResponse {
        var request = HTTPRequest(url: url)
        request.headers = ["Accept: application/json"] + headers
        request.maxRedirects = 0
        return try perform(request, role: role)
    }

    /// A form POST. Redirects are not followed: a device code or a secret goes to the endpoint
    /// the provider announced, nowhere else.
    func postForm(_ url: String, role: String, fields: [(name: String, value: String)]) throws(AccessError) -> HTTPResponse {
        var request = HTTPRequest(url: url)
        request.method = "POST"
        request.headers = ["Accept: application/json", "Content-Type: application/x-www-form-urlencoded"]
        request.body = FormEncoding.body(fields)
        request.maxRedirects = 0
        return try perform(request, role: role)
    }

    private func perform(_ template: HTTPRequest, role: String) throws(AccessError) -> HTTPResponse {
        var request = template
        request.timeoutMilliseconds = 15_000
        request.connectTimeoutMilliseconds = 5_000
        request.maxBodyBytes = Self.maxBodyBytes
        request.caFile = caFile
        let response = client.perform([request])[0]
        if let failure = response.failure {
            throw AccessError.loginFailed("\(role) \(request.url): \(failure.reason)")
        }
        if response.isTruncated {
            throw AccessError.invalid("\(role) \(request.url) answered with more than \(Self.maxBodyBytes / 1024) KB")
        }
        return response
    }

    /// The JSON body of `response` as `type`, or an error saying what is wrong with it.
    static func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse, role: String, url: String) throws(AccessError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch let error as DecodingError {
            throw AccessError.invalid("\(role) \(url) answered HTTP \(response.status) with JSON cairn cannot use: \(explain(error))")
        } catch {
            throw AccessError.invalid("\(role) \(url) answered HTTP \(response.status) with an unreadable body: \(error)")
        }
    }

    /// A decoding error in a few words: which member, and what was wrong with it.
    static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context): return "\"\(path(context.codingPath + [key]))\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.codingPath.isEmpty ? "not a JSON object" : "\"\(path(context.codingPath))\" has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\"\(path(context.codingPath))\": \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
