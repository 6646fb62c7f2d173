import CairnCatalog
import Foundation

/// Copies a skeleton folder into the work area, rendering file contents and the names of
/// files and folders. Nothing escapes the work area: a rendered name that is absolute or has
/// a `..` part, and a symlink that points outside the skeleton, are refused before anything is
/// written. A file or folder whose rendered name is empty is left out (Backstage's way to make
/// a file conditional).
struct SkeletonCopier {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What was (or, in a dry run, would be) written: paths relative to the work area.
    struct Written: Sendable, Equatable {
        var path: String
        var bytes: Int
    }

    let source: String
    let destination: String
    let context: Value
    let render: Bool
    let syntax: TemplateSyntax
    let copyWithoutRender: [String]

    /// Plans every file first (rendered path and content), checks them all, then writes.
    func copy() throws(Failure) -> [Written] {
        let plan = try plan()
        for (path, content, mode) in plan {
            let target = destination + "/" + path
            do {
                try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target, contents: content, attributes: [.posixPermissions: mode]) else {
                    throw Failure(description: "cannot write \(path) in the work area")
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(description: "cannot write \(path): \(error.localizedDescription)")
            }
        }
        return plan.map { Written(path: $0.0, bytes: $0.1.count) }
    }

    /// The files to write: (relative rendered path, content, permissions).
    func plan() throws(Failure) -> [(String, Data, Int)] {
        let root = (source as NSString).standardizingPath
        let resolvedRoot = Self.realPath(root) ?? root
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "the skeleton \(source) is not a folder")
        }
        var plan: [(String, Data, Int)] = []
        var seen: Set<String> = []
        func walk(_ relative: String, renderedPrefix: String) throws(Failure) {
            let folder = relative.isEmpty ? root : root + "/" + relative
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                throw Failure(description: "cannot read \(folder): \(error.localizedDescription)")
            }
            for name in names {
                let sourceRelative = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + sourceRelative
                let renderedName = try renderName(name, at: sourceRelative)
                if renderedName.isEmpty { continue }
                let renderedRelative = renderedPrefix.isEmpty ? renderedName : renderedPrefix + "/" + renderedName
                try Self.checkSafe(renderedRelative, from: sourceRelative)
                let attributes = try? FileManager.default.attributesOfItem(atPath: full)
                let type = attributes?[.type] as? FileAttributeType
                if type == .typeSymbolicLink {
                    // A link may point only inside the skeleton; its target is copied as a file.
                    // realpath(3): NSString.resolvingSymlinksInPath leaves ../ targets alone on Linux.
                    guard let resolved = Self.realPath(full), resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot + "/") else {
                        let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?"
                        throw Failure(description: "\(sourceRelative) is a symlink to \(destination), outside the skeleton or dangling; refusing to copy it")
                    }
                }
                var isFolder: ObjCBool = false
                FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
                if isFolder.boolValue {
                    if type == .typeSymbolicLink {
                        throw Failure(description: "\(sourceRelative) is a symlinked folder; copy its files into the skeleton instead")
                    }
                    try walk(sourceRelative, renderedPrefix: renderedRelative)
                    continue
                }
                guard seen.insert(renderedRelative).inserted else {
                    throw Failure(description: "two skeleton files render to the same path \(renderedRelative)")
                }
                guard let bytes = FileManager.default.contents(atPath: full) else {
                    throw Failure(description: "cannot read \(sourceRelative) in the skeleton")
                }
                let mode = ((attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0o644) & 0o777
                plan.append((renderedRelative, try renderContent(bytes, path: sourceRelative), mode))
            }
        }
        try walk("", renderedPrefix: "")
        return plan
    }

    private func renderName(_ name: String, at path: String) throws(Failure) -> String {
        guard render, TemplateEngine.containsTemplate(name, syntax: syntax) else { return name }
        do {
            return try TemplateEngine.render(name, context: context, syntax: syntax).trimmingCharacters(in: .whitespaces)
        } catch {
            throw Failure(description: "\(path): the name does not render: \(error)")
        }
    }

    private func renderContent(_ bytes: Data, path: String) throws(Failure) -> Data {
        // Binary files (a NUL byte in the first 8 KiB) and copyWithoutRender globs are copied as they are.
        guard render, !bytes.prefix(8_192).contains(0), !copyWithoutRender.contains(where: { Self.glob($0, matches: path) }) else { return bytes }
        let text = String(decoding: bytes, as: UTF8.self)
        guard TemplateEngine.containsTemplate(text, syntax: syntax) else { return bytes }
        do {
            return Data(try TemplateEngine.render(text, context: context, syntax: syntax).utf8)
        } catch {
            throw Failure(description: "\(path): \(error)")
        }
    }

    /// The canonical path (every symlink resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// A rendered relative path may not be absolute, go up, or hold control characters.
    static func checkSafe(_ path: String, from source: String) throws(Failure) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.hasPrefix("/") || parts.contains(where: { $0 == ".." }) || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Failure(description: "\(source) renders to \(path.debugDescription), which would leave the work area; refusing to write anything")
        }
    }

    /// Glob match with `*` (within a part), `**` (across parts) and `?`; patterns may start with `./`.
    static func glob(_ pattern: String, matches path: String) -> Bool {
        var pattern = pattern
        if pattern.hasPrefix("./") { pattern.removeFirst(2) }
        var regex = "^"
        var characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "*" {
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    regex += ".*"
                    index += 1
                    if index + 1 < characters.count, characters[index + 1] == "/" { index += 1; regex += "/?" }
                } else {
                    regex += "[^/]*"
                }
            } else if character == "?" {
                regex += "[^/]"
            } else {
                regex += NSRegularExpression.escapedPattern(for: String(character))
            }
            index += 1
        }
        characters = []
        regex += "$"
        return path.range(of: regex, options: .regularExpression) != nil
    }
}
