import CairnCatalog
import Foundation

/// What a run reports while it goes: each step's start and end and its log lines.
public enum ScaffoldEvent: Sendable, Equatable {
    case stepStarted(id: String, name: String, action: String)
    case log(step: String, line: String)
    case stepSkipped(id: String, reason: String)
    case stepFinished(id: String)
}

/// How a run ended well.
public struct ScaffoldResult: Sendable {
    public struct Link: Sendable, Equatable {
        public var title: String
        public var url: String?
        public var entityRef: String?
    }

    /// Files written to the work area (in a dry run: that would be), relative paths, sorted.
    public var files: [(path: String, bytes: Int)]
    /// The rendered catalog-info.yaml, when the template has one at its root.
    public var catalogInfo: String?
    public var remoteURL: String?
    public var commitHash: String?
    public var entityRef: String?
    public var registeredLocation: String?
    public var links: [Link]
    public var text: [String]
    /// Actions cairn cannot run here (reported by a dry run; a real run refuses them first).
    public var unavailable: [String]
    /// Where the files are when no step published them (nil after publish, and in a dry run).
    public var outputDirectory: String?
}

/// Why a run failed: the step and the reason. The work area is always removed.
public struct ScaffoldFailure: Error, Sendable, CustomStringConvertible {
    public var stepID: String?
    public var message: String
    /// Set when the failure came after a push: that repository exists.
    public var pushedTo: String?
    public var description: String { stepID.map { "step \($0): \(message)" } ?? message }

    public init(stepID: String?, message: String, pushedTo: String? = nil) {
        self.stepID = stepID
        self.message = message
        self.pushedTo = pushedTo
    }

    /// What was left behind, for the end of an error line.
    public var aftermath: String {
        pushedTo.map { "the repository was already pushed to \($0); the work area was removed" } ?? "nothing was left behind"
    }
}

/// Runs a template's steps in a temporary work area: fetch:template, fetch:plain, publish:git,
/// catalog:register and debug:log. Step inputs are rendered with `${{ }}` expressions over
/// `parameters`, `user` and earlier `steps`. A failure removes the work area; nothing is
/// pushed until every earlier step has worked.
public struct ScaffoldRunner: Sendable {
    public static let supportedActions: Set<String> = ["fetch:template", "fetch:plain", "publish:git", "catalog:register", "debug:log"]

    public var template: Entity
    public var values: [String: Value]
    public var user: String
    public var isDryRun: Bool
    /// Where work areas are made (a temporary folder under it per run).
    public var workRoot: String
    /// Where a registered repository is checked out so the catalog can read it.
    public var checkoutRoot: String
    /// Where the files go when the template publishes nothing (nil: they stay in the work area).
    public var targetDirectory: String?
    /// Values of secret fields: replaced by *** in every log line, message and output shown.
    public var secrets: [String] = []

    public init(template: Entity, values: [String: Value], user: String, isDryRun: Bool, workRoot: String, checkoutRoot: String,
                targetDirectory: String? = nil) {
        self.template = template
        self.values = values
        self.user = user
        self.isDryRun = isDryRun
        self.workRoot = workRoot
        self.checkoutRoot = checkoutRoot
        self.targetDirectory = targetDirectory
    }

    /// The steps of the template, each an object with id, name, action, input, if.
    var steps: [Value] { template.spec["steps"]?.arrayValue ?? [] }

    /// Actions the template uses that cairn cannot run, as "step id (action)".
    public var unavailableSteps: [String] {
        steps.compactMap { step in
            let action = step["action"]?.stringValue ?? ""
            return Self.supportedActions.contains(action) ? nil : "\(step["id"]?.stringValue ?? "?") (\(action.isEmpty ? "no action" : action))"
        }
    }

    /// Runs every step. `register` records a catalog file as a location and returns nothing
    /// of interest; it is called by catalog:register after the checkout exists.
    public func run(onEvent report: (ScaffoldEvent) -> Void = { _ in }, register: (String) throws -> Void = { _ in }) throws(ScaffoldFailure) -> ScaffoldResult {
        do {
            return try runSteps(onEvent: { report(redacted($0)) }, register: register)
        } catch {
            throw ScaffoldFailure(stepID: error.stepID, message: redact(error.message), pushedTo: error.pushedTo)
        }
    }

