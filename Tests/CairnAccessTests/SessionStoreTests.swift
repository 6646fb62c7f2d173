import CairnAccess
import Foundation
import Testing

/// `session.json`: private from the start, refused when others can read it or it is not a
/// session, replaced atomically, removed by logout.
@Suite struct SessionStoreTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-session-\(UUID().uuidString)").path
    var store: SessionStore { SessionStore(directory: root + "/state/cairn") }

    static let session = SSOSession(
        issuer: "https://idp.example.com", clientID: "cairn", subject: "alice", username: "alice", email: "alice@example.org",
        name: "Alice", groups: ["payments-team"], idToken: "header.payload.signature", accessToken: "access", refreshToken: "refresh",
        expiresAt: Date(timeIntervalSince1970: 1_900_000_000), loggedInAt: Date(timeIntervalSince1970: 1_899_996_400))

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func savesPrivatelyAndLoadsBack() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try store.load() == nil)
        try store.save(Self.session)
        #expect(try mode(store.path) == 0o600)
        #expect(try mode(store.directory) == 0o700)
        #expect(try store.load() == Self.session)

        var next = Self.session
        next.username = "alice2"
        try store.save(next)
        #expect(try store.load() == next)
        // Replaced by rename: no temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory) == ["session.json"])
    }

    @Test func aFileOthersCanReadIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try store.save(Self.session)
        chmod(store.path, 0o640)
        let error = #expect(throws: AccessError.self) { try store.load() }
        #expect(error == .invalid("\(store.path) has mode 0640, so others can read your tokens; run chmod 600 \(store.path)"))
        chmod(store.path, 0o600)
        #expect(try store.load() == Self.session)
    }

    @Test func aCorruptFileIsRefusedSayingToLogOut() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try store.save(Self.session)
        try Data("{\"issuer\": \"https://idp.example.com\", \"groups\": 3".utf8).write(to: URL(fileURLWithPath: store.path))
        chmod(store.path, 0o600)
        let error = #expect(throws: AccessError.self) { try store.load() }
        #expect(error == .invalid("\(store.path) is not a readable cairn session (not JSON); run cairn logout, then cairn login"))

        try Data("{\"issuer\": \"https://idp.example.com\"}".utf8).write(to: URL(fileURLWithPath: store.path))
        let incomplete = #expect(throws: AccessError.self) { try store.load() }
        #expect(incomplete?.description.contains("\"client_id\" is missing") == true)
    }

    @Test func aSymbolicLinkIsNotFollowed() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try store.save(Self.session)
        let elsewhere = root + "/elsewhere.json"
        try FileManager.default.moveItem(atPath: store.path, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: store.path, withDestinationPath: elsewhere)
        let error = #expect(throws: AccessError.self) { try store.load() }
        #expect(error == .invalid("\(store.path) is a symbolic link; run cairn logout, then cairn login"))
    }

    @Test func removeDeletesTheSessionOnce() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try store.save(Self.session)
        #expect(try store.remove())
        #expect(try store.load() == nil)
        #expect(try store.remove() == false)
    }

    @Test func expiryIsTheAccessTokensExpiry() {
        #expect(!Self.session.isExpired(at: Self.session.expiresAt.addingTimeInterval(-1)))
        #expect(Self.session.isExpired(at: Self.session.expiresAt))
    }
}
