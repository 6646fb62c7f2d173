import CairnHTTP
import Foundation

/// The error body of an OAuth endpoint (RFC 6749 §5.2, which RFC 8628 §3.2 and §3.5 reuse).
struct OAuthErrorResponse: Decodable {
    var error: String
    var errorDescription: String?

    enum CodingKeys: String, CodingKey { case error, errorDescription = "error_description" }

    /// The error a response carries, or nil when its body is not an OAuth error.
    static func read(_ response: HTTPResponse) -> OAuthErrorResponse? {
        try? JSONDecoder().decode(OAuthErrorResponse.self, from: Data(response.body))
    }

    /// `error (error_description)`, for messages.
    var summary: String { error + (errorDescription.map { " (\($0))" } ?? "") }
}
