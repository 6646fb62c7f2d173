import CairnHTTP
import Foundation

/// The verdict on one check: a status and a short reason a responder can act on.
public struct HealthVerdict: Sendable, Equatable {
    public var status: HealthStatus
    public var reason: String

    public init(_ status: HealthStatus, _ reason: String) {
        self.status = status
        self.reason = reason
    }
}

/// Reads a health response in the formats of DESIGN.md §4: IETF health+json (with checks),
/// Spring Actuator (with nested components), Kubernetes livez/readyz text, or the bare HTTP
/// code. Body and code disagreeing → the worse wins; a body in no known format, or cut at
/// the size cap, counts by its code; transport failures fail with their reason; slow → warn.
public enum HealthClassifier {
    public static func verdict(for response: HTTPResponse, slowAfterSeconds: Double) -> HealthVerdict {
        if let failure = response.failure { return HealthVerdict(.fail, failure.reason) }
        let code = response.status
        let byCode: HealthVerdict
        switch code {
        case 200..<400: byCode = HealthVerdict(.pass, "HTTP \(code)")
        case 400..<600: byCode = HealthVerdict(.fail, "HTTP \(code)")
        default: byCode = HealthVerdict(.unknown, "HTTP \(code)")
        }
        var verdict = byCode
        if !response.isTruncated, let body = bodyVerdict(response) {
            // The body's word is the better reason when it is at least as bad as the code.
            if body.status >= verdict.status {
                verdict = HealthVerdict(body.status, body.reason + (byCode.status == .pass ? "" : ", \(byCode.reason)"))
            }
        }
        if verdict.status == .pass, response.seconds > slowAfterSeconds {
            return HealthVerdict(.warn, "slow: \(Int(response.seconds * 1000)) ms")
        }
        return verdict
    }

    /// What the body says, or nil when it is in no format we know.
    static func bodyVerdict(_ response: HTTPResponse) -> HealthVerdict? {
        let text = String(decoding: response.body, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let word = object["status"] as? String, let status = HealthStatus(word: word) {
            // Top level, then the worst of IETF checks and Spring components.
            var worst = HealthVerdict(status, "status \(word)")
            for (name, nested) in nestedStatuses(object) where nested > worst.status && nested != .unknown {
                worst = HealthVerdict(nested, "\(name): \(nested.rawValue)")
            }
            return worst
        }
        // Kubernetes: "ok", or the verbose form with "[-]name failed" lines.
        if trimmed == "ok" { return HealthVerdict(.pass, "ok") }
        if let failed = trimmed.split(separator: "\n").first(where: { $0.hasPrefix("[-]") }) {
            return HealthVerdict(.fail, String(failed.dropFirst(3)))
        }
        if trimmed.hasSuffix("check passed") { return HealthVerdict(.pass, "check passed") }
        return nil
    }

    /// Statuses of IETF `checks` ({name: [{status}]}) and Spring `components` (nested).
    private static func nestedStatuses(_ object: [String: Any], prefix: String = "") -> [(String, HealthStatus)] {
        var found: [(String, HealthStatus)] = []
        if let checks = object["checks"] as? [String: Any] {
            for (name, value) in checks {
                for entry in (value as? [[String: Any]]) ?? [] {
                    if let word = entry["status"] as? String, let status = HealthStatus(word: word) { found.append((prefix + name, status)) }
                }
            }
        }
        if let components = object["components"] as? [String: Any] {
            for (name, value) in components {
                guard let component = value as? [String: Any] else { continue }
                if let word = component["status"] as? String, let status = HealthStatus(word: word) { found.append((prefix + name, status)) }
                found += nestedStatuses(component, prefix: prefix + name + ".")
            }
        }
        return found
    }

    /// Parses cairn's durations: `500ms`, `2s`, `1m` (a bare number is seconds).
    public static func seconds(_ text: String?) -> Double? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return Double(text)
    }
}
