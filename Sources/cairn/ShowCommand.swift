import ArgumentParser
import CairnCatalog
import CairnPortal

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one entity: fields, relations, source file and problems.",
        discussion: "REF is kind:namespace/name; the kind and namespace may be left out when the name is unique. Exit 3 when not found."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entity, e.g. component:default/payments or payments.") var ref: String
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let entity = try portal.entity(ref)
        if json.isEnabled {
            Output.json(EntityJSON.value(entity))
            return
        }
        let catalog = portal.catalog
        Output.line(Output.clean(entity.ref.description) + (entity.isQuarantined ? "  [quarantined]" : ""))
        func field(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            Output.line(TerminalTextPad.label(label) + Output.clean(value))
        }
        func named(_ ref: EntityRef?) -> String? {
            guard let ref else { return nil }
            guard let target = catalog[ref] else { return "\(ref) (not in catalog)" }
            return target.title.map { "\(ref) (\($0))" } ?? ref.description
        }
        field("Title", entity.title)
        field("Description", entity.summary)
        field("Kind", [entity.kind, entity.type].compactMap { $0 }.joined(separator: " / "))
        field("Lifecycle", entity.lifecycle)
        field("Owner", named(entity.owner))
        field("System", named(entity.system))
        field("Domain", named(entity.domain))
        field("Tags", entity.tags.joined(separator: ", "))
        field("Source", entity.source.description)
        let links = entity.document["metadata"]?["links"]?.arrayValue ?? []
        if !links.isEmpty {
            Output.line("Links:")
            for link in links {
                let title = link["title"]?.stringValue ?? link["type"]?.stringValue ?? "link"
                Output.line("  " + Output.clean(title) + ": " + Output.clean(link["url"]?.stringValue))
            }
        }
        if !entity.annotations.isEmpty {
            Output.line("Annotations:")
            for member in entity.annotations {
                Output.line("  " + Output.clean(member.key) + ": " + Output.clean(member.value.stringValue ?? JSONWriter.string(member.value)))
            }
        }
        if !entity.relations.isEmpty {
            Output.line("Relations:")
            var current: RelationType?
            for relation in entity.relations {
                if relation.type != current {
                    Output.line("  \(relation.type.rawValue):")
                    current = relation.type
                }
                Output.line("    " + Output.clean(relation.target.description) + (catalog.contains(relation.target) ? "" : "  (not in catalog)"))
            }
        }
        if !entity.problems.isEmpty {
            Output.line("Problems:")
            for problem in entity.problems.sorted() { Output.line("  " + Output.clean(problem.description)) }
        }
    }
}

enum TerminalTextPad {
    static func label(_ text: String) -> String {
        let label = text + ":"
        return label + String(repeating: " ", count: max(1, 13 - label.count))
    }
}
