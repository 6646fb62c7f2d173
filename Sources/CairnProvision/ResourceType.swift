import CairnCatalog
import Foundation

/// A kind of resource a team can ask for: a `cairn.dev/v1alpha1` ResourceType entity read into
/// what the job runner needs. Its parameters are a template-style form (read by CairnScaffold's
/// `TemplateForm` at the portal); here they are only passed through.
public struct ResourceType: Sendable {
    public var entity: Entity
    /// postgres, redis, s3 or exec.
    public var driver: String
    /// `spec.settings`: the driver's configuration (a server to use, a command to run…).
    public var settings: Value
    /// The output names the type promises (`REDIS_URL`…).
    public var outputs: [String]
    /// Target lifecycles that need an approval before the job runs.
    public var approvalLifecycles: [String]
    /// Who may approve, as written (`group:platform-team`).
    public var approvers: [String]
    /// The Resource entity's `spec.type` (database, cache, bucket…).
    public var resourceKind: String

    public static let drivers = ["postgres", "redis", "s3", "exec"]

    /// Reads a ResourceType entity; the error names the entity and the field to fix.
    public init(_ entity: Entity) throws(ProvisionError) {
        guard entity.ref.kind == "resourcetype" else {
            throw .usage("\(entity.ref) is a \(entity.kind), not a ResourceType")
        }
        let spec = entity.spec
        guard let driver = spec["driver"]?.stringValue, !driver.isEmpty else {
            throw .usage("\(entity.source.file):\(entity.source.line): \(entity.ref): spec.driver is missing; set it to one of \(Self.drivers.joined(separator: ", "))")
        }
        guard Self.drivers.contains(driver) else {
            throw .usage("\(entity.source.file):\(entity.source.line): \(entity.ref): spec.driver \"\(driver)\" is unknown; use one of \(Self.drivers.joined(separator: ", "))")
        }
        self.entity = entity
        self.driver = driver
        settings = spec["settings"] ?? .object([])
        if case .object = settings {} else if settings != .null {
            throw .usage("\(entity.source.file):\(entity.source.line): \(entity.ref): spec.settings must be a mapping, not \(settings.typeName)")
        }
        settings = Self.resolvingCommand(settings, folder: (entity.source.file as NSString).deletingLastPathComponent)
        outputs = spec["outputs"]?.arrayValue?.compactMap { $0.stringValue ?? $0["name"]?.stringValue } ?? []
        approvalLifecycles = spec["approval"]?["requiredFor"]?["lifecycle"]?.arrayValue?.compactMap(\.stringValue) ?? []
        approvers = spec["approval"]?["approvers"]?.arrayValue?.compactMap(\.stringValue) ?? []
        resourceKind = spec["resourceType"]?.stringValue ?? Self.defaultKind(driver)
    }

    /// The approvers as refs: kind Group and the type's own namespace unless written in full.
    public var approverRefs: [EntityRef] {
        approvers.compactMap { try? EntityRef.parse($0, defaultKind: "group", defaultNamespace: entity.ref.namespace) }
    }

    public var ref: EntityRef { entity.ref }
    public var name: String { entity.ref.name }
    public var title: String { entity.title ?? entity.name }

    /// Whether a request for `target` must wait for an approver.
    public func needsApproval(for target: Entity) -> Bool {
        guard let lifecycle = target.lifecycle else { return false }
        return approvalLifecycles.contains { $0.caseInsensitiveCompare(lifecycle) == .orderedSame }
    }

    /// An exec command's program given as a relative path (`drivers/make-it.sh`) is read from
    /// the resource type's folder, as Backstage reads a template's skeleton.
    static func resolvingCommand(_ settings: Value, folder: String) -> Value {
        // Absolute: the command runs in its workspace, not where cairn was started.
        let base = folder.hasPrefix("/") ? folder : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(folder)
        func resolved(_ program: String) -> String {
            guard program.contains("/"), !program.hasPrefix("/") else { return program }
            return ((base as NSString).appendingPathComponent(program) as NSString).standardizingPath
        }
        switch settings["command"] {
        case .array(let items)? where !items.isEmpty:
            guard let program = items[0].stringValue else { return settings }
            return settings.setting("command", to: .array([.string(resolved(program))] + items.dropFirst()))
        case .string(let text)?:
            let words = text.split(separator: " ").map(String.init)
            guard let program = words.first else { return settings }
            return settings.setting("command", to: .array(([resolved(program)] + words.dropFirst()).map(Value.string)))
        default:
            return settings
        }
    }

    static func defaultKind(_ driver: String) -> String {
        switch driver {
        case "postgres": return "database"
        case "redis": return "cache"
        case "s3": return "bucket"
        default: return "resource"
        }
    }
}
