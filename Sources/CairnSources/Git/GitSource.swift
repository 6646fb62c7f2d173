import Foundation

/// The `SourceFetcher` for `.git` sources: fetches the ref shallowly into a work repository
/// under `<state>/sources/.work/<name>/repo` and writes every catalog file at that commit (under
/// `path`, named `catalogFile`) into the context's folder, keeping their paths in the repository.
///
/// Settings: `url` (`file:///…`, an absolute path, `ssh://…`, `user@host:path`, `https://…`),
/// `ref` (branch, tag or commit; default the remote's HEAD), `path` (a folder or one file in the
/// repository; default all of it), `catalogFile` (`catalog-info.yaml` by default, or `*.yaml`).
///
/// Files are read from git's object store (`ls-tree`, `cat-file`): nothing is checked out, and a
/// symbolic link is followed only while it stays inside the repository. When the commit and the
/// settings are those of the memo, the last good tree is linked into the folder instead.
public struct GitSource: SourceFetcher {
    /// How long one git command may run before it is stopped with everything it started.
    public var timeout: TimeInterval
    /// More catalog files than this are not read (the first ones by path are, with a notice).
    public var maxCatalogFiles: Int
    /// A catalog file larger than this is skipped with a notice.
    public var maxFileBytes: Int

    public init(timeout: TimeInterval = 120, maxCatalogFiles: Int = 20_000, maxFileBytes: Int = 5 << 20) {
        self.timeout = timeout
        self.maxCatalogFiles = maxCatalogFiles
        self.maxFileBytes = maxFileBytes
    }

    public func fetch(_ context: SourceContext) throws(SourceError) -> SourceFetchResult {
        let settings = try Settings(context.definition)
        var run = Run(source: self, context: context, settings: settings)
        try run.prepareRepository()
        let commit = try run.fetchCommit()
        let memo = ["commit": commit, "ref": settings.ref ?? "HEAD", "path": settings.path, "catalogFile": settings.catalogFile]
        if memo.allSatisfy({ context.memo[$0.key] == $0.value }), let previous = context.previousFolder,
           FileManager.default.fileExists(atPath: previous) {
            try run.copyTree(from: previous)
            return SourceFetchResult(memo: memo)
        }
        try run.writeCatalogFiles(at: commit)
        return SourceFetchResult(memo: memo, notices: run.notices)
    }
}

extension GitSource {
    /// A `.git` source's settings, checked.
    struct Settings {
        var url: String
        var ref: String?
        /// Normalised, relative to the repository's root; empty for all of it.
        var path: String
        var catalogFile: String

        init(_ definition: SourceDefinition) throws(SourceError) {
            let origin = (definition.declaredAt.isEmpty ? "" : "\(definition.declaredAt): ") + "source \(definition.name)"
            guard definition.name.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
                throw SourceError("\(origin): the name must be lower-case letters, digits and -")
            }
            guard let url = definition["url"], !url.isEmpty else {
                throw SourceError("\(origin): a git source needs url: (file:///srv/catalog.git, ssh://host/org/repo.git or https://host/org/repo.git)")
            }
            if let problem = GitURL.problem(withRepository: url) {
                throw SourceError("\(origin): url \(GitURL.withoutCredentials(url)): \(problem)")
            }
            let ref = definition["ref"].flatMap { $0.isEmpty ? nil : $0 }
            if let ref, let problem = GitURL.problem(withRef: ref) { throw SourceError("\(origin): ref \(ref): \(problem)") }
            let parts = (definition["path"] ?? "").split(separator: "/").filter { $0 != "." }
            guard !parts.contains("..") else { throw SourceError("\(origin): path \(definition["path"] ?? ""): must stay inside the repository (no ..)") }
            let catalogFile = definition["catalogFile"].flatMap { $0.isEmpty ? nil : $0 } ?? "catalog-info.yaml"
            let isPattern = catalogFile.hasPrefix("*.") && !catalogFile.dropFirst().contains("*")
            guard !catalogFile.contains("/"), catalogFile != ".", catalogFile != "..", isPattern || !catalogFile.contains("*") else {
                throw SourceError("\(origin): catalogFile \(catalogFile): give a file name (catalog-info.yaml) or *.yaml for every YAML file")
            }
            self.url = url
            self.ref = ref
            self.path = parts.joined(separator: "/")
            self.catalogFile = catalogFile
        }

