import CairnHTTP
import Foundation

/// One refresh's requests to a hosted API (GitHub, GitLab): the token and common headers on
/// each, the rate-limit gate before each batch, refused requests sent again after the wait,
/// and the counts the result reports. Errors it makes start with the source's name and never
/// contain the token.
final class HostedAPISession {
    let apiName: String
    let settings: HostedSettings
    private let sourceName: String
    private let origin: String?
    private let client: HTTPClient
    private let headers: [String]
    private let gate: RateLimitGate
    private let shouldStop: @Sendable () -> Bool
    private(set) var requestCount = 0

    var secondsWaited: Double { gate.secondsWaited }

    init(apiName: String, sourceName: String, settings: HostedSettings, headers: [String], rateLimitHeaders: RateLimitHeaders,
         policy: RateLimitPolicy, context: SourceContext) {
        self.apiName = apiName
        self.sourceName = sourceName
        self.settings = settings
        origin = HostedURL.origin(settings.apiURL)
        client = HTTPClient(maxConcurrent: settings.concurrency, userAgent: context.http.userAgent)
        // Authorization, not GitLab's PRIVATE-TOKEN: libcurl drops Authorization when a
        // redirect leaves the host, and would carry a custom header along.
        self.headers = headers + (settings.token.map { ["Authorization: Bearer \($0)"] } ?? [])
        shouldStop = context.shouldStop
        let name = sourceName
        let token = settings.token
        gate = RateLimitGate(headers: rateLimitHeaders, policy: policy, apiName: apiName, hasToken: settings.token != nil,
                             shouldStop: context.shouldStop,
                             describe: { Self.error(source: name, token: token, $0) })
    }

    /// A GET of `url` with the session's headers plus `extraHeaders`.
    func request(_ url: String, extraHeaders: [String] = [], timeoutMilliseconds: Int, maxBodyBytes: Int) -> HTTPRequest {
        var request = HTTPRequest(url: url)
        request.headers = headers + extraHeaders
        request.timeoutMilliseconds = timeoutMilliseconds
        request.maxBodyBytes = maxBodyBytes
        return request
    }

    /// Whether the token may go to `url`: only to the origin of `apiUrl`.
    func isSameOrigin(_ url: String) -> Bool {
        origin != nil && HostedURL.origin(url) == origin
    }

    /// Performs `requests` (answers in order), as many at a time as the rate limit allows and
    /// `concurrency` permits; a rate-limit refusal is waited out and sent again.
    func send(_ requests: [HTTPRequest]) throws(SourceError) -> [HTTPResponse] {
        var answers = [HTTPResponse?](repeating: nil, count: requests.count)
        var pending = Array(requests.indices)
        while !pending.isEmpty {
            if shouldStop() { throw error("stopped (cairn is quitting)") }
            let batch = Array(pending.prefix(try gate.allowance(for: pending.count)))
            let responses = client.perform(batch.map { requests[$0] })
            requestCount += batch.count
            let refusals = gate.observe(responses)
            var refused: [Int] = []
            for (position, index) in batch.enumerated() {
                if refusals[position] { refused.append(index) } else { answers[index] = responses[position] }
            }
            pending = refused + pending.dropFirst(batch.count)
            if !refused.isEmpty {
                try gate.waitAfter(zip(refusals, responses).filter(\.0).map(\.1))
            }
        }
        return answers.map { $0! }
    }

    /// The source's one-line error: its name first, the token never.
    func error(_ reason: String) -> SourceError {
        Self.error(source: sourceName, token: settings.token, reason)
    }

    /// Why `response` (to a request about `subject`, e.g. "the repository list of acme") is
    /// not a usable answer, with what to do about it; `notFound` is the reason to give for a 404.
    func failure(_ response: HTTPResponse, subject: String, notFound: String? = nil) -> SourceError {
        if let failure = response.failure {
            return error("cannot fetch \(subject) from \(settings.apiURL): \(failure.reason)")
        }
        // GitLab's messages start with the code ("404 Group Not Found"); GitHub's do not.
        let message = Self.serverMessage(response.body) ?? ""
        let status = message.hasPrefix("\(response.status)") ? message : "\(response.status) \(message)".trimmingCharacters(in: .whitespaces)
        switch response.status {
        case 401:
            if let variable = settings.tokenVariable {
                return error("\(apiName) refused the token in \(variable) (\(status)); put a valid, unexpired token in \(variable)")
            }
            return error("\(apiName) wants a token for \(subject) (\(status)); name the variable that holds one with tokenEnv")
        case 403:
            let who = settings.tokenVariable.map { "the token in \($0)" } ?? "an anonymous request"
            return error("\(apiName) refused \(subject) to \(who) (\(status)); the token needs read access to it")
        case 404:
            if let notFound { return error("\(notFound) (\(status))") }
            fallthrough
        default:
            return error("\(apiName) answered \(status) for \(subject); the last good catalog stays — the next refresh tries again")
        }
    }

    private static func error(source: String, token: String?, _ reason: String) -> SourceError {
        var text = "source \(source): \(reason)"
        if let token, !token.isEmpty { text = text.replacingOccurrences(of: token, with: "***") }
        return SourceError(text)
    }

    /// The `message` (or `error`) of a JSON error body, or a short text body: one line, printable,
    /// at most 120 characters — it goes into a one-line error.
    static func serverMessage(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        var text: String?
        if let object = try? JSONSerialization.jsonObject(with: Data(body.prefix(65_536))) as? [String: Any] {
            if let message = object["message"] as? String { text = message }
            else if let error = object["error"] as? String { text = error }
            else if let nested = object["message"] as? [String: Any] {
                text = nested.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
            }
        } else if body.count <= 200 {
            text = String(decoding: body, as: UTF8.self)
        }
        guard let text else { return nil }
        let printable = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        let line = printable.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard !line.isEmpty else { return nil }
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }
}
