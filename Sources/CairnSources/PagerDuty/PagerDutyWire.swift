import Foundation

/// The parts of PagerDuty's REST API v2 answers cairn reads (keys in snake_case on the wire).
enum PagerDutyWire {
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// `{"id", "summary", "html_url"}`: how the API points at another object.
    struct Reference: Decodable {
        var id: String
        var summary: String?
        var htmlUrl: String?
    }

    /// `GET /services/{id}`.
    struct ServiceEnvelope: Decodable {
        var service: Service
    }

    struct Service: Decodable {
        var id: String
        var name: String?
        var summary: String?
        var htmlUrl: String?
        var escalationPolicy: Reference?
    }

    /// `GET /oncalls`.
    struct OnCallPage: PagerDutyPage {
        static let path = "/oncalls"
        var oncalls: [OnCall]
        var more: Bool?
        var items: [OnCall] { oncalls }
    }

    struct OnCall: Decodable {
        var escalationPolicy: Reference
        var escalationLevel: Int
        var schedule: Reference?
        var user: Reference?
        var start: String?
        var end: String?
    }

    /// `GET /incidents`.
    struct IncidentPage: PagerDutyPage {
        static let path = "/incidents"
        var incidents: [Incident]
        var more: Bool?
        var items: [Incident] { incidents }
    }

    struct Incident: Decodable {
        var id: String
        var incidentNumber: Int
        var title: String?
        var summary: String?
        var status: String
        var urgency: String?
        var createdAt: String
        var htmlUrl: String?
        var service: Reference
    }

    /// `{"error": {"message", "code", "errors"}}` on an error status.
    struct ErrorEnvelope: Decodable {
        struct Detail: Decodable {
            var message: String?
            var errors: [String]?
        }
        var error: Detail
    }

    /// An ISO 8601 time as the API writes it (`2024-05-01T09:00:00Z`, `…-05:00`, with or without
    /// fractions of a second).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// A decoding error as a short phrase: which field, what was wrong.
    static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "no \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        case .dataCorrupted?:
            return "not valid JSON"
        default:
            return "unreadable"
        }
    }
}

/// A page of one of the API's lists, paged by `limit`, `offset` and `more`.
protocol PagerDutyPage: Decodable {
    associatedtype Item
    static var path: String { get }
    var items: [Item] { get }
    var more: Bool? { get }
}
