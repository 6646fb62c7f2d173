import CairnAccess
import Foundation
import LoopbackFixtures
import Testing

/// The polling loop of `DeviceLogin.complete` against a scripted provider on loopback
/// (Tests/Fixtures/oidc/scripted-provider.py), which answers each poll from a list: the waits
/// asked for, slow_down, the code's own deadline, stopping, and each way a provider refuses.
/// The clock and sleep are injected, so nothing here waits.
@Suite struct DeviceLoginPollingTests {
    /// A clock that moves only when slept on.
    final class TestClock {
        var now = Date()
        var sleeps: [Double] = []

        func sleep(_ seconds: Double) {
            sleeps.append(seconds)
            now += seconds
        }
    }

    func scriptedProvider(_ arguments: [String]) throws -> FixtureServer {
        try FixtureServer("oidc/scripted-provider.py", arguments)
    }

    @Test func pollsAtTheIntervalAndFiveSecondsSlowerAfterSlowDown() throws {
        let server = try scriptedProvider(["--interval", "2", "--answers", "pending,slow_down,pending,token"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let authorization = try login.begin()
        #expect(authorization.interval == 2)
        #expect(authorization.userCode == "WDJB-MJHT")
        let clock = TestClock()
        var events: [DeviceLoginEvent] = []
        let session = try login.complete(authorization, now: { clock.now }, sleep: clock.sleep, progress: { events.append($0) })
        // A wait before every poll: 2 s, 2 s, then 2 + 5 s once the provider said slow_down.
        #expect(clock.sleeps == [2, 2, 7, 7])
        #expect(events == [.waiting, .slowedDown(newInterval: 7), .waiting])
        #expect(session.subject == "carol")
    }

    @Test func stopsAtTheCodesOwnDeadlineWhenTheProviderKeepsSayingPending() throws {
        let server = try scriptedProvider(["--interval", "5", "--expires-in", "12", "--answers", "pending"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let authorization = try login.begin()
        let clock = TestClock()
        clock.now = authorization.expiresAt.addingTimeInterval(-12)
        let error = #expect(throws: AccessError.self) { try login.complete(authorization, now: { clock.now }, sleep: clock.sleep) }
        #expect(error == .loginFailed("the code WDJB-MJHT expired before it was approved; run cairn login again"))
        #expect(clock.sleeps == [5, 5, 5])
    }

    @Test func providerSaysExpiredToken() throws {
        let server = try scriptedProvider(["--interval", "1", "--answers", "pending,expired"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let clock = TestClock()
        let error = #expect(throws: AccessError.self) { try login.complete(login.begin(), now: { clock.now }, sleep: clock.sleep) }
        #expect(error == .loginFailed("the code WDJB-MJHT expired before it was approved; run cairn login again"))
        #expect(clock.sleeps == [1, 1])
    }

    @Test func stopsBetweenPollsWhenAsked() throws {
        let server = try scriptedProvider(["--interval", "1", "--answers", "pending"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let clock = TestClock()
        let error = #expect(throws: AccessError.self) {
            try login.complete(login.begin(), now: { clock.now }, sleep: clock.sleep, shouldStop: { clock.sleeps.count == 3 })
        }
        #expect(error == .loginFailed("login stopped before the code WDJB-MJHT was approved"))
        #expect(clock.sleeps.count == 3)
    }

    @Test func anOAuthErrorNamesTheEndpointAndTheProvidersDescription() throws {
        let server = try scriptedProvider(["--interval", "1", "--answers", "invalid_grant"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let clock = TestClock()
        let error = #expect(throws: AccessError.self) { try login.complete(login.begin(), now: { clock.now }, sleep: clock.sleep) }
        #expect(error == .loginFailed(
            "token endpoint \(server.url("/token")) refused the device code: invalid_grant (the device code was already used)"))
    }

    @Test func aServerErrorPageNamesTheEndpointAndStatus() throws {
        let server = try scriptedProvider(["--interval", "1", "--answers", "html500"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let clock = TestClock()
        let error = #expect(throws: AccessError.self) { try login.complete(login.begin(), now: { clock.now }, sleep: clock.sleep) }
        #expect(error == .loginFailed("token endpoint \(server.url("/token")) answered HTTP 500 without an OAuth error"))
    }

    @Test func anUnknownClientIsToldToCheckItsRegistration() throws {
        let server = try scriptedProvider([])
        defer { server.stop() }
        let error = #expect(throws: AccessError.self) { try DeviceLogin(issuer: server.url(""), clientID: "someone").begin() }
        #expect(error == .loginFailed("device authorization endpoint \(server.url("/device_authorization")) refused: invalid_client; "
            + "is \"someone\" registered with \(server.url("")) as a client allowed the device flow?"))
    }

    /// Providers that put the profile in the ID token (Keycloak, Dex), signed each way cairn checks;
    /// groups arrive as one space-separated string.
    @Test(arguments: ["RS256", "PS256", "ES256"])
    func claimsInTheIDTokenSignedWith(_ algorithm: String) throws {
        let server = try scriptedProvider(["--interval", "1", "--alg", algorithm, "--claims-in-id-token", "--answers", "token"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let clock = TestClock()
        let session = try login.complete(login.begin(), now: { clock.now }, sleep: clock.sleep)
        #expect(session.username == "carol")
        #expect(session.email == "carol@example.org")
        #expect(session.name == "Carol Example")
        #expect(session.groups == ["team-a", "team-b"])
        #expect(session.expiresAt == session.loggedInAt.addingTimeInterval(900))
    }

    @Test func aUserInfoAnswerAboutSomeoneElseIsRefused() throws {
        let server = try scriptedProvider(["--interval", "1", "--userinfo-subject", "mallory", "--answers", "token"])
        defer { server.stop() }
        let login = DeviceLogin(issuer: server.url(""), clientID: "cairn")
        let clock = TestClock()
        let error = #expect(throws: AccessError.self) { try login.complete(login.begin(), now: { clock.now }, sleep: clock.sleep) }
        #expect(error == .invalid("userinfo endpoint \(server.url("/userinfo")) describes subject \"mallory\", not the ID token's \"carol\""))
    }
}
