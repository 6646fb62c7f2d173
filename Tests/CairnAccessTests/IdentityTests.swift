import CairnAccess
import CairnCatalog
import Testing

@Suite struct IdentityTests {
    let resolver = IdentityResolver(catalog: AccessFixtures.catalog, policy: AccessFixtures.policy)

    @Test func anAccountMatchesByAnnotationNameOrEmail() {
        #expect(resolver.resolve(osUser: "devbox").user == AccessFixtures.ref("user:default/dev-owner"))
        #expect(resolver.resolve(osUser: "dev-owner").user == AccessFixtures.ref("user:default/dev-owner"))
        #expect(resolver.resolve(osUser: "DEV-OTHER").user == AccessFixtures.ref("user:default/dev-other"))
        // The part of spec.profile.email before @.
        #expect(resolver.resolve(osUser: "other").user == AccessFixtures.ref("user:default/dev-other"))
        #expect(resolver.resolve(osUser: "nobody").user == nil)
    }

    @Test func groupsComeFromBothSidesAndTheirParents() {
        // dev-owner is listed in payments-team's members; lead lists payments-team in memberOf.
        let owner = resolver.resolve(osUser: "devbox")
        #expect(owner.directGroups == [AccessFixtures.ref("group:default/payments-team")])
        #expect(owner.groups == [AccessFixtures.ref("group:default/engineering"), AccessFixtures.ref("group:default/payments-team")])
        let lead = resolver.resolve(osUser: "lead")
        #expect(lead.groups == owner.groups)
        #expect(owner.actor == "user:default/dev-owner")
        #expect(resolver.resolve(osUser: "nobody").actor == "unix:nobody")
    }

    @Test func parentCyclesDoNotHang() {
        let yaml = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: a}
        spec: {type: team, parent: b, children: [], members: [u]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: b}
        spec: {type: team, parent: a, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: u}
        spec: {memberOf: []}
        """
        let catalog = CatalogAssembler.assemble([FileParser.parse(Array(yaml.utf8), file: SourceFile(path: "c.yaml", size: 1, modified: 0))])
        let identity = IdentityResolver(catalog: catalog, policy: .defaults).resolve(osUser: "u")
        #expect(identity.groups == [AccessFixtures.ref("group:default/a"), AccessFixtures.ref("group:default/b")])
    }

    @Test func aSignInMapsEmailThenUsernameAndClaimedGroups() {
        let claims = SignedInClaims(username: "someone-else", email: "PLAT@example.com", groups: ["payments-team", "group:default/auditors", "no-such-team"], issuer: "http://127.0.0.1:9")
        let identity = resolver.resolve(osUser: "oncall", claims: claims)
        #expect(identity.source == .singleSignOn)
        #expect(identity.user == AccessFixtures.ref("user:default/plat"))
        #expect(identity.directGroups.map(\.description) == ["group:default/auditors", "group:default/payments-team", "group:default/platform-team"])
        #expect(identity.roles == [.developer, .platformEngineer, .auditor])
        #expect(identity.notices == ["the group \"no-such-team\" from http://127.0.0.1:9 is not a Group in the catalog; it gives no role"])

        let byName = resolver.resolve(osUser: "oncall", claims: SignedInClaims(username: "lead", email: "unknown@example.com", groups: [], issuer: "x"))
        #expect(byName.user == AccessFixtures.ref("user:default/lead"))
        let unknown = resolver.resolve(osUser: "oncall", claims: SignedInClaims(username: "zed", email: nil, groups: ["payments-team"], issuer: "x"))
        #expect(unknown.user == nil)
        #expect(unknown.actor == "sso:zed")
        // Claimed groups alone do not make a developer: the default binding is catalog users.
        #expect(IdentityResolver(catalog: AccessFixtures.catalog, policy: .defaults).resolve(osUser: "oncall", claims: SignedInClaims(username: "zed", email: nil, groups: ["payments-team"], issuer: "x")).roles.isEmpty)
    }

    @Test func anAmbiguousMatchActsAsNobodyAndSaysSo() {
        let yaml = """
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: a, annotations: {cairn.dev/unix-user: shared}}
        spec: {memberOf: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: b, annotations: {cairn.dev/unix-user: shared}}
        spec: {memberOf: []}
        """
        let catalog = CatalogAssembler.assemble([FileParser.parse(Array(yaml.utf8), file: SourceFile(path: "c.yaml", size: 1, modified: 0))])
        let identity = IdentityResolver(catalog: catalog, policy: .defaults).resolve(osUser: "shared")
        #expect(identity.user == nil)
        #expect(identity.notices.first?.contains("matches several Users by the cairn.dev/unix-user annotation (user:a, user:b)") == true)
    }

    @Test func rootIsAnAdminByDefaultAndMayStandInForAnotherAccount() {
        #expect(IdentityResolver(catalog: AccessFixtures.catalog, policy: .defaults).resolve(osUser: "root").roles == [.admin])
        #expect(OSAccount.current(environment: [OSAccount.overrideVariable: "devbox"]) == (geteuidIsRoot ? "devbox" : OSAccount.current(environment: [:])))
    }
}

import Glibc
private let geteuidIsRoot = geteuid() == 0
