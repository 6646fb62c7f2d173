import ArgumentParser
import CairnCatalog
import CairnPortal
import CairnScaffold
import Foundation

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "The golden-path templates in the catalog (Backstage scaffolder.backstage.io/v1beta3 Template entities)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let templates = portal.templates
        if json.isEnabled {
            Output.json(.array(templates.map { template in
                // One template with a bad schema does not hide the others.
                let form: TemplateForm
                do {
                    form = try portal.form(for: template)
                } catch {
                    return .object([Value.Member("entityRef", .string(template.ref.description)), Value.Member("parameters", .null),
                                    Value.Member("error", .string("\(error)"))])
                }
                return .object([
                    Value.Member("entityRef", .string(template.ref.description)),
                    Value.Member("title", template.title.map(Value.string) ?? .null),
                    Value.Member("description", template.summary.map(Value.string) ?? .null),
                    Value.Member("owner", template.owner.map { .string($0.description) } ?? .null),
                    Value.Member("type", template.type.map(Value.string) ?? .null),
                    Value.Member("version", template.annotation("cairn.dev/template-version").map(Value.string) ?? .null),
                    Value.Member("tags", .array(template.tags.map(Value.string))),
                    Value.Member("parameters", parametersJSON(form)),
                ])
            }))
            return
        }
        if templates.isEmpty {
            Output.error("cairn: no templates in the catalog; add scaffolder.backstage.io/v1beta3 Template entities")
            return
        }
        Output.table(header: ["TEMPLATE", "TITLE", "OWNER", "TAGS", "DESCRIPTION"], rows: templates.map { template in
            [Output.clean(template.ref.name), Output.clean(template.title ?? ""), Output.clean(template.owner?.name ?? "-"),
             Output.clean(template.tags.joined(separator: ",")), Output.clean(template.summary ?? "")]
        })
    }
}

/// A form's fields as `--json` lists them (templates and resource types alike).
func parametersJSON(_ form: TemplateForm) -> Value {
    .array(form.fields.map { field in
        .object([
            Value.Member("key", .string(field.key)),
            Value.Member("title", .string(field.title)),
            Value.Member("required", .bool(field.isRequired)),
            Value.Member("default", field.defaultValue ?? .null),
        ])
    })
}

