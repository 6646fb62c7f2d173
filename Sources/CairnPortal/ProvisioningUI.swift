import CairnCatalog
import CairnProvision

/// Provisioning facts for screens that hold a catalog value rather than a portal (the TUI's
/// pure reducer): the same answers `resourceTypes` and the request use.
extension Portal {
    /// Valid ResourceType entities of `catalog`, by title (what `resourceTypes` lists).
    public static func resourceTypes(in catalog: Catalog) -> [Entity] {
        catalog.validEntities.filter { $0.ref.kind == "resourcetype" }
            .sorted { ($0.title ?? $0.ref.name).lowercased() < ($1.title ?? $1.ref.name).lowercased() }
    }

    /// Whether a request of the resource type `typeEntity` for `target` waits for an approver,
    /// and who may approve; nil when the entity is not a usable resource type.
    public static func approval(of typeEntity: Entity, for target: Entity) -> (isNeeded: Bool, approvers: [String])? {
        guard let type = try? ResourceType(typeEntity) else { return nil }
        return (type.needsApproval(for: target), type.approvers)
    }
}
