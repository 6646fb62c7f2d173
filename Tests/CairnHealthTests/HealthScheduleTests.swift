import CairnHealth
import Testing

@Suite("Poll scheduling: interval, max-age, backoff with jitter")
struct HealthScheduleTests {
    @Test("a passing endpoint is checked every interval; a longer max-age is the minimum, a shorter one changes nothing")
    func intervals() {
        #expect(HealthSchedule.delay(intervalSeconds: 30, maxAgeSeconds: nil, failures: 0, jitter: 0.5) == 30)
        #expect(HealthSchedule.delay(intervalSeconds: 30, maxAgeSeconds: 120, failures: 0, jitter: 0.5) == 120)
        #expect(HealthSchedule.delay(intervalSeconds: 30, maxAgeSeconds: 5, failures: 0, jitter: 0.9) == 30)
    }

    @Test("failures back off exponentially, with ±20 % jitter, never below the interval, capped at 5 minutes (+ jitter)")
    func backoff() {
        let middle = (1...6).map { HealthSchedule.delay(intervalSeconds: 10, maxAgeSeconds: nil, failures: $0, jitter: 0.5) }
        #expect(middle == [10, 20, 40, 80, 160, 300])
        #expect(HealthSchedule.delay(intervalSeconds: 10, maxAgeSeconds: nil, failures: 3, jitter: 0) == 32)
        #expect(HealthSchedule.delay(intervalSeconds: 10, maxAgeSeconds: nil, failures: 3, jitter: 0.999) > 47.9)
        #expect(HealthSchedule.delay(intervalSeconds: 10, maxAgeSeconds: nil, failures: 1, jitter: 0) == 10, "jitter never checks sooner than asked")
        #expect(HealthSchedule.delay(intervalSeconds: 10, maxAgeSeconds: nil, failures: 1_000, jitter: 1) < 361, "5 minutes + 20 % jitter at most")
        #expect(HealthSchedule.delay(intervalSeconds: 600, maxAgeSeconds: nil, failures: 4, jitter: 0.5) == 600, "an interval above the cap stays")
    }

    @Test("Cache-Control: max-age read, no-store and no-cache mean no minimum, garbage ignored")
    func cacheControl() {
        #expect(HealthSchedule.maxAge(cacheControl: "max-age=30") == 30)
        #expect(HealthSchedule.maxAge(cacheControl: "public, MAX-AGE=45, must-revalidate") == 45)
        #expect(HealthSchedule.maxAge(cacheControl: "no-store, max-age=30") == nil)
        #expect(HealthSchedule.maxAge(cacheControl: "no-cache") == nil)
        #expect(HealthSchedule.maxAge(cacheControl: "max-age=soon") == nil)
        #expect(HealthSchedule.maxAge(cacheControl: nil) == nil)
    }
}
