import CairnAccess
import CairnCatalog
import Testing

/// Every role against every action of the access table (seed 002), on a service that
/// payments-team owns.
@Suite struct PolicyTests {
    enum Case: String, CaseIterable {
        case edit, changeOwner, rename, editTemplate, editUser, scaffold, provision, cancelOthersJob, approve, deprovision, readWholeAudit, readServiceAudit
    }

    static let service = AccessTarget(ref: AccessFixtures.ref("component:default/payments-api"), owner: AccessFixtures.ref("group:default/payments-team"))

    static func action(_ test: Case) -> (AccessAction, AccessTarget) {
        let service = Self.service
        switch test {
        case .edit: return (.editEntity(newOwner: nil, newRef: nil), service)
        case .changeOwner: return (.editEntity(newOwner: AccessFixtures.ref("group:default/checkout-team"), newRef: nil), service)
        case .rename: return (.editEntity(newOwner: nil, newRef: AccessFixtures.ref("component:default/payments-api-v2")), service)
        case .editTemplate: return (.editEntity(newOwner: nil, newRef: nil), AccessTarget(ref: AccessFixtures.ref("template:default/go"), owner: AccessFixtures.ref("group:default/payments-team")))
        case .editUser: return (.editEntity(newOwner: nil, newRef: nil), AccessTarget(ref: AccessFixtures.ref("user:default/dev-owner"), owner: nil))
        case .scaffold: return (.scaffold, AccessTarget(ref: AccessFixtures.ref("group:default/payments-team"), owner: AccessFixtures.ref("group:default/payments-team")))
        case .provision: return (.requestProvision, service)
        case .cancelOthersJob: return (.cancelJob(id: 7, requester: "user:default/somebody"), service)
        case .approve: return (.decideJob(id: 7, requester: "user:default/somebody", approvers: [AccessFixtures.ref("group:default/platform-team")]), service)
        case .deprovision: return (.deprovision, service)
        case .readWholeAudit: return (.readAudit, AccessTarget(ref: nil, owner: nil))
        case .readServiceAudit: return (.readAudit, service)
        }
    }

    /// Who may do what: (OS account, the cases it may do). Everything else is denied.
    static let table: [(account: String, role: String, allowed: Set<Case>)] = [
        ("devbox", "developer of the owning team", [.edit, .scaffold, .provision, .cancelOthersJob, .deprovision, .readServiceAudit]),
        ("dev-other", "developer of another team", []),
        ("lead", "tech lead of the owning team", [.edit, .scaffold, .provision, .cancelOthersJob, .approve, .deprovision, .readWholeAudit, .readServiceAudit]),
        ("plat", "platform engineer", Set(Case.allCases).subtracting([.editUser])),
        ("boss", "portal admin", Set(Case.allCases)),
        ("aud", "auditor", [.readWholeAudit, .readServiceAudit]),
        ("stranger", "account the catalog does not know", []),
    ]

