import ArgumentParser
import CairnCatalog
import CairnPortal

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List entities, filtered and ranked.",
        discussion: """
            --query takes the query language of the portal's filter:
              kind:api owner:team-x tag:pci lifecycle:production free text
            Fields: kind, namespace, owner, system, domain, lifecycle, type, tag (a,b means either).
            Free words must all match name, title, description or tags; exact names rank first.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this kind (e.g. component, api).") var kind: String?
    @Option(help: "Only entities owned by this group or user.") var owner: String?
    @Option(help: "Only entities in this system.") var system: String?
    @Option(help: "Only this lifecycle (e.g. production).") var lifecycle: String?
    @Option(help: "Only entities with this tag.") var tag: String?
    @Option(help: "A query in the portal's filter language.") var query: String?
    @Flag(help: "Also list quarantined (invalid) entities.") var includeQuarantined = false
    @OptionGroup var json: JSONFlag

    func run() throws {
        var catalogQuery = CatalogQuery(parsing: query ?? "")
        let flags: [(CatalogQuery.Field, String?)] = [(.kind, kind), (.owner, owner), (.system, system), (.lifecycle, lifecycle), (.tag, tag)]
        for case let (field, value?) in flags {
            catalogQuery.filters[field, default: []] += value.lowercased().split(separator: ",").map(String.init)
        }
        let portal = try global.openPortal()
        let entities = portal.list(catalogQuery, includeQuarantined: includeQuarantined)
        if json.isEnabled {
            Output.json(.array(entities.map(EntityJSON.value)))
            return
        }
        let rows = entities.map { entity in
            [
                (entity.isQuarantined ? "! " : "") + Output.clean(entity.ref.humanized),
                Output.clean(entity.owner.map(Self.short) ?? ""),
                Output.clean(entity.lifecycle ?? ""),
                Output.clean(entity.summary ?? entity.title ?? ""),
            ]
        }
        Output.table(header: ["REF", "OWNER", "LIFECYCLE", "DESCRIPTION"], rows: rows)
        if entities.isEmpty { Output.error("cairn: no entities match; loosen the filters or check cairn validate") }
    }

    /// `team-a` for group:default/team-a; other refs in full.
    static func short(_ ref: EntityRef) -> String {
        ref.kind == "group" && ref.namespace == EntityRef.defaultNamespace ? ref.name : ref.description
    }
}
