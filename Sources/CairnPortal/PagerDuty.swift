import CairnCatalog
import CairnHealth
import CairnSources
import Foundation

/// Where on-call and incidents come from (`pagerduty:` in the config file):
///
/// ```yaml
/// pagerduty:
///   tokenEnv: PAGERDUTY_TOKEN      # the variable holding a (read-only) REST API key
///   apiUrl: https://api.pagerduty.com
///   interval: 1m                   # how often the portal asks
/// ```
public struct PagerDutyConfiguration: Sendable, Equatable {
    public var tokenEnv: String
    public var apiURL: String
    public var interval: TimeInterval

    public init(tokenEnv: String, apiURL: String = PagerDutySettings.defaultAPIURL, interval: TimeInterval = 60) {
        self.tokenEnv = tokenEnv
        self.apiURL = apiURL
        self.interval = interval
    }

    /// The `pagerduty:` mapping of a config file, nil when it has none.
    static func read(_ path: String) throws(PortalError) -> PagerDutyConfiguration? {
        guard let data = FileManager.default.contents(atPath: path),
              let root = YAMLParser.parse([UInt8](data)).documents.first?.root, let node = root["pagerduty"] else { return nil }
        func fail(_ at: YAMLNode, _ message: String) -> PortalError { .usage("\(path):\(at.line):\(at.column): error: \(message)") }
        guard node.isMapping else { throw fail(node, "pagerduty: must be a mapping with tokenEnv:") }
        guard let tokenEnv = node["tokenEnv"]?.value.stringValue, !tokenEnv.isEmpty else {
            throw fail(node, "pagerduty: needs tokenEnv: (the environment variable holding a PagerDuty REST API key)")
        }
        var configuration = PagerDutyConfiguration(tokenEnv: tokenEnv)
        if let url = node["apiUrl"]?.value.stringValue { configuration.apiURL = url }
        if let intervalNode = node["interval"] {
            guard let seconds = HealthClassifier.seconds(intervalNode.value.stringValue), seconds >= 10 else {
                throw fail(intervalNode, "pagerduty.interval must be a duration of at least 10s, e.g. 30s, 1m")
            }
            configuration.interval = seconds
        }
        return configuration
    }
}

/// On-call and open incidents for the entities that name a PagerDuty service
/// (`pagerduty.com/service-id`): for the detail pane, the Incidents view and `cairn oncall`.
extension Portal {
    /// PagerDuty service id → the entities that name it, for every valid entity.
    public var pagerDutyServices: [String: [EntityRef]] {
        var services: [String: [EntityRef]] = [:]
        for entity in catalog.entities where !entity.isQuarantined {
            if let id = entity.annotation("pagerduty.com/service-id")?.trimmingCharacters(in: .whitespaces), !id.isEmpty {
                services[id, default: []].append(entity.ref)
            }
        }
        return services
    }

    /// Asks PagerDuty about `serviceIDs` (all annotated services when empty) now.
    public func pagerDutyReport(_ serviceIDs: [String] = []) throws(PortalError) -> PagerDutyReport {
        guard let settings = configuration.pagerDuty else {
            throw .usage("cairn: error: PagerDuty is not configured; add pagerduty: {tokenEnv: PAGERDUTY_TOKEN} to the config file")
        }
        guard let token = ProcessInfo.processInfo.environment[settings.tokenEnv], !token.isEmpty else {
            throw .usage("cairn: error: the environment variable \(settings.tokenEnv) (pagerduty.tokenEnv) is not set; export a PagerDuty REST API key in it")
        }
        let ids = serviceIDs.isEmpty ? pagerDutyServices.keys.sorted() : serviceIDs
        do {
            return try PagerDutyClient(settings: PagerDutySettings(token: token, apiURL: settings.apiURL)).statuses(ofServices: ids)
        } catch {
            throw .failed("cairn: error: PagerDuty: \(error.description)")
        }
    }
}
