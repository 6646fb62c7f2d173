import CairnCatalog
import Foundation

/// Reads `--values FILE`: one YAML mapping of parameter names to values (JSON is YAML). Values
/// of known fields are type-checked here, where the line is still known; rules are left to
/// `validate`. Errors name the file, line and key, never the value (it may be a secret).
enum ParameterValuesFile {
    /// A values file holds a handful of parameters; anything this large is a mistake.
    static let maxBytes = 4 << 20

    static func read(_ path: String, form: TemplateForm) throws(FormError) -> [(key: String, value: Value)] {
        let shown = ParameterText.printable(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FormError("\(shown): error: no such values file")
        }
        guard !isDirectory.boolValue else { throw FormError("\(shown): error: is a directory, not a values file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes {
            throw FormError("\(shown): error: values file is larger than \(maxBytes >> 20) MB; it should hold a few parameters")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormError("\(shown): error: cannot read the values file; check its permissions")
        }
        return try parse(Array(data), file: shown, form: form)
    }

    static func parse(_ bytes: [UInt8], file: String, form: TemplateForm) throws(FormError) -> [(key: String, value: Value)] {
        func failure(_ line: Int, _ column: Int, _ message: String) -> FormError {
            FormError(ParameterText.printable("\(file):\(line):\(column): error: \(message)"))
        }
        let stream = YAMLParser.parse(bytes)
        if let syntax = stream.syntaxError { throw failure(syntax.line, syntax.column, syntax.message) }
        if stream.documents.count > 1 {
            let second = stream.documents[1]
            throw failure(second.line, second.column, "more than one document; put every value in one mapping")
        }
        guard let document = stream.documents.first else { return [] }
        if let issue = document.issues.first { throw failure(issue.line, issue.column, issue.message) }
        guard let root = document.root else { return [] }
        guard case .mapping(let pairs) = root.content else {
            if case .scalar(_, .null) = root.content { return [] }
            throw failure(root.line, root.column, "a values file must be a mapping of parameter names to values, not \(root.value.typeName)")
        }
        var result: [(key: String, value: Value)] = []
        for pair in pairs {
            let key = pair.keyText
            var value = pair.value.value
            if let field = form.field(key), value != .null {
                switch ParameterTypes.conform(value, to: field.kind) {
                case .typed(let typed): value = typed
                case .mismatch(let reason): throw failure(pair.value.line, pair.value.column, "\(key) \(reason)")
                }
            }
            result.append((key: key, value: value))
        }
        return result
    }
}
