import CairnCatalog
import Testing

/// YAMLParser: YAML 1.2 core-schema scalars, streams, positions, duplicate keys, syntax errors
/// and alias expansion limits.
@Suite("YAMLParser")
struct YAMLParserTests {
    /// The resolved value of `key:` in a one-key document.
    static func value(of scalar: String) throws -> Value {
        let stream = YAMLParser.parse("key: \(scalar)\n")
        #expect(stream.syntaxError == nil)
        let root = try #require(stream.documents.first?.root)
        return try #require(root["key"]).value
    }

    // MARK: Core schema

    @Test("YAML 1.1 booleans stay strings", arguments: ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"])
    func yamlOneOneBooleansAreStrings(_ text: String) throws {
        #expect(try Self.value(of: text) == .string(text))
    }

    @Test(arguments: [("true", true), ("True", true), ("TRUE", true), ("false", false), ("False", false), ("FALSE", false)])
    func coreBooleans(_ text: String, _ expected: Bool) throws {
        #expect(try Self.value(of: text) == .bool(expected))
    }

    @Test(arguments: ["tRUE", "truE", "fAlse", "nULL"])
    func oddlyCasedKeywordsAreStrings(_ text: String) throws {
        #expect(try Self.value(of: text) == .string(text))
    }

    @Test func quotedScalarsAreStrings() throws {
        #expect(try Self.value(of: "\"true\"") == .string("true"))
        #expect(try Self.value(of: "'false'") == .string("false"))
        #expect(try Self.value(of: "\"123\"") == .string("123"))
        #expect(try Self.value(of: "'null'") == .string("null"))
        #expect(try Self.value(of: "\"~\"") == .string("~"))
    }

    @Test func explicitStringTagWins() throws {
        #expect(try Self.value(of: "!!str 123") == .string("123"))
        #expect(try Self.value(of: "!!str true") == .string("true"))
        #expect(try Self.value(of: "!!str ~") == .string("~"))
    }

    @Test func explicitNullTag() throws {
        #expect(try Self.value(of: "!!null x") == .null)
    }

    @Test(arguments: [("123", 123), ("0", 0), ("-5", -5), ("+7", 7), ("007", 7), ("0x1F", 31), ("0xff", 255), ("0o17", 15)])
    func integers(_ text: String, _ expected: Int) throws {
        #expect(try Self.value(of: text) == .int(expected))
    }

    @Test(arguments: [("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("1e3", 1000.0), ("2.5E-1", 0.25), ("+1.", 1.0)])
    func floats(_ text: String, _ expected: Double) throws {
        #expect(try Self.value(of: text) == .double(expected))
    }

    @Test func infinitiesAndNaN() throws {
        #expect(try Self.value(of: ".inf") == .double(.infinity))
        #expect(try Self.value(of: "+.Inf") == .double(.infinity))
        #expect(try Self.value(of: "-.INF") == .double(-.infinity))
        guard case .double(let nan) = try Self.value(of: ".nan") else {
            Issue.record(".nan is not a double")
            return
        }
        #expect(nan.isNaN)
    }

    @Test(arguments: ["~", "null", "Null", "NULL", ""])
    func nulls(_ text: String) throws {
        #expect(try Self.value(of: text) == .null)
    }

    /// Forms that YAML 1.1 or other schemas read as numbers but the 1.2 core schema keeps as text.
    @Test(arguments: ["1_000", "0b101", "12:30", "1.2.3", "0x", "0xZZ", "-0x1F", "1e", ".", "1-2", "+", "1.5x", "-.nan", "~x", "1 2"])
    func notNumbers(_ text: String) throws {
        #expect(try Self.value(of: text) == .string(text))
    }

    /// The core schema's forms are `0x[0-9a-fA-F]+` and `0o[0-7]+`: no sign after the prefix.
    @Test(arguments: ["0x-1", "0x+1F", "0o-7"])
    func signAfterRadixPrefixIsNotANumber(_ text: String) throws {
        let value = try Self.value(of: text)
        #expect(value == .string(text))
    }

    @Test func nestedValuesKeepKeyOrder() throws {
        let stream = YAMLParser.parse("b: [1, two, {c: null}]\na: x\n")
        let root = try #require(stream.documents.first?.root)
        #expect(root.value == .object([
            .init("b", .array([.int(1), .string("two"), .object([.init("c", .null)])])),
            .init("a", .string("x")),
        ]))
    }

    // MARK: Streams

    @Test func multiDocumentStream() throws {
        let stream = YAMLParser.parse("a: 1\n---\nb: 2\n---\nc: 3\n")
        #expect(stream.syntaxError == nil)
        #expect(stream.documents.map { $0.root?.value } == [
            .object([.init("a", .int(1))]), .object([.init("b", .int(2))]), .object([.init("c", .int(3))]),
        ])
    }

    @Test func emptyDocumentsAreSkipped() throws {
        let stream = YAMLParser.parse("---\n---\n# only a comment\n---\na: 1\n---\n~\n---\n")
        #expect(stream.syntaxError == nil)
        #expect(stream.documents.count == 1)
        #expect(stream.documents.first?.root?.value == .object([.init("a", .int(1))]))
    }

    @Test func emptyInputHasNoDocuments() {
        let stream = YAMLParser.parse("")
        #expect(stream.documents.isEmpty)
        #expect(stream.syntaxError == nil)
    }

    // MARK: Positions

    @Test func nodesCarryOneBasedLineAndColumn() throws {
        let text = """
        apiVersion: v1
        metadata:
          name: payments
          tags:
            - java
            -   "quoted"
        """
        let root = try #require(YAMLParser.parse(text).documents.first?.root)
        #expect((root.line, root.column) == (1, 1))
        let apiVersion = try #require(root["apiVersion"])
        #expect((apiVersion.line, apiVersion.column) == (1, 13))
        let metadata = try #require(root["metadata"])
        #expect((metadata.line, metadata.column) == (3, 3))
        let name = try #require(metadata["name"])
        #expect((name.line, name.column) == (3, 9))
        let tags = try #require(metadata["tags"])
        guard case .sequence(let items) = tags.content else {
            Issue.record("tags is not a sequence")
            return
        }
        #expect(items.map { [$0.line, $0.column] } == [[5, 7], [6, 9]])
        guard case .mapping(let pairs) = metadata.content else {
            Issue.record("metadata is not a mapping")
            return
        }
        #expect(pairs.map { [$0.key.line, $0.key.column] } == [[3, 3], [4, 3]])
    }

    @Test func documentRootsKeepTheirLinesInAStream() throws {
        let stream = YAMLParser.parse("a: 1\n---\n\n  b: 2\n")
        #expect(stream.documents.compactMap { $0.root.map { [$0.line, $0.column] } } == [[1, 1], [4, 3]])
    }

    @Test func windowsLineEndings() throws {
        let root = try #require(YAMLParser.parse("a: 1\r\nb: text\r\n").documents.first?.root)
        #expect(root["b"]?.value == .string("text"))
        #expect((root["b"]?.line, root["b"]?.column) == (2, 4))
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let root = try #require(YAMLParser.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8)).documents.first?.root)
        #expect(root.value == .object([.init("a", .int(1))]))
        #expect((root.line, root.column) == (1, 1))
    }

    // MARK: Duplicate keys

    @Test func duplicateKeyIsAnIssueAndTheFirstValueStays() throws {
        let document = try #require(YAMLParser.parse("a: 1\nb: 2\na: 3\n").documents.first)
        #expect(document.issues.count == 1)
        let issue = try #require(document.issues.first)
        #expect(issue.message.contains("duplicate key \"a\""))
        #expect((issue.line, issue.column) == (3, 1))
        #expect(document.root?["a"]?.value == .int(1))
    }

    /// Large mappings switch to a hashed key set; the check must still catch a duplicate there.
    @Test func duplicateKeyInALargeMapping() throws {
        var lines = (0..<20).map { "key\($0): \($0)" }
        lines.append("key3: again")
        lines.append("key25: fine")
        let document = try #require(YAMLParser.parse(lines.joined(separator: "\n")).documents.first)
        #expect(document.issues.map(\.message).filter { $0.contains("duplicate key \"key3\"") }.count == 1)
        #expect(document.issues.count == 1)
        #expect((document.issues.first?.line, document.issues.first?.column) == (21, 1))
        #expect(document.root?["key3"]?.value == .int(3))
        #expect(document.root?["key25"]?.value == .string("fine"))
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        let document = try #require(YAMLParser.parse("a: {name: 1}\nb: {name: 2}\n").documents.first)
        #expect(document.issues.isEmpty)
    }

    // MARK: Syntax errors

    @Test func syntaxErrorKeepsEarlierDocumentsAndSaysWhere() throws {
        let text = """
        first: 1
        ---
        second: [a, b
        third: 3
        """
        let stream = YAMLParser.parse(text)
        #expect(stream.documents.count == 1)
        #expect(stream.documents.first?.root?["first"]?.value == .int(1))
        let error = try #require(stream.syntaxError)
        #expect(error.message.hasPrefix("YAML syntax error"))
        #expect(error.message.contains("flow sequence"))
        #expect(error.line == 4)
        #expect(error.column == 6)
    }

    @Test func syntaxErrorInFirstDocument() throws {
        let stream = YAMLParser.parse("key: \"unterminated\n")
        #expect(stream.documents.isEmpty)
        let error = try #require(stream.syntaxError)
        #expect(error.line >= 1)
        #expect(error.message.contains("quoted scalar"))
    }

    // MARK: Aliases

    @Test func smallAliasExpands() throws {
        let text = """
        base: &defaults {retries: 3, tier: gold}
        copy: *defaults
        count: &n 5
        again: *n
        """
        let document = try #require(YAMLParser.parse(text).documents.first)
        #expect(document.issues.isEmpty)
        let root = try #require(document.root)
        #expect(root["copy"]?.value == .object([.init("retries", .int(3)), .init("tier", .string("gold"))]))
        #expect(root["again"]?.value == .int(5))
        // The alias sits where it was written, not where its anchor was.
        #expect((root["copy"]?.line, root["copy"]?.column) == (2, 7))
    }

    @Test func aliasWithoutAnchorIsAnIssue() throws {
        let document = try #require(YAMLParser.parse("a: 1\nb: *missing\n").documents.first)
        let issue = try #require(document.issues.first)
        #expect(issue.message.contains("*missing"))
        #expect((issue.line, issue.column) == (2, 4))
    }

    /// Nine levels of nine aliases: 9^9 leaves if expanded. The parser must stop counting
    /// early, drop the document with an issue, and go on to the next one.
    @Test func billionLaughsIsStopped() throws {
        var lines = ["apiVersion: backstage.io/v1alpha1", "kind: Component", "metadata:", "  name: bomb", "spec:", "  lol:",
                     "    a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let letters = Array("abcdefghi")
        for level in 1..<9 {
            let alias = "*\(letters[level - 1])"
            lines.append("    \(letters[level]): &\(letters[level]) [" + Array(repeating: alias, count: 9).joined(separator: ",") + "]")
        }
        lines += ["---", "after: fine"]
        let stream = YAMLParser.parse(lines.joined(separator: "\n"))
        #expect(stream.syntaxError == nil)
        #expect(stream.documents.count == 2)
        let bomb = try #require(stream.documents.first)
        #expect(bomb.root == nil)
        #expect(bomb.issues.count == 1)
        #expect(bomb.issues.first?.message.contains("alias") == true)
        // What was read before the bomb still names the document.
        #expect(bomb.partialRoot?["metadata"]?["name"]?.value == .string("bomb"))
        #expect(stream.documents.last?.root?["after"]?.value == .string("fine"))
    }

    @Test func nodeLimitIsAParameter() throws {
        let text = "list: [1, 2, 3, 4, 5, 6, 7, 8]\n"
        #expect(YAMLParser.parse(text, maxNodesPerDocument: 100).documents.first?.root != nil)
        let capped = try #require(YAMLParser.parse(text, maxNodesPerDocument: 5).documents.first)
        #expect(capped.root == nil)
        #expect(capped.issues.first?.message.contains("more than 5 nodes") == true)
    }

    @Test func expandedSizeCountsAliasedSubtrees() throws {
        let root = try #require(YAMLParser.parse("a: &a [1, 2, 3]\nb: [*a, *a]\n").documents.first?.root)
        #expect(root["a"]?.expandedSize == 4)
        #expect(root["b"]?.expandedSize == 9)
    }
}
