import CairnDocs
import Testing

@Suite struct StyledTextTests {
    @Test func aLinesTextIsItsSpansTogether() {
        let line = StyledLine(.heading(1), [StyledSpan("Pay", .heading), StyledSpan("ments", [.heading, .emphasis])])
        #expect(line.text == "Payments")
    }
}