    @Test(arguments: table.map(\.account))
    func roleAgainstEveryAction(account: String) {
        let row = Self.table.first { $0.account == account }!
        let identity = AccessFixtures.identity(account)
        for test in Case.allCases {
            let (action, target) = Self.action(test)
            let decision = AccessFixtures.policy.decide(action, on: target, by: identity)
            #expect(decision.isAllowed == row.allowed.contains(test), "\(row.role) (\(account)) \(test.rawValue): \(decision)")
            if let reason = decision.reason { #expect(!reason.isEmpty) }
        }
    }

    @Test func rolesComeFromTheBindings() {
        #expect(AccessFixtures.identity("devbox").roles == [.developer])
        #expect(AccessFixtures.identity("lead").roles == [.developer, .techLead])
        #expect(AccessFixtures.identity("plat").roles == [.developer, .platformEngineer])
        #expect(AccessFixtures.identity("boss").roles == [.admin])
        #expect(AccessFixtures.identity("aud").roles == [.auditor])
        #expect(AccessFixtures.identity("stranger").roles.isEmpty)
    }

    @Test func aDenialNamesTheOwnerAndWhoAsked() {
        let decision = AccessFixtures.policy.decide(.requestProvision, on: Self.service, by: AccessFixtures.identity("dev-other"))
        #expect(decision.reason == "you (user:dev-other) are not in group:default/payments-team, the owner of component:default/payments-api; ask one of its members or a platform engineer")
    }

    @Test func anUnknownAccountIsToldHowToBecomeKnown() {
        let reason = AccessFixtures.policy.decide(.requestProvision, on: Self.service, by: AccessFixtures.identity("stranger")).reason ?? ""
        #expect(reason.contains("unix user stranger matches no User in the catalog"))
        #expect(reason.contains("cairn login"))
    }

    @Test func nobodyApprovesTheirOwnJob() {
        let platform = AccessFixtures.identity("plat")
        let decision = AccessFixtures.policy.decide(.decideJob(id: 3, requester: platform.actor, approvers: []), on: Self.service, by: platform)
        #expect(decision.reason == "you requested job 3; someone else must approve or decline it")
    }

    @Test func aListedApproverMayApproveWithoutAnotherRole() {
        let other = AccessFixtures.identity("dev-other")
        let approvers = [AccessFixtures.ref("group:default/checkout-team")]
        #expect(AccessFixtures.policy.decide(.decideJob(id: 3, requester: "user:default/lead", approvers: approvers), on: Self.service, by: other).isAllowed)
        let denied = AccessFixtures.policy.decide(.decideJob(id: 3, requester: "user:default/lead", approvers: []), on: Self.service, by: other)
        #expect(denied.reason?.hasPrefix("only platform engineers, a tech lead of group:payments-team may approve or decline job 3") == true)
    }

    @Test func whoeverRequestedAJobMayCancelIt() {
        let other = AccessFixtures.identity("dev-other")
        #expect(AccessFixtures.policy.decide(.cancelJob(id: 4, requester: other.actor), on: Self.service, by: other).isAllowed)
        #expect(!AccessFixtures.policy.decide(.cancelJob(id: 4, requester: "user:default/lead"), on: Self.service, by: other).isAllowed)
    }

    @Test func readOnlySessionsReadButChangeNothing() {
        let admin = AccessFixtures.identity("boss", readOnly: true)
        #expect(AccessFixtures.policy.decide(.readAudit, on: AccessTarget(ref: nil, owner: nil), by: admin).isAllowed)
        let decision = AccessFixtures.policy.decide(.requestProvision, on: Self.service, by: admin)
        #expect(decision.reason == "cairn was started with --read-only; nothing can be changed in this session")

        var policy = AccessFixtures.policy
        policy.isReadOnly = true
        policy.file = "/etc/cairn/policy.yaml"
        let owner = AccessFixtures.identity("devbox", policy: policy)
        #expect(policy.decide(.edit, on: Self.service, by: owner).reason == "the access policy (/etc/cairn/policy.yaml) makes cairn read-only for everyone")
    }

    @Test func aSharedAccountMustSignInToChangeAnything() {
        var policy = AccessFixtures.policy
        policy.sharedAccounts = ["devbox"]
        let shared = AccessFixtures.identity("devbox", policy: policy)
        #expect(shared.readOnlyReason == "devbox is a shared account (sharedAccounts in the access policy); run cairn login to act as yourself")
        #expect(!policy.decide(.requestProvision, on: Self.service, by: shared).isAllowed)
        #expect(policy.decide(.readAudit, on: Self.service, by: shared).isAllowed)
        // Signed in, the same account acts as the person.
        let signedIn = IdentityResolver(catalog: AccessFixtures.catalog, policy: policy)
            .resolve(osUser: "devbox", claims: SignedInClaims(username: "lead", email: nil, groups: [], issuer: "http://127.0.0.1:1"))
        #expect(signedIn.readOnlyReason == nil)
        #expect(policy.decide(.requestProvision, on: Self.service, by: signedIn).isAllowed)
    }

    @Test func aTemplateWithoutAnOwningTeamMayBeRunByAnyDeveloper() {
        let other = AccessFixtures.identity("dev-other")
        #expect(AccessFixtures.policy.decide(.scaffold, on: AccessTarget(ref: nil, owner: nil), by: other).isAllowed)
        #expect(!AccessFixtures.identity("aud").roles.contains(.developer))
        #expect(!AccessFixtures.policy.decide(.scaffold, on: AccessTarget(ref: nil, owner: nil), by: AccessFixtures.identity("aud")).isAllowed)
    }
}

private extension AccessAction {
    static let edit = AccessAction.editEntity(newOwner: nil, newRef: nil)
}