        /// Whether a file called `name` is a catalog file.
        func isCatalogFile(named name: Substring) -> Bool {
            catalogFile.hasPrefix("*.") ? name.hasSuffix(catalogFile.dropFirst()) && name.count > catalogFile.count - 1 : name == catalogFile
        }
    }

    /// One line of `git ls-tree -r -l -z`.
    struct TreeEntry {
        var mode: String
        var object: String
        var size: Int?
        var path: String

        var isRegularFile: Bool { mode == "100644" || mode == "100755" }
        var isSymbolicLink: Bool { mode == "120000" }
    }

    /// One refresh: the git commands and the files they yield.
    struct Run {
        let source: GitSource
        let context: SourceContext
        let settings: Settings
        var notices: [String] = []

        /// `<state>/sources/.work/<name>/repo`: a bare repository, fetched into, never checked out.
        var repository: String { "\(context.stateDirectory)/sources/.work/\(context.definition.name)/repo" }
        var shownURL: String { GitURL.withoutCredentials(settings.url) }
        var shownRef: String { settings.ref ?? "its HEAD" }
        var origin: String { "source \(context.definition.name)" }

        init(source: GitSource, context: SourceContext, settings: Settings) {
            self.source = source
            self.context = context
            self.settings = settings
        }

        /// Creates the work repository when missing and points `origin` at the URL.
        func prepareRepository() throws(SourceError) {
            let files = FileManager.default
            if !files.fileExists(atPath: "\(repository)/config") || !files.fileExists(atPath: "\(repository)/HEAD") {
                do {
                    if files.fileExists(atPath: repository) { try files.removeItem(atPath: repository) }
                    try files.createDirectory(atPath: repository, withIntermediateDirectories: true)
                } catch {
                    throw SourceError("\(origin): cannot create its work repository \(repository): \(error.localizedDescription)")
                }
                try require(git(["init", "--bare", "--quiet"], doing: "git init"), doing: "git init in \(repository)")
            }
            let current = try git(["config", "--get", "remote.origin.url"], doing: "git config")
            if !current.isSuccess {
                try require(git(["remote", "add", "origin", "--", settings.url], doing: "git remote add"), doing: "git remote add")
            } else if current.text != settings.url {
                try require(git(["remote", "set-url", "origin", "--", settings.url], doing: "git remote set-url"), doing: "git remote set-url")
            }
        }

        /// Fetches the ref with depth 1 and returns its commit. A commit the server will not
        /// send alone is found after fetching the whole history (with a notice).
        mutating func fetchCommit() throws(SourceError) -> String {
            let doing = "git fetch from \(shownURL)"
            // A detached gc or maintenance would outlive git and hold its pipes; a hook configured
            // for the user's own repositories has no business here.
            let fetchOptions = ["-c", "gc.autoDetach=false", "-c", "maintenance.autoDetach=false", "-c", "core.hooksPath=/dev/null",
                                "fetch", "--quiet", "--no-tags"]
            let fetched = try git(fetchOptions + ["--depth=1", "--", "origin", settings.ref ?? "HEAD"], doing: doing)
            if fetched.isSuccess {
                let commit = try git(["rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}"], doing: "git rev-parse")
                guard commit.isSuccess else { throw SourceError("\(origin): \(shownRef) in \(shownURL) is not a commit; check the ref: in the source or #REF") }
                return commit.text
            }
            let reason = fetched.reason
            let isRefMissing = reason.contains("couldn't find remote ref") || reason.contains("not our ref") || reason.contains("unadvertised object")
            guard isRefMissing else { throw failure(doing, fetched) }
            guard let ref = settings.ref else {
                throw SourceError("\(origin): the HEAD of \(shownURL) names no branch (an empty repository?); set ref: in the source or #REF")
            }
            guard ref.count >= 4, ref.count <= 64, ref.allSatisfy(\.isHexDigit) else { throw refNotFound(ref) }
            let isShallow = try git(["rev-parse", "--is-shallow-repository"], doing: "git rev-parse").text == "true"
            let everything = try git(fetchOptions + (isShallow ? ["--unshallow"] : []) + ["--", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"],
                                     doing: doing)
            try require(everything, doing: doing)
            let commit = try git(["rev-parse", "--verify", "--quiet", "\(ref)^{commit}"], doing: "git rev-parse")
            guard commit.isSuccess else { throw refNotFound(ref) }
            notices.append("\(shownURL) could not send commit \(ref) alone; fetched its whole history to find it")
            return commit.text
        }

        /// Writes the catalog files at `commit` into the folder, with notices for what was skipped.
        mutating func writeCatalogFiles(at commit: String) throws(SourceError) {
            let entries = try treeEntries(at: commit)
            var candidates = try catalogEntries(in: entries, commit: commit)
            var unsafe: [String] = []
            candidates.removeAll { entry in
                let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
                let isUnsafe = parts.contains { $0.isEmpty || $0 == "." || $0 == ".." } || entry.path.contains("\n")
                if isUnsafe { unsafe.append(entry.path) }
                return isUnsafe
            }
            notice(unsafe, "a file whose name cannot be written safely", "files whose names cannot be written safely")
            if candidates.count > source.maxCatalogFiles {
                notices.append("found \(candidates.count) catalog files in \(shownURL); read the first \(source.maxCatalogFiles) by path (narrow it with path:)")
                candidates = Array(candidates.prefix(source.maxCatalogFiles))
            }
            var files = try resolveSymbolicLinks(candidates, commit: commit)
            var tooLarge: [String] = []
            files.removeAll { file in
                let isTooLarge = (file.size ?? 0) > source.maxFileBytes
                if isTooLarge { tooLarge.append("\(file.path) (\(Self.sizeText(file.size ?? 0)))") }
                return isTooLarge
            }
            notice(tooLarge, "a file over the \(Self.sizeText(source.maxFileBytes)) limit", "files over the \(Self.sizeText(source.maxFileBytes)) limit")
            let contents = try readObjects(files)
            for file in files {
                guard let content = contents[file.object] else { continue }
                try write(content, to: file.path)
            }
            if candidates.isEmpty {
                let place = settings.path.isEmpty ? "" : " under \(settings.path)"
                notices.append("no \(settings.catalogFile) in \(shownURL) at \(shownRef)\(place)")
            }
        }

        /// Links (or copies) the last good tree into the folder: the commit has not changed.
        func copyTree(from previous: String) throws(SourceError) {
            let files = FileManager.default
            let relativePaths = files.enumerator(atPath: previous)?.compactMap { $0 as? String } ?? []
            do {
                for relative in relativePaths {
                    let from = "\(previous)/\(relative)", to = "\(context.folder)/\(relative)"
                    let type = try files.attributesOfItem(atPath: from)[.type] as? FileAttributeType
                    if type == .typeDirectory {
                        try files.createDirectory(atPath: to, withIntermediateDirectories: true)
                    } else if type == .typeRegular {
                        try files.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                        do { try files.linkItem(atPath: from, toPath: to) } catch { try files.copyItem(atPath: from, toPath: to) }
                    }
                }
            } catch {
                throw SourceError("\(origin): cannot copy its last good files into \(context.folder): \(error.localizedDescription)")
            }
        }

        // MARK: Reading the tree

        /// Every file under `path` at `commit` (all of the tree when no path is set).
        private func treeEntries(at commit: String) throws(SourceError) -> [TreeEntry] {
            let scope = settings.path.isEmpty ? [] : ["--", settings.path]
            let listing = try git(["--literal-pathspecs", "ls-tree", "-r", "-l", "-z", "--full-tree", commit] + scope,
                                  doing: "git ls-tree", maxOutputBytes: 512 << 20)
            try require(listing, doing: "git ls-tree")
            return listing.standardOutput.split(separator: 0).compactMap { record -> TreeEntry? in
                guard let tab = record.firstIndex(of: 9) else { return nil }
                let fields = record[..<tab].split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
                guard fields.count == 4 else { return nil }
                return TreeEntry(mode: fields[0], object: fields[2], size: Int(fields[3]), path: String(decoding: record[(tab + 1)...], as: UTF8.self))
            }
        }

        /// The catalog files among `entries`: those named like one, or the single file `path` names.
        private func catalogEntries(in entries: [TreeEntry], commit: String) throws(SourceError) -> [TreeEntry] {
            let path = settings.path
            let inScope = path.isEmpty ? entries : entries.filter { $0.path == path || $0.path.hasPrefix(path + "/") }
            if !path.isEmpty {
                guard !inScope.isEmpty else {
                    throw SourceError("\(origin): path \(path) is not in \(shownURL) at \(shownRef) (commit \(commit.prefix(12))); check path: in the source")
                }
                if let named = inScope.first(where: { $0.path == path }) {
                    guard named.isRegularFile || named.isSymbolicLink else {
                        throw SourceError("\(origin): path \(path) in \(shownURL) is a submodule; name a folder or file of this repository")
                    }
                    return [named]
                }
            }
            return inScope.filter { entry in
                (entry.isRegularFile || entry.isSymbolicLink) && settings.isCatalogFile(named: entry.path.split(separator: "/").last ?? "")
            }
        }

        /// Symbolic links replaced by the file they lead to inside the repository; those leading
        /// outside it (or nowhere) are skipped with a notice. Never followed on a file system.
        private mutating func resolveSymbolicLinks(_ entries: [TreeEntry], commit: String) throws(SourceError) -> [TreeEntry] {
            let links = entries.filter(\.isSymbolicLink)
            guard !links.isEmpty else { return entries }
            let input = links.map { "\(commit):\($0.path)\n" }.joined()
            let answer = try git(["cat-file", "--batch-check", "--follow-symlinks"], doing: "git cat-file", input: Array(input.utf8))
            try require(answer, doing: "git cat-file")
            var lines = BatchReader(answer.standardOutput)
            var resolved: [String: TreeEntry] = [:]
            var outside: [String] = [], nowhere: [String] = []
            for link in links {
                guard let header = lines.nextLine() else { break }
                let fields = header.split(separator: " ")
                if ["symlink", "dangling", "loop", "notdir"].contains(fields.first ?? ""), fields.count == 2, let size = Int(fields[1]) {
                    lines.skip(size + 1)
                    if fields[0] == "symlink" { outside.append(link.path) } else { nowhere.append(link.path) }
                } else if fields.count == 3, fields[1] == "blob", let size = Int(fields[2]) {
                    resolved[link.path] = TreeEntry(mode: "100644", object: String(fields[0]), size: size, path: link.path)
                } else {
                    nowhere.append(link.path)
                }
            }
            notice(outside, "a symbolic link that points outside the repository", "symbolic links that point outside the repository")
            notice(nowhere, "a symbolic link that leads to no file in the repository", "symbolic links that lead to no file in the repository")
            return entries.compactMap { $0.isSymbolicLink ? resolved[$0.path] : $0 }
        }

        /// The contents of the files' blobs, by object, read through `git cat-file --batch` in
        /// rounds of at most 64 MB.
        private func readObjects(_ files: [TreeEntry]) throws(SourceError) -> [String: [UInt8]] {
            var contents: [String: [UInt8]] = [:]
            var round: [String] = [], roundBytes = 0
            var seen = Set<String>()
            func flush() throws(SourceError) {
                guard !round.isEmpty else { return }
                let answer = try git(["cat-file", "--batch"], doing: "git cat-file", input: Array(round.map { "\($0)\n" }.joined().utf8),
                                     maxOutputBytes: roundBytes + round.count * 128 + 4096)
                try require(answer, doing: "git cat-file")
                var reader = BatchReader(answer.standardOutput)
                for object in round {
                    guard let header = reader.nextLine() else { break }
                    let fields = header.split(separator: " ")
                    guard fields.count == 3, let size = Int(fields[2]) else { continue }
                    contents[object] = reader.take(size)
                    reader.skip(1)
                }
                round.removeAll()
                roundBytes = 0
            }
            for file in files where seen.insert(file.object).inserted {
                if roundBytes + (file.size ?? 0) > 64 << 20 { try flush() }
                round.append(file.object)
                roundBytes += file.size ?? 0
            }
            try flush()
            return contents
        }

        /// Writes one file at its path in the repository, inside the folder (which holds only
        /// what this run created: no link can lead out of it).
        private func write(_ content: [UInt8], to path: String) throws(SourceError) {
            let target = "\(context.folder)/\(path)"
            do {
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(content).write(to: URL(fileURLWithPath: target), options: .withoutOverwriting)
            } catch {
                throw SourceError("\(origin): cannot write \(target): \(error.localizedDescription)")
            }
        }

        // MARK: Running git

        private func git(_ arguments: [String], doing: String, input: [UInt8] = [], maxOutputBytes: Int = 16 << 20) throws(SourceError) -> GitCommand.Output {
            guard !context.shouldStop() else { throw SourceError("\(origin): stopped, cairn is quitting") }
            let command = GitCommand(directory: repository, timeout: source.timeout,
                                     extraEnvironment: ["GIT_ALLOW_PROTOCOL": "file:ssh:https"], shouldStop: context.shouldStop)
            do {
                return try command.run(arguments, input: input, maxOutputBytes: maxOutputBytes)
            } catch {
                switch error {
                case .cannotStart(let reason): throw SourceError("\(origin): \(reason)")
                case .timedOut(let seconds): throw SourceError("\(origin): \(doing) did not finish within \(seconds) s; stopped it (is the host reachable?)")
                case .stopped: throw SourceError("\(origin): stopped, cairn is quitting")
                case .outputTooLarge(let bytes): throw SourceError("\(origin): \(doing) printed more than \(Self.sizeText(bytes)); stopped it (narrow it with path:)")
                }
            }
        }

        private func require(_ output: GitCommand.Output, doing: String) throws(SourceError) {
            if !output.isSuccess { throw failure(doing, output) }
        }

        private func failure(_ doing: String, _ output: GitCommand.Output) -> SourceError {
            SourceError("\(origin): \(doing) failed (exit \(output.status)): \(Self.withoutCredentials(output.reason, url: settings.url))")
        }

        private func refNotFound(_ ref: String) -> SourceError {
            SourceError("\(origin): ref \(ref) not found in \(shownURL); check the ref: in the source or #REF")
        }

        /// One notice for the paths skipped for one reason: "skipped 3 files over the 5 MB
        /// limit: a, b, c" (the first five named).
        private mutating func notice(_ paths: [String], _ one: String, _ many: String) {
            guard !paths.isEmpty else { return }
            let shown = paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
            notices.append("skipped \(paths.count == 1 ? one : "\(paths.count) \(many)"): \(shown)")
        }

        /// git's line with any `user:password@` in a URL dropped.
        static func withoutCredentials(_ line: String, url: String) -> String {
            let line = line.replacingOccurrences(of: url, with: GitURL.withoutCredentials(url))
            return line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
                guard word.contains("://"), word.contains("@") else { return String(word) }
                let quotes = CharacterSet(charactersIn: "'\"`")
                let bare = word.trimmingCharacters(in: quotes)
                guard let range = word.range(of: bare) else { return String(word) }
                return word.replacingCharacters(in: range, with: GitURL.withoutCredentials(bare))
            }.joined(separator: " ")
        }

        static func sizeText(_ bytes: Int) -> String {
            if bytes >= 1 << 20 { return String(format: "%.1f MB", Double(bytes) / Double(1 << 20)).replacingOccurrences(of: ".0 ", with: " ") }
            if bytes >= 1 << 10 { return "\(bytes >> 10) KB" }
            return "\(bytes) bytes"
        }
    }

    /// Reads `git cat-file --batch(-check)` answers: header lines and counted bytes.
    struct BatchReader {
        private let bytes: [UInt8]
        private var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func nextLine() -> String? {
            guard position < bytes.count else { return nil }
            let end = bytes[position...].firstIndex(of: 10) ?? bytes.count
            defer { position = min(end + 1, bytes.count) }
            return String(decoding: bytes[position..<end], as: UTF8.self)
        }

        mutating func take(_ count: Int) -> [UInt8] {
            let end = min(position + count, bytes.count)
            defer { position = end }
            return Array(bytes[position..<end])
        }

        mutating func skip(_ count: Int) { position = min(position + count, bytes.count) }
    }
}
