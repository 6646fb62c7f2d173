import CairnCatalog

/// What names mean while rendering: loop variables in front of the caller's context. A copy is
/// made for each loop iteration, so leaving a loop restores the names it shadowed.
struct TemplateScope: Sendable {
    var context: Value
    var locals: [String: Value] = [:]

    /// A missing name is null, not an error: templates reference optional parameters.
    func value(named name: String) -> Value {
        locals[name] ?? context[name] ?? .null
    }
}
