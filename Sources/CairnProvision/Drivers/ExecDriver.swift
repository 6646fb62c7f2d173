import CairnCatalog
import Foundation

/// Runs a configured command: how Terraform/OpenTofu (`tofu apply` in the per-request
/// workspace), Docker Compose or a team's own script plug in. The request goes to its standard
/// input as JSON; its standard error streams into the job log; its standard output must be one
/// JSON object `{"outputs": {…}, "secrets": {…}, "handle": {…}}` (each part optional).
/// The same command is run with `"action": "deprovision"` to remove the resource, and again
/// with the same request when a job resumes — it must be idempotent per job.
///
/// Settings: `command` (a list, or a string split on spaces; a relative program path is read
/// from the resource type's folder), `timeout` (seconds, default 1800), `environment` (a mapping
/// added to cairn's own).
public struct ExecDriver: ProvisionDriver {
    public init() {}

    struct Command {
        var arguments: [String]
        var timeout: Double
        var environment: [String: String]
    }

    static func command(_ settings: Value) throws(ProvisionError) -> Command {
        var arguments: [String]
        switch settings["command"] {
        case .string(let text)?: arguments = text.split(separator: " ").map(String.init)
        case .array(let items)?: arguments = items.compactMap(\.stringValue)
        default: throw .usage("spec.settings.command is missing; give the program and its arguments as a list")
        }
        guard !arguments.isEmpty else { throw .usage("spec.settings.command is empty; give the program and its arguments as a list") }
        var timeout = 1800.0
        switch settings["timeout"] {
        case .int(let seconds)?: timeout = Double(seconds)
        case .double(let seconds)?: timeout = seconds
        default: break
        }
        var environment = ProcessInfo.processInfo.environment
        for member in settings["environment"]?.objectValue ?? [] {
            if let text = member.value.stringValue { environment[member.key] = text }
        }
        return Command(arguments: arguments, timeout: timeout, environment: environment)
    }

    public func plan(_ request: DriverRequest) throws(ProvisionError) -> DriverPlan {
        let command = try Self.command(request.settings)
        return DriverPlan(handle: .object([Value.Member("command", .array(command.arguments.map(Value.string))),
                                           Value.Member("workspace", .string(request.directory))]))
    }

    public func provision(_ request: DriverRequest, plan: DriverPlan, context: JobContext) throws(ProvisionError) -> DriverOutputs {
        let input: Value = .object([
            Value.Member("action", .string("provision")),
            Value.Member("job", .object([Value.Member("id", .int(Int(request.jobID))), Value.Member("key", .string(request.key))])),
            Value.Member("resource", .object([Value.Member("ref", .string(request.resourceRef)), Value.Member("name", .string(request.resourceName))])),
            Value.Member("type", .string(request.typeRef)),
            Value.Member("target", .object([Value.Member("ref", .string(request.targetRef)), Value.Member("name", .string(request.targetName)),
                                            Value.Member("owner", request.ownerRef.map(Value.string) ?? .null)])),
            Value.Member("parameters", request.parameters),
            Value.Member("workspace", .string(request.directory)),
        ])
        let reply = try run(request.settings, input: input, directory: request.directory, context: context)
        var outputs: [String: String] = [:], secrets: [String: String] = [:]
        for member in reply["secrets"]?.objectValue ?? [] { secrets[member.key] = JSONText.text(member.value) }
        context.addSecrets(secrets.values)
        for member in reply["outputs"]?.objectValue ?? [] { outputs[member.key] = JSONText.text(member.value) }
        // Keys become env-file lines and catalog annotations: nothing but plain names.
        for key in Array(outputs.keys) + Array(secrets.keys) where !EnvFile.isValidKey(key) {
            throw .failed("\(request.settings["command"]?.arrayValue?.first?.stringValue ?? "the command") printed an output named \"\(key.prefix(40).filter { !$0.isNewline })\"; output names must match [A-Z_][A-Z0-9_]*")
        }
        context.addSecrets(secrets.values)
        return DriverOutputs(outputs: outputs, secrets: secrets, handle: reply["handle"].flatMap { $0.objectValue == nil ? nil : $0 })
    }

    public func deprovision(_ request: DeprovisionRequest, context: JobContext) throws(ProvisionError) {
        let input: Value = .object([
            Value.Member("action", .string("deprovision")),
            Value.Member("job", .object([Value.Member("id", .int(Int(request.jobID)))])),
            Value.Member("resource", .object([Value.Member("ref", .string(request.resourceRef)), Value.Member("name", .string(request.resourceName))])),
            Value.Member("handle", request.handle),
            Value.Member("outputs", JSONText.object(request.outputs)),
            Value.Member("secrets", JSONText.object(request.secrets)),
            Value.Member("workspace", .string(request.directory)),
        ])
        try? FileManager.default.createDirectory(atPath: request.directory, withIntermediateDirectories: true)
        _ = try run(request.settings, input: input, directory: request.directory, context: context)
    }

    private func run(_ settings: Value, input: Value, directory: String, context: JobContext) throws(ProvisionError) -> Value {
        let command = try Self.command(settings)
        let program = command.arguments[0]
        context.log("running \(command.arguments.joined(separator: " "))")
        let result = try context.run(command.arguments, input: Array(JSONWriter.string(input).utf8), environment: command.environment,
                                     directory: directory, timeoutSeconds: command.timeout)
        guard result.isSuccess else {
            let last = result.errorTail.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            throw .failed("\(program) exited with status \(result.status)\(last.map { ": " + context.redacted($0) } ?? "")")
        }
        let text = String(decoding: result.standardOutput, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .object([]) }
        guard let reply = JSONText.parse(text), case .object = reply else {
            throw .failed("\(program) printed something other than one JSON object on standard output; print {\"outputs\": {…}} and send messages to standard error")
        }
        return reply
    }
}
