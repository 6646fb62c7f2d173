import CairnCatalog
import Foundation

/// One Markdown page of an entity's documentation, read from disk.
public struct DocsPageSource: Sendable, Equatable {
    /// The file, as a path a user can open (relative when the catalog path was).
    public var file: String
    /// The page's place in the docs (`index.md`, `guides/deploy.md`, `README.md`).
    public var name: String
    public var markdown: String
    /// When the file last changed.
    public var modified: Date?

    public init(file: String, name: String, markdown: String, modified: Date?) {
        self.file = file
        self.name = name
        self.markdown = markdown
        self.modified = modified
    }
}

/// Finds an entity's Markdown: `backstage.io/techdocs-ref: dir:PATH` (a folder relative to the
/// entity's catalog file: its mkdocs `docs_dir`, default `docs/`, else the folder's own `.md`
/// files), then `cairn.dev/readme: PATH`, then a README beside the catalog file. Only local
/// files are read (a `url:` ref is reported, never fetched); pages and sizes are capped.
public enum DocsLocator {
    public static let maxPages = 200
    public static let maxPageBytes = 1 << 20

    /// The pages, index first, and what could not be read (one line each).
    public static func pages(for entity: Entity) -> (pages: [DocsPageSource], problems: [String]) {
        let folder = (entity.source.file as NSString).deletingLastPathComponent
        var problems: [String] = []
        if let reference = entity.annotation("backstage.io/techdocs-ref"), !reference.isEmpty {
            if reference.hasPrefix("dir:") {
                let directory = join(folder, String(reference.dropFirst(4)))
                let found = techdocs(directory)
                if !found.isEmpty { return (found, problems) }
            } else {
                problems.append("\(entity.ref): backstage.io/techdocs-ref \"\(reference)\" is not a local dir: reference; cairn reads local docs only")
            }
        }
        if let readme = entity.annotation("cairn.dev/readme"), !readme.isEmpty {
            let path = join(folder, readme)
            if let page = read(path, name: (readme as NSString).lastPathComponent) { return ([page], problems) }
            problems.append("\(entity.ref): cairn.dev/readme \(readme) cannot be read (\(path))")
        }
        // A README beside the catalog file describes what the repository builds: not an API, a
        // team or a person defined in the same file.
        guard ["component", "system", "domain", "resource", "template"].contains(entity.ref.kind) else { return ([], problems) }
        for candidate in ["README.md", "readme.md", "Readme.md", "README.markdown"] {
            if let page = read(join(folder, candidate), name: candidate) { return ([page], problems) }
        }
        return ([], problems)
    }

    /// The Markdown of a techdocs folder: mkdocs.yml's `docs_dir` (default `docs`) when there
    /// is an mkdocs.yml, else the folder itself; `index.md` (or README.md) first, then by path.
    static func techdocs(_ directory: String) -> [DocsPageSource] {
        var docs = directory
        if let mkdocs = FileManager.default.contents(atPath: directory + "/mkdocs.yml") ?? FileManager.default.contents(atPath: directory + "/mkdocs.yaml") {
            let configured = YAMLParser.parse([UInt8](mkdocs)).documents.first?.root?.value["docs_dir"]?.stringValue
            docs = join(directory, configured ?? "docs")
        } else if FileManager.default.fileExists(atPath: directory + "/docs") {
            docs = directory + "/docs"
        }
        guard let walker = FileManager.default.enumerator(atPath: docs) else { return [] }
        var names: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasPrefix(".") || relative.contains("/.") || relative.contains("node_modules") { continue }
            if relative.lowercased().hasSuffix(".md") || relative.lowercased().hasSuffix(".markdown") { names.append(relative) }
            if names.count >= maxPages * 2 { break }
        }
        // A techdocs folder beside other services' catalog files (`dir:.` in a shared folder)
        // is not that entity's docs: only a README there counts, and it is found by the caller.
        if docs == directory && !FileManager.default.fileExists(atPath: directory + "/mkdocs.yml") {
            names = names.filter { !$0.contains("/") && !$0.lowercased().hasPrefix("readme") && $0.lowercased() == "index.md" }
        }
        func rank(_ name: String) -> Int {
            let lower = name.lowercased()
            return lower == "index.md" ? 0 : lower == "readme.md" ? 1 : 2
        }
        return names.sorted { (rank($0), $0) < (rank($1), $1) }.prefix(maxPages).compactMap { read(docs + "/" + $0, name: $0) }
    }

    static func read(_ path: String, name: String) -> DocsPageSource? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxPageBytes)) ?? Data()
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return DocsPageSource(file: path, name: name, markdown: String(decoding: data ?? Data(), as: UTF8.self),
                              modified: attributes?[.modificationDate] as? Date)
    }

    static func join(_ folder: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return (relative as NSString).standardizingPath }
        let base = folder.isEmpty ? "." : folder
        let joined = (base as NSString).appendingPathComponent(relative)
        if joined.hasPrefix("/") { return (joined as NSString).standardizingPath }
        // Relative paths keep the user's spelling, without `.` parts.
        let parts = joined.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
