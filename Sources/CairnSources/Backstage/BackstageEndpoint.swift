import Foundation

/// The two ways a Backstage catalog lists its entities, and how each is paged.
enum BackstageEndpoint: String {
    /// `GET /entities/by-query` (Backstage 1.x): `{items, totalItems, pageInfo: {nextCursor}}`.
    /// Later pages send only `cursor` (it carries the filter) and `limit`.
    case byQuery = "by-query"
    /// `GET /entities` (older Backstage): a bare array; `Link: <…&after=CURSOR>; rel="next"`
    /// says there is another page.
    case entities

    /// The page's URL: the first page when `cursor` is nil.
    func url(_ settings: BackstageSettings, cursor: String?) -> String {
        var parameters = [("limit", String(settings.pageSize))]
        switch self {
        case .byQuery:
            if let cursor {
                parameters.append(("cursor", cursor))
            } else {
                parameters += settings.filters.map { ("filter", $0) }
            }
            return settings.catalogURL + "/entities/by-query?" + Self.query(parameters)
        case .entities:
            parameters += settings.filters.map { ("filter", $0) }
            if let cursor { parameters.append(("after", cursor)) }
            return settings.catalogURL + "/entities?" + Self.query(parameters)
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value)
        }.joined(separator: "&")
    }

    /// The `after` cursor in a `Link` header's `rel="next"` target. Backstage writes the target
    /// relative to its catalog router (`</entities?…>`), so only the cursor is taken from it.
    static func nextCursor(inLink header: String?) -> String? {
        guard let header else { return nil }
        for link in header.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">"),
                  parts.dropFirst().contains(where: { $0.replacingOccurrences(of: "\"", with: "").lowercased() == "rel=next" }) else { continue }
            let reference = String(target.dropFirst().dropLast())
            return URLComponents(string: reference)?.queryItems?.last { $0.name == "after" }?.value
        }
        return nil
    }
}
