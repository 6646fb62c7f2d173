import Foundation

/// A `backstage` source's settings, checked: where the catalog API is, the token to send, which
/// entities to ask for and how many per page.
struct BackstageSettings {
    /// `…/api/catalog`, without a trailing slash.
    var catalogURL: String
    /// The bearer token, read from the variable `tokenEnv` names; nil when no tokenEnv is set.
    var token: String?
    var tokenVariable: String?
    /// Each becomes one `filter=` parameter (Backstage matches any of them; within one, every
    /// `key=value` must match, and repeating a key lists the values it may have).
    var filters: [String]
    var pageSize: Int
    /// `[config.yaml:4: ]source NAME`: how every message about this source starts.
    var origin: String

    static let defaultPageSize = 500
    static let largestPageSize = 10_000

    init(_ definition: SourceDefinition, environment: [String: String]) throws(SourceError) {
        origin = (definition.declaredAt.isEmpty ? "" : "\(definition.declaredAt): ") + "source \(definition.name)"
        guard let url = definition["url"]?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            throw SourceError("\(origin): a backstage source needs url: (the Backstage base URL, e.g. https://backstage.example.com)")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw SourceError("\(origin): url \(url) must be an http or https URL such as https://backstage.example.com")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw SourceError("\(origin): url must be the Backstage base URL alone (no user, query or #fragment); put the token in the variable tokenEnv names")
        }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        // Accept the catalog's own URL too (backend.baseUrl + /api/catalog).
        catalogURL = base.hasSuffix("/api/catalog") ? base : base + "/api/catalog"

        if let variable = definition["tokenEnv"]?.trimmingCharacters(in: .whitespaces), !variable.isEmpty {
            guard let value = environment[variable] else {
                throw SourceError("\(origin): tokenEnv names \(variable), which is not set; export \(variable) with a Backstage token or remove tokenEnv")
            }
            let token = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw SourceError("\(origin): tokenEnv names \(variable), which is empty; put a Backstage token in it or remove tokenEnv")
            }
            guard !token.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
                throw SourceError("\(origin): the token in \(variable) holds control characters; it cannot be sent as a header")
            }
            self.token = token
            tokenVariable = variable
        } else {
            token = nil
            tokenVariable = nil
        }

        filters = (definition["filter"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }

        if let text = definition["pageSize"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let size = Int(text), (1...Self.largestPageSize).contains(size) else {
                throw SourceError("\(origin): pageSize \(text) must be a whole number from 1 to \(Self.largestPageSize)")
            }
            pageSize = size
        } else {
            pageSize = Self.defaultPageSize
        }
    }

    /// The request headers: JSON, and the bearer token when there is one.
    var headers: [String] {
        var headers = ["Accept: application/json"]
        if let token { headers.append("Authorization: Bearer \(token)") }
        return headers
    }

    /// `text` with the token blanked out, for anything a server says back.
    func redacting(_ text: String) -> String {
        guard let token, !token.isEmpty else { return text }
        return text.replacingOccurrences(of: token, with: "<token>")
    }
}
