import CairnHealth
import CairnHTTP
import Testing

@Suite("Health classification")
struct HealthClassifierTests {
    func verdict(_ status: Int, _ body: String = "", seconds: Double = 0.01, truncated: Bool = false, failure: HTTPFailure? = nil) -> HealthVerdict {
        HealthClassifier.verdict(for: HTTPResponse(status: status, body: Array(body.utf8), isTruncated: truncated, seconds: seconds, failure: failure),
                                 slowAfterSeconds: 1)
    }

    @Test("IETF health+json: pass/ok/up, warn, fail/error/down, any case; checks count")
    func ietf() {
        for word in ["pass", "OK", "Up"] { #expect(verdict(200, #"{"status":"\#(word)"}"#).status == .pass) }
        #expect(verdict(200, #"{"status":"warn"}"#) == HealthVerdict(.warn, "status warn"))
        for word in ["fail", "ERROR", "down"] { #expect(verdict(503, #"{"status":"\#(word)"}"#).status == .fail) }
        #expect(verdict(200, #"{"status":"pass","checks":{"db:responseTime":[{"status":"warn"}]}}"#) == HealthVerdict(.warn, "db:responseTime: warn"))
    }

    @Test("Spring Actuator: UP, DOWN, OUT_OF_SERVICE, UNKNOWN and nested components")
    func spring() {
        #expect(verdict(200, #"{"status":"UP","components":{"db":{"status":"UP"}}}"#).status == .pass)
        #expect(verdict(503, #"{"status":"DOWN"}"#) == HealthVerdict(.fail, "status DOWN, HTTP 503"))
        #expect(verdict(503, #"{"status":"OUT_OF_SERVICE"}"#).status == .fail, "the 503 is worse than the warning")
        #expect(verdict(200, #"{"status":"OUT_OF_SERVICE"}"#).status == .warn)
        #expect(verdict(200, #"{"status":"UNKNOWN"}"#).status == .unknown)
        #expect(verdict(200, #"{"status":"UP","components":{"broker":{"status":"UP","components":{"queue":{"status":"DOWN"}}}}}"#)
                == HealthVerdict(.fail, "broker.queue: fail"))
    }

    @Test("Kubernetes livez/readyz text, plain codes, and bodies in no known format")
    func textAndCodes() {
        #expect(verdict(200, "ok") == HealthVerdict(.pass, "ok"))
        #expect(verdict(500, "[+]ping ok\n[-]etcd failed: reason withheld\nlivez check failed").status == .fail)
        #expect(verdict(204) == HealthVerdict(.pass, "HTTP 204"))
        #expect(verdict(302).status == .pass)
        #expect(verdict(404) == HealthVerdict(.fail, "HTTP 404"))
        #expect(verdict(200, "{") == HealthVerdict(.pass, "HTTP 200"), "invalid JSON counts by its code")
        #expect(verdict(200, #"{"status":"fail"}"#, truncated: true) == HealthVerdict(.pass, "HTTP 200"), "a body cut at the cap counts by its code")
        #expect(verdict(500, #"{"status":"pass"}"#) == HealthVerdict(.fail, "HTTP 500"), "the worse of body and code wins")
    }

    @Test("transport failures fail with their reason; slow passes are warnings")
    func failuresAndSlowness() {
        #expect(verdict(0, failure: .timeout) == HealthVerdict(.fail, "timed out"))
        #expect(verdict(0, failure: .connectionRefused) == HealthVerdict(.fail, "connection refused"))
        #expect(verdict(0, failure: .tls("certificate verify failed")).reason.hasPrefix("TLS error"))
        #expect(verdict(200, "ok", seconds: 1.5) == HealthVerdict(.warn, "slow: 1500 ms"))
        #expect(verdict(503, seconds: 1.5).status == .fail, "slowness never hides a failure")
    }

    @Test("durations: 500ms, 2s, 1m, bare seconds")
    func durations() {
        #expect(HealthClassifier.seconds("500ms") == 0.5)
        #expect(HealthClassifier.seconds("2s") == 2)
        #expect(HealthClassifier.seconds("1m") == 60)
        #expect(HealthClassifier.seconds("3") == 3)
        #expect(HealthClassifier.seconds("soon") == nil)
        #expect(HealthClassifier.seconds(nil) == nil)
    }

    @Test("statuses order for 'the worse wins': pass < unknown < warn < fail")
    func ordering() {
        #expect(HealthStatus.allCases.sorted() == [.pass, .unknown, .warn, .fail])
        #expect(HealthStatus(word: "serving") == .pass)
        #expect(HealthStatus(word: "whatever") == nil)
    }
}
