/// The spec schema of each built-in kind, from Backstage's catalog-model JSON schemas and its
/// BuiltinKindsEntityProcessor (which fields become which relations, with which default kind).
struct KindRules: Sendable {
    enum Shape: Sendable {
        case string, stringList, mapping, list, mappingOrList
        case oneOf([String])
    }

    struct Field: Sendable {
        var name: String
        var shape: Shape
        var relation: RelationType? = nil
        var defaultKind: String? = nil
    }

    struct Requirement: Sendable {
        var name: String
        var alternative: String? = nil
        var hint: String? = nil
    }

    var required: [Requirement]
    var fields: [Field]

    static let backstageVersions: Set<String> = ["backstage.io/v1alpha1", "backstage.io/v1beta1"]
    static let templateVersion = "scaffolder.backstage.io/v1beta3"

    /// Rules for a built-in kind under a Backstage apiVersion; nil for custom kinds, which are
    /// kept and validated only by their envelope.
    static func rules(kind: String, apiVersion: String) -> KindRules? {
        if kind == "Template" { return apiVersion == templateVersion ? template : nil }
        guard backstageVersions.contains(apiVersion) else { return nil }
        switch kind {
        case "Component": return component
        case "API": return api
        case "Resource": return resource
        case "System": return system
        case "Domain": return domain
        case "Group": return group
        case "User": return user
        case "Location": return location
        default: return nil
        }
    }

    private static let owner = Field(name: "owner", shape: .string, relation: .ownedBy, defaultKind: "group")
    private static let ownerHint = Requirement(name: "owner", hint: "the owning group, e.g. team-a or group:team-a")
    private static let systemField = Field(name: "system", shape: .string, relation: .partOf, defaultKind: "system")
    private static let dependsOn = Field(name: "dependsOn", shape: .stringList, relation: .dependsOn)
    private static let dependencyOf = Field(name: "dependencyOf", shape: .stringList, relation: .dependencyOf)

    static let component = KindRules(
        required: [Requirement(name: "type", hint: "service, website, library…"), Requirement(name: "lifecycle", hint: "production, experimental, deprecated…"), ownerHint],
        fields: [
            Field(name: "type", shape: .string), Field(name: "lifecycle", shape: .string), owner, systemField,
            Field(name: "subcomponentOf", shape: .string, relation: .partOf, defaultKind: "component"),
            Field(name: "providesApis", shape: .stringList, relation: .providesApi, defaultKind: "api"),
            Field(name: "consumesApis", shape: .stringList, relation: .consumesApi, defaultKind: "api"),
            dependsOn, dependencyOf,
        ])

    static let api = KindRules(
        required: [Requirement(name: "type", hint: "openapi, asyncapi, graphql, grpc…"), Requirement(name: "lifecycle"), ownerHint,
                   Requirement(name: "definition", hint: "the API definition as a string")],
        fields: [Field(name: "type", shape: .string), Field(name: "lifecycle", shape: .string), owner, systemField,
                 Field(name: "definition", shape: .string)])

    static let resource = KindRules(
        required: [Requirement(name: "type", hint: "database, queue, bucket…"), ownerHint],
        fields: [Field(name: "type", shape: .string), owner, systemField, dependsOn, dependencyOf])

    static let system = KindRules(
        required: [ownerHint],
        fields: [owner, Field(name: "domain", shape: .string, relation: .partOf, defaultKind: "domain"), Field(name: "type", shape: .string)])

    static let domain = KindRules(
        required: [ownerHint],
        fields: [owner, Field(name: "subdomainOf", shape: .string, relation: .partOf, defaultKind: "domain"), Field(name: "type", shape: .string)])

    static let group = KindRules(
        required: [Requirement(name: "type", hint: "team, department…"), Requirement(name: "children", hint: "a list of child groups, [] when none")],
        fields: [Field(name: "type", shape: .string), Field(name: "profile", shape: .mapping),
                 Field(name: "parent", shape: .string, relation: .childOf, defaultKind: "group"),
                 Field(name: "children", shape: .stringList, relation: .parentOf, defaultKind: "group"),
                 Field(name: "members", shape: .stringList, relation: .hasMember, defaultKind: "user")])

    static let user = KindRules(
        required: [Requirement(name: "memberOf", hint: "a list of groups, [] when none")],
        fields: [Field(name: "profile", shape: .mapping), Field(name: "memberOf", shape: .stringList, relation: .memberOf, defaultKind: "group")])

    static let location = KindRules(
        required: [Requirement(name: "target", alternative: "targets", hint: "the file or files to read, relative to this one")],
        fields: [Field(name: "type", shape: .string), Field(name: "target", shape: .string), Field(name: "targets", shape: .stringList),
                 Field(name: "presence", shape: .oneOf(["required", "optional"]))])

    static let template = KindRules(
        required: [Requirement(name: "type", hint: "service, website…"), Requirement(name: "steps", hint: "the list of actions to run")],
        fields: [Field(name: "type", shape: .string), owner, Field(name: "parameters", shape: .mappingOrList),
                 Field(name: "steps", shape: .list), Field(name: "output", shape: .mapping)])
}
