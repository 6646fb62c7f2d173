import ArgumentParser
import CairnAccess
import CairnCatalog
import CairnPortal
import Foundation

struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in with your organisation's OIDC provider (device flow: open a URL, enter a code).",
        discussion: """
            Runs the OAuth 2.0 Device Authorization Grant (RFC 8628) against the issuer in sso: of the config file \
            (--issuer/--client-id, if given, must name the same). The session is stored 0600 beside the database; until it expires cairn acts as \
            the signed-in person (ID token preferred_username/email → a User, groups → Groups) instead of the OS account. \
            Exit 4 when the sign-in was denied, 1 when it expired or failed.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Check that the configured issuer is this URL.", valueName: "url")) var issuer: String?
    @Option(name: .customLong("client-id"), help: ArgumentHelp("Check that the configured client is this one.", valueName: "id")) var clientID: String?
    @Option(name: .customLong("scope"), help: ArgumentHelp("Scopes to ask for (repeatable; default openid profile email groups).", valueName: "scope"))
    var scopes: [String] = []
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        // Only the provider the config file names is trusted: a sign-in anywhere else would be
        // ignored, so it is refused up front.
        guard let configured = portal.configuration.singleSignOn else {
            throw PortalError.usage("cairn: error: no OIDC provider to sign in with; add sso: {issuer: URL, clientId: ID} to the config file (\(portal.configuration.configFile ?? "./cairn.yaml or $XDG_CONFIG_HOME/cairn/config.yaml"))")
        }
        if let issuer, OIDCDiscovery.normalizedIssuer(issuer) != OIDCDiscovery.normalizedIssuer(configured.issuer) {
            throw PortalError.usage("cairn: error: --issuer \(issuer) is not the configured provider \(configured.issuer); cairn only honours sign-ins with the provider in sso:")
        }
        if let clientID, clientID != configured.clientID {
            throw PortalError.usage("cairn: error: --client-id \(clientID) is not the configured client \(configured.clientID)")
        }
        let issuer = configured.issuer
        let clientID = configured.clientID
        let login = DeviceLogin(issuer: issuer, clientID: clientID, scopes: scopes.isEmpty ? (configured.scopes ?? DeviceLogin.defaultScopes) : scopes)
        let session: SSOSession
        do {
            let authorization = try login.begin()
            // The one thing the user must read: where to go and what to type (on stderr with --json).
            let instructions = [
                "To sign in, open \(authorization.verificationURI)",
                "and enter the code: \(authorization.userCode)",
            ] + (authorization.verificationURIComplete.map { ["(or open \($0) directly)"] } ?? [])
                + ["Waiting for the sign-in (the code expires in \(max(0, Int(authorization.expiresAt.timeIntervalSinceNow)))s)…"]
            for line in instructions {
                if json.isEnabled { Output.error(line) } else { Output.line(Output.clean(line)) }
            }
            let isJSON = json.isEnabled
            session = try login.complete(authorization, progress: { event in
                if case .slowedDown(let interval) = event, !isJSON {
                    Output.line("The provider asked cairn to poll less often: every \(interval)s.")
                }
            })
        } catch {
            var message = "cairn: error: " + error.description
            do {
                try portal.recordFailedSignIn(issuer: issuer, error: error)
            } catch let auditError {
                message += " (\(auditError.description))"
            }
            if case .loginDenied = error { throw PortalError.permissionDenied(message) }
            throw PortalError.failed(message)
        }
        let identity = try portal.completeSignIn(session)
        if json.isEnabled {
            Output.json(.object([
                Value.Member("issuer", .string(session.issuer)),
                Value.Member("username", session.username.map { .string($0) } ?? .null),
                Value.Member("email", session.email.map { .string($0) } ?? .null),
                Value.Member("claimedGroups", .array(session.groups.map { .string($0) })),
                Value.Member("user", identity.user.map { .string($0.description) } ?? .null),
                Value.Member("groups", .array(identity.groups.map { .string($0.description) })),
                Value.Member("roles", .array(identity.sortedRoles.map { .string($0.rawValue) })),
                Value.Member("expiresAt", .string(ISO8601DateFormatter().string(from: session.expiresAt))),
            ]))
        } else {
            let who = identity.user?.humanized ?? "\(identity.login) (no User in the catalog matches; you may browse but not change anything)"
            Output.line("Signed in as \(Output.clean(who)) until \(DateFormatter.localizedString(from: session.expiresAt, dateStyle: .none, timeStyle: .short)).")
            Output.line("Roles: " + (identity.roles.isEmpty ? "none" : identity.sortedRoles.map(\.spokenName).joined(separator: ", ")))
        }
        for notice in identity.notices { Output.error("cairn: notice: " + notice) }
    }
}

struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Forget the cairn login session; cairn acts as the OS account again."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let portal = try global.openPortal()
        let who = portal.signedInSession?.displayName
        if try portal.signOut() {
            Output.line("Signed out\(who.map { " (\(Output.clean($0)))" } ?? ""); cairn acts as \(Output.clean(portal.configuration.osUser)) again.")
        } else {
            Output.line("Not signed in; nothing to do.")
        }
    }
}
