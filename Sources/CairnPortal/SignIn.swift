import CairnAccess
import Foundation

/// The person signed in with `cairn login` on this state directory, if the session is current;
/// otherwise why not (expired, unreadable), for `whoami` and the portal to say.
struct SignIn: Sendable {
    var claims: SignedInClaims?
    var notice: String?

    static func current(stateDirectory: String) -> SignIn {
        SignIn(claims: nil, notice: nil)
    }
}
