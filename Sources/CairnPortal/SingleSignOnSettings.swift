import CairnCatalog
import Foundation

/// The OIDC provider `cairn login` signs in with, from the config file:
///
/// ```yaml
/// sso:
///   issuer: https://login.example.com/realms/eng
///   clientId: cairn
///   scopes: [openid, profile, email, groups]   # optional
/// ```
///
/// `cairn login --issuer URL --client-id ID` overrides both.
public struct SingleSignOnSettings: Sendable, Equatable {
    public var issuer: String
    public var clientID: String
    public var scopes: [String]?

    public init(issuer: String, clientID: String, scopes: [String]? = nil) {
        self.issuer = issuer
        self.clientID = clientID
        self.scopes = scopes
    }

    /// The `sso:` mapping of a config file, nil when it has none.
    static func read(_ path: String) throws(PortalError) -> SingleSignOnSettings? {
        guard let data = FileManager.default.contents(atPath: path),
              let root = YAMLParser.parse([UInt8](data)).documents.first?.root, let node = root["sso"] else { return nil }
        func fail(_ at: YAMLNode, _ message: String) -> PortalError {
            .usage("\(path):\(at.line):\(at.column): error: \(message)")
        }
        guard node.isMapping else { throw fail(node, "sso: must be a mapping with issuer: and clientId:") }
        guard let issuer = node["issuer"]?.value.stringValue, !issuer.isEmpty else {
            throw fail(node, "sso: needs issuer: (the OIDC issuer URL, e.g. https://login.example.com/realms/eng)")
        }
        guard let clientID = node["clientId"]?.value.stringValue, !clientID.isEmpty else {
            throw fail(node, "sso: needs clientId: (a public client allowed to use the device flow)")
        }
        var scopes: [String]?
        if let scopesNode = node["scopes"] {
            guard let items = scopesNode.value.arrayValue?.compactMap(\.stringValue), !items.isEmpty else {
                throw fail(scopesNode, "sso.scopes must be a list of scope names")
            }
            scopes = items
        }
        return SingleSignOnSettings(issuer: issuer, clientID: clientID, scopes: scopes)
    }
}
