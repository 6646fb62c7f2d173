import CairnCatalog
import CairnScaffold
import Testing

@Suite("Parameter validation rules")
struct ParameterValidationTests {
    /// One page of one field per rule.
    static let form: TemplateForm = {
        do {
            return try ParameterFixtures.form("""
            - title: Rules
              required: [name, count, enabled, choice]
              properties:
                name: {type: string, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', minLength: 3, maxLength: 10}
                optional: {type: string, pattern: '^x'}
                emoji: {type: string, maxLength: 2}
                count: {type: integer, minimum: 1, maximum: 65535}
                ratio: {type: number, minimum: -1.5, maximum: 2.5}
                enabled: {type: boolean}
                choice: {type: string, enum: [small, large], enumNames: [Small, Large]}
                tier: {type: integer, enum: [1, 2, 3]}
                languages: {type: array, items: {type: string, enum: [go, java, rust]}}
                tags: {type: array, items: {type: string}}
                component: {type: string, ui:field: EntityNamePicker}
                repo: {type: string, ui:field: RepoUrlPicker, ui:options: {allowedHosts: [github.com, gitlab.example.com]}}
                anyRepo: {type: string, ui:field: RepoUrlPicker}
            """)
        } catch {
            fatalError("fixture: \(error)")
        }
    }()

