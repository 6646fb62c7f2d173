import Foundation

/// Building API URLs from names a server or a user gave, and telling whether a URL the server
/// handed back (a next-page link) stays with the API the token belongs to.
enum HostedURL {
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// One path segment or query value: everything but RFC 3986's unreserved characters is
    /// escaped, `/` included (GitLab's `acme%2Fplatform`, `docs%2Fcatalog-info.yaml`).
    static func component(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// A path of several segments, each escaped, the slashes between them kept.
    static func path(_ text: String) -> String {
        text.split(separator: "/", omittingEmptySubsequences: false).map { component(String($0)) }.joined(separator: "/")
    }

    /// Scheme, host and port (the scheme's default when absent), lowercased: the token goes
    /// only to URLs with the same origin as `apiUrl`.
    static func origin(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return "\(scheme)://\(host):\(port)"
    }

    /// `url` with its `name` query parameter set to `value` (GitLab's x-next-page).
    static func settingQuery(_ url: String, _ name: String, to value: String) -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        var items = (components.queryItems ?? []).filter { $0.name != name }
        items.append(URLQueryItem(name: name, value: value))
        components.queryItems = items
        return components.string
    }
}
