import CairnAccess
import Testing

@Suite struct AccessErrorTests {
    @Test func messagesAreTheTextGiven() {
        #expect(AccessError.loginFailed("cairn: error: the login was denied").description == "cairn: error: the login was denied")
    }
}
