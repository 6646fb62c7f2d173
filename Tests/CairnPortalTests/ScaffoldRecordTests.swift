import CairnCatalog
import CairnPortal
import Foundation
import Testing

/// Every scaffold run is recorded in the store: who, which template and version, the values
/// without secrets, and how it ended.
@Suite("Portal: scaffold runs are recorded")
struct ScaffoldRecordTests {
    static let template = """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata:
          name: tiny
          annotations: { cairn.dev/template-version: "2.1.0" }
        spec:
          owner: team-a
          type: service
          parameters:
            - title: Details
              required: [name]
              properties:
                name: { type: string, pattern: '^[a-z-]+$' }
                token: { type: string, ui:widget: password }
                remote: { type: string }
          steps:
            - id: fetch
              action: fetch:template
              input: { url: ./skeleton, values: { name: '${{ parameters.name }}' } }
            - id: publish
              action: publish:git
              input: { remoteUrl: '${{ parameters.remote }}' }
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: { name: team-a }
        spec: { type: team, children: [] }
        """

    @Test("a dry run and a failed run are both recorded; the secret never reaches the store; bad values are refused before a run")
    func records() throws {
        let workspace = PortalTests.Workspace()
        try Self.template.write(toFile: workspace.path + "/catalog/tiny.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: workspace.path + "/catalog/skeleton", withIntermediateDirectories: true)
        try "name: ${{ values.name }}\n".write(toFile: workspace.path + "/catalog/skeleton/info.txt", atomically: true, encoding: .utf8)
        let portal = try Portal.open(workspace.configuration())
        let template = try portal.template("tiny")

        let dry = try portal.scaffold(template, values: ["name": .string("svc"), "token": .string("hunter2"), "remote": .string("/nowhere.git")],
                                      isDryRun: true)
        #expect(dry.files.map(\.path) == ["info.txt"])
        do {
            _ = try portal.scaffold(template, values: ["name": .string("svc"), "token": .string("hunter2"), "remote": .string("/nonexistent/x.git")],
                                    isDryRun: false)
            Issue.record("pushing to a missing repository succeeded")
        } catch {
            #expect(error.exitCode == 1)
            #expect(error.description.contains("step publish"))
        }
        #expect(throws: PortalError.self) {
            try portal.scaffold(template, values: ["name": .string("Not Valid")], isDryRun: true)
        }

        let runs = portal.scaffoldRuns()
        #expect(runs.count == 2, "the refused values never started a run")
        let failed = try #require(runs.first)
        // Runs are recorded under the audit actor of whoever ran them (root is an admin by default).
        #expect(failed.user == "unix:root" && failed.result == "failed" && failed.failedStep == "publish" && !failed.isDryRun)
        #expect(failed.error?.contains("git") == true)
        let succeeded = try #require(runs.last)
        #expect(succeeded.user == "unix:root" && succeeded.result == "succeeded" && succeeded.isDryRun)
        #expect(succeeded.templateRef == "template:default/tiny" && succeeded.templateVersion == "2.1.0")
        #expect(succeeded.finishedAt != nil)
        for run in runs {
            #expect(!run.valuesJSON.contains("hunter2"), "a secret in the store: \(run.valuesJSON)")
            #expect(run.valuesJSON.contains("(secret)"))
            #expect(run.valuesJSON.contains("\"name\""))
        }
    }
}
