import CairnAccess
import CairnCatalog
import Foundation

/// A small organisation for the identity and policy tests: teams under engineering, people
/// in them, a service, a template and a resource type.
enum AccessFixtures {
    static let yaml = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: engineering}
    spec: {type: department, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: payments-team}
    spec: {type: team, parent: engineering, children: [], members: [dev-owner]}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: checkout-team}
    spec: {type: team, parent: engineering, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: platform-team}
    spec: {type: team, parent: engineering, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: auditors}
    spec: {type: team, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {name: admins}
    spec: {type: team, children: []}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata:
      name: dev-owner
      annotations: {cairn.dev/unix-user: devbox}
    spec: {memberOf: [], profile: {email: dev.owner@example.com}}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata: {name: dev-other}
    spec: {memberOf: [checkout-team], profile: {email: other@example.com}}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata: {name: lead}
    spec: {memberOf: [payments-team]}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata: {name: plat}
    spec: {memberOf: [platform-team], profile: {email: plat@example.com}}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata: {name: boss}
    spec: {memberOf: [admins]}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata: {name: aud}
    spec: {memberOf: [auditors]}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata: {name: payments-api}
    spec: {type: service, lifecycle: production, owner: payments-team}
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata: {name: orphan}
    spec: {type: service, lifecycle: production, owner: nobody-team}
    """

    static var catalog: Catalog {
        CatalogAssembler.assemble([FileParser.parse(Array(yaml.utf8), file: SourceFile(path: "org.yaml", size: Int64(yaml.utf8.count), modified: 0))])
    }

    /// The test organisation's bindings: developers are engineering (not everyone, so the
    /// auditor is only an auditor), `lead` is a tech lead, admins are the admins group.
    static var policy: Policy {
        var policy = Policy.defaults
        policy.bindings[.developer] = [.entity(EntityRef(kind: "group", name: "engineering"))]
        policy.bindings[.techLead] = [.entity(EntityRef(kind: "user", name: "lead"))]
        policy.bindings[.admin] = [.entity(EntityRef(kind: "group", name: "admins"))]
        return policy
    }

    static func identity(_ osUser: String, policy: Policy = policy, readOnly: Bool = false) -> Identity {
        IdentityResolver(catalog: catalog, policy: policy).resolve(osUser: osUser, readOnlyFlag: readOnly)
    }

    static func ref(_ text: String) -> EntityRef { try! EntityRef.parse(text) }
}
