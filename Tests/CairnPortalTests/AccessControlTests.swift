import CairnAccess
import CairnCatalog
import CairnPortal
import Foundation
import Testing

/// The policy enforced in the core: the same checks whatever interface asks.
@Suite("Access control in the portal")
struct AccessControlTests {
    static let catalog = """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: payments-team}
        spec: {type: team, children: [], members: [pay-dev, pay-dev-2]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: checkout-team}
        spec: {type: team, children: [], members: [other-dev]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: platform-team}
        spec: {type: team, children: [], members: [plat]}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: pay-dev}
        spec: {memberOf: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: pay-dev-2}
        spec: {memberOf: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: other-dev}
        spec: {memberOf: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata: {name: plat}
        spec: {memberOf: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: payments-api}
        spec: {type: service, lifecycle: production, owner: payments-team}
        ---
        apiVersion: cairn.dev/v1alpha1
        kind: ResourceType
        metadata: {name: volume, title: Volume}
        spec:
          owner: platform-team
          driver: exec
          settings: {command: [/bin/true]}
          approval:
            requiredFor: {lifecycle: [production]}
            approvers: [group:platform-team]
          parameters: {type: object, properties: {}}
        """

    /// The exit code of the PortalError `body` throws; nil when it throws nothing.
    static func exitCode<T>(_ body: () throws -> T) -> Int32? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? PortalError)?.exitCode ?? -1
        }
    }

    static func portals() throws -> (workspace: PortalTests.Workspace, open: (String) throws -> Portal) {
        let workspace = PortalTests.Workspace()
        try workspace.write("org.yaml", catalog)
        return (workspace, { user in try Portal.open(workspace.configuration(osUser: user)) })
    }

    @Test("a non-owner's request is refused with exit 4 and a reason naming the owner; the owner's is recorded")
    func requestNeedsOwnership() throws {
        let (workspace, open) = try Self.portals()
        _ = workspace
        let other = try open("other-dev")
        let type = try other.resourceType("volume")
        let target = try other.provisionTarget("payments-api")
        do {
            _ = try other.requestProvision(type, for: target, values: [:], key: "k1")
            Issue.record("a non-owner's request was accepted")
        } catch {
            #expect(error.exitCode == 4)
            #expect(error.description == "cairn: error: permission denied: cannot request provisioning for component:default/payments-api: you (user:other-dev) are not in group:default/payments-team, the owner of component:default/payments-api; ask one of its members or a platform engineer")
        }
        #expect(other.jobs().isEmpty, "a refused request left a job")

        let owner = try open("pay-dev")
        let (job, isNew) = try owner.requestProvision(type, for: target, values: [:], key: "k1")
        #expect(isNew && job.state == .awaitingApproval && job.requester == "user:default/pay-dev")
    }

    @Test("approvals: never by the requester, not by a teammate without a role, yes by the type's approvers")
    func approvals() throws {
        let (workspace, open) = try Self.portals()
        _ = workspace
        let owner = try open("pay-dev")
        let (job, _) = try owner.requestProvision(try owner.resourceType("volume"), for: try owner.provisionTarget("payments-api"), values: [:], key: nil)
        #expect(Self.exitCode { try owner.decideJob(job.id, approve: true) } == 4)
        let teammate = try open("pay-dev-2")
        do {
            _ = try teammate.decideJob(job.id, approve: true)
            Issue.record("a developer without a role approved")
        } catch {
            #expect(error.exitCode == 4)
            #expect(error.description.contains("only group:platform-team, platform engineers, a tech lead of group:payments-team may approve or decline job \(job.id)"))
        }
        let platform = try open("plat")
        #expect(try platform.decideJob(job.id, approve: true).state == .queued)
        // The worker's outcome joins the log too.
        platform.jobRunner().runUntilIdle()
        let records = try platform.auditRecords(target: "job:\(job.id)")
        #expect(records.map(\.action) == ["job.decide", "job.decide", "job.approve", "job.finish"], "\(records.map(\.action))")
        #expect(records.map(\.result) == ["denied", "denied", "ok", "ok"])
        #expect(records.prefix(3).map(\.actor) == ["user:default/pay-dev", "user:default/pay-dev-2", "user:default/plat"])
        #expect(records.last?.actor.hasPrefix("worker:") == true)
    }

    @Test("cancelling: the requester, the owning team and platform engineers; not another team")
    func cancelling() throws {
        let (workspace, open) = try Self.portals()
        _ = workspace
        let owner = try open("pay-dev")
        let (job, _) = try owner.requestProvision(try owner.resourceType("volume"), for: try owner.provisionTarget("payments-api"), values: [:], key: nil)
        let other = try open("other-dev")
        #expect(Self.exitCode { try other.cancelJob(job.id) } == 4)
        #expect(try open("pay-dev-2").cancelJob(job.id).state == .cancelled)
    }

    @Test("read-only sessions and unknown accounts change nothing")
    func readOnly() throws {
        let (workspace, open) = try Self.portals()
        var configuration = workspace.configuration(osUser: "pay-dev")
        configuration.isReadOnly = true
        let readOnly = try Portal.open(configuration)
        do {
            _ = try readOnly.requestProvision(try readOnly.resourceType("volume"), for: try readOnly.provisionTarget("payments-api"), values: [:], key: nil)
            Issue.record("a read-only session requested a resource")
        } catch {
            #expect(error.exitCode == 4 && error.description.hasSuffix("cairn was started with --read-only; nothing can be changed in this session"))
        }
        let stranger = try open("mallory")
        #expect(stranger.identity.user == nil && stranger.identity.roles.isEmpty)
        let volume = try stranger.resourceType("volume")
        let target = try stranger.provisionTarget("payments-api")
        #expect(Self.exitCode { try stranger.requestProvision(volume, for: target, values: [:], key: nil) } == 4)
    }

    static let template = """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: {name: svc}
        spec:
          owner: platform-team
          type: service
          parameters:
            - title: Details
              required: [name, owner]
              properties:
                name: {type: string}
                owner: {type: string, ui:field: OwnerPicker, ui:options: {catalogFilter: {kind: Group}}}
          steps:
            - id: fetch
              action: fetch:template
              input: {url: ./skeleton, values: {name: '${{ parameters.name }}'}}
            - id: publish
              action: publish:git
              input: {remoteUrl: /nonexistent/remote.git}
        """

    @Test("scaffolding for a team needs membership of it; a dry run does not; denials are audited")
    func scaffoldForATeam() throws {
        let (workspace, open) = try Self.portals()
        try workspace.write("template.yaml", Self.template)
        try FileManager.default.createDirectory(atPath: workspace.path + "/catalog/skeleton", withIntermediateDirectories: true)
        try "name: ${{ values.name }}\n".write(toFile: workspace.path + "/catalog/skeleton/info.txt", atomically: true, encoding: .utf8)
        let values: [String: Value] = ["name": .string("ledger"), "owner": .string("payments-team")]

        let other = try open("other-dev")
        let template = try other.template("svc")
        #expect(try other.scaffold(template, values: values, isDryRun: true).files.map(\.path) == ["info.txt"])
        do {
            _ = try other.scaffold(template, values: values, isDryRun: false)
            Issue.record("another team's developer scaffolded for payments-team")
        } catch {
            #expect(error.exitCode == 4)
            #expect(error.description.contains("cannot create a component for group:default/payments-team: you (user:other-dev) are not in group:default/payments-team"))
        }
        // A member gets past the check (the run then fails at publish: there is no remote).
        let member = try open("pay-dev")
        do {
            _ = try member.scaffold(try member.template("svc"), values: values, isDryRun: false)
        } catch {
            #expect(error.exitCode == 1, "\(error)")
        }
        let records = try open("root").auditRecords(limit: 10)
        #expect(records.map(\.action) == ["scaffold.run", "scaffold.run"])
        #expect(records.map(\.result) == ["denied", "failed"])
        #expect(records.map(\.actor) == ["user:default/other-dev", "user:default/pay-dev"])
    }

    @Test("what a template run registers is checked as rendered: a Group, or a component owned by another team, is refused (exit 4) and not registered")
    func renderedEntitiesAreChecked() throws {
        let (workspace, open) = try Self.portals()
        for remote in ["one", "two"] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            git.arguments = ["init", "--quiet", "--bare", workspace.path + "/\(remote).git"]
            try git.run()
            git.waitUntilExit()
        }
        try workspace.write("template.yaml", """
            apiVersion: scaffolder.backstage.io/v1beta3
            kind: Template
            metadata: {name: sneaky}
            spec:
              owner: platform-team
              type: service
              parameters:
                - title: Details
                  properties:
                    name: {type: string}
                    team: {type: string}
                    remote: {type: string}
              steps:
                - id: fetch
                  action: fetch:template
                  input: {url: ./skeleton, values: {name: '${{ parameters.name }}', team: '${{ parameters.team }}'}}
                - id: publish
                  action: publish:git
                  input: {remoteUrl: '${{ parameters.remote }}'}
                - id: register
                  action: catalog:register
                  input: {repoContentsUrl: "${{ steps['publish'].output.remoteUrl }}", catalogInfoPath: /catalog-info.yaml}
            """)
        try FileManager.default.createDirectory(atPath: workspace.path + "/catalog/skeleton", withIntermediateDirectories: true)
        try """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: {name: ${{ values.name }}}
            spec: {type: service, lifecycle: experimental, owner: ${{ values.team }}}

            """.write(toFile: workspace.path + "/catalog/skeleton/catalog-info.yaml", atomically: true, encoding: .utf8)
        let member = try open("pay-dev")
        let template = try member.template("sneaky")
        // No owner field the form knows: the rendered owner decides. Another team's: refused.
        #expect(Self.exitCode { try member.scaffold(template, values: ["name": .string("ledger"), "team": .string("checkout-team"), "remote": .string(workspace.path + "/one.git")], isDryRun: false) } == 4)
        // A line break cannot smuggle a second document in.
        #expect(Self.exitCode { try member.scaffold(template, values: ["name": .string("x"), "team": .string("payments-team\n---\nkind: Group")], isDryRun: false) } == 2)
        // Their own team's: registered.
        let made = try member.scaffold(template, values: ["name": .string("ledger2"), "team": .string("payments-team"), "remote": .string(workspace.path + "/two.git")], isDryRun: false)
        #expect(made.entityRef == "component:default/ledger2")
        let records = try open("root").auditRecords(limit: 10).filter { $0.action == "scaffold.run" }
        #expect(records.map(\.result) == ["denied", "ok"], "\(records.map(\.result))")
    }
}
