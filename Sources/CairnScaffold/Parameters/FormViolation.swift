extension TemplateForm {
    /// A value that breaks a field's rule, found when a whole set of values is checked.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The page (0-based) the field is on, so a wizard can jump back to it.
        public var page: Int
        public var key: String
        /// What is wrong, as shown under the field: "required", "at most 63 characters", …
        public var message: String

        public init(page: Int, key: String, message: String) {
            self.page = page
            self.key = key
            self.message = message
        }

        public var description: String { "\(key): \(message)" }
    }
}