    /// Text with every secret value replaced by ***.
    public func redact(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    private func redacted(_ event: ScaffoldEvent) -> ScaffoldEvent {
        switch event {
        case .log(let step, let line): return .log(step: step, line: redact(line))
        case .stepSkipped(let id, let reason): return .stepSkipped(id: id, reason: redact(reason))
        default: return event
        }
    }

    private func runSteps(onEvent: (ScaffoldEvent) -> Void, register: (String) throws -> Void) throws(ScaffoldFailure) -> ScaffoldResult {
        let unavailable = unavailableSteps
        if !isDryRun, let first = unavailable.first {
            throw ScaffoldFailure(stepID: first.split(separator: " ").first.map(String.init),
                                  message: "cairn cannot run \(first) here (it runs \(Self.supportedActions.sorted().joined(separator: ", "))); nothing was done. Use publish:git with a remoteUrl, or --dry-run to see the rendered files")
        }
        if let targetDirectory {
            // Said before any step runs, not after: the target is for templates that publish nothing.
            if steps.contains(where: { $0["action"]?.stringValue == "publish:git" }) {
                throw ScaffoldFailure(stepID: nil, message: "this template publishes with git, so there is nothing to write to \(targetDirectory); leave out --output")
            }
            if FileManager.default.fileExists(atPath: targetDirectory) {
                throw ScaffoldFailure(stepID: nil, message: "\(targetDirectory) already exists; choose a new folder for --output")
            }
        }
        let workArea = workRoot + "/run-\(UUID().uuidString)"
        let workspace = workArea + "/workspace"
        do {
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        } catch {
            throw ScaffoldFailure(stepID: nil, message: "cannot make a work area in \(workRoot): \(error.localizedDescription)")
        }
        var keepWorkArea = false
        defer { if !keepWorkArea { try? FileManager.default.removeItem(atPath: workArea) } }

        var context = Value.object([
            Value.Member("parameters", .object(values.sorted { $0.key < $1.key }.map { Value.Member($0.key, $0.value) })),
            Value.Member("user", .object([Value.Member("entity", .object([Value.Member("metadata", .object([Value.Member("name", .string(user))]))])),
                                          Value.Member("ref", .string("user:default/\(user)"))])),
            Value.Member("steps", .object([])),
            Value.Member("templateInfo", .object([Value.Member("entityRef", .string(template.ref.description))])),
        ])
        var result = ScaffoldResult(files: [], catalogInfo: nil, remoteURL: nil, commitHash: nil, entityRef: nil, registeredLocation: nil,
                                    links: [], text: [], unavailable: unavailable, outputDirectory: nil)
        var written: [String: Int] = [:]
        var published = false
        var publishedBranch: String?
        for (position, step) in steps.enumerated() {
            let id = step["id"]?.stringValue ?? "step-\(position + 1)"
            let action = step["action"]?.stringValue ?? ""
            let name = step["name"]?.stringValue ?? action
            func fail(_ message: String) -> ScaffoldFailure {
                ScaffoldFailure(stepID: id, message: message, pushedTo: published ? result.remoteURL : nil)
            }
            if let condition = step["if"] {
                let decided: Value
                do { decided = try TemplateEngine.evaluateInput(condition, context: context) } catch { throw fail("its if does not evaluate: \(error)") }
                if !Self.isTruthy(decided) {
                    onEvent(.stepSkipped(id: id, reason: "if is false"))
                    continue
                }
            }
            onEvent(.stepStarted(id: id, name: name, action: action))
            let input: Value
            do { input = try TemplateEngine.evaluateInput(step["input"] ?? .object([]), context: context) } catch { throw fail("its input does not render: \(error)") }
            var output: [Value.Member] = []
            switch action {
            case "fetch:template", "fetch:plain":
                let files = try fetch(input, render: action == "fetch:template", workspace: workspace, context: context, fail: fail)
                for file in files { written[file.path] = file.bytes }
                onEvent(.log(step: id, line: "\(files.count) file\(files.count == 1 ? "" : "s") written"))
            case "debug:log":
                if let message = input["message"] { onEvent(.log(step: id, line: message.renderedText)) }
                if input["listWorkspace"].map(Self.isTruthy) == true {
                    for path in written.keys.sorted() { onEvent(.log(step: id, line: path)) }
                }
            case "publish:git":
                // Backstage's publish actions name a hosted repository with repoUrl
                // ("host?owner=o&repo=r"); publish:git pushes to a git URL, remoteUrl.
                let hosted = input["repoUrl"]?.stringValue
                guard let given = input["remoteUrl"]?.stringValue ?? (isDryRun ? hosted : nil), !given.isEmpty else {
                    throw fail("publish:git needs input remoteUrl (a git URL or a bare repository path)"
                               + (hosted.map { "; repoUrl \($0) names a hosted repository, which cairn cannot create" } ?? ""))
                }
                let branch = input["defaultBranch"]?.stringValue ?? "main"
                guard Self.isBranchName(branch) else { throw fail("defaultBranch \(branch.debugDescription) is not a branch name git accepts") }
                let remote = input["remoteUrl"]?.stringValue == nil ? given : Self.absoluteRemote(given)
                result.remoteURL = remote
                output.append(Value.Member("remoteUrl", .string(remote)))
                output.append(Value.Member("repoContentsUrl", .string(remote)))
                if isDryRun {
                    onEvent(.log(step: id, line: "dry run: would push branch \(branch) to \(remote)"))
                    output.append(Value.Member("commitHash", .string("(dry run)")))
                } else {
                    let source = try Self.inside(workspace, input["sourcePath"]?.stringValue, fail: fail)
                    let hash = try publish(source: source, remote: remote, branch: branch, input: input, onLog: { onEvent(.log(step: id, line: $0)) }, fail: fail)
                    result.commitHash = hash
                    output.append(Value.Member("commitHash", .string(hash)))
                    published = true
                    publishedBranch = branch
                }
            case "catalog:register":
                let infoPath = input["catalogInfoPath"]?.stringValue ?? "/catalog-info.yaml"
                let remote = input["repoContentsUrl"]?.stringValue ?? input["catalogInfoUrl"]?.stringValue ?? result.remoteURL
                let relative = infoPath.hasPrefix("/") ? String(infoPath.dropFirst()) : infoPath
                try rethrowing({ () throws(SkeletonCopier.Failure) in try SkeletonCopier.checkSafe(relative, from: "catalogInfoPath") }, fail)
                let entityRef = Self.entityRef(inCatalogFile: workspace + "/" + relative)
                if let entityRef { output.append(Value.Member("entityRef", .string(entityRef))) }
                result.entityRef = entityRef
                if isDryRun {
                    onEvent(.log(step: id, line: "dry run: would register \(infoPath) of \(remote ?? "the work area")"))
                } else {
                    guard let remote else { throw fail("catalog:register needs repoContentsUrl (or an earlier publish:git)") }
                    let checkout = checkoutRoot + "/" + Self.folderName(for: remote)
                    try? FileManager.default.removeItem(atPath: checkout)
                    do {
                        try FileManager.default.createDirectory(atPath: checkoutRoot, withIntermediateDirectories: true)
                        let branch = input["branch"]?.stringValue ?? publishedBranch
                        try Git(directory: checkoutRoot).run(["clone", "--quiet"] + (branch.map { ["--branch", $0] } ?? []) + ["--", remote, checkout])
                    } catch let failure as Git.Failure {
                        throw fail("cannot check out \(remote) to read its catalog file: \(failure)")
                    } catch {
                        throw fail("cannot make \(checkoutRoot): \(error.localizedDescription)")
                    }
                    let location = checkout + "/" + relative
                    guard FileManager.default.fileExists(atPath: location) else {
                        try? FileManager.default.removeItem(atPath: checkout)
                        throw fail("\(remote) has no \(infoPath)")
                    }
                    do {
                        try register(location)
                    } catch {
                        try? FileManager.default.removeItem(atPath: checkout)
                        throw fail("cannot register \(location): \(error)")
                    }
                    result.registeredLocation = location
                    onEvent(.log(step: id, line: "registered \(location)"))
                }
            default:
                if isDryRun {
                    onEvent(.log(step: id, line: "dry run: cairn cannot run \(action) here; a real run stops before any step"))
                } else {
                    throw fail("cairn cannot run \(action)")
                }
            }
            // Later steps read ${{ steps['id'].output.x }}.
            let steps = context["steps"] ?? .object([])
            context = context.setting("steps", to: steps.setting(id, to: .object([Value.Member("output", .object(output))])))
            onEvent(.stepFinished(id: id))
        }
        result.files = written.map { (path: $0.key, bytes: $0.value) }.sorted { $0.path < $1.path }
        result.catalogInfo = FileManager.default.contents(atPath: workspace + "/catalog-info.yaml").map { String(decoding: $0, as: UTF8.self) }
        if result.entityRef == nil { result.entityRef = Self.entityRef(inCatalogFile: workspace + "/catalog-info.yaml") }
        if let outputs = template.spec["output"] {
            let rendered = (try? TemplateEngine.evaluateInput(outputs, context: context)) ?? .object([])
            for link in rendered["links"]?.arrayValue ?? [] {
                result.links.append(ScaffoldResult.Link(title: link["title"]?.renderedText ?? "link", url: link["url"]?.stringValue,
                                                        entityRef: link["entityRef"]?.stringValue))
            }
            if let text = rendered["text"]?.arrayValue {
                result.text = text.compactMap { $0["content"]?.renderedText ?? $0.stringValue }
            } else if let text = rendered["text"] {
                result.text = [text.renderedText]
            }
        }
        result.text = result.text.map(redact)
        result.links = result.links.map { link in
            ScaffoldResult.Link(title: redact(link.title), url: link.url.map(redact), entityRef: link.entityRef)
        }
        result.catalogInfo = result.catalogInfo.map(redact)
        if !isDryRun, !published {
            if let targetDirectory {
                guard !FileManager.default.fileExists(atPath: targetDirectory) else {
                    throw ScaffoldFailure(stepID: nil, message: "\(targetDirectory) already exists; nothing was written there")
                }
                do {
                    try FileManager.default.createDirectory(atPath: (targetDirectory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try FileManager.default.moveItem(atPath: workspace, toPath: targetDirectory)
                } catch {
                    throw ScaffoldFailure(stepID: nil, message: "cannot move the result to \(targetDirectory): \(error.localizedDescription)")
                }
                result.outputDirectory = targetDirectory
            } else {
                keepWorkArea = true
                result.outputDirectory = workspace
            }
        }
        return result
    }

    private func fetch(_ input: Value, render: Bool, workspace: String, context: Value, fail: (String) -> ScaffoldFailure) throws(ScaffoldFailure) -> [SkeletonCopier.Written] {
        guard let url = input["url"]?.stringValue, !url.isEmpty else { throw fail("needs input url (a folder beside the template, e.g. ./skeleton)") }
        guard !url.contains("://"), !url.hasPrefix("/") else {
            throw fail("url \(url) is not a folder beside the template; cairn fetches skeletons from the template's own folder")
        }
        let templateFolder = (template.source.file as NSString).deletingLastPathComponent
        let folder = templateFolder.isEmpty ? "." : templateFolder
        let source = (folder as NSString).appendingPathComponent(url)
        // Both canonical (symlinks resolved) and compared by whole path parts: "service-x" is not inside "service".
        let resolvedFolder = SkeletonCopier.realPath(folder) ?? (folder as NSString).standardizingPath
        let resolvedSource = SkeletonCopier.realPath(source) ?? (source as NSString).standardizingPath
        guard resolvedSource == resolvedFolder || resolvedSource.hasPrefix(resolvedFolder + "/") else { throw fail("url \(url) leaves the template's folder") }
        let target = try Self.inside(workspace, input["targetPath"]?.stringValue, fail: fail)
        let cookiecutter = input["cookiecutterCompat"].map(Self.isTruthy) ?? false
        var values = input["values"] ?? .object([])
        if case .object = values {} else { values = .object([]) }
        var renderContext = context.setting("values", to: values)
        if cookiecutter { renderContext = renderContext.setting("cookiecutter", to: values) }
        let globs = (input["copyWithoutRender"]?.arrayValue ?? input["copyWithoutTemplating"]?.arrayValue ?? []).compactMap(\.stringValue)
        let copier = SkeletonCopier(source: source, destination: target, context: renderContext, render: render,
                                    syntax: cookiecutter ? .cookiecutter : .backstage, copyWithoutRender: globs)
        do {
            let files = try copier.copy()
            let prefix = String(target.dropFirst(workspace.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            return files.map { SkeletonCopier.Written(path: prefix.isEmpty ? $0.path : prefix + "/" + $0.path, bytes: $0.bytes) }
        } catch {
            throw fail(error.description)
        }
    }

    private func publish(source: String, remote: String, branch: String, input: Value, onLog: (String) -> Void,
                         fail: (String) -> ScaffoldFailure) throws(ScaffoldFailure) -> String {
        let git = Git(directory: source)
        let message = input["gitCommitMessage"]?.stringValue ?? "Initial commit from \(template.ref.name)"
        let author = input["gitAuthorName"]?.stringValue ?? user
        let email = input["gitAuthorEmail"]?.stringValue ?? "\(user)@cairn.invalid"
        do {
            try git.run(["init", "--quiet", "--initial-branch=\(branch)"])
            try git.run(["add", "--all"])
            try git.run(["-c", "user.name=\(author)", "-c", "user.email=\(email)", "-c", "commit.gpgsign=false",
                         "commit", "--quiet", "--no-verify", "-m", message])
            let hash = try git.run(["rev-parse", "HEAD"])
            try git.run(["remote", "add", "origin", "--", remote])
            try git.run(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"])
            onLog("pushed \(String(hash.prefix(12))) to \(remote) (\(branch))")
            return hash
        } catch {
            throw fail(error.description)
        }
    }

    /// A local remote written relative (`repos/x.git`) is relative to where cairn was started,
    /// not to the work area git runs in; URLs and `host:path` stay as written.
    static func absoluteRemote(_ remote: String) -> String {
        guard !remote.hasPrefix("/"), !remote.contains(":") else { return remote }
        return FileManager.default.currentDirectoryPath + "/" + remote
    }

    /// A branch name as `git check-ref-format --branch` would take it (the common rules).
    static func isBranchName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("-"), !name.hasPrefix("/"), !name.hasSuffix("/"), !name.hasSuffix("."), !name.hasSuffix(".lock"),
              !name.contains(".."), !name.contains("@{"), !name.contains("//"), name != "@" else { return false }
        return !name.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || "~^:?*[\\".unicodeScalars.contains($0) }
    }

    /// A path inside the work area (nil or empty: the work area itself).
    static func inside(_ workspace: String, _ relative: String?, fail: (String) -> ScaffoldFailure) throws(ScaffoldFailure) -> String {
        guard var relative, !relative.isEmpty, relative != "." && relative != "./" else { return workspace }
        if relative.hasPrefix("./") { relative.removeFirst(2) }
        try rethrowing({ () throws(SkeletonCopier.Failure) in try SkeletonCopier.checkSafe(relative, from: "targetPath") }, fail)
        return workspace + "/" + relative
    }

    /// "kind:namespace/name" of the first entity in a catalog file (nil when none can be read).
    static func entityRef(inCatalogFile path: String) -> String? {
        guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
        let parsed = FileParser.parse(Array(bytes), file: SourceFile(path: path, size: 0, modified: 0))
        return parsed.entities.first.map { $0.ref.description }
    }

    static func folderName(for remote: String) -> String {
        let last = remote.split(separator: "/").last.map(String.init) ?? "repository"
        let base = last.hasSuffix(".git") ? String(last.dropLast(4)) : last
        let safe = base.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "-" }
        return String(safe) + "-" + String(UUID().uuidString.prefix(8)).lowercased()
    }

    /// A step's `if` and flag inputs: the template engine's truthiness, except that a rendered
    /// "false" is false (Backstage reads it so) and a mapping always counts as given.
    static func isTruthy(_ value: Value) -> Bool {
        switch value {
        case .string("false"): return false
        case .object: return true
        default: return value.isTruthy
        }
    }
}

/// Runs `body`, turning a copier failure into the step's failure.
private func rethrowing<T>(_ body: () throws(SkeletonCopier.Failure) -> T, _ fail: (String) -> ScaffoldFailure) throws(ScaffoldFailure) -> T {
    do { return try body() } catch { throw fail(error.description) }
}
