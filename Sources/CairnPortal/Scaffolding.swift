import CairnAccess
import CairnCatalog
import CairnScaffold
import CairnSources
import CairnStore
import Foundation

/// The scaffold use cases: list templates, read a template's form, run it.
extension Portal {
    /// Valid Template entities, by title.
    public var templates: [Entity] {
        catalog.validEntities.filter { $0.ref.kind == "template" }
            .sorted { ($0.title ?? $0.ref.name).lowercased() < ($1.title ?? $1.ref.name).lowercased() }
    }

    /// The Template entity a user named (`go-service-template`, `template:go-service-template`).
    public func template(_ text: String) throws(PortalError) -> Entity {
        let found: Entity
        switch catalog.resolve(text.contains(":") ? text : "template:" + text) {
        case .found(let entity): found = entity
        case .notFound, .ambiguous:
            let names = templates.map(\.ref.name).joined(separator: ", ")
            throw .notFound("cairn: error: no template \(text) in the catalog; the templates are: \(names.isEmpty ? "(none)" : names)")
        }
        guard found.ref.kind == "template" else { throw .usage("cairn: error: \(found.ref) is not a Template") }
        guard !found.isQuarantined else {
            throw .usage("cairn: error: \(found.ref) is quarantined (\(found.problems.first?.message ?? "invalid")); run cairn validate and fix it")
        }
        return found
    }

    /// The form of a template's parameters.
    public func form(for template: Entity) throws(PortalError) -> TemplateForm {
        do {
            return try TemplateForm(template: template)
        } catch {
            throw .usage("cairn: error: \(template.ref): \(error.message)")
        }
    }

    /// Every violation of `values` against the template's form, one line each.
    public func violations(_ values: [String: Value], of template: Entity) throws(PortalError) -> [String] {
        try form(for: template).validate(values, catalog: catalog).map { "\(template.ref): \($0.description)" }
    }

    /// Validates the values, records the run, runs the steps, records how it ended. A dry run
    /// renders everything and writes, pushes and registers nothing. A real run needs the current
    /// identity to be in the team it names as owner (or a platform engineer) and is audited.
    public func scaffold(_ template: Entity, values: [String: Value], isDryRun: Bool, targetDirectory: String? = nil,
                         onEvent: (ScaffoldEvent) -> Void = { _ in }) throws(PortalError) -> ScaffoldResult {
        let form = try form(for: template)
        let violations = form.validate(values, catalog: catalog)
        guard violations.isEmpty else {
            throw .usage(violations.map { "cairn: error: \(template.ref): \($0.description)" }.joined(separator: "\n"))
        }
        // Secrets are never stored.
        let secrets = form.secretKeys
        let auditParameters = Self.auditText(values, secretKeys: secrets).merging(["template": template.ref.description]) { _, new in new }
        let team = owningTeam(of: form, values: values)
        if !isDryRun {
            try authorize(.scaffold, on: AccessTarget(ref: team, owner: team), auditTarget: team?.description ?? template.ref.description, parameters: auditParameters)
        }
        let user = identity.user?.name ?? identity.login
        let stored = Value.object(values.sorted { $0.key < $1.key }.map { Value.Member($0.key, secrets.contains($0.key) ? .string("(secret)") : $0.value) })
        let state = stateDirectory
        let record = ScaffoldRunRecord(startedAt: Date(), user: identity.actor, templateRef: template.ref.description,
                                       templateVersion: template.annotation("cairn.dev/template-version"),
                                       valuesJSON: JSONWriter.string(stored), isDryRun: isDryRun)
        let runID: Int64
        do {
            runID = try database.recordScaffoldStart(record)
        } catch {
            throw .internalError("cairn: error: cannot record the run in \(configuration.databasePath): \(error)")
        }
        var runner = ScaffoldRunner(template: template, values: values, user: user, isDryRun: isDryRun, workRoot: state + "/scaffold-work",
                                    checkoutRoot: state + "/repositories", targetDirectory: targetDirectory)
        runner.secrets = form.fields.filter(\.isSecret).compactMap { values[$0.key]?.stringValue }
        let database = self.database
        let result: ScaffoldResult
        var refusal: PortalError?
        do {
            result = try runner.run(onEvent: onEvent) { location in
                // What joins the catalog is checked as it was rendered, not as the form said.
                if let denied = registrationRefusal(location) {
                    refusal = denied
                    throw denied
                }
                // The new repository is kept current like any git source: registered, then
                // fetched now so its entity is in the catalog at once.
                let registered = try Self.registeredSource(for: location, checkoutRoot: state + "/repositories", template: template.ref.description)
                try database.registerSource(registered)
                let definition = Self.allSources(configuration, database).first { $0.name == registered.name }
                if let definition, let error = sourceRefresher.refresh(definition).state?.lastError {
                    throw SourceError(error)
                }
            }
        } catch {
            if let refusal {
                try? database.recordScaffoldEnd(id: runID, succeeded: false, failedStep: error.stepID, error: refusal.description, repositoryURL: nil, entityRef: nil)
                throw .permissionDenied(refusal.description + "; the repository was pushed but not registered")
            }
            try? database.recordScaffoldEnd(id: runID, succeeded: false, failedStep: error.stepID, error: error.message, repositoryURL: nil, entityRef: nil)
            var message = "cairn: error: \(template.ref): \(error.description); \(error.aftermath)"
            if !isDryRun {
                do {
                    try recordAudit("scaffold.run", target: team?.description ?? template.ref.description, parameters: auditParameters, result: .failed, detail: error.message)
                } catch let auditError {
                    message += " (\(auditError.description))"
                }
            }
            throw .failed(message)
        }
        try? database.recordScaffoldEnd(id: runID, succeeded: true, failedStep: nil, error: nil, repositoryURL: result.remoteURL,
                                        entityRef: result.entityRef)
        if !isDryRun {
            try recordAudit("scaffold.run", target: result.entityRef ?? team?.description ?? template.ref.description,
                            parameters: auditParameters.merging(["repository": Self.withoutCredentials(result.remoteURL ?? "")]) { first, _ in first }, result: .ok, detail: "")
        }
        return result
    }

