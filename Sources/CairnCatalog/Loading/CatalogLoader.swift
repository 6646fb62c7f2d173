/// Finds catalog files under the user's locations, follows Location entities, and parses
/// what it finds in parallel. Each file is read once however many ways it is reached.
public struct CatalogLoader: Sendable {
    /// Folders never scanned: template skeletons hold placeholder files, not catalog entities.
    public static let skippedFolderNames: Set<String> = ["skeleton", "node_modules"]

    /// Folders holding sources' materialised files, in declared order (see
    /// `CatalogAssembler.assemble(_:sourceRoots:)`).
    public var sourceRoots: [String]

    public init(sourceRoots: [String] = []) {
        self.sourceRoots = sourceRoots
    }

    /// The files a set of locations reaches without following Location entities.
    public func discover(_ locations: [String]) throws(CatalogError) -> [SourceFile] {
        var seen = Set<String>()
        return try discover(locations, seen: &seen)
    }

    /// The files under `locations` not yet in `seen` (canonical paths), which it records.
    private func discover(_ locations: [String], seen: inout Set<String>) throws(CatalogError) -> [SourceFile] {
        var files: [SourceFile] = []
        for location in locations {
            guard let found = expand(location) else { throw .pathNotFound(location) }
            for item in found where seen.insert(item.key).inserted { files.append(item.file) }
        }
        return files
    }

    /// Loads, follows Locations and assembles: the cold path.
    public func load(_ locations: [String]) throws(CatalogError) -> Catalog {
        CatalogAssembler.assemble(try parseAll(locations), sourceRoots: sourceRoots)
    }

    /// Parses every file the locations reach, following Location targets until nothing new
    /// turns up. Files inside a template's skeleton folder are dropped.
    public func parseAll(_ locations: [String]) throws(CatalogError) -> [ParsedFile] {
        var seen = Set<String>()
        var pending = try discover(locations, seen: &seen)
        var parsed: [ParsedFile] = []
        while !pending.isEmpty {
            var batch = pending.parallelMap { FileParser.parse($0) }
            pending = []
            for fileIndex in batch.indices {
                for entityIndex in batch[fileIndex].entities.indices where batch[fileIndex].entities[entityIndex].ref.kind == "location" {
                    let (found, locationProblems) = follow(batch[fileIndex].entities[entityIndex])
                    batch[fileIndex].entities[entityIndex].problems += locationProblems
                    for item in found where seen.insert(item.key).inserted { pending.append(item.file) }
                }
            }
            parsed += batch
        }
        let skeletons = skeletonFolders(parsed)
        if !skeletons.isEmpty {
            parsed.removeAll { file in
                let canonical = FileSystem.canonical(file.file.path)
                return skeletons.contains { canonical.hasPrefix($0 + "/") }
            }
        }
        parsed.sort { $0.file.path < $1.file.path }
        return parsed
    }

    // MARK: Locations

    /// The files a Location entity points at, and the problems with its targets.
    private func follow(_ entity: Entity) -> ([Found], [Problem]) {
        guard !entity.isQuarantined else { return ([], []) }
        let spec = entity.spec
        let type = spec["type"]?.stringValue ?? "file"
        var targets: [String] = []
        if let target = spec["target"]?.stringValue { targets.append(target) }
        targets += (spec["targets"]?.arrayValue ?? []).compactMap(\.stringValue)
        let isOptional = spec["presence"]?.stringValue == "optional"
        let directory = FileSystem.directory(of: entity.source.file)
        var found: [Found] = []
        var problems: [Problem] = []
        for target in targets {
            guard type == "file" || type == "dir" else {
                problems.append(Problem(.warning, file: entity.source.file, line: entity.source.line, column: entity.source.column, entityRef: entity.ref.description,
                                        message: "location type \"\(type)\" is not read yet (only file locations are); target \(target) was skipped"))
                continue
            }
            let path = FileSystem.join(directory, target)
            if let files = expand(path) {
                found += files
            } else if !isOptional {
                problems.append(Problem(.error, file: entity.source.file, line: entity.source.line, column: entity.source.column, entityRef: entity.ref.description,
                                        message: "location target \(target) (\(path)) does not exist; fix the path or set presence: optional"))
            }
        }
        return (found, problems)
    }

    // MARK: Scanning

    /// A file found by a scan, with the canonical path that identifies it across locations.
    private struct Found {
        var file: SourceFile
        var key: String
    }

    /// A file, a directory (scanned recursively) or a glob in the last path component. Only
    /// the starting point is canonicalised (realpath per file is too slow for big trees).
    private func expand(_ path: String) -> [Found]? {
        if let status = FileSystem.status(path) {
            if status.isDirectory {
                var files: [Found] = []
                let canonical = FileSystem.canonical(path)
                var visited: Set<String> = [canonical]
                scan(path, canonical: canonical, visited: &visited, into: &files)
                return files
            }
            guard status.isRegularFile else { return nil }
            return [Found(file: SourceFile(path: path, size: status.size, modified: status.modified), key: FileSystem.canonical(path))]
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.contains("*") else { return nil }
        let directory = FileSystem.directory(of: path)
        guard FileSystem.status(directory)?.isDirectory == true else { return nil }
        let canonicalDirectory = FileSystem.canonical(directory)
        return FileSystem.entries(directory)
            .filter { Glob.matches(name, $0) }
            .compactMap { entry in
                SourceFile.stat(FileSystem.join(directory, entry)).map { Found(file: $0, key: canonicalDirectory + "/" + entry) }
            }
    }

    /// Walks a folder. Keys are built from the canonical root, except through a symbolic link,
    /// whose target is resolved; `visited` stops a link back to an ancestor from looping.
    private func scan(_ directory: String, canonical: String, visited: inout Set<String>, into files: inout [Found]) {
        for name in FileSystem.entries(directory) where !name.hasPrefix(".") {
            let path = directory == "." ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
            var key = canonical.hasSuffix("/") ? canonical + name : canonical + "/" + name
            guard let status = FileSystem.status(path) else { continue }
            if FileSystem.isSymbolicLink(path) { key = FileSystem.canonical(path) }
            if status.isDirectory {
                if !Self.skippedFolderNames.contains(name), visited.insert(key).inserted {
                    scan(path, canonical: key, visited: &visited, into: &files)
                }
            } else if status.isRegularFile, name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                files.append(Found(file: SourceFile(path: path, size: status.size, modified: status.modified), key: key))
            }
        }
    }

    /// Folders that Templates copy from (fetch:template / fetch:plain with a relative url).
    private func skeletonFolders(_ files: [ParsedFile]) -> [String] {
        var folders: [String] = []
        for file in files {
            for entity in file.entities where entity.ref.kind == "template" {
                for step in entity.spec["steps"]?.arrayValue ?? [] {
                    guard let action = step["action"]?.stringValue, action == "fetch:template" || action == "fetch:plain",
                          let url = step["input"]?["url"]?.stringValue, !url.contains("://") else { continue }
                    let folder = FileSystem.join(FileSystem.directory(of: entity.source.file), url)
                    folders.append(FileSystem.canonical(folder))
                }
            }
        }
        return folders
    }
}

/// Matches `*` and `?` wildcards in one path component.
enum Glob {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        matches(Array(pattern.utf8)[...], Array(name.utf8)[...])
    }

    private static func matches(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        if first == UInt8(ascii: "*") {
            var rest = name
            while true {
                if matches(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let character = name.first, first == UInt8(ascii: "?") || first == character else { return false }
        return matches(pattern.dropFirst(), name.dropFirst())
    }
}
