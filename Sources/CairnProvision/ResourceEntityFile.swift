import CairnCatalog
import Foundation

/// The catalog file of a provisioned resource: a Backstage Resource entity owned by the
/// service's owner and a dependency of the service, which the portal reads as a registered
/// location. No outputs that are secret, and no secrets, ever go here.
enum ResourceEntityFile {
    struct Description {
        var name: String
        var namespace: String
        var title: String
        var summary: String
        var kind: String
        var ownerRef: String?
        var targetRef: String
        var systemRef: String?
        var typeRef: String
        var jobID: Int64
        var requester: String
        var outputs: [String: String]
    }

    static func text(_ entity: Description, at time: Date = Date()) -> String {
        func quoted(_ text: String) -> String {
            var result = ""
            JSONWriter.writeString(text, into: &result)
            return result
        }
        var lines = [
            "# Written by cairn when job \(entity.jobID) provisioned this resource; cairn deprovision removes it.",
            "apiVersion: backstage.io/v1alpha1",
            "kind: Resource",
            "metadata:",
            "  name: \(quoted(entity.name))",
            "  namespace: \(quoted(entity.namespace))",
            "  title: \(quoted(entity.title))",
            "  description: \(quoted(entity.summary))",
            "  annotations:",
            "    cairn.dev/resource-type: \(quoted(entity.typeRef))",
            "    cairn.dev/job: \(quoted(String(entity.jobID)))",
            "    cairn.dev/requested-by: \(quoted(entity.requester))",
            "    cairn.dev/provisioned-at: \(quoted(ISO8601DateFormatter().string(from: time)))",
        ]
        for key in entity.outputs.keys.sorted() {
            lines.append("    cairn.dev/output.\(key.lowercased()): \(quoted(entity.outputs[key]!))")
        }
        lines += ["spec:", "  type: \(quoted(entity.kind))"]
        if let owner = entity.ownerRef { lines.append("  owner: \(quoted(owner))") }
        if let system = entity.systemRef { lines.append("  system: \(quoted(system))") }
        lines += ["  dependencyOf:", "    - \(quoted(entity.targetRef))"]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// JSON text ⇄ values, for the JSON columns of job records.
public enum JSONText {
    public static func parse(_ text: String?) -> Value? {
        guard let text, !text.isEmpty else { return nil }
        return YAMLParser.parse(text).documents.first?.root?.value
    }

    public static func strings(_ text: String?) -> [String: String] {
        guard let members = parse(text)?.objectValue else { return [:] }
        var result: [String: String] = [:]
        for member in members {
            switch member.value {
            case .null, .array, .object: break
            default: result[member.key] = Self.text(member.value)
            }
        }
        return result
    }

    /// A value as the text an env file or a log line holds (structures as JSON, null as nothing).
    public static func text(_ value: Value) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return ""
        case .array, .object: return JSONWriter.string(value)
        }
    }

    public static func object(_ strings: [String: String]) -> Value {
        .object(strings.keys.sorted().map { Value.Member($0, .string(strings[$0]!)) })
    }

    public static func string(_ strings: [String: String]) -> String {
        JSONWriter.string(object(strings))
    }
}
