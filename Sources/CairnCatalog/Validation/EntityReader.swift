/// Turns one YAML document into an `Entity`, applying Backstage's envelope, metadata and
/// per-kind rules. It never throws: every fault becomes a `Problem` on the entity, so an
/// invalid entity is kept (quarantined) and the rest of its file still loads.
public struct EntityReader {
    /// What happened to a document.
    public enum Outcome: Sendable {
        case entity(Entity)
        /// Not a catalog document (no apiVersion and no kind): skipped with a notice.
        case skipped(Problem)
    }

    let file: String
    private var problems: [Problem] = []
    private var references: [DeclaredReference] = []
    private var subject: String?

    public init(file: String) { self.file = file }

    public static func read(_ document: YAMLDocument, file: String) -> Outcome {
        var reader = EntityReader(file: file)
        return reader.read(document)
    }

    mutating func read(_ document: YAMLDocument) -> Outcome {
        guard let root = document.root else {
            // The document was dropped while parsing (alias bomb): quarantine it under the
            // name it had, as far as it was read.
            let partial = document.partialRoot
            let ref = EntityRef(kind: partial?["kind"]?.value.stringValue ?? "unknown",
                                namespace: partial?["metadata"]?["namespace"]?.value.stringValue ?? EntityRef.defaultNamespace,
                                name: partial?["metadata"]?["name"]?.value.stringValue ?? "document-at-line-\(document.line)")
            subject = ref.description
            for issue in document.issues { error(issue.line, issue.column, issue.message) }
            return .entity(Entity(ref: ref, apiVersion: "", kind: "Unknown", document: .object([]),
                                  source: SourceLocation(file: file, line: document.line, column: document.column), problems: problems))
        }
        guard root.isMapping, root["apiVersion"] != nil || root["kind"] != nil else {
            return .skipped(Problem(.notice, file: file, line: root.line, column: root.column,
                                    message: "skipped a document without apiVersion and kind (not a catalog entity)"))
        }
        let metadata = root["metadata"]
        let kindText = root["kind"]?.value.stringValue ?? "Unknown"
        let nameText = metadata?["name"]?.value.stringValue
        let namespaceText = metadata?["namespace"]?.value.stringValue ?? EntityRef.defaultNamespace
        let ref = EntityRef(kind: kindText.isEmpty ? "unknown" : kindText, namespace: namespaceText.isEmpty ? EntityRef.defaultNamespace : namespaceText,
                            name: (nameText?.isEmpty ?? true) ? "unnamed-at-line-\(root.line)" : nameText!)
        subject = ref.description
        for issue in document.issues { error(issue.line, issue.column, issue.message) }

        checkRoot(root)
        let apiVersion = checkAPIVersion(root)
        let kind = checkKind(root)
        var entity = Entity(ref: ref, apiVersion: apiVersion ?? "", kind: kind ?? kindText, document: root.value,
                            source: SourceLocation(file: file, line: root.line, column: root.column))
        if let metadata {
            readMetadata(metadata, into: &entity)
        } else {
            error(root, "metadata is missing; add metadata with at least a name")
        }
        let spec = root["spec"]
        if let spec, !spec.isMapping {
            error(spec, "spec must be a mapping, not \(spec.value.typeName)")
        } else if let apiVersion, let kind, let rules = KindRules.rules(kind: kind, apiVersion: apiVersion) {
            if let spec {
                readSpec(spec, rules: rules, kind: kind, into: &entity)
            } else {
                error(root, "spec is missing; \(Self.article(kind)) \(kind) needs \(rules.required.map { "spec.\($0.name)" }.joined(separator: ", "))")
            }
        }
        entity.problems = problems
        entity.declaredReferences = references
        return .entity(entity)
    }

    // MARK: Envelope

    private mutating func checkRoot(_ root: YAMLNode) {
        guard case .mapping(let pairs) = root.content else { return }
        for pair in pairs {
            switch pair.keyText {
            case "apiVersion", "kind", "metadata", "spec": continue
            case "relations", "status":
                error(pair.key, "\(pair.keyText) is computed by the catalog and must not be written in the file; remove it")
            default:
                error(pair.key, "unknown field \"\(pair.keyText)\" at the root; only apiVersion, kind, metadata and spec are allowed")
            }
        }
    }

