import CairnCatalog

/// Which delimiter marks an interpolation. Backstage's scaffolder configures Nunjucks with
/// `${{ … }}` so that `{{ … }}` in skeleton files (Helm charts, GitHub workflows) is left alone;
/// cookiecutter-style skeletons use the classic `{{ … }}` and read the values as `cookiecutter`.
/// Both keep `{% … %}` for tags and `{# … #}` for comments.
public enum TemplateSyntax: Sendable {
    /// `${{ expr }}`.
    case backstage
    /// `{{ expr }}`, with `cookiecutter` in the context standing for `values`.
    case cookiecutter

    var variableStart: [Character] { self == .backstage ? ["$", "{", "{"] : ["{", "{"] }
    static let variableEnd: [Character] = ["}", "}"]
    static let tagStart: [Character] = ["{", "%"]
    static let tagEnd: [Character] = ["%", "}"]
    static let commentStart: [Character] = ["{", "#"]
    static let commentEnd: [Character] = ["#", "}"]

    /// The context as templates of this syntax see it.
    func context(from context: Value) -> Value {
        guard self == .cookiecutter, case .object = context, context["cookiecutter"] == nil else { return context }
        return context.setting("cookiecutter", to: context["values"] ?? .null)
    }
}
