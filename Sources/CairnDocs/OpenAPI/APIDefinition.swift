import CairnCatalog
import Foundation

/// An API entity's `spec.definition`, read: the text and, for formats that are YAML or JSON,
/// the parsed document.
///
/// The definition is either the text itself or one of Backstage's placeholders — `$text`,
/// `$json`, `$yaml` (and `$openapi`/`$asyncapi`, read like `$yaml`) — naming a file relative
/// to the folder of the entity's catalog file. cairn reads only local files inside that
/// folder: no URLs, no absolute paths, no `..` or symlink out of it, nothing over 5 MB.
public struct APIDefinition: Sendable, Equatable {
    /// Where the text came from.
    public enum Origin: Sendable, Equatable {
        case inline
        /// The file a placeholder named, as reached from the catalog file's path.
        case file(String)
    }

    public var entity: EntityRef
    /// `spec.type`, lower-cased (`openapi`, `asyncapi`, `graphql`, `grpc`); empty when missing.
    public var type: String
    public var text: String
    /// The text parsed as YAML (JSON is YAML) for `openapi`, `asyncapi` and the `$json`/`$yaml`
    /// placeholders; nil for SDL and protobuf text, or an AsyncAPI text that does not parse.
    public var value: Value?
    public var origin: Origin

    public static let maxFileBytes = 5 << 20
    static let placeholders = ["$text", "$json", "$yaml", "$openapi", "$asyncapi"]

    public init(entity: EntityRef, type: String, text: String, value: Value?, origin: Origin) {
        self.entity = entity
        self.type = type
        self.text = text
        self.value = value
        self.origin = origin
    }

    /// Reads `entity`'s definition, following a placeholder to its file.
    public static func read(_ entity: Entity) throws(APIDefinitionError) -> APIDefinition {
        let type = (entity.spec["type"]?.stringValue ?? entity.type ?? "").lowercased()
        func failure(_ message: String, file: String? = nil) -> APIDefinitionError {
            let place = file ?? "\(entity.source.file):\(entity.source.line):\(entity.source.column)"
            return APIDefinitionError(message: "\(place): error: \(entity.ref.humanized): \(message)")
        }
        guard let definition = entity.spec["definition"] else {
            throw failure("spec.definition is missing; an API needs its definition, inline or as {$text: ./file}")
        }
        let text: String
        let origin: Origin
        var mustParse = type == "openapi"
        switch definition {
        case .string(let inline):
            text = inline
            origin = .inline
        case .object(let members) where members.count == 1 && placeholders.contains(members[0].key):
            let placeholder = members[0].key
            guard let target = members[0].value.stringValue, !target.isEmpty else {
                throw failure("spec.definition.\(placeholder) must be a file path, not \(members[0].value.typeName)")
            }
            let path = try resolve(target, placeholder: placeholder, entity: entity, failure: { failure($0) })
            text = try readFile(path, failure: { failure($0, file: path) })
            origin = .file(path)
            mustParse = mustParse || placeholder != "$text"
        case .object:
            // A definition written as a YAML mapping in the catalog file: already parsed.
            return APIDefinition(entity: entity.ref, type: type, text: JSONWriter.string(definition, pretty: true), value: definition, origin: .inline)
        default:
            throw failure("spec.definition must be text or a placeholder such as {$text: ./openapi.yaml}, not \(definition.typeName)")
        }

        guard mustParse || type == "asyncapi" else {
            return APIDefinition(entity: entity.ref, type: type, text: text, value: nil, origin: origin)
        }
        let stream = YAMLParser.parse(text)
        let value = stream.documents.first?.root?.value
        if mustParse {
            let place: String
            switch origin {
            case .file(let path): place = path
            case .inline: place = "\(entity.source.file):\(entity.source.line):\(entity.source.column)"
            }
            if let issue = stream.syntaxError ?? (value == nil ? stream.documents.first?.issues.first : nil) {
                let position = "line \(issue.line), column \(issue.column)"
                let subject = origin == .inline ? "spec.definition (\(position))" : "the definition (\(position))"
                throw APIDefinitionError(message: "\(place): error: \(entity.ref.humanized): \(subject) does not parse: \(issue.message)")
            }
            guard value != nil else {
                throw APIDefinitionError(message: "\(place): error: \(entity.ref.humanized): the definition is empty")
            }
        }
        return APIDefinition(entity: entity.ref, type: type, text: text, value: value, origin: origin)
    }

    /// The file a placeholder names, checked to be local and inside the catalog file's folder.
    private static func resolve(_ target: String, placeholder: String, entity: Entity,
                                failure: (String) -> APIDefinitionError) throws(APIDefinitionError) -> String {
        let shown = "spec.definition.\(placeholder) \(target.debugDescription)"
        if isURL(target) {
            throw failure("\(shown) is a URL; cairn reads only local files (put the definition beside the catalog file)")
        }
        guard !entity.source.file.isEmpty else {
            throw failure("\(shown) names a file, but the entity has no local catalog file to read it beside")
        }
        let folder = (entity.source.file as NSString).deletingLastPathComponent
        // Lexically first: an absolute path or one that climbs out is refused even if it exists.
        var depth = 0
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            if depth < 0 { break }
        }
        if target.hasPrefix("/") || target.hasPrefix("~") || depth < 0 {
            throw failure("\(shown) leaves the folder of the catalog file; cairn reads only files in that folder or below it")
        }
        let path = folder.isEmpty ? target : folder + "/" + target
        guard let real = realPath(path) else {
            throw failure("\(shown): no such file \(path)")
        }
        // Then for real: a symlink inside the folder may point anywhere.
        let root = realPath(folder.isEmpty ? "." : folder) ?? folder
        guard real.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw failure("\(shown) is a link to \(real), outside the folder of the catalog file; cairn reads only files in that folder or below it")
        }
        return path
    }

    private static func readFile(_ path: String, failure: (String) -> APIDefinitionError) throws(APIDefinitionError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw failure("is a folder, not a definition file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw failure("cannot read the definition file; check its permissions")
        }
        defer { try? handle.close() }
        // Read one byte past the cap rather than trust a size that can change under us.
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw failure("cannot read the definition file: \(error.localizedDescription)")
        }
        guard data.count <= maxFileBytes else {
            throw failure("the definition file is larger than \(maxFileBytes >> 20) MB; cairn does not read it")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// `https://…`, `git+ssh://…`, `file:…`: anything with a scheme.
    private static func isURL(_ target: String) -> Bool {
        if target.contains("://") { return true }
        guard let colon = target.firstIndex(of: ":") else { return false }
        let scheme = target[..<colon]
        return scheme.count > 1 && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// Why a definition could not be read, as one line: `file:line:col: error: api:x: what to do`.
public struct APIDefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
