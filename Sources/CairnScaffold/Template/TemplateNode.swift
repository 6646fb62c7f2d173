import CairnCatalog

/// A template's structure once tags are paired: what the renderer walks.
enum TemplateNode: Sendable {
    case text(String, offset: Int)
    case output(Expression, offset: Int)
    /// `{% if %}`, its `{% elif %}`s, and the `{% else %}` body if any.
    case conditional([ConditionalBranch], otherwise: [TemplateNode]?)
    case loop(Loop)

    struct ConditionalBranch: Sendable {
        var condition: Expression
        var body: [TemplateNode]
    }

    /// `{% for a, b in sequence %}body{% else %}otherwise{% endfor %}`.
    struct Loop: Sendable {
        var variables: [String]
        var sequence: Expression
        var body: [TemplateNode]
        /// Rendered when the sequence is empty.
        var otherwise: [TemplateNode]?
        /// Where `{% for` stands.
        var offset: Int
    }
}
