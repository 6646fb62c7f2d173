@testable import CairnAccess
import Foundation
import Testing

@Suite struct ProfileClaimsTests {
    func decode(_ json: String) throws -> ProfileClaims {
        try JSONDecoder().decode(ProfileClaims.self, from: Data(json.utf8))
    }

    @Test func anUnverifiedEmailMatchesNobody() throws {
        #expect(try decode(#"{"sub":"a","email":"boss@example.org","email_verified":false}"#).email == nil)
        #expect(try decode(#"{"sub":"a","email":"boss@example.org","email_verified":"false"}"#).email == nil)
        #expect(try decode(#"{"sub":"a","email":"me@example.org","email_verified":true}"#).email == "me@example.org")
        #expect(try decode(#"{"sub":"a","email":"me@example.org"}"#).email == "me@example.org")
    }
}
