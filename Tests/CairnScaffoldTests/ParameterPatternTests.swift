@testable import CairnScaffold
import Testing

@Suite("ECMAScript patterns on ICU")
struct ParameterPatternTests {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        ParameterPattern.matches(try #require(ParameterPattern.compile(pattern)), text)
    }

    @Test("$ is the end of the text, not before a final newline")
    func dollar() throws {
        #expect(try matches("^[a-z]+$", "abc"))
        #expect(try !matches("^[a-z]+$", "abc\n"))
        #expect(try matches("a$|b", "xb"))
        #expect(try matches("^[$]+$", "$$")) // inside a class $ is a character
        #expect(try matches("^\\$1$", "$1"))
    }

    @Test("\\d and \\w are ASCII, as in JavaScript")
    func asciiClasses() throws {
        #expect(try matches("^\\d+$", "2024"))
        #expect(try !matches("^\\d+$", "٣"))
        #expect(try !matches("^\\w+$", "naïve"))
        #expect(try matches("^[\\w-]+$", "a_b-c"))
        #expect(try !matches("^[\\d]+$", "٣"))
        #expect(try matches("^\\D\\W$", "a-"))
    }

    @Test("JavaScript-only spellings: [^], [], \\u{…}, [ and && inside a class")
    func spellings() throws {
        #expect(try matches("^[^]$", "\n"))
        #expect(try !matches("a[]", "a"))
        #expect(try matches("^\\u{1F600}$", "😀"))
        #expect(try matches("^[[]$", "["))
        #expect(try matches("^[a&&b]+$", "a&&b"))
        #expect(try matches("^\\/path$", "/path"))
    }

    @Test("invalid patterns do not compile")
    func invalid() {
        #expect(ParameterPattern.compile("[a-") == nil)
        #expect(ParameterPattern.compile("(") == nil)
        #expect(ParameterPattern.compile("a{2,1}") == nil)
    }
}
