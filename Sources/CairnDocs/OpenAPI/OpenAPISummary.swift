import CairnCatalog

/// What an OpenAPI 3.0 or 3.1 document offers, as a reader of the API wants it: info, servers,
/// and operations grouped by tag with their parameters, bodies and responses as compact types.
///
/// Hand-written over `Value` rather than decoded with OpenAPIKit: real catalogs hold partial
/// and hand-edited specs that a strict Codable decoder rejects whole, and 3.0 and 3.1 differ
/// (nullable, type lists, boolean schemas) in ways one lenient reader handles on one code path.
/// Whatever does not fit is skipped and noted in `problems`; nothing here throws or traps.
/// Swagger 2.0 documents are read as far as they match (body parameters, response schemas).
public struct OpenAPISummary: Sendable, Equatable {
    public struct Info: Sendable, Equatable {
        public var title: String?
        public var version: String?
        public var description: String?
    }

    public struct Server: Sendable, Equatable {
        public var url: String
        public var description: String?
    }

    /// Operations under one tag (their first; "default" for untagged ones).
    public struct TagGroup: Sendable, Equatable {
        public var name: String
        public var description: String?
        public var operations: [Operation]
    }

    public struct Operation: Sendable, Equatable {
        /// Upper-case: `GET`.
        public var method: String
        public var path: String
        public var summary: String?
        public var description: String?
        public var operationId: String?
        public var tags: [String]
        public var isDeprecated: Bool
        /// Path-level parameters merged with the operation's (which win on the same name and `in`).
        public var parameters: [Parameter]
        public var requestBody: RequestBody?
        public var responses: [Response]
    }

    public struct Parameter: Sendable, Equatable {
        public var name: String
        /// `path`, `query`, `header` or `cookie` (Swagger 2: `formData`).
        public var location: String
        public var isRequired: Bool
        public var type: SchemaType
        public var description: String?
        public var isDeprecated: Bool
    }

    public struct RequestBody: Sendable, Equatable {
        public var description: String?
        public var isRequired: Bool
        public var content: [MediaType]
    }

    public struct Response: Sendable, Equatable {
        /// `200`, `4XX`, `default`.
        public var status: String
        public var description: String?
        public var content: [MediaType]
    }

    /// One content type of a body and its schema.
    public struct MediaType: Sendable, Equatable {
        public var contentType: String
        public var type: SchemaType?
        /// The object the detail view lists property by property (through refs and arrays),
        /// with its schema name when it has one.
        public var expandedName: String?
        public var properties: [SchemaProperty]
    }

    /// The document's `openapi` (or `swagger`) version.
    public var specVersion: String?
    /// A Swagger 2.0 document, read as far as it matches OpenAPI 3.
    public var isSwagger: Bool
    public var info: Info
    public var servers: [Server]
    public var groups: [TagGroup]
    /// What could not be read, one line each, for the user to fix in the spec.
    public var problems: [String]

    private let reader: SchemaReader

    /// Every operation, in group order.
    public var operations: [Operation] { groups.flatMap(\.operations) }

    /// Methods in the order OpenAPI lists them; a path item's other keys are not operations.
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    static let untaggedGroup = "default"

    public init(document: Value) {
        reader = SchemaReader(resolver: ReferenceResolver(document: document))
        info = Info()
        servers = []
        groups = []
        problems = []
        isSwagger = document["openapi"] == nil && document["swagger"] != nil
        guard case .object = document else {
            specVersion = nil
            problems.append("the definition is \(document.typeName), not an OpenAPI document (a mapping with openapi, info and paths)")
            return
        }
        specVersion = Self.scalarText(document["openapi"]) ?? Self.scalarText(document["swagger"])
        if specVersion == nil {
            problems.append("no openapi field; read as OpenAPI 3 anyway")
        }
        readInfo(document["info"])
        readServers(document["servers"])
        readPaths(document, declaredTags: Self.declaredTags(document["tags"]))
    }

    /// The properties of `components/schemas/<name>` (refs followed, `allOf` merged), one per
    /// line in the endpoint detail; nil when the document has no such schema.
    public func schemaLines(named name: String) -> [SchemaProperty]? {
        let escaped = name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        let reference = Value.object([.init("$ref", .string("#/components/schemas/" + escaped))])
        guard reader.resolver.resolved(reference) != nil else { return nil }
        return reader.properties(of: reference)
    }

