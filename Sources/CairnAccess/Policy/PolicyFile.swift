import CairnCatalog
import Foundation

/// Reads an access policy file:
///
/// ```yaml
/// roles:
///   developer: ["*"]
///   tech-lead: [user:jane.doe, group:team-leads]
///   platform-engineer: [group:platform-team]
///   admin: [unix:root]
///   auditor: [group:auditors]
/// sharedAccounts: [oncall]
/// readOnly: false
/// ```
///
/// A role the file names replaces that role's default binding (`[]` leaves it to nobody); a
/// role it does not name keeps the default. Every problem is reported as `file:line:col`.
public enum PolicyFile {
    public static func load(_ path: String) throws(AccessError) -> Policy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalid("\(path): error: cannot read the access policy; check the path given as policy: in the config file")
        }
        return try parse([UInt8](data), file: path)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(AccessError) -> Policy {
        let stream = YAMLParser.parse(bytes)
        if let error = stream.syntaxError {
            throw .invalid("\(file):\(error.line):\(error.column): error: \(error.message)")
        }
        var policy = Policy.defaults
        policy.file = file
        guard let root = stream.documents.first?.root else { return policy }
        guard case .mapping(let pairs) = root.content else {
            throw .invalid("\(file):\(root.line):\(root.column): error: the access policy must be a mapping with roles:, sharedAccounts: and readOnly:")
        }
        func fail(_ node: YAMLNode, _ message: String) -> AccessError {
            .invalid("\(file):\(node.line):\(node.column): error: \(message)")
        }
        for pair in pairs {
            switch pair.keyText {
            case "roles":
                guard case .mapping(let rolePairs) = pair.value.content else {
                    throw fail(pair.value, "roles: must map role names to lists of subjects")
                }
                for rolePair in rolePairs {
                    guard let role = Role(rawValue: rolePair.keyText) else {
                        throw fail(rolePair.key, "unknown role \"\(rolePair.keyText)\"; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    var subjects: [PolicySubject] = []
                    for item in try strings(rolePair.value, "roles.\(role.rawValue)", fail) {
                        switch PolicySubject.parse(item.text) {
                        case .success(let subject): subjects.append(subject)
                        case .failure(let error): throw fail(item.node, error.description)
                        }
                    }
                    policy.bindings[role] = subjects
                }
            case "sharedAccounts":
                policy.sharedAccounts = Set(try strings(pair.value, "sharedAccounts", fail).map(\.text))
            case "readOnly":
                guard case .bool(let flag) = pair.value.value else {
                    throw fail(pair.value, "readOnly: must be true or false")
                }
                policy.isReadOnly = flag
            case "apiVersion", "kind":
                continue
            default:
                throw fail(pair.key, "unknown key \"\(pair.keyText)\"; the access policy has roles:, sharedAccounts: and readOnly:")
            }
        }
        return policy
    }

    /// A string or a list of strings, with where each was written.
    private static func strings(_ node: YAMLNode, _ field: String, _ fail: (YAMLNode, String) -> AccessError) throws(AccessError) -> [(text: String, node: YAMLNode)] {
        switch node.content {
        case .scalar(_, .string(let text)): return [(text, node)]
        case .scalar(_, .null): return []
        case .sequence(let items):
            var texts: [(String, YAMLNode)] = []
            for item in items {
                guard case .scalar(_, .string(let text)) = item.content else {
                    throw fail(item, "each entry of \(field) must be a string")
                }
                texts.append((text, item))
            }
            return texts
        default:
            throw fail(node, "\(field) must be a list of strings")
        }
    }
}
