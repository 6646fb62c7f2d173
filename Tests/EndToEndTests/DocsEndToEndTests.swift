import CairnCatalog
import Foundation
import Testing

/// The docs verbs on the real binary: rendered pages, API summaries, contradictions.
@Suite("docs", .serialized)
struct DocsEndToEndTests {
    static let fixtures = CairnProcess.repository + "/Tests/Fixtures/docs"
    let samples = CairnProcess.repository + "/catalog-samples"

    @Test("docs show renders a techdocs site: every page with its file and date, styles as text, links numbered")
    func showsTechdocs() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["docs", "show", "payments-service", "--catalog", samples, "--width", "80"])
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains { $0.hasPrefix("── index.md (") && $0.contains("services/payments/docs/index.md, changed ") })
        #expect(lines.contains { $0.hasPrefix("── runbook.md (") })
        #expect(lines.contains("Payments Service"))
        #expect(lines.contains("════════════════"))
        #expect(lines.contains("POST   │ /payments              │ Authorise and capture a payment"))
        #expect(lines.contains("[2] https://grafana.example.com/d/payments-service"))
        #expect(lines.contains("[ ] Load test at 2× peak (Black Friday profile)"))
        #expect(lines.allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test("docs show of an API: the OpenAPI summary from a $text file, each endpoint with parameters, body and responses")
    func showsAPI() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["docs", "show", "api:orders-openapi", "--catalog", Self.fixtures, "--width", "90", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let value = try #require(YAMLParser.parse(result.output).documents.first?.root?.value)
        let lines = value["api"]?["lines"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(lines.contains("  POST  /orders       Place an order"), "\(lines)")
        #expect(lines.contains("  id  path  required  string"), "\(lines)")
        #expect(lines.contains { $0.contains("status") && $0.contains("enum(placed|paid|shipped)") }, "allOf is merged")
        #expect(value["pages"]?.arrayValue?.isEmpty == true, "the component's README is not the API's")
    }

    @Test("a README that names another health port: flagged in docs show and warned by validate (exit 0)")
    func contradictions() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let shown = try cairn.run(["docs", "show", "orders-api", "--catalog", Self.fixtures])
        #expect(shown.output.contains("⚠ line 7: README.md names the health endpoint on port 9091, but cairn.dev/health-url uses 9090"), "\(shown.output)")
        let validated = try cairn.run(["validate", "--catalog", Self.fixtures])
        #expect(validated.status == 0)
        #expect(validated.output.contains("Tests/Fixtures/docs/orders-api/README.md:7:1: warning: component:default/orders-api: README.md names the health endpoint on port 9091"),
                "\(validated.output)")
        // The samples' docs agree with their catalog entries.
        #expect(try cairn.run(["validate", "--catalog", samples]).output.split(separator: "\n").count == 1)
    }

    @Test("docs search: one ranked search over metadata, docs pages and API operations; a changed page is found at once")
    func search() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        // A copy of the fixtures, so a page can change.
        let copy = cairn.state + "/catalog"
        try FileManager.default.copyItem(atPath: Self.fixtures, toPath: copy)
        let result = try cairn.run(["docs", "search", "refund", "--catalog", copy, "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let hits = try #require(YAMLParser.parse(result.output).documents.first?.root?.value.arrayValue)
        let refs = hits.compactMap { $0["entityRef"]?.stringValue }
        #expect(Set(refs) == ["component:default/ledger", "component:default/orders-api"], "\(result.output)")
        #expect(hits.allSatisfy { ($0["snippet"]?.stringValue ?? "").lowercased().contains("[refund") }, "\(result.output)")
        #expect(hits.contains { $0["title"]?.stringValue == "Orders API: README.md" && $0["section"]?.stringValue == "Refunds" }, "the section a match is in")
        let operation = try cairn.run(["docs", "search", "find", "an", "ord", "--catalog", copy, "--json"])
        #expect(operation.output.contains("\"section\": \"GET /orders/{id}\""), "\(operation.output)")

        // Change a page: the next search sees it (only that page is re-indexed).
        try "# Ledger\n\nChargebacks arrive from the acquirer as disputes.\n".write(toFile: copy + "/ledger/docs/index.md", atomically: true, encoding: .utf8)
        let changed = try cairn.run(["docs", "search", "chargebacks", "--catalog", copy, "--json"])
        #expect(changed.output.contains("component:default/ledger"), "\(changed.output)")
        #expect(!(try cairn.run(["docs", "search", "settles", "nightly", "--catalog", copy, "--json"]).output.contains("component:default/ledger")))
        // Hostile text is a search, never an error.
        for hostile in ["\"", "NEAR(", "*", "-", "a:b", "(((", "😀"] {
            #expect(try cairn.run(["docs", "search", hostile, "--catalog", copy]).status == 0, "\(hostile)")
        }
    }

    @Test("docs show on an entity without docs says how to add them; an unknown entity exits 3")
    func noDocs() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["docs", "show", "group:orders-team", "--catalog", Self.fixtures])
        #expect(result.status == 0)
        #expect(result.output.contains("no docs: add backstage.io/techdocs-ref"))
        #expect(try cairn.run(["docs", "show", "nope", "--catalog", Self.fixtures]).status == 3)
    }
}
