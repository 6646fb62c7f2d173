import CairnAccess
import Foundation
import Testing

/// `--since` as users type it: ISO 8601 dates and times (local unless a zone is given) and
/// durations before now; anything else is refused with what to type instead.
@Suite("Audit filter: since")
struct AuditFilterTests {
    let now = Date(timeIntervalSince1970: 1_795_516_325)
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func time(_ text: String) throws -> Date {
        try AuditFilter.time(text, now: now, timeZone: berlin)
    }

    @Test("durations count back from now: s, m, h, d, w")
    func durations() throws {
        #expect(try time("45s") == now.addingTimeInterval(-45))
        #expect(try time("30m") == now.addingTimeInterval(-1_800))
        #expect(try time("2h") == now.addingTimeInterval(-7_200))
        #expect(try time("7d") == now.addingTimeInterval(-604_800))
        #expect(try time("2w") == now.addingTimeInterval(-1_209_600))
        #expect(try time(" 0m ") == now)
    }

    @Test("ISO 8601: a date is local midnight, a time without zone is local, Z and offsets are honoured")
    func isoTimes() throws {
        // Berlin is UTC+1 in November.
        #expect(try time("2026-11-24") == Date(timeIntervalSince1970: 1_795_474_800))
        #expect(try time("2026-11-24T10:32") == Date(timeIntervalSince1970: 1_795_512_720))
        #expect(try time("2026-11-24 10:32:05") == Date(timeIntervalSince1970: 1_795_512_725))
        #expect(try time("2026-11-24T10:32:05Z") == Date(timeIntervalSince1970: 1_795_516_325))
        #expect(try time("2026-11-24T10:32:05+02:00") == Date(timeIntervalSince1970: 1_795_509_125))
        #expect(try time("2026-11-24T10:32:05-0500") == Date(timeIntervalSince1970: 1_795_534_325))
        let fractional = try time("2026-11-24T10:32:05.250Z")
        #expect(abs(fractional.timeIntervalSince1970 - 1_795_516_325.25) < 0.000_001)
    }

    @Test("anything else is refused, saying what to type", arguments: ["yesterday", "", "7", "d", "-5m", "30x", "2026-13-01", "2026-02-30",
                                                                       "2026-11-24T25:00", "2026/11/24", "2026-11-24T10:32:05+25:00"])
    func refused(_ text: String) {
        #expect {
            _ = try time(text)
        } throws: { error in
            guard let error = error as? AccessError, case .invalid(let message) = error else { return false }
            return message.contains("is not a time") && message.contains("30m, 2h, 7d")
        }
    }
}
