import CairnCatalog

extension TemplateForm {
    /// One input of a template form: a property of a page's JSON Schema, with the Backstage
    /// `ui:` hints that decide how it is asked for.
    public struct Field: Sendable {
        /// How the field is asked for and what its value is.
        public enum Kind: Sendable, Equatable {
            /// A string; `ui:widget: password` / `ui:field: Secret` and `ui:widget: textarea`.
            case text, password, multiline
            case integer, number
            /// A checkbox.
            case boolean
            /// One of `enum` (labels from `enumNames`, or from `oneOf` items with `const` and `title`).
            case choice([Option])
            /// A list (`type: array`). With options (`items.enum`) a checkbox list whose values must be
            /// among them; with no options a free list of strings (`EntityTagsPicker`, `MultiEntityPicker`,
            /// `items: {type: string}`).
            case multiChoice([Option])
            /// `ui:field: OwnerPicker` (kinds Group and User unless told), `EntityPicker` (any kind
            /// unless `ui:options.catalogFilter.kind` or `allowedKinds` says). Kinds as written in the
            /// template; an empty list allows every kind.
            case entity(kinds: [String], allowArbitraryValues: Bool)
            /// `ui:field: EntityNamePicker`: a name that follows Backstage's entity name rules.
            case entityName
            /// `ui:field: RepoUrlPicker`: a value of the form `host?owner=o&repo=r`; an empty list
            /// allows any host.
            case repoUrl(allowedHosts: [String])
        }

        /// A value a choice offers, and the label shown for it.
        public struct Option: Sendable, Equatable {
            public var value: Value
            public var label: String

            public init(value: Value, label: String) {
                self.value = value
                self.label = label
            }
        }

        public var key: String
        /// `title`, or the key when the template gives none.
        public var title: String
        public var description: String?
        /// `ui:help`.
        public var help: String?
        public var kind: Kind
        /// Listed in its page's `required`.
        public var isRequired: Bool
        /// `default`, already of the field's type (an integral `8080.0` reads as `8080`).
        public var defaultValue: Value?
        /// An ECMAScript regular expression the whole value must contain a match for (JSON Schema
        /// patterns are not anchored; write `^…$` to match all of it).
        public var pattern: String?
        /// In Unicode characters, as JSON Schema counts them.
        public var minLength: Int?
        public var maxLength: Int?
        public var minimum: Double?
        public var maximum: Double?
        /// `ui:autofocus`.
        public var autofocus: Bool
        /// A password or `Secret` field (or one masked in Backstage's review step): its value must
        /// never be stored, logged or printed. Messages about it never repeat its value.
        public var isSecret: Bool

        public init(key: String, title: String? = nil, description: String? = nil, help: String? = nil, kind: Kind = .text,
                    isRequired: Bool = false, defaultValue: Value? = nil, pattern: String? = nil, minLength: Int? = nil,
                    maxLength: Int? = nil, minimum: Double? = nil, maximum: Double? = nil, autofocus: Bool = false,
                    isSecret: Bool? = nil) {
            self.key = key
            self.title = title ?? key
            self.description = description
            self.help = help
            self.kind = kind
            self.isRequired = isRequired
            self.defaultValue = defaultValue
            self.pattern = pattern
            self.minLength = minLength
            self.maxLength = maxLength
            self.minimum = minimum
            self.maximum = maximum
            self.autofocus = autofocus
            self.isSecret = isSecret ?? (kind == .password)
        }
    }
}
