import CairnCatalog
import CairnScaffold
import Testing

@Suite("Form values from defaults, --values and --set")
struct ParameterValuesTests {
    static let form: TemplateForm = {
        do {
            return try ParameterFixtures.form("""
            - title: Service
              required: [name]
              properties:
                name: {type: string}
                port: {type: integer, default: 8080}
                ratio: {type: number}
                enabled: {type: boolean, default: false}
                size: {type: string, enum: [s, m], default: s}
                tier: {type: integer, enum: [1, 2]}
                languages: {type: array, items: {type: string, enum: [go, java]}}
                tags: {type: array, items: {type: string}}
                token: {type: string, ui:widget: password}
            """)
        } catch {
            fatalError("fixture: \(error)")
        }
    }()

    func values(defaults: Bool = true, file: String? = nil, _ sets: String...) throws -> [String: Value] {
        try Self.form.values(defaults: defaults, file: file, sets: sets)
    }

    func failure(file: String? = nil, _ sets: String...) -> String? {
        do {
            _ = try Self.form.values(defaults: true, file: file, sets: sets)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("defaults alone, or none")
    func defaults() throws {
        #expect(try values() == ["port": .int(8080), "enabled": .bool(false), "size": .string("s")])
        #expect(try values(defaults: false) == [:])
    }

    @Test("--set coerces per field kind; what does not fit stays text for validate to report")
    func coercion() throws {
        let result = try values("name=gift-card", "port=9090", "ratio=0.5", "enabled=true", "size=m", "tier=2",
                                "languages=go, java", "tags=a,b,,c", "token=s3cr=t", "extra=42")
        #expect(result["name"] == .string("gift-card"))
        #expect(result["port"] == .int(9090))
        #expect(result["ratio"] == .double(0.5))
        #expect(result["enabled"] == .bool(true))
        #expect(result["size"] == .string("m"))
        #expect(result["tier"] == .int(2))
        #expect(result["languages"] == .array([.string("go"), .string("java")]))
        #expect(result["tags"] == .array([.string("a"), .string("b"), .string("c")]))
        #expect(result["token"] == .string("s3cr=t")) // split on the first '='
        #expect(result["extra"] == .string("42")) // unknown keys stay strings
        #expect(Self.form.validate(result, catalog: nil).isEmpty)

        let odd = try values("port=80x", "enabled=yes", "ratio=1e3", "languages=", "name=")
        #expect(odd["port"] == .string("80x"))
        #expect(odd["enabled"] == .string("yes"))
        #expect(odd["ratio"] == .double(1000))
        #expect(odd["languages"] == .array([]))
        #expect(Self.form.validate(odd, catalog: nil).map(\.description) == [
            "name: required", "port: must be an integer, not a string", "enabled: must be true or false, not a string",
        ])
        #expect(try values("port=1", "port=2")["port"] == .int(2)) // the last wins
    }

    @Test("a malformed --set is an error")
    func badSet() {
        #expect(failure("name") == #"--set "name" has no '='; write --set key=value"#)
        #expect(failure("=oops") == "--set has an empty key before '='; write --set key=value")
    }

    @Test("a YAML values file over defaults, under --set; null unsets a default")
    func yamlFile() throws {
        let yaml = """
        # values for gift-card
        name: gift-card
        port: 9000.0
        enabled: true
        size: null
        languages: [go]
        tier: 1
        notAField: {nested: true}
        """
        let result = try ParameterFixtures.withFile(yaml) { path in try values(file: path, "enabled=false") }
        #expect(result == [
            "name": .string("gift-card"), "port": .int(9000), "enabled": .bool(false), "languages": .array([.string("go")]),
            "tier": .int(1), "notAField": .object([.init("nested", .bool(true))]),
        ])
    }

    @Test("a JSON values file")
    func jsonFile() throws {
        let json = #"{"name": "gift-card", "port": 8081, "languages": ["java"], "token": "t\u00f6k"}"#
        let result = try ParameterFixtures.withFile(json, name: "values.json") { path in try values(defaults: false, file: path) }
        #expect(result == ["name": .string("gift-card"), "port": .int(8081), "languages": .array([.string("java")]), "token": .string("tök")])
    }

    @Test("a bad values file names the file, line and key, never the value",
          arguments: [
              ("name: gift-card\nport: '8080'\n", "values.yaml:2:7: error: port must be an integer, not a string"),
              ("token: 12345\n", "values.yaml:1:8: error: token must be a string, not a number"),
              ("languages: go\n", "values.yaml:1:12: error: languages must be a list, not a string"),
              ("name: [unclosed\n", "values.yaml:2:1: error: YAML syntax error"),
              ("- name\n- port\n", "values.yaml:1:1: error: a values file must be a mapping of parameter names to values, not a list"),
              ("name: a\n---\nname: b\n", "values.yaml:2:1: error: more than one document"),
              ("name: a\nname: b\n", "values.yaml:2:1: error: duplicate key \"name\""),
              ("{\"port\": true}", "values.yaml:1:10: error: port must be an integer, not a boolean"),
          ])
    func badFile(text: String, expected: String) throws {
        let message = try ParameterFixtures.withFile(text) { path in
            try #require(failure(file: path)).replacingOccurrences(of: path, with: "values.yaml")
        }
        #expect(message.hasPrefix(expected), "\(message)")
        #expect(!message.contains("12345") && !message.contains("\n"))
    }

    @Test("a missing, a directory or an empty values file")
    func missingFile() throws {
        #expect(failure(file: "/nonexistent/values.yaml") == "/nonexistent/values.yaml: error: no such values file")
        #expect(failure(file: "/tmp") == "/tmp: error: is a directory, not a values file")
        #expect(try ParameterFixtures.withFile("") { path in try values(file: path) } == values())
        #expect(try ParameterFixtures.withFile("# nothing\n") { path in try values(file: path) } == values())
    }
}
