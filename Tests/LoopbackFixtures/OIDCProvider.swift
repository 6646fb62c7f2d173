import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real OIDC provider on loopback for one test: nanoidp (PyPI), which implements the device
/// authorization grant (RFC 8628) with a browser verification page at `/device`. Its users are
/// Tests/Fixtures/oidc/users.yaml (alice and bob, with groups); its clients are `cairn` (public,
/// the device flow's usual kind) and `cairn-confidential` (secret `cairn-secret`, sent in the
/// form body). nanoidp signs with RS256 and puts only `sub` in the ID token; the profile and
/// groups come from its UserInfo endpoint.
///
/// nanoidp treats `--port 0` as "no port given", so the port is one that was just free; a start
/// that loses it to another process is retried on another. Stopped with SIGKILL, like
/// `FixtureServer` and for the same reason; its temporary configuration directory goes with it.
public final class OIDCProvider {
    public static let clientID = "cairn"
    public static let confidentialClientID = "cairn-confidential"
    public static let confidentialClientSecret = "cairn-secret"

    public let process: Process
    public let port: Int
    public let configuration: URL
    public var issuer: String { "http://127.0.0.1:\(port)" }
    /// The verification page the user opens (what nanoidp announces as `verification_uri`).
    public var verificationURI: String { issuer + "/device" }

    /// `deviceCodeExpirySeconds` is nanoidp's `device_flow.code_expiry_seconds` (1...3600): a
    /// short one lets a test see `expired_token`. `pollingInterval` is the `interval` announced.
    public init(deviceCodeExpirySeconds: Int = 600, pollingInterval: Int = 1, timeoutSeconds: Double = 60) async throws {
        configuration = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-oidc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: configuration, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: FixtureServer.fixtures.appendingPathComponent("oidc/users.yaml"),
                                         to: configuration.appendingPathComponent("users.yaml"))
        var lastFailure = ""
        for _ in 0..<3 {
            let port = try MotoServer.freePort()
            try Self.settings(port: port, keys: configuration.appendingPathComponent("keys").path,
                              expiry: deviceCodeExpirySeconds, interval: pollingInterval)
                .write(to: configuration.appendingPathComponent("settings.yaml"), atomically: true, encoding: .utf8)
            let process = Process()
            let output = ProviderOutput()
            switch await Self.start(process, port: port, configuration: configuration, output: output, timeoutSeconds: timeoutSeconds) {
            case .ready:
                self.process = process
                self.port = port
                return
            case .portTaken(let text):
                lastFailure = text
            case .failed(let text):
                try? FileManager.default.removeItem(at: configuration)
                throw FixtureError(message: "nanoidp did not start (is nanoidp installed? pip install nanoidp): \(text.suffix(800))")
            }
        }
        try? FileManager.default.removeItem(at: configuration)
        throw FixtureError(message: "nanoidp did not start: no free port after 3 tries: \(lastFailure.suffix(400))")
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: configuration)
    }

    deinit { stop() }

    /// What the user does in the browser to approve `userCode`: open the verification page,
    /// then submit its form with their username and password and the Authorize button.
    public func approve(userCode: String, username: String, password: String) async throws {
        try await openVerificationPage(userCode: userCode)
        let page = try await submitVerificationForm([("user_code", userCode), ("username", username), ("password", password), ("action", "authorize")])
        guard page.contains("Device authorized") else {
            throw FixtureError(message: "nanoidp did not authorize \(userCode) for \(username): \(Self.alert(in: page))")
        }
    }

    /// What the user does in the browser to refuse `userCode`: the Deny button, which submits the
    /// form's fields as they are (no credentials needed).
    public func deny(userCode: String) async throws {
        try await openVerificationPage(userCode: userCode)
        let page = try await submitVerificationForm([("user_code", userCode), ("username", ""), ("password", ""), ("action", "deny")])
        guard page.contains("Device authorization denied") else {
            throw FixtureError(message: "nanoidp did not deny \(userCode): \(Self.alert(in: page))")
        }
    }

    private func openVerificationPage(userCode: String) async throws {
        var components = URLComponents(string: verificationURI)!
        components.queryItems = [URLQueryItem(name: "user_code", value: userCode)]
        let (body, response) = try await URLSession.shared.data(from: components.url!)
        let page = String(decoding: body, as: UTF8.self)
        guard (response as? HTTPURLResponse)?.statusCode == 200, page.contains("name=\"user_code\"") else {
            throw FixtureError(message: "nanoidp's verification page \(components.url!) is not the form expected: \(page.prefix(300))")
        }
    }

    private func submitVerificationForm(_ fields: [(String, String)]) async throws -> String {
        var request = URLRequest(url: URL(string: verificationURI)!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        request.httpBody = Data(fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&").utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw FixtureError(message: "nanoidp answered HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0) to the verification form")
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// The text of the page's alert box (nanoidp's error message), without its markup.
    private static func alert(in page: String) -> String {
        guard let start = page.range(of: "role=\"alert\">") else { return "no decision and no error on the page" }
        let rest = page[start.upperBound...].prefix(400)
        let text = rest.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        return text.split(whereSeparator: \.isWhitespace).prefix(12).joined(separator: " ")
    }

    private static func settings(port: Int, keys: String, expiry: Int, interval: Int) -> String {
        """
        config_version: 1
        server:
          host: "127.0.0.1"
          port: \(port)
        oauth:
          issuer: "http://127.0.0.1:\(port)"
          audience: "cairn-api"
          # nanoidp's default vocabulary has no "groups"; cairn asks for it, as it would of Keycloak or Dex.
          scopes_supported: [openid, profile, email, groups, offline_access]
          clients:
            - client_id: "\(clientID)"
              token_endpoint_auth_method: "none"
              description: "cairn CLI (public, device flow)"
            - client_id: "\(confidentialClientID)"
              client_secret: "\(confidentialClientSecret)"
              token_endpoint_auth_method: "client_secret_post"
              description: "cairn CLI (confidential)"
        jwt:
          keys_dir: "\(keys)"
        device_flow:
          code_expiry_seconds: \(expiry)
          polling_interval: \(interval)

        """
    }

    private enum Start { case ready, portTaken(String), failed(String) }

    /// Runs nanoidp and waits for werkzeug's "Running on" line for `port` and a discovery
    /// document that answers.
    private static func start(_ process: Process, port: Int, configuration: URL, output: ProviderOutput, timeoutSeconds: Double) async -> Start {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["nanoidp", "--config", configuration.path, "--host", "127.0.0.1", "--port", String(port)]
        process.currentDirectoryURL = configuration
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = Pipe()
        // nanoidp logs every request: gathered here, never left to fill the pipe.
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        do { try process.run() } catch { return .failed("\(error)") }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        let discovery = URL(string: "http://127.0.0.1:\(port)/.well-known/openid-configuration")!
        while true {
            // The "Running on" line says the port is nanoidp's own, not another process's.
            if output.text.contains("Running on http://127.0.0.1:\(port)"), MotoServer.acceptsConnections(port: port),
               let (document, _) = try? await URLSession.shared.data(from: discovery),
               String(decoding: document, as: UTF8.self).contains("device_authorization_endpoint") {
                return .ready
            }
            guard process.isRunning, Date() < deadline else {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                let text = output.text
                return text.contains("Address already in use") ? .portTaken(text) : .failed(text)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// nanoidp's output, gathered on the pipe's reading thread.
private final class ProviderOutput: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) {
        data.withLock { data in
            data.append(chunk)
            if data.count > 65_536 { data = data.suffix(16_384) }
        }
    }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
