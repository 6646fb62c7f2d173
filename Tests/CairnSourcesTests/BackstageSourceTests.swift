import CairnCatalog
import CairnHTTP
import CairnSources
import Foundation
import LoopbackFixtures
import Testing

/// The Backstage source against `Tests/Fixtures/hosted-apis/backstage.py`, a catalog API on
/// loopback with Backstage's documented shapes.
@Suite("Backstage source against a loopback catalog API", .serialized)
struct BackstageSourceTests {
    /// One refresh into a fresh folder; the folder's files are read back through the catalog's own parser.
    struct Import {
        var result: SourceFetchResult
        var folder: String
        var files: [String]
        /// Each file's text, in the order of `files` (the folder is gone once the import returns).
        var texts: [String]
        var parsed: [ParsedFile]
        var entities: [Entity] { parsed.flatMap(\.entities) }

        func entity(_ name: String) -> Entity? { entities.first { $0.name == name } }
    }

    static func definition(_ server: FixtureServer?, _ settings: [String: String] = [:]) -> SourceDefinition {
        var all = settings
        if let server, all["url"] == nil { all["url"] = server.url("") }
        return SourceDefinition(name: "old-backstage", kind: .backstage, settings: all, declaredAt: "cairn.yaml:7")
    }

    static func run(_ definition: SourceDefinition, environment: [String: String] = [:], memo: [String: String] = [:],
                    source: BackstageSource = BackstageSource(), shouldStop: @escaping @Sendable () -> Bool = { false }) throws(SourceError) -> Import {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-backstage-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let context = SourceContext(definition: definition, folder: folder, previousFolder: nil, memo: memo, environment: environment,
                                    http: HTTPClient(maxConcurrent: 4), stateDirectory: folder, shouldStop: shouldStop)
        let result = try source.fetch(context)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        let contents = files.map { [UInt8](FileManager.default.contents(atPath: folder + "/" + $0) ?? Data()) }
        let parsed = zip(files, contents).map { name, bytes in
            FileParser.parse(bytes, file: SourceFile(path: folder + "/" + name, size: Int64(bytes.count), modified: 0))
        }
        return Import(result: result, folder: folder, files: files, texts: contents.map { String(decoding: $0, as: UTF8.self) }, parsed: parsed)
    }

    static func failure(_ definition: SourceDefinition, environment: [String: String] = [:], source: BackstageSource = BackstageSource(),
                        shouldStop: @escaping @Sendable () -> Bool = { false }) -> SourceError? {
        do {
            _ = try run(definition, environment: environment, source: source, shouldStop: shouldStop)
            return nil
        } catch {
            return error
        }
    }

