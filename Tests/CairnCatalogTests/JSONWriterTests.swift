import CairnCatalog
import Testing

/// JSONWriter and Value: the JSON the CLI prints and the cache stores.
@Suite("JSONWriter")
struct JSONWriterTests {
    @Test func keepsKeyOrder() {
        let value = Value.object([.init("z", .int(1)), .init("a", .array([.bool(true), .null, .string("x")]))])
        #expect(JSONWriter.string(value) == #"{"z":1,"a":[true,null,"x"]}"#)
    }

    @Test func prettyPrintsWithTwoSpaces() {
        let value = Value.object([.init("a", .array([.int(1)])), .init("b", .object([]))])
        #expect(JSONWriter.string(value, pretty: true) == "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}")
    }

    @Test func escapesControlCharactersIncludingTerminalEscapes() {
        let text = "quote\" back\\ nl\n tab\t esc\u{1B}[31m bel\u{07} del\u{7F} c1\u{85} é ✓"
        #expect(JSONWriter.string(.string(text))
            == #""quote\" back\\ nl\n tab\t esc\u001b[31m bel\u0007 del\u007f c1\u0085 é ✓""#)
    }

    @Test func numbers() {
        #expect(JSONWriter.string(.int(-42)) == "-42")
        #expect(JSONWriter.string(.double(1.0)) == "1")
        #expect(JSONWriter.string(.double(1.5)) == "1.5")
        #expect(JSONWriter.string(.double(.infinity)) == "null")
        #expect(JSONWriter.string(.double(.nan)) == "null")
    }

    @Test func valueAccessors() {
        let value = Value.object([.init("name", .string("x")), .init("tags", .array([.string("a")]))])
        #expect(value["name"]?.stringValue == "x")
        #expect(value["tags"]?.arrayValue == [.string("a")])
        #expect(value["missing"] == nil)
        #expect(Value.string("x")["name"] == nil)
        #expect(value.objectValue?.map(\.key) == ["name", "tags"])
        #expect([Value.null, .bool(true), .int(1), .double(1), .string(""), .array([]), .object([])].map(\.typeName)
            == ["null", "a boolean", "a number", "a number", "a string", "a list", "a mapping"])
    }

    @Test func settingReplacesInPlaceOrAppends() {
        let value = Value.object([.init("a", .int(1)), .init("b", .int(2))])
        #expect(value.setting("a", to: .int(9)) == .object([.init("a", .int(9)), .init("b", .int(2))]))
        #expect(value.setting("c", to: .null) == .object([.init("a", .int(1)), .init("b", .int(2)), .init("c", .null)]))
        #expect(Value.int(1).setting("a", to: .null) == .int(1))
    }
}
