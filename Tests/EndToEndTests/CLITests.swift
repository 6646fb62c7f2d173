import CairnCatalog
import Foundation
import LoopbackFixtures
import Testing

/// The CLI contract of DESIGN.md §4 and the foundation issue, checked on the real binary.
@Suite("cairn CLI", .serialized)
struct CLITests {
    let samples = CairnProcess.repository + "/catalog-samples"
    let broken = CairnProcess.repository + "/Tests/Fixtures/broken"
    let foreign = CairnProcess.repository + "/Tests/Fixtures/foreign"

    @Test("validate on the samples: nothing wrong, exit 0")
    func validateSamples() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["validate", "--catalog", samples])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1)
        let summary = try #require(lines.last)
        #expect(summary.range(of: #"^\d+ entities, (\d+) valid, 0 quarantined$"#, options: .regularExpression) != nil)
        #expect(try cairn.run(["validate", "--catalog", foreign]).status == 0)
    }

    @Test("validate on broken fixtures: every problem kind with path:line:col, exit 1")
    func validateBroken() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["validate", "--catalog", "Tests/Fixtures/broken"])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        let problems = lines.dropLast()
        let format = #"^Tests/Fixtures/broken/[a-z-]+\.yaml:\d+:\d+: (error|warning|notice): "#
        for line in problems { #expect(line.range(of: format, options: .regularExpression) != nil, "\(line)") }
        let expectations: [(String, String)] = [
            ("syntax-error.yaml", "YAML syntax error"),
            ("bad-names.yaml", "metadata.name \"Pay$\""),
            ("bad-names.yaml", "metadata.namespace"),
            ("bad-names.yaml", "kind \"9Lives\""),
            ("bad-names.yaml", "apiVersion \"backstage.io/\""),
            ("bad-names.yaml", "tag \"UPPER\""),
            ("bad-names.yaml", "label key"),
            ("bad-names.yaml", "label value"),
            ("bad-names.yaml", "must be a string, not a number; quote the value"),
            ("bad-names.yaml", "a link has no url"),
            ("missing-fields.yaml", "spec.lifecycle is missing"),
            ("missing-fields.yaml", "spec.definition is missing"),
            ("missing-fields.yaml", "spec.children is missing"),
            ("missing-fields.yaml", "spec.memberOf is missing"),
            ("missing-fields.yaml", "spec.target or spec.targets is missing"),
            ("wrong-types.yaml", "spec.owner must be a string, not a list"),
            ("wrong-types.yaml", "spec.lifecycle must be a string, not a boolean"),
            ("root-fields.yaml", "relations is computed"),
            ("root-fields.yaml", "status is computed"),
            ("root-fields.yaml", "unknown field \"extra\""),
            ("duplicates.yaml", "is defined twice: here and at Tests/Fixtures/broken/duplicates-other.yaml:"),
            ("dangling-refs.yaml", "warning: component:default/bx-dangling: spec.owner refers to group:default/bx-no-such-team"),
            ("dangling-refs.yaml", "has no kind"),
            ("cycle.yaml", "warning: component:default/bx-cycle-a: is in a dependency cycle"),
            ("alias-bomb.yaml", "alias bomb"),
            ("no-kind.yaml", "notice: skipped a document without apiVersion and kind"),
        ]
        for (file, text) in expectations {
            #expect(problems.contains { $0.contains(file + ":") && $0.contains(text) }, "\(file): \(text)")
        }
        let summary = try #require(lines.last)
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count == 3 && numbers[0] == numbers[1] + numbers[2] && numbers[2] > 0, "\(summary)")

        // The valid entities of broken files still list.
        let listed = try cairn.run(["list", "--catalog", broken, "--json"])
        #expect(listed.status == 0)
        let refs = try refsIn(listed.output)
        for valid in ["component:default/bx-before-syntax", "component:default/bx-valid-names", "component:default/bx-valid-fields",
                      "component:default/bx-yes-lifecycle-is-string", "component:default/bx-after-bomb", "component:default/bx-escape"] {
            #expect(refs.contains(valid), "\(valid)")
        }
        #expect(!refs.contains("component:default/bx-missing-owner"))
        let all = try refsIn(try cairn.run(["list", "--catalog", broken, "--json", "--include-quarantined"]).output)
        #expect(all.contains("component:default/bx-missing-owner"))
    }

    @Test("validate --json counts and lists problems")
    func validateJSON() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["validate", "--catalog", broken, "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.contains { ($0["severity"] as? String) == "error" && ($0["line"] as? Int ?? 0) > 0 })
        #expect((object["quarantined"] as? Int ?? 0) > 0)
    }

    @Test("a path that does not exist exits 2 with a line naming it")
    func missingPath() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["validate", "--catalog", "no/such/dir"])
        #expect(result.status == 2)
        #expect(result.errors.hasPrefix("no/such/dir: error:"))
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    @Test("list: table and Backstage-shaped JSON with full relation refs; filters")
    func list() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let table = try cairn.run(["list", "--catalog", samples, "--kind", "api"])
        #expect(table.status == 0)
        let rows = table.output.split(separator: "\n")
        #expect(rows.first?.hasPrefix("REF") == true)
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("api:") && !$0.contains("default/") })

        let json = try cairn.run(["list", "--catalog", samples, "--json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
        #expect(array.count > 50)
        for entity in array {
            #expect(entity["apiVersion"] is String && entity["kind"] is String && entity["metadata"] is [String: Any])
            let relations = try #require(entity["relations"] as? [[String: String]])
            for relation in relations {
                #expect(relation["targetRef"]?.range(of: #"^[a-z]+:[a-z0-9-]+/.+$"#, options: .regularExpression) != nil)
                #expect(relation["type"] != nil)
            }
        }
        let production = try refsIn(try cairn.run(["list", "--catalog", samples, "--json", "--lifecycle", "production", "--kind", "component"]).output)
        #expect(!production.isEmpty && production.allSatisfy { $0.hasPrefix("component:") })
        let query = try refsIn(try cairn.run(["list", "--catalog", samples, "--json", "--query", "kind:resource orders"]).output)
        #expect(query.first == "resource:default/orders-db")
    }

    @Test("show: fields, relations, source; --json; exit 3 when not found")
    func show() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let text = try cairn.run(["show", "--catalog", samples, "checkout-service"])
        #expect(text.status == 0)
        #expect(text.output.contains("component:default/checkout-service"))
        #expect(text.output.contains("Source:"))
        #expect(text.output.contains("dependsOn:"))
        #expect(text.output.contains("resource:default/orders-db"))
        let json = try cairn.run(["show", "--catalog", samples, "component:checkout-service", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["relations"] as? [Any])?.isEmpty == false)
        let missing = try cairn.run(["show", "--catalog", samples, "component:does-not-exist"])
        #expect(missing.status == 3)
        #expect(missing.errors.contains("does-not-exist"))
        let quarantined = try cairn.run(["show", "--catalog", broken, "bx-missing-owner"])
        #expect(quarantined.status == 0)
        #expect(quarantined.output.contains("[quarantined]"))
        #expect(quarantined.output.contains("missing-fields.yaml:"))
    }

    @Test("graph: upstream and downstream trees, cycle marks, ASCII under LANG=C, depth")
    func graph() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let down = try cairn.run(["graph", "--catalog", samples, "resource:orders-db", "--direction", "down"])
        #expect(down.status == 0)
        for dependent in ["checkout-service", "orders-service", "fulfilment-service"] {
            #expect(down.output.contains("dependencyOf → component:default/\(dependent)"))
        }
        #expect(!down.output.contains("Depends on"))
        let cycle = try cairn.run(["graph", "--catalog", broken, "bx-cycle-a"])
        #expect(cycle.output.contains("↻ cycle"))
        let ascii = try cairn.run(["graph", "--catalog", broken, "bx-cycle-a"], environment: ["LANG": "C"])
        #expect(ascii.output.contains("@ cycle") && ascii.output.contains("`-- "))
        #expect(ascii.output.unicodeScalars.allSatisfy { $0.isASCII })
        let shallow = try cairn.run(["graph", "--catalog", samples, "storefront-web", "--direction", "up", "--depth", "1"])
        #expect(shallow.output.contains("raise --depth"))
        let json = try cairn.run(["graph", "--catalog", samples, "storefront-web", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["upstream"] as? [Any])?.isEmpty == false)
        #expect(try cairn.run(["graph", "--catalog", samples, "storefront-web", "--depth", "0"]).status == 2)
    }

    @Test("cairn without a terminal prints the summary instead of the portal; a bad --theme is exit 2")
    func noTerminal() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let result = try cairn.run(["--catalog", samples])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("entities from"))
        #expect(!result.output.contains("\u{1B}["))
        let theme = try cairn.run(["portal", "--catalog", samples, "--theme", "no-such-theme"])
        #expect(theme.status == 0) // no terminal: the summary, the theme is not needed
    }

    @Test("every verb has --help; unknown flags are usage errors (exit 2)")
    func help() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        for verb in ["portal", "validate", "list", "show", "graph", "summary"] {
            let result = try cairn.run([verb, "--help"])
            #expect(result.status == 0)
            #expect(result.output.contains("USAGE"), "\(verb)")
        }
        #expect(try cairn.run(["--help"]).output.contains("SUBCOMMANDS"))
        let unknown = try cairn.run(["list", "--no-such-flag"])
        #expect(unknown.status == 2)
    }

    @Test("the second run is served from the cache; touching a file rebuilds it")
    func cache() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let copy = cairn.state + "/catalog"
        try FileManager.default.copyItem(atPath: samples, toPath: copy)
        func fromCache() throws -> Bool {
            let result = try cairn.run(["summary", "--catalog", copy, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            return object["fromCache"] as? Bool ?? false
        }
        #expect(try !fromCache())
        #expect(try fromCache())
        let file = copy + "/org/groups.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try (text + "\n# edited\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try !fromCache())
        #expect(try fromCache())
    }

    @Test("the same relative --catalog from another folder is another catalog, not a cache hit")
    func relativeLocations() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let group = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: { name: NAME }\nspec: { type: team, children: [] }\n"
        for name in ["one", "two"] {
            try FileManager.default.createDirectory(atPath: "\(cairn.state)/\(name)/catalog", withIntermediateDirectories: true)
            let file = "\(cairn.state)/\(name)/catalog/a.yaml"
            try group.replacingOccurrences(of: "NAME", with: "team-\(name)").write(toFile: file, atomically: true, encoding: .utf8)
            // Same size and time: only the location tells the two catalogs apart.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)], ofItemAtPath: file)
        }
        let first = try cairn.run(["list", "--catalog", "catalog"], directory: cairn.state + "/one")
        #expect(first.output.contains("group:team-one"))
        let second = try cairn.run(["list", "--catalog", "catalog"], directory: cairn.state + "/two")
        #expect(second.output.contains("group:team-two"), "\(second.output)")
        #expect(!second.output.contains("team-one"))
    }

    @Test("several processes on one fresh database never fail with 'database is locked'")
    func concurrentProcesses() async throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let results = try await withThrowingTaskGroup(of: CairnProcess.Result.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try cairn.run([index % 2 == 0 ? "validate" : "list", "--catalog", index % 4 < 2 ? samples : foreign])
                }
            }
            var all: [CairnProcess.Result] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results {
            #expect(result.status == 0, "\(result.errors)")
            #expect(!result.errors.contains("locked"))
        }
    }

    @Test("a damaged database is set aside with a notice and the command still works")
    func damagedDatabase() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: cairn.database))
        let result = try cairn.run(["validate", "--catalog", samples])
        #expect(result.status == 0)
        #expect(result.errors.contains("notice: the database is damaged"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cairn.state).contains { $0.hasPrefix("cairn.db.unreadable-") })
    }

    @Test("terminal escapes in catalog data never reach text output")
    func escapes() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        for arguments in [["list", "--catalog", broken], ["show", "--catalog", broken, "bx-escape"]] {
            let result = try cairn.run(arguments)
            #expect(result.output.contains("evil"))
            #expect(!result.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        }
    }

    @Test("catalog: in ./cairn.yaml is used when no --catalog is given")
    func configFile() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        try "catalog:\n  - \(foreign)\n".write(toFile: cairn.state + "/cairn.yaml", atomically: true, encoding: .utf8)
        let result = try cairn.run(["validate"], directory: cairn.state)
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("15 entities"))
        let none = try cairn.run(["validate"], directory: CairnProcess.repository + "/Tests")
        #expect(none.status == 2)
        #expect(none.errors.contains("--catalog"))
    }

    @Test("cairn health checks real loopback endpoints: each format, a hang, a refusal; --json and --fail-on")
    func health() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let port = server.port
        let paths = ["pass": "/ietf-pass", "warn": "/ietf-warn", "spring-down": "/spring-down", "k8s": "/k8s", "hang": "/hang"]
        var documents = ["apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: t}\nspec: {type: team, children: []}\n"]
        for (name, path) in paths {
            documents.append("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: \(name)\n  annotations:\n    cairn.dev/health-url: http://127.0.0.1:\(port)\(path)\n    cairn.dev/health-timeout: 500ms\nspec: {type: service, lifecycle: production, owner: t}\n")
        }
        documents.append("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: refused\n  annotations:\n    cairn.dev/health-url: http://127.0.0.1:1/\nspec: {type: service, lifecycle: production, owner: t}\n")
        let catalog = cairn.state + "/health.yaml"
        try documents.joined(separator: "---\n").write(toFile: catalog, atomically: true, encoding: .utf8)

        let result = try cairn.run(["health", "--catalog", catalog, "--json", "--fail-on", "fail"])
        #expect(result.status == 1, "a failing check with --fail-on fail")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        var statuses: [String: String] = [:]
        for item in array {
            #expect(item["checkedAt"] is String && item["latencyMs"] is Int && item["reason"] is String)
            statuses[(item["entityRef"] as? String) ?? ""] = item["status"] as? String
        }
        #expect(statuses == [
            "component:default/pass": "pass", "component:default/warn": "warn", "component:default/spring-down": "fail",
            "component:default/k8s": "pass", "component:default/hang": "fail", "component:default/refused": "fail",
        ])
        let one = try cairn.run(["health", "--catalog", catalog, "pass", "--fail-on", "warn"])
        #expect(one.status == 0)
        #expect(one.output.contains("[OK]"))
        let none = try cairn.run(["health", "--catalog", catalog, "t"])
        #expect(none.status == 2, "a group has no health URL")
    }

    @Test("health results are kept: graph shows badges, impact lists the blast radius, --watch prints until interrupted")
    func healthKept() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let server = try FixtureServer("health-server/server.py")
        defer { server.stop() }
        let port = server.port
        let catalog = cairn.state + "/fleet.yaml"
        try """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: t}
        spec: {type: team, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata:
          name: db
          annotations: {cairn.dev/health-url: "http://127.0.0.1:\(port)/spring-down"}
        spec: {type: database, owner: t}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: api-svc
          annotations: {cairn.dev/health-url: "http://127.0.0.1:\(port)/ietf-pass", cairn.dev/health-interval: 1s}
        spec: {type: service, lifecycle: production, owner: t, dependsOn: [resource:db]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: web}
        spec: {type: website, lifecycle: production, owner: t, dependsOn: [component:api-svc]}
        """.write(toFile: catalog, atomically: true, encoding: .utf8)

        let before = try cairn.run(["impact", "resource:db", "--catalog", catalog, "--json"])
        let unknown = try #require(try JSONSerialization.jsonObject(with: Data(before.output.utf8)) as? [String: Any])
        #expect(unknown["status"] is NSNull, "nothing checked yet")
        #expect(try cairn.run(["health", "--once", "--catalog", catalog]).status == 0)

        let impact = try cairn.run(["impact", "resource:db", "--catalog", catalog, "--json"])
        #expect(impact.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(impact.output.utf8)) as? [String: Any])
        #expect(report["status"] as? String == "fail")
        #expect(report["blastRadius"] as? Int == 2)
        let dependents = try #require(report["dependents"] as? [[String: Any]])
        #expect(dependents.map { $0["entityRef"] as? String } == ["component:default/api-svc", "component:default/web"])
        #expect(dependents.map { $0["depth"] as? Int } == [1, 2])
        #expect(dependents.first?["status"] as? String == "pass")
        let text = try cairn.run(["impact", "db", "--catalog", catalog])
        #expect(text.output.contains("[FAIL] resource:default/db"))
        #expect(text.output.contains("Blast radius: 2 entities depend on it."))

        let graph = try cairn.run(["graph", "component:api-svc", "--catalog", catalog])
        #expect(graph.output.hasPrefix("[IMPACTED] component:default/api-svc"), "passing itself, but its database fails: \(graph.output)")
        #expect(graph.output.contains("dependsOn → [FAIL] resource:default/db"))
        #expect(graph.output.contains("dependencyOf → [IMPACTED] component:default/web"))
        let graphJSON = try cairn.run(["graph", "component:web", "--catalog", catalog, "--json"])
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(graphJSON.output.utf8)) as? [String: Any])
        #expect((tree["health"] as? [String: Any])?["impacted"] as? Bool == true)

        // --watch: JSON lines as checks come in (api-svc every second), exit 0 on SIGINT.
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: CairnProcess.binary)
        watch.arguments = ["health", "--watch", "--json", "--catalog", catalog]
        watch.environment = ["CAIRN_DB": cairn.database, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": cairn.state + "/config"]
        let output = Pipe()
        watch.standardOutput = output
        watch.standardError = FileHandle.nullDevice
        try watch.run()
        usleep(2_600_000)
        kill(watch.processIdentifier, SIGINT)
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        watch.waitUntilExit()
        #expect(watch.terminationReason == .exit && watch.terminationStatus == 0)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count && !objects.isEmpty, "one JSON object per line")
        #expect(objects.filter { $0["entityRef"] as? String == "component:default/api-svc" }.count >= 2, "re-checked every second: \(lines)")
        #expect(objects.contains { $0["entityRef"] as? String == "resource:default/db" && $0["status"] as? String == "fail" })
        #expect(try cairn.run(["health", "--once", "--watch", "--catalog", catalog]).status == 2)
    }

    private func refsIn(_ json: String) throws -> [String] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return array.compactMap { entity in
            guard let kind = entity["kind"] as? String, let metadata = entity["metadata"] as? [String: Any],
                  let name = metadata["name"] as? String, let namespace = metadata["namespace"] as? String else { return nil }
            return "\(kind.lowercased()):\(namespace)/\(name.lowercased())"
        }
    }
}
