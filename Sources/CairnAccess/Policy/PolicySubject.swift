import Foundation
import CairnCatalog

/// Who a role is bound to in the policy: every catalog user, a User or Group entity, or an
/// OS account (`unix:root`).
public enum PolicySubject: Sendable, Hashable, CustomStringConvertible {
    /// `*`: everyone the catalog knows as a User (an unknown account gets no role).
    case everyCatalogUser
    /// `user:NAME` or `group:NAME` (namespace optional): the user, or every member of the group
    /// and of the groups below it.
    case entity(EntityRef)
    /// `unix:NAME`: an OS account, whether or not the catalog knows it.
    case unixUser(String)

    /// Reads one binding as written in the policy file; nil with a reason when it is not one.
    public static func parse(_ text: String) -> Result<PolicySubject, AccessError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return .success(.everyCatalogUser) }
        if trimmed.lowercased().hasPrefix("unix:") {
            let name = String(trimmed.dropFirst(5))
            return name.isEmpty ? .failure(.invalid("unix: needs an account name, e.g. unix:root")) : .success(.unixUser(name))
        }
        guard let loose = EntityRef.parseLoose(trimmed), let kind = loose.kind, kind == "user" || kind == "group" else {
            return .failure(.invalid("\"\(text)\" is not a subject; write *, user:NAME, group:NAME or unix:ACCOUNT"))
        }
        return .success(.entity(EntityRef(kind: kind, namespace: loose.namespace ?? EntityRef.defaultNamespace, name: loose.name)))
    }

    public var description: String {
        switch self {
        case .everyCatalogUser: return "*"
        case .entity(let ref): return ref.humanized
        case .unixUser(let name): return "unix:" + name
        }
    }
}
