import Foundation
import LoopbackFixtures
import Testing

/// `cairn login` against a real OIDC provider (nanoidp) on loopback, the user's browser played
/// by plain HTTP: approved (the session maps onto the catalog, is 0600, audited, and logout
/// forgets it), denied (exit 4) and expired (exit 1).
@Suite("device login end to end", .serialized)
struct LoginEndToEndTests {
    static let catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: payments-team}
        spec: {type: team, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: platform-team}
        spec: {type: team, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: alice-smith}
        spec: {memberOf: [], profile: {email: alice@example.org}}
        """

    /// A `cairn login` running in the background, its stderr gathered as it comes.
    final class RunningLogin: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var errors = Data()
        private let output = Pipe()

        init(cairn: CairnProcess, catalog: String, issuer: String) throws {
            process.executableURL = URL(fileURLWithPath: CairnProcess.binary)
            process.arguments = ["login", "--json", "--catalog", catalog]
            var environment = ProcessInfo.processInfo.environment
            environment["CAIRN_DB"] = cairn.database
            environment["XDG_CONFIG_HOME"] = cairn.state + "/config"
            process.environment = environment
            let errorPipe = Pipe()
            process.standardError = errorPipe
            process.standardOutput = output
            process.standardInput = FileHandle.nullDevice
            errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self else { return }
                self.lock.lock(); self.errors.append(data); self.lock.unlock()
            }
            try process.run()
        }

        var errorText: String { lock.lock(); defer { lock.unlock() }; return String(decoding: errors, as: UTF8.self) }

        /// The user code the CLI shows, once it has shown it.
        func userCode(timeout: Double = 20) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let range = errorText.range(of: "enter the code: ") {
                    let code = errorText[range.upperBound...].prefix { !$0.isNewline }
                    if !code.isEmpty { return String(code) }
                }
                guard process.isRunning else { break }
                usleep(50_000)
            }
            throw FixtureError(message: "cairn login showed no user code: \(errorText)")
        }

        func finish() -> (status: Int32, output: String, errors: String) {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self), errorText)
        }
    }

    /// A state folder with the catalog and a config file naming the provider (`sso:`): the
    /// only provider whose sign-ins cairn honours.
    func workspace(issuer: String) throws -> (CairnProcess, String) {
        let cairn = CairnProcess()
        let catalog = cairn.state + "/catalog.yaml"
        try Self.catalog.write(toFile: catalog, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: cairn.state + "/config/cairn", withIntermediateDirectories: true)
        try "sso:\n  issuer: \(issuer)\n  clientId: \(OIDCProvider.clientID)\n".write(toFile: cairn.state + "/config/cairn/config.yaml", atomically: true, encoding: .utf8)
        return (cairn, catalog)
    }

    @Test("approved: the sign-in maps to the catalog User by email, groups to Groups; 0600; audited; logout forgets it")
    func approved() async throws {
        let provider = try await OIDCProvider()
        defer { provider.stop() }
        let (cairn, catalog) = try workspace(issuer: provider.issuer)
        defer { cairn.remove() }
        let login = try RunningLogin(cairn: cairn, catalog: catalog, issuer: provider.issuer)
        let code = try login.userCode()
        #expect(login.errorText.contains("To sign in, open \(provider.verificationURI)"))
        try await provider.approve(userCode: code, username: "alice", password: "alice-password")
        let result = login.finish()
        #expect(result.status == 0, "\(result.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json["user"] as? String == "user:default/alice-smith")
        #expect(json["groups"] as? [String] == ["group:default/payments-team", "group:default/platform-team"])
        #expect(json["roles"] as? [String] == ["developer", "platform-engineer"])

        let sessionFile = cairn.state + "/sessions/root/session.json"
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: sessionFile)[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        // A session is checked with the provider before it counts: a hand-edited one does not.
        let whoami = try cairn.run(["whoami", "--json", "--catalog", catalog])
        #expect(whoami.output.contains("\"source\": \"sso\"") || whoami.output.contains("\"source\" : \"sso\""), "\(whoami.output)")
        #expect(whoami.output.contains("user:default/alice-smith"))

        let saved = try Data(contentsOf: URL(fileURLWithPath: sessionFile))
        func rewrite(_ change: (inout [String: Any]) -> Void) throws {
            var object = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
            change(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: sessionFile))
        }
        // Claims written into the file by hand are replaced by what the provider says.
        try rewrite { $0["username"] = "mallory"; $0["email"] = "mallory@example.org"; $0["groups"] = ["auditors"] }
        let forged = try cairn.run(["whoami", "--json", "--catalog", catalog])
        #expect(forged.output.contains("user:default/alice-smith") && !forged.output.contains("auditors"), "\(forged.output)")
        // A token that does not verify makes the session count for nothing.
        try rewrite { $0["id_token"] = (($0["id_token"] as? String) ?? "") + "x" }
        let tampered = try cairn.run(["whoami", "--json", "--catalog", catalog])
        #expect(tampered.output.contains("os-user"), "\(tampered.output)")
        #expect(tampered.output.contains("ignoring the sign-in as alice"), "\(tampered.output)")
        try saved.write(to: URL(fileURLWithPath: sessionFile))

        let audit = try cairn.run(["audit", "--json", "--catalog", catalog, "--actor", "user:default/alice-smith"])
        #expect(audit.status == 0, "\(audit.errors)")
        #expect(audit.output.contains("\"login\""))
        #expect(audit.output.contains(provider.issuer))

        let logout = try cairn.run(["logout", "--catalog", catalog])
        #expect(logout.status == 0 && logout.output.contains("Signed out (alice)"), "\(logout.output)\(logout.errors)")
        #expect(!FileManager.default.fileExists(atPath: sessionFile))
        let after = try cairn.run(["whoami", "--json", "--catalog", catalog])
        #expect(after.output.contains("os-user"))
        let logoutRecord = try cairn.run(["audit", "--json", "--catalog", catalog, "--actor", "user:default/alice-smith"])
        #expect(logoutRecord.output.contains("\"logout\""))
    }

    @Test("denied at the provider: exit 4, the denial said and audited, no session")
    func denied() async throws {
        let provider = try await OIDCProvider()
        defer { provider.stop() }
        let (cairn, catalog) = try workspace(issuer: provider.issuer)
        defer { cairn.remove() }
        let login = try RunningLogin(cairn: cairn, catalog: catalog, issuer: provider.issuer)
        try await provider.deny(userCode: try login.userCode())
        let result = login.finish()
        #expect(result.status == 4)
        #expect(result.errors.contains("the sign-in was denied at \(provider.verificationURI)"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: cairn.state + "/sessions/root/session.json"))
        let audit = try cairn.run(["audit", "--json", "--catalog", catalog])
        #expect(audit.output.contains("\"login\"") && audit.output.contains("\"denied\""), "\(audit.output)")
    }

    @Test("nobody approves before the code expires: exit 1 saying so")
    func expired() async throws {
        let provider = try await OIDCProvider(deviceCodeExpirySeconds: 2)
        defer { provider.stop() }
        let (cairn, catalog) = try workspace(issuer: provider.issuer)
        defer { cairn.remove() }
        let login = try RunningLogin(cairn: cairn, catalog: catalog, issuer: provider.issuer)
        _ = try login.userCode()
        let result = login.finish()
        #expect(result.status == 1)
        #expect(result.errors.contains("expired before it was approved; run cairn login again"), "\(result.errors)")
        let audit = try cairn.run(["audit", "--json", "--catalog", catalog])
        #expect(audit.output.contains("\"failed\""))
    }
}