    /// Why the catalog file a template run wants to register may not join the catalog: it holds
    /// a kind that decides access or shapes the catalog (User, Group, Location, Template,
    /// ResourceType, Domain), or an entity owned by a team the current identity may not create
    /// for. Nil when every entity passes. Denials are audited by `authorize`.
    func registrationRefusal(_ location: String) -> PortalError? {
        guard let data = FileManager.default.contents(atPath: location) else { return nil }
        let parsed = FileParser.parse([UInt8](data), file: SourceFile(path: location, size: Int64(data.count), modified: 0))
        for entity in parsed.entities {
            if ["user", "group", "location", "template", "resourcetype", "domain"].contains(entity.ref.kind) {
                return .permissionDenied("cairn: error: permission denied: \(location) would register \(entity.ref); a template run may register components, APIs, resources and systems only")
            }
            do {
                try authorize(.scaffold, on: AccessTarget(ref: entity.ref, owner: entity.owner ?? EntityRef(kind: "group", name: "none")),
                              auditTarget: entity.ref.description)
            } catch {
                return error
            }
        }
        return nil
    }

    /// The git source a template run registers: the pushed repository (its clone's origin and
    /// branch) and the catalog file's path inside it. Named `scaffold-<repository>`.
    static func registeredSource(for location: String, checkoutRoot: String, template: String) throws -> RegisteredSourceRecord {
        let inside = location.dropFirst(checkoutRoot.count + 1)
        guard location.hasPrefix(checkoutRoot + "/"), let folder = inside.split(separator: "/").first else {
            throw SourceError("cannot tell which repository \(location) belongs to")
        }
        let clone = checkoutRoot + "/" + folder
        func git(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", clone] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw SourceError("git \(arguments.joined(separator: " ")) failed in \(clone)") }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let url = try git(["remote", "get-url", "origin"])
        let branch = try git(["rev-parse", "--abbrev-ref", "HEAD"])
        let name = "scaffold-" + String(folder.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }).prefix(50)
        return RegisteredSourceRecord(name: name, url: url, ref: branch == "HEAD" ? nil : branch,
                                      path: String(inside.dropFirst(folder.count + 1)), registeredBy: template)
    }

    /// A repository URL fit for the audit log: `https://user:token@host/x` loses `user:token@`.
    static func withoutCredentials(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@"),
              !url[scheme.upperBound..<at].contains("/") else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }

    /// Recorded runs, newest first.
    public func scaffoldRuns(limit: Int = 100) -> [ScaffoldRunRecord] { (try? database.scaffoldRuns(limit: limit)) ?? [] }
}
