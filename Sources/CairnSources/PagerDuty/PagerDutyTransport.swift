import CairnHTTP
import Foundation

/// What one GET to the API came back with.
enum PagerDutyReply {
    case body([UInt8])
    /// An error status other than 401 and 429, with PagerDuty's own message when it gave one.
    case status(Int, message: String?)
    case failed(PagerDutyError)
}

/// Sends GETs to the API in batches (the HTTP client keeps at most `maxConcurrentRequests` in
/// flight) and answers 429 Too Many Requests by waiting what the server asks before sending those
/// again, until the call's budget (`maxRateLimitWait`) is spent.
struct PagerDutyTransport {
    let settings: PagerDutySettings
    let http: HTTPClient
    let sleep: @Sendable (TimeInterval) -> Void
    let now: @Sendable () -> Date
    private(set) var waits: [TimeInterval] = []
    private(set) var requests = 0

    static let maxBodyBytes = 8 << 20

    init(settings: PagerDutySettings, sleep: @escaping @Sendable (TimeInterval) -> Void, now: @escaping @Sendable () -> Date) {
        self.settings = settings
        http = HTTPClient(maxConcurrent: settings.maxConcurrentRequests)
        self.sleep = sleep
        self.now = now
    }

    /// `paths` (with their queries) under the API's URL; the replies in the same order. Throws
    /// only when the token is refused, which no other request would get past either.
    mutating func get(_ paths: [String]) throws(PagerDutyError) -> [PagerDutyReply] {
        var replies = [PagerDutyReply?](repeating: nil, count: paths.count)
        var pending = Array(paths.indices)
        while !pending.isEmpty {
            let responses = http.perform(pending.map { request(paths[$0]) })
            requests += pending.count
            var limited: [Int] = []
            var delay: TimeInterval = 0
            for (response, index) in zip(responses, pending) {
                let path = Self.withoutQuery(paths[index])
                if let failure = response.failure {
                    replies[index] = .failed(PagerDutyError(.unreachable, "GET \(settings.apiURL)\(path): \(failure.reason)"))
                    continue
                }
                switch response.status {
                case 200..<300 where response.isTruncated:
                    replies[index] = .failed(PagerDutyError(.unexpectedAnswer, "GET \(path): the answer is larger than \(Self.maxBodyBytes >> 20) MB; stopped reading it"))
                case 200..<300:
                    replies[index] = .body(response.body)
                case 401:
                    throw PagerDutyError(.tokenRefused, "PagerDuty refused the API key (401 Unauthorized); check it is a current REST API key (not an integration key)")
                case 429:
                    limited.append(index)
                    delay = max(delay, RateLimitDelay.seconds(response, now: now()))
                default:
                    replies[index] = .status(response.status, message: errorMessage(response))
                }
            }
            guard !limited.isEmpty else { break }
            let waited = waits.reduce(0, +)
            if waited + delay > settings.maxRateLimitWait {
                let error = PagerDutyError(.rateLimited, "PagerDuty is rate limiting this API key (429 Too Many Requests): it asks for \(Int(delay.rounded(.up))) s more after \(Int(waited.rounded())) s of waiting; try again later")
                for index in limited { replies[index] = .failed(error) }
                break
            }
            sleep(delay)
            waits.append(delay)
            pending = limited
        }
        return replies.map { $0! }
    }

    private func request(_ path: String) -> HTTPRequest {
        var request = HTTPRequest(url: settings.apiURL + path)
        request.headers = ["Authorization: Token token=\(settings.token)", "Accept: application/vnd.pagerduty+json;version=2"]
        request.timeoutMilliseconds = settings.timeoutMilliseconds
        request.maxBodyBytes = Self.maxBodyBytes
        return request
    }

    /// PagerDuty's `error.message` (and its `errors` details), one line, short, token removed.
    private func errorMessage(_ response: HTTPResponse) -> String? {
        guard let envelope = try? PagerDutyWire.decoder().decode(PagerDutyWire.ErrorEnvelope.self, from: Data(response.body.prefix(65_536))) else { return nil }
        let parts = [envelope.error.message].compactMap { $0 } + (envelope.error.errors ?? [])
        var text = parts.joined(separator: ": ")
        if !settings.token.isEmpty { text = text.replacingOccurrences(of: settings.token, with: "<token>") }
        text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        return text.count > 200 ? text.prefix(200) + "…" : text
    }

    static func withoutQuery(_ path: String) -> String {
        path.firstIndex(of: "?").map { String(path[..<$0]) } ?? path
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `name=value&…`, every reserved character percent-encoded (`statuses%5B%5D=triggered`).
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { name, value in
            (name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? name) + "=" + (value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value)
        }.joined(separator: "&")
    }
}
