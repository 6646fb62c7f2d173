import ArgumentParser
import CairnAccess
import CairnCatalog
import CairnPortal

struct WhoamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show who cairn acts as: the catalog User, groups (inherited ones too) and roles.",
        discussion: """
            The identity is the person signed in with cairn login when the session is current, else the OS account, \
            matched to a User by metadata.name, the cairn.dev/unix-user annotation or spec.profile.email. \
            Roles come from the access policy (policy: in the config file) or the defaults.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let identity = portal.identity
        let inherited = Set(identity.groups).subtracting(identity.directGroups)
        if json.isEnabled {
            Output.json(.object([
                Value.Member("login", .string(identity.login)),
                Value.Member("source", .string(identity.source.rawValue)),
                Value.Member("user", identity.user.map { .string($0.description) } ?? .null),
                Value.Member("actor", .string(identity.actor)),
                Value.Member("groups", .array(identity.groups.map { group in
                    .object([Value.Member("ref", .string(group.description)), Value.Member("inherited", .bool(inherited.contains(group)))])
                })),
                Value.Member("roles", .array(identity.sortedRoles.map { .string($0.rawValue) })),
                Value.Member("readOnly", identity.readOnlyReason.map { .string($0) } ?? .null),
                Value.Member("policy", .string(portal.policy.file ?? "defaults")),
                Value.Member("notices", .array(identity.notices.map { .string($0) })),
            ]))
            return
        }
        func field(_ label: String, _ value: String) { Output.line(TerminalTextPad.label(label) + Output.clean(value)) }
        let via = identity.source == .osUser ? "unix user \(identity.login)" : "signed in as \(identity.login)"
        field("User", (identity.user?.description ?? "no User in the catalog") + " (\(via))")
        field("Groups", identity.groups.isEmpty ? "none" : identity.groups.map { inherited.contains($0) ? "\($0.humanized) (inherited)" : $0.humanized }.joined(separator: ", "))
        field("Roles", identity.roles.isEmpty ? "none — you may browse but not change anything" : identity.sortedRoles.map(\.spokenName).joined(separator: ", "))
        field("Policy", portal.policy.file ?? "built-in defaults (every catalog user is a developer, group:platform-team are platform engineers, root is an admin)")
        if let reason = identity.readOnlyReason { field("Read-only", reason) }
        for notice in identity.notices { Output.error("cairn: notice: " + notice) }
    }
}
