import CairnSources
import Foundation
import Synchronization
import Testing

/// GitHub discovery against github.py, a loopback server that answers in GitHub's documented
/// shapes: Link pagination, raw contents with ETags and 304s, x-ratelimit-* headers and
/// 403/429 refusals, 401 for a bad token, 404 for a missing file.
@Suite("GitHub discovery against a loopback GitHub API", .serialized)
struct GitHubSourceTests {
    static let token = "ghp_fixtureTokenThatMustNeverBeShown"

    func github(_ fixture: HostedAPIFixture, _ settings: [String: String] = [:]) -> SourceDefinition {
        SourceDefinition(name: "acme-github", kind: .github,
                         settings: ["organization": "acme", "apiUrl": fixture.url(""), "tokenEnv": "GITHUB_TOKEN"].merging(settings) { $1 })
    }

    @Test("every page is listed; each catalog file lands in <owner>/<repo>/catalog-info.yaml; missing files are counted, archived repos skipped")
    func listsAndFetches() throws {
        // 45 repositories, 10 a page: five pages. Four have no catalog file (10th, 20th, …),
        // the last two are archived.
        let fixture = try HostedAPIFixture("github.py", ["--repos", "45", "--max-per-page", "10", "--without-catalog-every", "10",
                                                         "--archived", "2", "--token", Self.token])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture), environment: ["GITHUB_TOKEN": Self.token])
        defer { loop.remove() }

        let result = try loop.refresh(with: GitHubSource())

        let files = loop.files()
        let expected = (0..<43).filter { ($0 + 1) % 10 != 0 }.map { String(format: "acme/service-%03d/catalog-info.yaml", $0) }
        #expect(files.keys.sorted() == expected)
        #expect(files["acme/service-007/catalog-info.yaml"]?.contains("name: service-007") == true)
        #expect(files["acme/service-009/catalog-info.yaml"] == nil) // no catalog file
        #expect(files["acme/service-044/catalog-info.yaml"] == nil) // archived

        let log = try fixture.log()
        #expect(log.listingRequests.map(\.path).allSatisfy { $0.hasPrefix("/orgs/acme/repos?per_page=") })
        #expect(log.listingRequests.count == 5)
        #expect(log.fileRequests.count == 43)
        #expect(log.requests.allSatisfy { $0.authorized })
        #expect(result.requests == 48)
        #expect(result.notModified == 0)
        #expect(result.memo.count == 39)
        #expect(result.notices.first == "GitHub acme: 43 repositories (2 archived skipped), 39 catalog files (0 unchanged), 4 without catalog-info.yaml")
        #expect(result.notices.count == 1) // one summary, never a notice per repository
    }

    @Test("includeArchived fetches archived repositories too")
    func includeArchived() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "5", "--archived", "2"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["includeArchived": "true", "tokenEnv": ""]))
        defer { loop.remove() }

        try loop.refresh(with: GitHubSource())

        #expect(loop.files().count == 5)
        #expect(loop.files()["acme/service-004/catalog-info.yaml"] != nil)
    }

    @Test("repository names that are not safe folder names are skipped, with one notice; nothing is written outside the folder")
    func hostileRepositoryNames() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "3", "--archived", "0", "--extra-repo", "..", "--extra-repo", "../../escape",
                                                         "--extra-repo", "line\nbreak", "--extra-repo", ".github"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }

        let result = try loop.refresh(with: GitHubSource())

        #expect(loop.files().keys.sorted() == ["acme/.github/catalog-info.yaml", "acme/service-000/catalog-info.yaml",
                                               "acme/service-001/catalog-info.yaml", "acme/service-002/catalog-info.yaml"])
        #expect(result.notices.last == "skipped 3 repositories whose names are not safe folder names: acme/.., acme/../../escape, acme/line\\nbreak")
        #expect(try FileManager.default.contentsOfDirectory(atPath: loop.state + "/sources") == ["acme-github.1"])
        #expect(try fixture.log().fileRequests.count == 4)
    }

    @Test("a second refresh with the memo: every file request is a 304, the files are copied from the last good tree")
    func unchangedFilesCostNothing() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "30", "--without-catalog-every", "7"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        try loop.refresh(with: GitHubSource())
        let first = loop.files()
        fixture.control("/__reset")

        let result = try loop.refresh(with: GitHubSource())

        let log = try fixture.log()
        let conditional = log.fileRequests.filter { $0.ifNoneMatch != nil }
        #expect(conditional.count == first.count) // every file that exists was asked for conditionally
        #expect(conditional.allSatisfy { $0.status == 304 && $0.bytes == 0 })
        #expect(log.fileRequests.filter { $0.status == 200 }.isEmpty)
        #expect(result.notModified == first.count)
        #expect(loop.files() == first)
        #expect(result.memo.count == first.count)
    }

    @Test("a changed file is the only one downloaded again")
    func changedFileRefetched() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "12"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        try loop.refresh(with: GitHubSource())
        fixture.control("/__change?repo=service-004")
        fixture.control("/__reset")

        let result = try loop.refresh(with: GitHubSource())

        let downloaded = try fixture.log().fileRequests.filter { $0.status == 200 }
        #expect(downloaded.map(\.path) == ["/repos/acme/service-004/contents/catalog-info.yaml?ref=main"])
        #expect(result.notModified == 10)
        #expect(loop.files()["acme/service-004/catalog-info.yaml"]?.contains("revision 2") == true)
        #expect(loop.files()["acme/service-005/catalog-info.yaml"]?.contains("revision 1") == true)
    }

    @Test("a spent primary rate limit: waits for the reset before sending more, never past it")
    func waitsForPrimaryReset() throws {
        // A budget of 10 per 30-second window: the listing and 9 files fit, then the budget is spent.
        let fixture = try HostedAPIFixture("github.py", ["--repos", "26", "--archived", "0", "--rate-limit", "10", "--rate-window", "30"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        let waits = Waits()

        let result = try loop.refresh(with: GitHubSource(rateLimit: RateLimitPolicy(sleep: fixture.instantSleep(recordingInto: waits))))

        #expect(loop.files().count == 26)
        let log = try fixture.log()
        #expect(log.requests.filter { $0.status == 403 }.isEmpty) // it waited instead of being refused
        #expect(log.requests.count == 27)
        #expect(waits.total >= 58 && waits.total <= 62) // two spent windows, each waited until its reset about 30 s ahead
        #expect(result.notices.contains { $0.hasPrefix("waited ") && $0.hasSuffix(" s for GitHub's rate limit") })
    }

    @Test("a secondary rate limit (429 with retry-after): the refused requests are sent again after the wait")
    func secondaryLimitRetryAfter() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "20", "--archived", "0", "--rate-limit", "8", "--limit-status", "429",
                                                         "--retry-after", "7"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": "", "concurrency": "4"]))
        defer { loop.remove() }
        let waits = Waits()

        try loop.refresh(with: GitHubSource(rateLimit: RateLimitPolicy(sleep: fixture.instantSleep(recordingInto: waits))))

        #expect(loop.files().count == 20)
        #expect(try fixture.log().requests.contains { $0.status == 429 })
        #expect(waits.total >= 7 && waits.total.truncatingRemainder(dividingBy: 7) == 0) // retry-after: 7, per refused batch
    }

    @Test("a secondary rate limit that outlasts retry-after: one request after each wait, then an error after maxWaits")
    func secondaryLimitProbesThenGivesUp() throws {
        // The sleep does not start a new window here: the limit is still there after each wait.
        let fixture = try HostedAPIFixture("github.py", ["--repos", "20", "--archived", "0", "--rate-limit", "8", "--limit-status", "429",
                                                         "--retry-after", "7"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": "", "concurrency": "4"]))
        defer { loop.remove() }
        let waits = Waits()

        let error = #expect(throws: SourceError.self) {
            try loop.refresh(with: GitHubSource(rateLimit: RateLimitPolicy(maxWaits: 3, sleep: { waits.record($0) })))
        }
        #expect(error?.message.contains("GitHub's rate limit is still in force after 3 waits until ") == true)
        // The first batch of 16 files met the limit after 7 (the listing took one of the 8): 9
        // refused. Then a single request after each of the 3 waits, never the 9 again.
        #expect(try fixture.log().requests.filter { $0.status == 429 }.count == 9 + 3)
        #expect(waits.total == 21)
    }

    @Test("a rate limit that resets too late ends the refresh with the time to retry, without waiting or being refused")
    func givesUpOnLongReset() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "10", "--rate-limit", "4", "--rate-window", "3600"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        let waits = Waits()

        let error = #expect(throws: SourceError.self) {
            try loop.refresh(with: GitHubSource(rateLimit: RateLimitPolicy(sleep: fixture.instantSleep(recordingInto: waits))))
        }
        #expect(error?.message.hasPrefix("source acme-github: GitHub's rate limit is spent until ") == true)
        #expect(error?.message.contains("UTC (in about 60 min)") == true)
        #expect(error?.message.contains("a token (tokenEnv) raises the limit") == true)
        #expect(waits.count == 0)
        let log = try fixture.log()
        #expect(log.requests.count == 4)
        #expect(log.requests.allSatisfy { $0.status == 200 })
        #expect(loop.lastGood == nil)
    }

    @Test("quitting during a rate-limit wait ends the refresh within a second, sending nothing more")
    func quittingWhileWaiting() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "10", "--rate-limit", "4", "--rate-window", "30"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        let waits = Waits()
        let isQuitting = Mutex(false)

        let error = #expect(throws: SourceError.self) {
            try loop.refresh(with: GitHubSource(rateLimit: RateLimitPolicy(sleep: { seconds in
                waits.record(seconds)
                isQuitting.withLock { $0 = true } // the user quits during the first second
            })), shouldStop: { isQuitting.withLock { $0 } })
        }
        #expect(error?.message == "source acme-github: stopped while waiting for GitHub's rate limit (cairn is quitting)")
        #expect(waits.total == 1)
        #expect(try fixture.log().requests.count == 4)
    }

    @Test("a refused token: the error names the variable, never the token")
    func refusedToken() throws {
        let fixture = try HostedAPIFixture("github.py", ["--token", "the-right-one"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture), environment: ["GITHUB_TOKEN": Self.token])
        defer { loop.remove() }

        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitHubSource()) }
        #expect(error?.message == "source acme-github: GitHub refused the token in GITHUB_TOKEN (401 Bad credentials); put a valid, unexpired token in GITHUB_TOKEN")
        #expect(error?.message.contains(Self.token) == false)
    }

    @Test("tokenEnv naming an unset variable: an error naming it, and no request")
    func missingTokenVariable() throws {
        let fixture = try HostedAPIFixture("github.py")
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": "ACME_GITHUB_TOKEN"]))
        defer { loop.remove() }

        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitHubSource()) }
        #expect(error?.message == "source acme-github: the environment variable ACME_GITHUB_TOKEN (tokenEnv) is not set; export it with a token that can read organization acme")
        #expect(try fixture.log().requests.isEmpty)
    }

    @Test("a 500 for one repository's file fails the whole refresh, naming the repository; the last good tree stays")
    func oneFailingFile() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "12", "--fail-repo", "service-006"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }

        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitHubSource()) }
        #expect(error?.message == "source acme-github: GitHub answered 500 Server Error for the catalog file of acme/service-006; the last good catalog stays — the next refresh tries again")
        #expect(loop.lastGood == nil)
    }

    @Test("an unknown organization: a 404 that says what to check")
    func unknownOrganization() throws {
        let fixture = try HostedAPIFixture("github.py")
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["organization": "acne", "tokenEnv": ""]))
        defer { loop.remove() }

        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitHubSource()) }
        #expect(error?.message == "source acme-github: GitHub has no organization acne at \(fixture.url("")), or the token cannot see it; check organization and tokenEnv (404 Not Found)")
    }

    @Test("files are fetched at most `concurrency` at a time")
    func boundedConcurrency() throws {
        let fixture = try HostedAPIFixture("github.py", ["--repos", "40", "--delay-ms", "25"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(github(fixture, ["tokenEnv": "", "concurrency": "3"]))
        defer { loop.remove() }

        try loop.refresh(with: GitHubSource())

        let log = try fixture.log()
        #expect(log.fileRequests.count == 39)
        #expect(log.maxInFlight <= 3)
        #expect(log.maxInFlight >= 2) // and concurrently at all
    }

    @Test("next links that loop, run past the page cap, or leave the API's host are not followed")
    func hostilePagination() throws {
        let looping = try HostedAPIFixture("github.py", ["--repos", "10", "--max-per-page", "2", "--link-loop"])
        defer { looping.stop() }
        let loop = try RefreshLoop(github(looping, ["tokenEnv": ""]))
        defer { loop.remove() }
        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitHubSource()) }
        #expect(error?.message.contains("next-page links for the repository list of acme loop back to") == true)
        #expect(try looping.log().requests.count == 2)

        let long = try HostedAPIFixture("github.py", ["--repos", "10", "--max-per-page", "2"])
        defer { long.stop() }
        let capped = try RefreshLoop(github(long, ["tokenEnv": ""]))
        defer { capped.remove() }
        let capError = #expect(throws: SourceError.self) { try capped.refresh(with: GitHubSource(maxPages: 3)) }
        #expect(capError?.message == "source acme-github: the repository list of acme runs past 3 pages; cairn stops there (a next link that never ends?)")
        #expect(try long.log().requests.count == 3)

        let leaving = try HostedAPIFixture("github.py", ["--repos", "10", "--max-per-page", "5", "--next-host", "collector.example"])
        defer { leaving.stop() }
        let led = try RefreshLoop(github(leaving), environment: ["GITHUB_TOKEN": Self.token])
        defer { led.remove() }
        let leaveError = #expect(throws: SourceError.self) { try led.refresh(with: GitHubSource()) }
        #expect(leaveError?.message.contains("leads away from \(leaving.url("")) (to http://collector.example/orgs/acme/repos") == true)
        #expect(leaveError?.message.contains("the token is not sent there") == true)
    }
}
