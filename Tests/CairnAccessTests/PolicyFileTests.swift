import CairnAccess
import CairnCatalog
import Testing

@Suite struct PolicyFileTests {
    @Test func namedRolesReplaceTheirDefaultsOthersKeepThem() throws {
        let policy = try PolicyFile.parse(Array("""
        roles:
          tech-lead: [user:jane.doe, group:leads]
          admin: []
        sharedAccounts: [oncall, ops]
        readOnly: false
        """.utf8), file: "policy.yaml")
        #expect(policy.bindings[.techLead] == [.entity(EntityRef(kind: "user", name: "jane.doe")), .entity(EntityRef(kind: "group", name: "leads"))])
        #expect(policy.bindings[.admin] == [])
        #expect(policy.bindings[.developer] == [.everyCatalogUser])
        #expect(policy.sharedAccounts == ["oncall", "ops"])
        #expect(policy.file == "policy.yaml")
    }

    @Test(arguments: [
        ("roles:\n  owner: [group:a]\n", "policy.yaml:2:3: error: unknown role \"owner\"; roles are developer, tech-lead, platform-engineer, admin, auditor"),
        ("roles:\n  admin: [component:x]\n", "policy.yaml:2:11: error: \"component:x\" is not a subject; write *, user:NAME, group:NAME or unix:ACCOUNT"),
        ("roles:\n  admin: group:a\n", nil),
        ("roles:\n  admin: [1]\n", "policy.yaml:2:11: error: each entry of roles.admin must be a string"),
        ("readOnly: maybe\n", "policy.yaml:1:11: error: readOnly: must be true or false"),
        ("rolez: {}\n", "policy.yaml:1:1: error: unknown key \"rolez\"; the access policy has roles:, sharedAccounts: and readOnly:"),
        ("roles: [\n", "policy.yaml:2:1: error"),
        ("- a\n", "policy.yaml:1:1: error: the access policy must be a mapping with roles:, sharedAccounts: and readOnly:"),
    ] as [(String, String?)])
    func badPoliciesNameTheLine(text: String, message: String?) {
        do {
            _ = try PolicyFile.parse(Array(text.utf8), file: "policy.yaml")
            #expect(message == nil, "accepted: \(text)")
        } catch {
            guard let message else { Issue.record("refused \(text): \(error)"); return }
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func aMissingFileSaysWhereItWasLookedFor() {
        #expect(throws: AccessError.self) { try PolicyFile.load("/nonexistent/policy.yaml") }
    }
}
