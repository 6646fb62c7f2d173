import CairnCatalog
import Foundation

/// An entity in Backstage's catalog API shape, so tooling written for Backstage can read
/// cairn's output: the document with namespace filled in, `relations: [{type, targetRef}]`,
/// the managed-by-location annotations, and problems as `status.items`.
public enum EntityJSON {
    public static func value(_ entity: Entity) -> Value {
        var document = entity.document
        if case .object = document {} else { document = .object([]) }
        var metadata = document["metadata"] ?? .object([])
        if case .object = metadata {} else { metadata = .object([]) }
        if metadata["namespace"] == nil { metadata = metadata.setting("namespace", to: .string(entity.ref.namespace)) }
        var annotations = metadata["annotations"] ?? .object([])
        if case .object = annotations {
            let location = "file:" + absolute(entity.source.file)
            annotations = annotations
                .setting("backstage.io/managed-by-location", to: .string(location))
                .setting("backstage.io/managed-by-origin-location", to: .string(location))
                .setting("cairn.dev/source-location", to: .string(entity.source.description))
            metadata = metadata.setting("annotations", to: annotations)
        }
        document = document.setting("metadata", to: metadata)
        let relations = entity.relations.map { relation in
            Value.object([Value.Member("type", .string(relation.type.rawValue)), Value.Member("targetRef", .string(relation.target.description))])
        }
        document = document.setting("relations", to: .array(relations))
        if !entity.problems.isEmpty {
            let items = entity.problems.map { problem in
                Value.object([
                    Value.Member("type", .string("cairn.dev/validation")),
                    Value.Member("level", .string(problem.severity.rawValue)),
                    Value.Member("message", .string(problem.message)),
                    Value.Member("location", .string("\(problem.file):\(problem.line):\(problem.column)")),
                ])
            }
            document = document.setting("status", to: .object([Value.Member("items", .array(items))]))
        }
        return document
    }

    public static func value(_ problem: Problem) -> Value {
        var members = [
            Value.Member("severity", .string(problem.severity.rawValue)),
            Value.Member("file", .string(problem.file)),
            Value.Member("line", .int(problem.line)),
            Value.Member("column", .int(problem.column)),
        ]
        if let ref = problem.entityRef { members.append(Value.Member("entityRef", .string(ref))) }
        members.append(Value.Member("message", .string(problem.message)))
        return .object(members)
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