    /// The compact type of `components/schemas/<name>`'s own body (`object{…}`, `array<Pet>`).
    public func schemaType(named name: String) -> SchemaType? {
        let escaped = name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        switch reader.resolver.resolve(.object([.init("$ref", .string("#/components/schemas/" + escaped))])) {
        case .value(let schema, _): return reader.type(of: schema)
        case .cycle(let ref): return .cycle(ref)
        case .unresolved: return nil
        }
    }

    /// The operation with this method and path, for the detail view.
    public func operation(method: String, path: String) -> Operation? {
        operations.first { $0.method == method.uppercased() && $0.path == path }
    }

    // MARK: Reading

    private mutating func readInfo(_ value: Value?) {
        guard let value else { problems.append("no info section"); return }
        guard case .object = value else { problems.append("info is \(value.typeName), not a mapping"); return }
        info = Info(title: Self.scalarText(value["title"]), version: Self.scalarText(value["version"]),
                    description: value["description"]?.stringValue)
    }

    private mutating func readServers(_ value: Value?) {
        guard let value else { return }
        guard let items = value.arrayValue else { problems.append("servers is \(value.typeName), not a list"); return }
        for item in items {
            guard let url = item["url"]?.stringValue else { problems.append("a server has no url; skipped"); continue }
            servers.append(Server(url: url, description: item["description"]?.stringValue))
        }
    }

    private static func declaredTags(_ value: Value?) -> [(name: String, description: String?)] {
        (value?.arrayValue ?? []).compactMap { tag in
            tag["name"]?.stringValue.map { ($0, tag["description"]?.stringValue) }
        }
    }

    private mutating func readPaths(_ document: Value, declaredTags: [(name: String, description: String?)]) {
        guard let paths = document["paths"] else { return } // 3.1 allows a webhooks-only document
        guard let members = paths.objectValue else {
            problems.append("paths is \(paths.typeName), not a mapping of path to operations; no operations read")
            return
        }
        let context = SwaggerContext(document)
        var byTag: [String: [Operation]] = [:]
        var appearance: [String] = []
        for member in members {
            let item: Value
            switch reader.resolver.resolve(member.value) {
            case .value(let resolved, _): item = resolved
            case .unresolved(let ref), .cycle(let ref):
                problems.append("path \(member.key): \(ref) does not resolve; skipped")
                continue
            }
            guard let itemMembers = item.objectValue else {
                problems.append("path \(member.key) is \(item.typeName), not a mapping; skipped")
                continue
            }
            let shared = parameters(item["parameters"], at: member.key)
            for entry in itemMembers where Self.methods.contains(entry.key.lowercased()) {
                guard case .object = entry.value else {
                    problems.append("\(entry.key.uppercased()) \(member.key) is \(entry.value.typeName), not a mapping; skipped")
                    continue
                }
                let operation = readOperation(entry.value, method: entry.key.uppercased(), path: member.key, shared: shared, context: context)
                let tag = operation.tags.first ?? Self.untaggedGroup
                if byTag[tag] == nil { appearance.append(tag) }
                byTag[tag, default: []].append(operation)
            }
        }
        let declared = declaredTags.map(\.name).filter { byTag[$0] != nil }
        var order: [String] = []
        for name in declared + appearance where !order.contains(name) { order.append(name) }
        groups = order.map { name in
            TagGroup(name: name, description: declaredTags.first { $0.name == name }?.description ?? nil, operations: byTag[name] ?? [])
        }
    }

