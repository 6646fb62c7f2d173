import CairnCatalog
import Foundation

/// A golden-path template's parameters as a form: pages of fields read from the Template's
/// `spec.parameters` (Backstage's JSON Schema plus `ui:` hints), with the rules to check values
/// against. A value; the wizard, the CLI and the step runner share it.
public struct TemplateForm: Sendable {
    /// One step of the form: a JSON Schema object in `spec.parameters`.
    public struct Page: Sendable {
        public var title: String
        public var description: String?
        public var fields: [Field]

        public init(title: String, description: String? = nil, fields: [Field]) {
            self.title = title
            self.description = description
            self.fields = fields
        }
    }

    public var pages: [Page]
    /// Compiled patterns by source text; built once so checking a value per keystroke is cheap.
    let patterns: [String: NSRegularExpression]

    /// A form built in code (tests, previews). Patterns are compiled when a value is checked.
    public init(pages: [Page]) {
        self.pages = pages
        patterns = [:]
    }

    /// From a Template entity's `spec.parameters` (an object = one page, or an array of pages).
    /// Throws a one-line error naming the template and the JSON path for what cannot be read;
    /// `dependencies`, `oneOf` and other conditional schema is skipped (its fields are not shown,
    /// their values pass through).
    public init(template: Entity) throws(FormError) {
        var reader = ParameterSchemaReader(template: template)
        pages = try reader.readPages()
        patterns = reader.patterns
    }

    /// Every field of every page, in order.
    public var fields: [Field] { pages.flatMap(\.fields) }

    /// The keys of secret fields (passwords, `ui:field: Secret`): never stored, logged or audited.
    public var secretKeys: Set<String> { Set(fields.filter(\.isSecret).map(\.key)) }

    /// The field for `key` (the first, should two pages use one key).
    public func field(_ key: String) -> Field? {
        for page in pages {
            if let field = page.fields.first(where: { $0.key == key }) { return field }
        }
        return nil
    }

    /// Each field's `default`, in field order.
    public func defaults() -> [(key: String, value: Value)] {
        fields.compactMap { field in field.defaultValue.map { (key: field.key, value: $0) } }
    }
}
