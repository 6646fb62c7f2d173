import CairnCatalog

/// Who to page for an entity, from the annotations on-call tools read: the entity's own
/// PagerDuty service or Opsgenie team/selector, else its owner group's on-call
/// (`cairn.dev/oncall`, a PagerDuty escalation policy or an Opsgenie team). Nil when none says.
public enum OnCall {
    public static func describe(_ entity: Entity, in catalog: Catalog) -> String? {
        if let own = fromAnnotations(entity) { return own }
        guard let owner = entity.owner, let group = catalog[owner] else { return nil }
        return fromAnnotations(group).map { "\($0) (owner \(owner.name))" }
    }

    private static func fromAnnotations(_ entity: Entity) -> String? {
        if let person = entity.annotation("cairn.dev/oncall"), !person.isEmpty { return person }
        if let service = entity.annotation("pagerduty.com/service-id"), !service.isEmpty { return "PagerDuty service \(service)" }
        if let integration = entity.annotation("pagerduty.com/integration-key"), !integration.isEmpty { return "PagerDuty integration" }
        if let policy = entity.annotation("pagerduty.com/escalation-policy-id"), !policy.isEmpty { return "PagerDuty policy \(policy)" }
        if let team = entity.annotation("opsgenie.com/team"), !team.isEmpty { return "Opsgenie team \(team)" }
        if let selector = entity.annotation("opsgenie.com/component-selector"), !selector.isEmpty { return "Opsgenie \(selector)" }
        return nil
    }
}