    private mutating func checkAPIVersion(_ root: YAMLNode) -> String? {
        guard let node = root["apiVersion"] else {
            error(root, "apiVersion is missing; add one such as backstage.io/v1alpha1")
            return nil
        }
        guard let text = string(node, "apiVersion") else { return nil }
        guard NameRules.isValidAPIVersion(text) else {
            error(node, "apiVersion \"\(text)\" is not valid; write it as [group/]version, e.g. backstage.io/v1alpha1")
            return nil
        }
        return text
    }

    private mutating func checkKind(_ root: YAMLNode) -> String? {
        guard let node = root["kind"] else {
            error(root, "kind is missing; add one such as Component")
            return nil
        }
        guard let text = string(node, "kind") else { return nil }
        guard NameRules.isValidKind(text) else {
            error(node, "kind \"\(text)\" is not valid; it must be 1–63 letters and digits starting with a letter")
            return nil
        }
        return text
    }

    // MARK: Metadata

    private mutating func readMetadata(_ metadata: YAMLNode, into entity: inout Entity) {
        guard case .mapping(let pairs) = metadata.content else {
            error(metadata, "metadata must be a mapping, not \(metadata.value.typeName)")
            return
        }
        if metadata["name"] == nil { error(metadata, "metadata.name is missing; every entity needs a name") }
        for pair in pairs {
            let node = pair.value
            switch pair.keyText {
            case "name":
                if let name = string(node, "metadata.name"), !NameRules.isValidObjectName(name) {
                    error(node, "metadata.name \"\(name)\" must be 1–63 characters of [a-zA-Z0-9] separated by -, _ or .; rename it")
                }
            case "namespace":
                if let namespace = string(node, "metadata.namespace"), !NameRules.isValidNamespace(namespace) {
                    error(node, "metadata.namespace \"\(namespace)\" must be a DNS label (lowercase a-z, 0-9 and -, at most 63); rename it")
                }
            case "title":
                entity.title = string(node, "metadata.title")
            case "description":
                entity.summary = string(node, "metadata.description")
            case "labels":
                readKeyedStrings(node, field: "metadata.labels", isLabel: true)
            case "annotations":
                readKeyedStrings(node, field: "metadata.annotations", isLabel: false)
            case "tags":
                guard let items = list(node, "metadata.tags") else { break }
                for item in items {
                    guard let tag = string(item, "a tag in metadata.tags") else { continue }
                    if NameRules.isValidTag(tag) {
                        entity.tags.append(tag)
                    } else {
                        error(item, "tag \"\(tag)\" must be 1–63 characters of lowercase a-z, 0-9, :, + or # separated by -; fix the tag")
                    }
                }
            case "links":
                guard let items = list(node, "metadata.links") else { break }
                for item in items { readLink(item) }
            default:
                continue // Backstage allows further metadata fields (uid, etag, …).
            }
        }
    }

    private mutating func readKeyedStrings(_ node: YAMLNode, field: String, isLabel: Bool) {
        guard case .mapping(let pairs) = node.content else {
            error(node, "\(field) must be a mapping of keys to strings, not \(node.value.typeName)")
            return
        }
        let what = isLabel ? "label" : "annotation"
        for pair in pairs {
            if !NameRules.isValidKey(pair.keyText) {
                error(pair.key, "\(what) key \"\(pair.keyText)\" is not valid; write it as [dns-prefix/]name, e.g. example.com/team")
            }
            guard case .scalar(_, .string(let text)) = pair.value.content else {
                let hint = if case .scalar = pair.value.content { "quote the value" } else { "write it as a single string" }
                error(pair.value, "\(what) \"\(pair.keyText)\" must be a string, not \(pair.value.value.typeName); \(hint)")
                continue
            }
            if isLabel, !NameRules.isValidLabelValue(text) {
                error(pair.value, "label value \"\(text)\" must be empty or 1–63 characters of [a-zA-Z0-9] separated by -, _ or .")
            }
        }
    }

    private mutating func readLink(_ link: YAMLNode) {
        guard link.isMapping else {
            error(link, "each entry of metadata.links must be a mapping with a url, not \(link.value.typeName)")
            return
        }
        if let url = link["url"] {
            if let text = string(url, "links[].url"), !NameRules.isValidURL(text) {
                error(url, "link url \"\(text)\" is not a valid URL; write it with a scheme, e.g. https://…")
            }
        } else {
            error(link, "a link has no url; add url: https://…")
        }
        for key in ["title", "icon", "type"] {
            if let node = link[key] { _ = string(node, "links[].\(key)") }
        }
    }