struct ScaffoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaffold",
        abstract: "Create a project from a template: render, push to git, register in the catalog.",
        discussion: """
            Values come from the template's defaults, then --values FILE (YAML or JSON), then each --set key=value.
            They are validated as the portal's wizard validates them; every violation is listed (exit 2).
            --dry-run renders every file in a work area and prints the file tree and catalog-info.yaml; nothing is
            written, pushed or registered. Steps cairn cannot run here (publish:github, …) are reported as errors
            naming the step (exit 1) — a real run refuses them before doing anything. Every run is recorded.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The template, e.g. nodejs-api-template.") var template: String
    @Option(name: .customLong("set"), help: ArgumentHelp("A value: key=value (repeatable).", valueName: "key=value")) var sets: [String] = []
    @Option(help: ArgumentHelp("A YAML or JSON file of values.", valueName: "file")) var values: String?
    @Flag(help: "Render and show, write nothing.") var dryRun = false
    @Option(help: ArgumentHelp("Where the files go when the template publishes nothing.", valueName: "dir")) var output: String?
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let template = try portal.template(self.template)
        let form = try portal.form(for: template)
        let answers: [String: Value]
        do {
            answers = try form.values(defaults: true, file: values, sets: sets)
        } catch {
            throw PortalError.usage("cairn: error: \(error.message)")
        }
        let violations = try portal.violations(answers, of: template)
        if !violations.isEmpty {
            for line in violations { Output.error("cairn: error: " + line) }
            throw ExitCode(2)
        }
        let isJSON = json.isEnabled
        let result = try portal.scaffold(template, values: answers, isDryRun: dryRun,
                                         targetDirectory: output) { event in
            guard !isJSON else { return }
            switch event {
            case .stepStarted(let id, let name, let action): Output.line("▸ \(Output.clean(id)): \(Output.clean(name)) (\(action))")
            case .log(_, let line): Output.line("    \(Output.clean(line))")
            case .stepSkipped(let id, let reason): Output.line("  \(Output.clean(id)): skipped, \(reason)")
            case .stepFinished: break
            }
        }
        if isJSON {
            Output.json(.object([
                Value.Member("template", .string(template.ref.description)),
                Value.Member("dryRun", .bool(dryRun)),
                Value.Member("files", .array(result.files.map { .object([Value.Member("path", .string($0.path)), Value.Member("bytes", .int($0.bytes))]) })),
                Value.Member("catalogInfo", result.catalogInfo.map(Value.string) ?? .null),
                Value.Member("remoteUrl", result.remoteURL.map(Value.string) ?? .null),
                Value.Member("commitHash", result.commitHash.map(Value.string) ?? .null),
                Value.Member("entityRef", result.entityRef.map(Value.string) ?? .null),
                Value.Member("registeredLocation", result.registeredLocation.map(Value.string) ?? .null),
                Value.Member("outputDirectory", result.outputDirectory.map(Value.string) ?? .null),
                Value.Member("links", .array(result.links.map { link in
                    .object([Value.Member("title", .string(link.title)), Value.Member("url", link.url.map(Value.string) ?? .null),
                             Value.Member("entityRef", link.entityRef.map(Value.string) ?? .null)])
                })),
                Value.Member("unavailable", .array(result.unavailable.map(Value.string))),
            ]))
        } else {
            Output.line()
            Output.line(dryRun ? "Files (dry run, nothing written):" : "Files:")
            for line in Self.tree(result.files.map(\.path), ascii: !Output.isUnicode) { Output.line("  " + Output.clean(line)) }
            if dryRun, let info = result.catalogInfo {
                Output.line()
                Output.line("catalog-info.yaml:")
                for line in info.split(separator: "\n", omittingEmptySubsequences: false) { Output.line("  " + Output.clean(String(line))) }
            }
            if let remote = result.remoteURL, !dryRun { Output.line("Pushed \(result.commitHash.map { String($0.prefix(12)) } ?? "") to \(Output.clean(remote))") }
            if let entity = result.entityRef, result.registeredLocation != nil { Output.line("Registered \(Output.clean(entity)) in the catalog") }
            if let directory = result.outputDirectory { Output.line("Written to \(Output.clean(directory))") }
            for link in result.links { Output.line("\(Output.clean(link.title)): \(Output.clean(link.url ?? link.entityRef ?? ""))") }
            for text in result.text { Output.line(Output.clean(text)) }
        }
        for step in result.unavailable {
            Output.error("cairn: error: \(template.ref): step \(step) cannot run here; a real run would stop before any step")
        }
        if !result.unavailable.isEmpty { throw ExitCode(1) }
    }

    /// Paths as a tree: folders first-come, with ├── └── (ASCII |-- `--).
    static func tree(_ paths: [String], ascii: Bool) -> [String] {
        final class Node {
            var children: [String: Node] = [:]
            var order: [String] = []
            func child(_ name: String) -> Node {
                if let existing = children[name] { return existing }
                let node = Node()
                children[name] = node
                order.append(name)
                return node
            }
        }
        let root = Node()
        for path in paths {
            var node = root
            for part in path.split(separator: "/") { node = node.child(String(part)) }
        }
        var lines: [String] = []
        func walk(_ node: Node, prefix: String) {
            let names = node.order.sorted()
            for (index, name) in names.enumerated() {
                let isLast = index == names.count - 1
                let child = node.children[name]!
                lines.append(prefix + (isLast ? (ascii ? "`-- " : "└── ") : (ascii ? "|-- " : "├── ")) + name + (child.order.isEmpty ? "" : "/"))
                walk(child, prefix: prefix + (isLast ? "    " : (ascii ? "|   " : "│   ")))
            }
        }
        walk(root, prefix: "")
        return lines
    }
}
