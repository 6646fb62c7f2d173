import CairnCatalog
import CairnHTTP
import Foundation

/// One entity's probe, from its annotations: `cairn.dev/health-url`, `cairn.dev/health-timeout`
/// (default 2s) and `cairn.dev/health-interval` (default 30s).
public struct HealthProbe: Sendable, Equatable {
    public var entityRef: EntityRef
    public var url: String
    public var timeoutSeconds: Double
    public var intervalSeconds: Double

    public init?(_ entity: Entity) {
        guard let url = entity.annotation("cairn.dev/health-url"), !url.isEmpty else { return nil }
        entityRef = entity.ref
        self.url = url
        timeoutSeconds = HealthClassifier.seconds(entity.annotation("cairn.dev/health-timeout")) ?? 2
        intervalSeconds = HealthClassifier.seconds(entity.annotation("cairn.dev/health-interval")) ?? 30
    }

    /// A response slower than this is a warning, not a pass.
    public var slowAfterSeconds: Double { timeoutSeconds * 0.75 }
}

/// The result of checking one entity now.
public struct HealthSample: Sendable, Equatable {
    public var entityRef: EntityRef
    public var status: HealthStatus
    public var httpStatus: Int?
    public var latencyMilliseconds: Int
    public var checkedAt: Date
    public var reason: String
}

/// Checks probes once, all in one batch through the multi interface.
public struct HealthChecker: Sendable {
    public let client: HTTPClient

    public init(client: HTTPClient = HTTPClient()) { self.client = client }

    public func check(_ probes: [HealthProbe], now: Date = Date()) -> [HealthSample] {
        var requests: [HTTPRequest] = []
        var samples = [HealthSample?](repeating: nil, count: probes.count)
        var positions: [Int] = []
        for (index, probe) in probes.enumerated() {
            guard probe.url.hasPrefix("http://") || probe.url.hasPrefix("https://") else {
                let scheme = probe.url.split(separator: ":").first.map(String.init) ?? probe.url
                samples[index] = HealthSample(entityRef: probe.entityRef, status: .unknown, httpStatus: nil, latencyMilliseconds: 0, checkedAt: now,
                                              reason: "\(scheme): health URLs are not checked yet (http and https are)")
                continue
            }
            var request = HTTPRequest(url: probe.url)
            request.timeoutMilliseconds = Int(probe.timeoutSeconds * 1000)
            request.connectTimeoutMilliseconds = min(request.timeoutMilliseconds, 2_000)
            requests.append(request)
            positions.append(index)
        }
        for (response, index) in zip(client.perform(requests), positions) {
            let probe = probes[index]
            let verdict = HealthClassifier.verdict(for: response, slowAfterSeconds: probe.slowAfterSeconds)
            samples[index] = HealthSample(entityRef: probe.entityRef, status: verdict.status,
                                          httpStatus: response.status > 0 ? response.status : nil,
                                          latencyMilliseconds: Int(response.seconds * 1000), checkedAt: now, reason: verdict.reason)
        }
        return samples.map { $0! }
    }
}