    func check(_ key: String, _ value: Value?) throws -> String? {
        let form = Self.form
        return form.validate(try #require(form.field(key)), value, catalog: nil)
    }

    @Test("required: missing, null and empty text are missing; false and 0 are values")
    func required() throws {
        #expect(try check("name", nil) == "required")
        #expect(try check("name", .null) == "required")
        #expect(try check("name", .string("")) == "required")
        #expect(try check("enabled", .bool(false)) == nil)
        #expect(try check("enabled", nil) == "required")
        #expect(try check("optional", nil) == nil)
        #expect(try check("optional", .string("")) == nil) // no pattern check on an empty optional value
    }

    @Test("pattern (ECMAScript, unanchored unless written ^…$)")
    func pattern() throws {
        #expect(try check("name", .string("gift-card")) == nil)
        #expect(try check("name", .string("Gift-Card")) == "must match ^[a-z0-9]+(-[a-z0-9]+)*$")
        #expect(try check("name", .string("gift--card")) == "must match ^[a-z0-9]+(-[a-z0-9]+)*$")
        // A line break is refused before the pattern is tried (one-line values only).
        #expect(try check("name", .string("gift\n")) == "must be one line without control characters")
        #expect(try check("optional", .string("xyz")) == nil)
        #expect(try check("optional", .string("axyz")) == "must match ^x")
    }

    @Test("minLength and maxLength count characters (code points)")
    func lengths() throws {
        #expect(try check("name", .string("ab")) == "at least 3 characters")
        #expect(try check("name", .string("abc")) == nil)
        #expect(try check("name", .string("abcdefghij")) == nil)
        #expect(try check("name", .string("abcdefghijk")) == "at most 10 characters")
        #expect(try check("emoji", .string("😀😀")) == nil)
        #expect(try check("emoji", .string("😀😀😀")) == "at most 2 characters")
    }

    @Test("integer: whole numbers only, within minimum and maximum")
    func integer() throws {
        #expect(try check("count", .int(8080)) == nil)
        #expect(try check("count", .double(8080)) == nil)
        #expect(try check("count", .double(80.5)) == "must be a whole number")
        #expect(try check("count", .string("8080")) == "must be an integer, not a string")
        #expect(try check("count", .int(0)) == "at least 1")
        #expect(try check("count", .int(65536)) == "at most 65535")
        #expect(try check("count", .int(1)) == nil)
        #expect(try check("count", .int(65535)) == nil)
    }

    @Test("number: integers and fractions, within limits")
    func number() throws {
        #expect(try check("ratio", .double(2.5)) == nil)
        #expect(try check("ratio", .int(2)) == nil)
        #expect(try check("ratio", .double(2.6)) == "at most 2.5")
        #expect(try check("ratio", .int(-2)) == "at least -1.5")
        #expect(try check("ratio", .bool(true)) == "must be a number, not a boolean")
        #expect(try check("ratio", .double(.infinity)) == "must be a finite number")
    }

    @Test("boolean")
    func boolean() throws {
        #expect(try check("enabled", .bool(true)) == nil)
        #expect(try check("enabled", .string("yes")) == "must be true or false, not a string")
        #expect(try check("enabled", .int(1)) == "must be true or false, not a number")
    }

    @Test("enum: the value (not the label) must be one of the options")
    func choice() throws {
        #expect(try check("choice", .string("small")) == nil)
        #expect(try check("choice", .string("Small")) == "must be one of small, large")
        #expect(try check("choice", .string("medium")) == "must be one of small, large")
        #expect(try check("tier", .int(2)) == nil)
        #expect(try check("tier", .double(2)) == nil)
        #expect(try check("tier", .int(4)) == "must be one of 1, 2, 3")
    }

    @Test("array of enum: a list whose items are all options")
    func multiChoice() throws {
        #expect(try check("languages", .array([.string("go"), .string("rust")])) == nil)
        #expect(try check("languages", .array([])) == nil)
        #expect(try check("languages", .array([.string("go"), .string("cobol")])) == "must be chosen from go, java, rust")
        #expect(try check("languages", .string("go")) == "must be a list, not a string")
        #expect(try check("tags", .array([.string("anything")])) == nil)
        #expect(try check("tags", .array([.int(1)])) == "must be a list of strings; one item is a number")
    }

    @Test("text fields take strings only")
    func textType() throws {
        #expect(try check("name", .int(123)) == "must be a string, not a number")
        #expect(try check("name", .array([])) == "must be a string, not a list")
    }

    @Test("EntityNamePicker follows Backstage's name rules")
    func entityName() throws {
        #expect(try check("component", .string("gift-card_v2.service")) == nil)
        for bad in ["-leading", "trailing-", "has space", "../etc", String(repeating: "a", count: 64), "naïve"] {
            #expect(try check("component", .string(bad)) == "must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit", "\(bad)")
        }
    }

    @Test("RepoUrlPicker: host?owner=o&repo=r on an allowed host, no path tricks")
    func repoUrl() throws {
        #expect(try check("repo", .string("github.com?owner=northwind&repo=gift-card")) == nil)
        #expect(try check("repo", .string("gitlab.example.com?owner=platform%2Fgo&repo=svc")) == nil)
        #expect(try check("anyRepo", .string("dev.azure.com?organization=nw&project=My%20Project&repo=svc")) == nil)
        #expect(try check("repo", .string("bitbucket.org?owner=n&repo=r")) == "host must be github.com or gitlab.example.com")
        #expect(try check("repo", .string("?owner=n&repo=r")) == "must name a host: host?owner=o&repo=r")
        #expect(try check("repo", .string("github.com?owner=n")) == "must name a repo: host?owner=o&repo=r")
        #expect(try check("repo", .string("github.com?repo=r")) == "must name an owner: host?owner=o&repo=r")
        #expect(try check("repo", .string("github.com?owner=n&repo=..")) == "repo must be letters, digits, '.', '-' or '_'")
        #expect(try check("repo", .string("github.com?owner=n&repo=a%2F..%2Fb")) == "repo must be letters, digits, '.', '-' or '_'")
        #expect(try check("repo", .string("github.com?owner=..&repo=r")) == "owner must be letters, digits, '.', '-' or '_' (groups separated by '/')")
        #expect(try check("anyRepo", .string("https://github.com?owner=n&repo=r")) == "must start with a host name such as github.com: host?owner=o&repo=r")
        #expect(try check("anyRepo", .string("dev.azure.com?organization=nw&project=..&repo=svc")) == "project must be a plain name")
    }

    @Test("every violation over all pages, with per-page required; unknown keys pass")
    func wholeForm() throws {
        let form = try ParameterFixtures.form("""
        - title: One
          required: [name]
          properties:
            name: {type: string, maxLength: 5}
            port: {type: integer}
        - title: Two
          required: [port2]
          properties:
            port2: {type: integer}
            name2: {type: string}
        """)
        #expect(form.fields.map(\.isRequired) == [true, false, true, false])
        let violations = form.validate(["name": .string("toolong"), "port": .string("x"), "extra": .string("kept")], catalog: nil)
        #expect(violations == [
            .init(page: 0, key: "name", message: "at most 5 characters"),
            .init(page: 0, key: "port", message: "must be an integer, not a string"),
            .init(page: 1, key: "port2", message: "required"),
        ])
        #expect(violations.map(\.description) == ["name: at most 5 characters", "port: must be an integer, not a string", "port2: required"])
        #expect(form.validate(["name": .string("ok"), "port2": .int(1), "unknown": .array([])], catalog: nil).isEmpty)
    }

    @Test("messages about a secret never repeat its value")
    func secretsStayQuiet() throws {
        let form = try ParameterFixtures.form("""
        properties:
          token: {type: string, ui:widget: password, pattern: '^ghp_', maxLength: 8}
        """)
        let token = try #require(form.field("token"))
        #expect(token.isSecret)
        for value in ["hunter2-is-long", "hunter2"] {
            let message = try #require(form.validate(token, .string(value), catalog: nil))
            #expect(!message.contains(value))
        }
    }

    @Test("a form built in code checks its pattern too")
    func codeBuiltForm() {
        let field = TemplateForm.Field(key: "id", kind: .text, pattern: "^\\d+$")
        let form = TemplateForm(pages: [.init(title: "Only", fields: [field])])
        #expect(form.validate(field, .string("123"), catalog: nil) == nil)
        #expect(form.validate(field, .string("١٢٣"), catalog: nil) == "must match ^\\d+$") // \d is ASCII in ECMAScript
        let broken = TemplateForm.Field(key: "id", pattern: "(")
        #expect(form.validate(broken, .string("x"), catalog: nil) == "cannot be checked: the template's pattern is not a valid regular expression")
    }
}
