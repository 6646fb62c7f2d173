import Foundation

/// Writes a synthetic organisation of `entities` entities in Backstage format: domains,
/// systems, teams, users, components with dependencies, APIs and resources, 100 to a file.
enum CatalogFixture {
    static func write(entities: Int, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let teams = max(4, entities / 100)
        let systems = max(2, entities / 50)
        let domains = max(1, entities / 1000)
        var documents: [String] = []
        for index in 0..<domains {
            documents.append(entity("Domain", "domain-\(index)", spec: "  owner: team-\(index % teams)\n"))
        }
        for index in 0..<systems {
            documents.append(entity("System", "system-\(index)", spec: "  owner: team-\(index % teams)\n  domain: domain-\(index % domains)\n"))
        }
        for index in 0..<teams {
            documents.append(entity("Group", "team-\(index)", spec: "  type: team\n  children: []\n  profile:\n    displayName: Team \(index)\n"))
        }
        var remaining = entities - documents.count
        let users = remaining / 10
        for index in 0..<users {
            documents.append(entity("User", "user-\(index)", spec: "  memberOf: [team-\(index % teams)]\n  profile:\n    email: user-\(index)@example.com\n"))
        }
        remaining -= users
        for index in 0..<remaining {
            let team = index % teams
            let system = index % systems
            switch index % 5 {
            case 0:
                documents.append(entity("API", "api-\(index)", spec: """
                      type: openapi
                      lifecycle: production
                      owner: team-\(team)
                      system: system-\(system)
                      definition: |
                        openapi: 3.0.0
                        info: { title: API \(index), version: 1.0.0 }

                    """))
            case 1:
                documents.append(entity("Resource", "db-\(index)", spec: "  type: database\n  owner: team-\(team)\n  system: system-\(system)\n"))
            default:
                let dependencies = index > 10 ? "  dependsOn:\n    - component:service-\(index - 5)\n    - resource:db-\(index - index % 5 - 4)\n" : ""
                let apis = index > 10 ? "  consumesApis: [api-\(index - index % 5 - 5)]\n" : ""
                documents.append(entity("Component", "service-\(index)", spec: """
                      type: service
                      lifecycle: \(index % 7 == 0 ? "experimental" : "production")
                      owner: team-\(team)
                      system: system-\(system)

                    """ + dependencies + apis, extraMetadata: """
                      tags: [java, tier-\(index % 3), pci]
                      annotations:
                        cairn.dev/health-url: http://127.0.0.1:\(20000 + index % 1000)/healthz
                        pagerduty.com/service-id: P\(index)
                      links:
                        - url: https://runbooks.example.com/service-\(index)
                          title: Runbook

                    """))
            }
        }
        let perFile = 100
        for start in stride(from: 0, to: documents.count, by: perFile) {
            let chunk = documents[start..<min(start + perFile, documents.count)]
            let text = chunk.joined(separator: "---\n")
            try text.write(toFile: "\(directory)/part-\(start / perFile).yaml", atomically: false, encoding: .utf8)
        }
    }

    private static func entity(_ kind: String, _ name: String, spec: String, extraMetadata: String = "") -> String {
        """
        apiVersion: backstage.io/v1alpha1
        kind: \(kind)
        metadata:
          name: \(name)
          title: \(kind) \(name)
          description: The \(name) \(kind.lowercased()) of the synthetic benchmark organisation.
        \(extraMetadata)spec:
        \(spec)
        """
    }
}
