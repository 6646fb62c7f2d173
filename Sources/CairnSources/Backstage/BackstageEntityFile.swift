import CairnCatalog
import Foundation

/// A page of Backstage entities as a catalog file: each entity one JSON document (JSON is YAML,
/// so the catalog reads it like any other file), written as its descriptor would be.
enum BackstageEntityFile {
    /// Root fields the catalog computes: cairn computes its own relations, and a file holding
    /// them is refused.
    static let computedRootFields: Set<String> = ["relations", "status"]
    /// Metadata the Backstage server assigns; not part of what a team writes.
    static let serverManagedMetadata: Set<String> = ["uid", "etag", "generation"]

    /// `entity` without the fields the server manages; annotations and everything else stay.
    static func descriptor(_ entity: Value) -> Value {
        guard case .object(let members) = entity else { return entity }
        return .object(members.compactMap { member in
            if computedRootFields.contains(member.key) { return nil }
            guard member.key == "metadata", case .object(let metadata) = member.value else { return member }
            return Value.Member("metadata", .object(metadata.filter { !serverManagedMetadata.contains($0.key) }))
        })
    }

    static func name(page: Int) -> String { "backstage-entities-\(page).yaml" }

    /// The file's text: a comment saying where it came from, then one document per entity.
    static func text(_ entities: [Value], from catalogURL: String) -> String {
        var text = "# Read from the Backstage catalog at \(catalogURL) by cairn; rewritten on every refresh.\n"
        for entity in entities {
            text += "---\n"
            JSONWriter.write(descriptor(entity), into: &text, pretty: true, indent: 0)
            text += "\n"
        }
        return text
    }
}