    private mutating func readOperation(_ value: Value, method: String, path: String, shared: [Parameter], context: SwaggerContext) -> Operation {
        let place = "\(method) \(path)"
        var merged = shared
        for parameter in parameters(value["parameters"], at: place) {
            if let index = merged.firstIndex(where: { $0.name == parameter.name && $0.location == parameter.location }) {
                merged[index] = parameter
            } else {
                merged.append(parameter)
            }
        }
        var requestBody = readRequestBody(value["requestBody"], at: place)
        // Swagger 2: the body is a parameter.
        if requestBody == nil, let bodyIndex = merged.firstIndex(where: { $0.location == "body" }) {
            let raw = (value["parameters"]?.arrayValue ?? []).compactMap { reader.resolver.resolved($0) }.first { $0["in"]?.stringValue == "body" }
            let contentType = (value["consumes"]?.arrayValue?.first?.stringValue) ?? context.consumes
            requestBody = RequestBody(description: merged[bodyIndex].description, isRequired: merged[bodyIndex].isRequired,
                                      content: [mediaType(contentType, schema: raw?["schema"])])
            merged.remove(at: bodyIndex)
        }
        let tags = (value["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        return Operation(method: method, path: path, summary: value["summary"]?.stringValue, description: value["description"]?.stringValue,
                         operationId: value["operationId"]?.stringValue, tags: tags, isDeprecated: value["deprecated"] == .bool(true),
                         parameters: merged, requestBody: requestBody,
                         responses: readResponses(value["responses"], at: place, produces: value["produces"]?.arrayValue?.first?.stringValue ?? context.produces))
    }

    private mutating func parameters(_ value: Value?, at place: String) -> [Parameter] {
        guard let value else { return [] }
        guard let items = value.arrayValue else {
            problems.append("\(place): parameters is \(value.typeName), not a list; skipped")
            return []
        }
        return items.compactMap { item in
            let parameter: Value
            switch reader.resolver.resolve(item) {
            case .value(let resolved, _): parameter = resolved
            case .unresolved(let ref), .cycle(let ref):
                return Parameter(name: ReferenceResolver.lastToken(of: ref), location: "?", isRequired: false,
                                 type: .unresolved(ref), description: nil, isDeprecated: false)
            }
            guard let name = parameter["name"]?.stringValue, let location = parameter["in"]?.stringValue else {
                problems.append("\(place): a parameter has no name or in; skipped")
                return nil
            }
            return Parameter(name: name, location: location,
                             isRequired: parameter["required"] == .bool(true) || location == "path",
                             type: parameterType(parameter), description: parameter["description"]?.stringValue,
                             isDeprecated: parameter["deprecated"] == .bool(true))
        }
    }

    /// A parameter's type from its `schema`, else the first of its `content` schemas, else
    /// (Swagger 2) the type keywords on the parameter itself.
    private func parameterType(_ parameter: Value) -> SchemaType {
        if let schema = parameter["schema"] { return reader.type(of: schema) }
        if let first = parameter["content"]?.objectValue?.first, let schema = first.value["schema"] { return reader.type(of: schema) }
        if parameter["type"] != nil { return reader.type(of: parameter) }
        return .any
    }

    private mutating func readRequestBody(_ value: Value?, at place: String) -> RequestBody? {
        guard let value else { return nil }
        switch reader.resolver.resolve(value) {
        case .value(let body, _):
            return RequestBody(description: body["description"]?.stringValue, isRequired: body["required"] == .bool(true),
                               content: content(body["content"], at: place))
        case .unresolved(let ref), .cycle(let ref):
            return RequestBody(description: nil, isRequired: false, content: [MediaType(contentType: "", type: .unresolved(ref), expandedName: nil, properties: [])])
        }
    }

    private mutating func readResponses(_ value: Value?, at place: String, produces: String) -> [Response] {
        guard let value else { return [] }
        guard let members = value.objectValue else {
            problems.append("\(place): responses is \(value.typeName), not a mapping of status to response; skipped")
            return []
        }
        return members.map { member in
            switch reader.resolver.resolve(member.value) {
            case .value(let response, _):
                var content = content(response["content"], at: place)
                if content.isEmpty, let schema = response["schema"] { content = [mediaType(produces, schema: schema)] } // Swagger 2
                return Response(status: member.key, description: response["description"]?.stringValue, content: content)
            case .unresolved(let ref), .cycle(let ref):
                return Response(status: member.key, description: nil,
                                content: [MediaType(contentType: "", type: .unresolved(ref), expandedName: nil, properties: [])])
            }
        }
    }

    private mutating func content(_ value: Value?, at place: String) -> [MediaType] {
        guard let value else { return [] }
        guard let members = value.objectValue else {
            problems.append("\(place): content is \(value.typeName), not a mapping of content type to schema; skipped")
            return []
        }
        return members.map { mediaType($0.key, schema: $0.value["schema"]) }
    }

    private func mediaType(_ contentType: String, schema: Value?) -> MediaType {
        guard let schema else { return MediaType(contentType: contentType, type: nil, expandedName: nil, properties: []) }
        let expansion = reader.expansion(of: schema)
        return MediaType(contentType: contentType, type: reader.type(of: schema), expandedName: expansion?.name, properties: expansion?.properties ?? [])
    }

    /// A version or title may be written as a number (`version: 1.0`).
    private static func scalarText(_ value: Value?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .int, .double, .bool: return value.map { JSONWriter.string($0) }
        default: return nil
        }
    }

    /// Swagger 2's document-wide content types.
    private struct SwaggerContext {
        var consumes: String
        var produces: String
        init(_ document: Value) {
            consumes = document["consumes"]?.arrayValue?.first?.stringValue ?? "application/json"
            produces = document["produces"]?.arrayValue?.first?.stringValue ?? "application/json"
        }
    }
}