    // MARK: Spec

    private mutating func readSpec(_ spec: YAMLNode, rules: KindRules, kind: String, into entity: inout Entity) {
        for field in rules.required where spec[field.name] == nil {
            let alternative = field.alternative.map { " or spec.\($0)" } ?? ""
            if let alternative = field.alternative, spec[alternative] != nil { continue }
            error(spec, "spec.\(field.name)\(alternative) is missing; \(Self.article(kind)) \(kind) needs it\(field.hint.map { " (\($0))" } ?? "")")
        }
        for field in rules.fields {
            guard let node = spec[field.name] else { continue }
            let path = "spec.\(field.name)"
            switch field.shape {
            case .string:
                // Backstage's placeholders ($text, $json, $yaml: a file read in its place) stand for a string.
                if case .object(let members) = node.value, members.count == 1, ["$text", "$json", "$yaml"].contains(members[0].key) {
                    if members[0].value.stringValue?.isEmpty ?? true { error(node, "\(path).\(members[0].key) must name a file, e.g. ./openapi.yaml") }
                    continue
                }
                guard let text = string(node, path) else { continue }
                if !NameRules.isNonBlank(text) { error(node, "\(path) must not be empty"); continue }
                switch field.name {
                case "type": entity.type = text
                case "lifecycle": entity.lifecycle = text
                default: break
                }
                if let relation = field.relation {
                    if let target = reference(text, node: node, field: path, defaultKind: field.defaultKind, namespace: entity.ref.namespace, type: relation) {
                        if field.name == "owner" { entity.owner = target }
                        if field.name == "system" { entity.system = target }
                    }
                }
            case .stringList:
                guard let items = list(node, path) else { continue }
                for item in items {
                    guard let text = string(item, "an entry of \(path)") else { continue }
                    if let relation = field.relation {
                        _ = reference(text, node: item, field: path, defaultKind: field.defaultKind, namespace: entity.ref.namespace, type: relation)
                    }
                }
            case .mapping:
                if !node.isMapping { error(node, "\(path) must be a mapping, not \(node.value.typeName)") }
            case .list:
                _ = list(node, path)
            case .mappingOrList:
                if case .scalar = node.content { error(node, "\(path) must be a mapping or a list, not \(node.value.typeName)") }
            case .oneOf(let allowed):
                if let text = string(node, path), !allowed.contains(text) {
                    error(node, "\(path) must be one of \(allowed.joined(separator: ", ")), not \"\(text)\"")
                }
            }
        }
    }

    private mutating func reference(_ text: String, node: YAMLNode, field: String, defaultKind: String?, namespace: String, type: RelationType) -> EntityRef? {
        do {
            let target = try EntityRef.parse(text, defaultKind: defaultKind, defaultNamespace: namespace)
            references.append(DeclaredReference(field: field, type: type, target: target, line: node.line, column: node.column))
            return target
        } catch {
            self.error(node, "\(field): \(error.message)")
            return nil
        }
    }

    // MARK: Helpers

    /// Of the kinds that have rules, only "API" takes "an" ("a User", "a Component").
    static func article(_ kind: String) -> String {
        kind == "API" ? "an" : "a"
    }

    private mutating func string(_ node: YAMLNode, _ field: String) -> String? {
        if case .scalar(_, .string(let text)) = node.content { return text }
        let hint = if case .scalar = node.content { "quote the value" } else { "write a single string" }
        error(node, "\(field) must be a string, not \(node.value.typeName); \(hint)")
        return nil
    }

    private mutating func list(_ node: YAMLNode, _ field: String) -> [YAMLNode]? {
        if case .sequence(let items) = node.content { return items }
        error(node, "\(field) must be a list, not \(node.value.typeName)")
        return nil
    }

    private mutating func error(_ node: YAMLNode, _ message: String) {
        error(node.line, node.column, message)
    }

    private mutating func error(_ line: Int, _ column: Int, _ message: String) {
        problems.append(Problem(.error, file: file, line: line, column: column, entityRef: subject, message: message))
    }
}