    /// What the fixture was asked: path, query and whether the bearer token matched.
    static func requests(_ server: FixtureServer) throws -> [(path: String, query: [URLQueryItem], authorization: String)] {
        let response = HTTPClient().perform([HTTPRequest(url: server.url("/_requests"))])[0]
        let list = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: String]])
        return list.map { item in
            let query = URLComponents(string: "http://x/?" + (item["query"] ?? ""))?.queryItems ?? []
            return (item["path"] ?? "", query, item["authorization"] ?? "")
        }
    }

    @Test("every page is read: 1,200 entities over three pages of 500, each page one file of valid entities")
    func allPages() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "1200"])
        defer { server.stop() }
        let read = try Self.run(Self.definition(server))
        #expect(read.files == ["backstage-entities-1.yaml", "backstage-entities-2.yaml", "backstage-entities-3.yaml"])
        #expect(read.parsed.map(\.entities.count) == [500, 500, 200])
        #expect(Set(read.entities.map(\.ref)).count == 1200)
        #expect(read.parsed.allSatisfy { $0.problems.isEmpty })
        let invalid = read.entities.filter { !$0.problems.isEmpty }
        #expect(invalid.isEmpty, "\(invalid.prefix(3).flatMap(\.problems).map(\.message))")
        #expect(read.result.memo == ["endpoint": "by-query", "entities": "1200"])
        #expect(read.result.requests == 3)
        let asked = try Self.requests(server)
        #expect(asked.map(\.path) == Array(repeating: "/api/catalog/entities/by-query", count: 3))
        #expect(asked[0].query.map(\.name) == ["limit"])
        #expect(asked[1].query.map(\.name).sorted() == ["cursor", "limit"], "later pages send the cursor")
    }

    @Test("fields the server manages are gone; annotations, links and key order stay")
    func serverManagedFieldsStripped() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "40"])
        defer { server.stop() }
        let read = try Self.run(Self.definition(server))
        let found = read.entity("service-15")
        let service = try #require(found)
        guard case .object(let root) = service.document, case .object(let metadata)? = service.document["metadata"] else {
            Issue.record("service-15 is not a mapping")
            return
        }
        #expect(root.map(\.key) == ["apiVersion", "kind", "metadata", "spec"])
        #expect(metadata.map(\.key) == ["namespace", "name", "annotations", "links"], "uid, etag and generation removed, the rest in the server's order")
        #expect(service.annotation("pagerduty.com/service-id") == "PSVC0015")
        #expect(service.annotation("backstage.io/managed-by-location") == "url:https://github.com/acme/service-15/blob/main/catalog-info.yaml")
        #expect(service.spec["dependsOn"] == .array([.string("component:default/service-14")]))
        #expect(service.problems.isEmpty)
        let text = read.texts.joined()
        for field in ["\"uid\"", "\"etag\"", "\"generation\"", "\"relations\"", "\"status\""] {
            #expect(!text.contains(field), "\(field) left in the file")
        }
    }

    @Test("characters JSON allows and YAML 1.1 does not survive, written raw (as Node does) or escaped", arguments: [false, true])
    func unusualCharacters(escaped: Bool) throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "12"] + (escaped ? ["--ascii"] : []))
        defer { server.stop() }
        let read = try Self.run(Self.definition(server))
        #expect(read.entities.count == 12)
        let found = read.entity("checkout-5")
        let checkout = try #require(found)
        #expect(checkout.title == "Checkout \u{1F6D2}")
        #expect(checkout.summary == "Takes \"orders\" \\ pays\u{7F}\u{2028}next line\u{85} caf\u{E9}")
        #expect(checkout.problems.isEmpty)
    }

    @Test("filter: is sent as Backstage filter= values on the first page; ; gives alternatives")
    func filterPassed() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "100"])
        defer { server.stop() }
        let read = try Self.run(Self.definition(server, ["filter": "kind=component,kind=api", "pageSize": "30"]))
        #expect(Set(read.entities.map(\.kind)) == ["Component", "API"])
        #expect(read.entities.count == 97)
        let asked = try Self.requests(server)
        #expect(asked.count == 4)
        #expect(asked[0].query.first { $0.name == "filter" }?.value == "kind=component,kind=api")
        #expect(asked.dropFirst().allSatisfy { !$0.query.contains { $0.name == "filter" } }, "the cursor carries the filter")

        let alternatives = try Self.run(Self.definition(server, ["filter": "kind=group; metadata.name=payments"]))
        #expect(alternatives.entities.map(\.name).sorted() == ["payments", "team-a", "team-b"])
    }

    @Test("an older Backstage (by-query answers 404) is read through /entities and its Link header; the memo skips the probe next time")
    func olderBackstage() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "1200", "--old"])
        defer { server.stop() }
        let read = try Self.run(Self.definition(server, ["filter": "kind=component"]))
        #expect(read.parsed.map(\.entities.count) == [500, 500, 26])
        #expect(read.entities.allSatisfy { $0.kind == "Component" && $0.problems.isEmpty })
        #expect(read.result.memo == ["endpoint": "entities", "entities": "1026"])
        #expect(read.result.notices.count == 1 && read.result.notices[0].contains("404"))
        #expect(read.result.requests == 4)
        let asked = try Self.requests(server)
        #expect(asked.map(\.path) == ["/api/catalog/entities/by-query"] + Array(repeating: "/api/catalog/entities", count: 3))
        #expect(asked[2].query.contains { $0.name == "after" } && asked[2].query.contains { $0.name == "filter" && $0.value == "kind=component" })

        let again = try Self.run(Self.definition(server, ["filter": "kind=component"]), memo: read.result.memo)
        #expect(again.result.requests == 3 && again.result.notices.isEmpty)
        #expect(again.entities.count == 1026)
    }

    @Test("the bearer token from tokenEnv is sent; a refused one is named by its variable, never printed")
    func token() throws {
        let token = "bs-token-7f3a9c"
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "20", "--token", token])
        defer { server.stop() }
        let definition = Self.definition(server, ["tokenEnv": "BACKSTAGE_TOKEN"])
        let read = try Self.run(definition, environment: ["BACKSTAGE_TOKEN": token])
        #expect(read.entities.count == 20)
        #expect(try Self.requests(server).map(\.authorization) == ["bearer-ok"])

        let wrong = "wrong-token-41b2"
        let refused = try #require(Self.failure(definition, environment: ["BACKSTAGE_TOKEN": wrong]))
        #expect(refused.message.hasPrefix("cairn.yaml:7: source old-backstage: GET "))
        #expect(refused.message.contains("401") && refused.message.contains("refused the token in BACKSTAGE_TOKEN"))
        #expect(!refused.message.contains(wrong) && !refused.message.contains(token))
        #expect(!refused.message.contains("\n"))

        let unset = try #require(Self.failure(definition))
        #expect(unset.message == "cairn.yaml:7: source old-backstage: tokenEnv names BACKSTAGE_TOKEN, which is not set; export BACKSTAGE_TOKEN with a Backstage token or remove tokenEnv")
        let anonymous = try #require(Self.failure(Self.definition(server)))
        #expect(anonymous.message.contains("needs a token; set tokenEnv:"))
    }

    @Test("a 500 on page 2 fails the refresh with the server's message (the refresher keeps the last good tree)")
    func failureMidway() throws {
        for old in [false, true] {
            let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "1200", "--fail-page", "2"] + (old ? ["--old"] : []))
            defer { server.stop() }
            let error = try #require(Self.failure(Self.definition(server)))
            #expect(error.message.contains("HTTP 500: database unavailable"), "\(error.message)")
            #expect(error.message.hasPrefix("cairn.yaml:7: source old-backstage: GET \(server.url("/api/catalog/entities"))"))
        }
    }

    @Test("a page larger than the body cap, endless pages and a cursor loop end with a message saying what to change")
    func caps() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "1200"])
        defer { server.stop() }
        let big = try #require(Self.failure(Self.definition(server), source: BackstageSource(maxPageBytes: 64 << 10)))
        #expect(big.message.hasSuffix("page 1 is larger than 64 KB and was cut; lower pageSize: (now 500)"))
        let endless = try #require(Self.failure(Self.definition(server, ["pageSize": "100"]), source: BackstageSource(maxPages: 5)))
        #expect(endless.message == "cairn.yaml:7: source old-backstage: stopped after 5 pages (500 entities) and there are more; narrow it with filter: or raise pageSize:")

        let looping = try FixtureServer("hosted-apis/backstage.py", ["--entities", "1200", "--loop-cursor"])
        defer { looping.stop() }
        let loop = try #require(Self.failure(Self.definition(looping)))
        #expect(loop.message.hasSuffix("the server gave a cursor it had given before (a loop); check the Backstage catalog's health"))
        #expect(try Self.requests(looping).count == 2, "page 2 points at itself: stopped there, not asked again")
    }

    @Test("an entity pushed onto the next page while the catalog grows is written once, with a notice", arguments: [false, true])
    func catalogChangesDuringImport(old: Bool) throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "1200", "--grow-after-page", "1"] + (old ? ["--old"] : []))
        defer { server.stop() }
        let read = try Self.run(Self.definition(server))
        #expect(read.entities.count == 1200)
        #expect(Set(read.entities.map(\.ref)).count == 1200)
        #expect(read.parsed.map(\.entities.count) == [500, 499, 201])
        #expect(read.result.notices.last == "1 entity was listed on two pages (the catalog changed during the import); kept once")
        #expect(read.result.memo["entities"] == "1200")
    }

    @Test("quitting cairn stops the import between pages")
    func stopsWhenAsked() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "1200"])
        defer { server.stop() }
        let failure = Self.failure(Self.definition(server), shouldStop: { true })
        let error = try #require(failure)
        #expect(error.message == "cairn.yaml:7: source old-backstage: stopped, cairn is quitting")
        #expect(try Self.requests(server).isEmpty)
    }

    @Test("a URL that is not a Backstage, a closed port and bad settings fail with one actionable line")
    func wrongPlaces() throws {
        let health = try FixtureServer("health-server/server.py")
        defer { health.stop() }
        let notBackstage = try #require(Self.failure(Self.definition(health)))
        #expect(notBackstage.message.contains("404 Not Found; is url the Backstage base URL"))

        let closed = try #require(Self.failure(Self.definition(nil, ["url": "http://127.0.0.1:1"])))
        #expect(closed.message == "cairn.yaml:7: source old-backstage: GET http://127.0.0.1:1/api/catalog/entities/by-query?limit=500: connection refused")

        let missing = try #require(Self.failure(Self.definition(nil)))
        #expect(missing.message.contains("a backstage source needs url:"))
        let ftp = try #require(Self.failure(Self.definition(nil, ["url": "ftp://backstage.example.com"])))
        #expect(ftp.message.contains("must be an http or https URL"))
        let size = try #require(Self.failure(Self.definition(nil, ["url": "https://backstage.example.com", "pageSize": "0"])))
        #expect(size.message.contains("pageSize 0 must be a whole number from 1 to 10000"))
    }

    @Test("url may be the catalog's own …/api/catalog; it is not doubled")
    func catalogURL() throws {
        let server = try FixtureServer("hosted-apis/backstage.py", ["--entities", "3"])
        defer { server.stop() }
        let read = try Self.run(Self.definition(server, ["url": server.url("/api/catalog/")]))
        #expect(read.entities.count == 3)
    }
}
