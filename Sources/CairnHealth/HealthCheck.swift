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
        self.init(entityRef: entity.ref, url: url,
                  timeoutSeconds: HealthClassifier.seconds(entity.annotation("cairn.dev/health-timeout")) ?? 2,
                  intervalSeconds: HealthClassifier.seconds(entity.annotation("cairn.dev/health-interval")) ?? 30)
    }

    public init(entityRef: EntityRef, url: String, timeoutSeconds: Double = 2, intervalSeconds: Double = 30) {
        self.entityRef = entityRef
        self.url = url
        self.timeoutSeconds = max(0.05, timeoutSeconds)
        self.intervalSeconds = max(1, intervalSeconds)
    }

    /// A response slower than this is a warning, not a pass.
    public var slowAfterSeconds: Double { timeoutSeconds * 0.75 }

    /// The request that checks this probe, or a sample saying why it cannot be checked.
    public func request() -> Result<HTTPRequest, HealthSample.Refusal> {
        let timeoutMilliseconds = Int(timeoutSeconds * 1000)
        var request: HTTPRequest
        if GRPCHealth.isGRPCURL(url) {
            // grpc.health.v1 Check over HTTP/2 (GRPCHealth.swift).
            guard let target = GRPCHealth.target(url) else {
                return .failure(HealthSample.Refusal(reason: "not a gRPC health URL (grpc://host:port[/service.Name]): \(url)"))
            }
            request = GRPCHealth.request(target, timeoutMilliseconds: timeoutMilliseconds)
        } else {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                let scheme = url.split(separator: ":").first.map(String.init) ?? url
                return .failure(HealthSample.Refusal(reason: "\(scheme): health URLs are not checked (http, https, grpc and grpcs are)"))
            }
            request = HTTPRequest(url: url)
            request.timeoutMilliseconds = timeoutMilliseconds
        }
        request.connectTimeoutMilliseconds = min(request.timeoutMilliseconds, 2_000)
        request.caFile = HealthProbe.trustedCAFile
        return .success(request)
    }

    /// The sample a response to `request()` amounts to.
    public func sample(from response: HTTPResponse, at time: Date) -> HealthSample {
        let verdict = GRPCHealth.target(url).map { GRPCHealth.verdict(for: response, service: $0.service, slowAfterSeconds: slowAfterSeconds) }
            ?? HealthClassifier.verdict(for: response, slowAfterSeconds: slowAfterSeconds)
        return HealthSample(entityRef: entityRef, status: verdict.status,
                            httpStatus: response.status > 0 ? response.status : nil,
                            latencyMilliseconds: Int((response.seconds * 1000).rounded()), checkedAt: time, reason: verdict.reason)
    }

    /// The sample for a probe that cannot be checked.
    public func sample(refusedBecause refusal: HealthSample.Refusal, at time: Date) -> HealthSample {
        HealthSample(entityRef: entityRef, status: .unknown, httpStatus: nil, latencyMilliseconds: 0, checkedAt: time, reason: refusal.reason)
    }
}

/// The result of checking one entity at one time.
public struct HealthSample: Sendable, Equatable {
    /// Why a probe was not sent (an unsupported URL scheme, say).
    public struct Refusal: Error, Sendable, Equatable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    public var entityRef: EntityRef
    public var status: HealthStatus
    public var httpStatus: Int?
    public var latencyMilliseconds: Int
    public var checkedAt: Date
    public var reason: String

    public init(entityRef: EntityRef, status: HealthStatus, httpStatus: Int?, latencyMilliseconds: Int, checkedAt: Date, reason: String) {
        self.entityRef = entityRef
        self.status = status
        self.httpStatus = httpStatus
        self.latencyMilliseconds = latencyMilliseconds
        self.checkedAt = checkedAt
        self.reason = reason
    }
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
            switch probe.request() {
            case .success(let request):
                requests.append(request)
                positions.append(index)
            case .failure(let refusal):
                samples[index] = probe.sample(refusedBecause: refusal, at: now)
            }
        }
        for (response, index) in zip(client.perform(requests), positions) {
            samples[index] = probes[index].sample(from: response, at: now)
        }
        return samples.map { $0! }
    }
}
