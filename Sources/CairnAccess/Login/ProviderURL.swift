import Foundation

/// The rule for every URL cairn sends a code or token to: https, or plain http on loopback
/// only (a provider on the same machine, as in tests), so nothing crosses a network in clear.
enum ProviderURL {
    static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "[::1]", "localhost"]

    /// `url` when it may be used for `role` ("issuer", "token endpoint", ...), else why not.
    @discardableResult
    static func check(_ url: String, role: String) throws(AccessError) -> URLComponents {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw AccessError.invalid("\(role) \"\(url)\" is not an absolute http(s) URL")
        }
        switch scheme {
        case "https":
            return components
        case "http" where loopbackHosts.contains(host.lowercased()):
            return components
        case "http":
            throw AccessError.invalid(
                "\(role) \(url) uses plain http, which only a loopback provider (127.0.0.1, ::1, localhost) may; use https://"
                    + url.dropFirst("http://".count))
        default:
            throw AccessError.invalid("\(role) \"\(url)\" is not an http(s) URL")
        }
    }
}
