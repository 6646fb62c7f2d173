import CairnSources
import Foundation
import Testing

/// GitLab discovery against gitlab.py, a loopback server that answers in GitLab's documented
/// shapes: group projects with subgroups, Link and x-next-page pagination, raw files with
/// ETags and 304s, RateLimit-* headers and 429 with Retry-After, 401 for a bad token.
@Suite("GitLab discovery against a loopback GitLab API", .serialized)
struct GitLabSourceTests {
    static let token = "glpat-fixtureTokenThatMustNeverBeShown"

    func gitlab(_ fixture: HostedAPIFixture, _ settings: [String: String] = [:]) -> SourceDefinition {
        SourceDefinition(name: "acme-gitlab", kind: .gitlab,
                         settings: ["group": "acme", "apiUrl": fixture.url("/api/v4"), "tokenEnv": "GITLAB_TOKEN"].merging(settings) { $1 })
    }

    /// Where project `index` of the fixture lives: every third one in the subgroup.
    static func file(_ index: Int) -> String {
        String(format: index % 3 == 2 ? "acme/platform/service-%03d/catalog-info.yaml" : "acme/service-%03d/catalog-info.yaml", index)
    }

    @Test("subgroups included, every page followed by Link; files land under the project's full path; archived and empty projects skipped")
    func listsAndFetches() throws {
        // 40 projects, 10 a page. The last is archived, the one before has no repository, and
        // every tenth has no catalog file.
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "40", "--max-per-page", "10", "--archived", "1", "--empty", "1",
                                                         "--without-catalog-every", "10", "--token", Self.token])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture), environment: ["GITLAB_TOKEN": Self.token])
        defer { loop.remove() }

        let result = try loop.refresh(with: GitLabSource())

        let expected = (0..<38).filter { ($0 + 1) % 10 != 0 }.map(Self.file)
        #expect(loop.files().keys.sorted() == expected.sorted())
        #expect(loop.files()["acme/platform/service-002/catalog-info.yaml"]?.contains("name: service-002") == true)
        let log = try fixture.log()
        // 39 projects listed (the archived one left out by the server): four pages.
        #expect(log.listingRequests.count == 4)
        #expect(log.listingRequests.first?.path.contains("include_subgroups=true") == true)
        #expect(log.listingRequests.first?.path.contains("archived=false") == true)
        #expect(log.fileRequests.count == 38) // none for the project without a repository
        #expect(log.fileRequests.contains { $0.path == "/api/v4/projects/1000/repository/files/catalog-info.yaml/raw?ref=main" })
        #expect(log.requests.allSatisfy { $0.authorized })
        #expect(result.requests == 42)
        #expect(result.notices == ["GitLab acme: 39 projects, 35 catalog files (0 unchanged), 4 without catalog-info.yaml"])
    }

    @Test("without Link headers, x-next-page is followed")
    func followsNextPageHeader() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "25", "--max-per-page", "10", "--no-link"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }

        try loop.refresh(with: GitLabSource())

        #expect(loop.files().count == 24)
        #expect(try fixture.log().listingRequests.map { $0.path.contains("page=3") }.last == true)
    }

    @Test("a subgroup by its path, a nested catalogPath: both URL-encoded as GitLab wants")
    func subgroupAndNestedPath() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "9", "--archived", "0", "--catalog-path", "docs/catalog-info.yaml"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["group": "acme/platform", "tokenEnv": "", "catalogPath": "docs/catalog-info.yaml"]))
        defer { loop.remove() }

        try loop.refresh(with: GitLabSource())

        #expect(loop.files().keys.sorted() == [2, 5, 8].map(Self.file))
        let log = try fixture.log()
        #expect(log.listingRequests.first?.path.hasPrefix("/api/v4/groups/acme%2Fplatform/projects?") == true)
        #expect(log.fileRequests.map(\.path).sorted() == [1002, 1005, 1008].map { "/api/v4/projects/\($0)/repository/files/docs%2Fcatalog-info.yaml/raw?ref=main" })
    }

    @Test("a second refresh with the memo: every file request is a 304, the files are copied from the last good tree")
    func unchangedFilesCostNothing() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "30", "--without-catalog-every", "6"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        try loop.refresh(with: GitLabSource())
        let first = loop.files()
        fixture.control("/__reset")

        let result = try loop.refresh(with: GitLabSource())

        let log = try fixture.log()
        let conditional = log.fileRequests.filter { $0.ifNoneMatch != nil }
        #expect(conditional.count == first.count)
        #expect(conditional.allSatisfy { $0.status == 304 && $0.bytes == 0 })
        #expect(log.fileRequests.filter { $0.status == 200 }.isEmpty)
        #expect(result.notModified == first.count)
        #expect(loop.files() == first)
    }

    @Test("a changed file is the only one downloaded again")
    func changedFileRefetched() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "9"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        try loop.refresh(with: GitLabSource())
        fixture.control("/__change?repo=service-005")
        fixture.control("/__reset")

        let result = try loop.refresh(with: GitLabSource())

        let downloaded = try fixture.log().fileRequests.filter { $0.status == 200 }
        #expect(downloaded.map(\.path) == ["/api/v4/projects/1005/repository/files/catalog-info.yaml/raw?ref=main"])
        #expect(result.notModified == 7)
        #expect(loop.files()[Self.file(5)]?.contains("revision 2") == true)
    }

    @Test("RateLimit-Remaining spent: waits for RateLimit-Reset before sending more, never refused")
    func waitsForReset() throws {
        // 12 requests a window: the listing and 11 files, then the budget is spent.
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "30", "--archived", "0", "--rate-limit", "12", "--rate-window", "20"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        let waits = Waits()

        let result = try loop.refresh(with: GitLabSource(rateLimit: RateLimitPolicy(sleep: fixture.instantSleep(recordingInto: waits))))

        #expect(loop.files().count == 30)
        #expect(try fixture.log().requests.filter { $0.status == 429 }.isEmpty)
        #expect(waits.total >= 38 && waits.total <= 42) // two windows spent, each reset about 20 s ahead
        #expect(result.notices.last?.hasSuffix(" s for GitLab's rate limit") == true)
    }

    @Test("a 429 nobody warned of (another client spent the budget): waits Retry-After, then goes on")
    func retryAfterOn429() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "2", "--archived", "0", "--rate-limit", "3", "--rate-window", "600",
                                                         "--retry-after", "5"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }
        for _ in 0..<3 { fixture.get("/api/v4/groups/acme/projects") }
        let waits = Waits()

        try loop.refresh(with: GitLabSource(rateLimit: RateLimitPolicy(sleep: fixture.instantSleep(recordingInto: waits))))

        #expect(loop.files().count == 2)
        #expect(waits.total == 5) // Retry-After, not RateLimit-Reset ten minutes ahead
        #expect(try fixture.log().requests.map(\.status) == [200, 200, 200, 429, 200, 200, 200])
    }

    @Test("a refused token: the error names the variable, never the token")
    func refusedToken() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--token", "the-right-one"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture), environment: ["GITLAB_TOKEN": Self.token])
        defer { loop.remove() }

        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitLabSource()) }
        #expect(error?.message == "source acme-gitlab: GitLab refused the token in GITLAB_TOKEN (401 Unauthorized); put a valid, unexpired token in GITLAB_TOKEN")
        #expect(error?.message.contains(Self.token) == false)
    }

    @Test("a 500 for one project's file fails the whole refresh, naming the project")
    func oneFailingFile() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "9", "--fail-project", "service-005"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["tokenEnv": ""]))
        defer { loop.remove() }

        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitLabSource()) }
        #expect(error?.message == "source acme-gitlab: GitLab answered 500 Internal Server Error for the catalog file of acme/platform/service-005; the last good catalog stays — the next refresh tries again")
    }

    @Test("an unknown group: a 404 that says what to check")
    func unknownGroup() throws {
        let fixture = try HostedAPIFixture("gitlab.py")
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["group": "acme/nowhere", "tokenEnv": ""]))
        defer { loop.remove() }

        let error = #expect(throws: SourceError.self) { try loop.refresh(with: GitLabSource()) }
        #expect(error?.message == "source acme-gitlab: GitLab has no group acme/nowhere at \(fixture.url("/api/v4")), or the token cannot see it; check group (a path like acme/platform, or an id) and tokenEnv (404 Group Not Found)")
    }

    @Test("files are fetched at most `concurrency` at a time")
    func boundedConcurrency() throws {
        let fixture = try HostedAPIFixture("gitlab.py", ["--projects", "40", "--delay-ms", "25"])
        defer { fixture.stop() }
        let loop = try RefreshLoop(gitlab(fixture, ["tokenEnv": "", "concurrency": "5"]))
        defer { loop.remove() }

        try loop.refresh(with: GitLabSource())

        let log = try fixture.log()
        #expect(log.fileRequests.count == 39)
        #expect(log.maxInFlight <= 5)
        #expect(log.maxInFlight >= 3)
    }
}
