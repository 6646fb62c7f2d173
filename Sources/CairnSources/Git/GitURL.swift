import Foundation

/// A git catalog as typed on `--catalog`: `git+URL[#REF]`, where URL is `file:///…`,
/// `https://…` or `ssh://…` and REF a branch, tag or commit (`git+file:///srv/cat.git#main`,
/// `git+https://host/org/repo.git#v1.2`, `git+ssh://git@host/org/repo.git`).
public struct GitURL: Sendable, Equatable {
    /// The repository as git is given it (without `git+` and `#REF`).
    public var repository: String
    /// The ref after `#`; nil means the remote's HEAD.
    public var ref: String?

    /// Reads `git+URL[#REF]`; anything else is refused with a one-line message saying what to write.
    public init(parsing argument: String) throws(SourceError) {
        let example = "write git+URL[#REF], e.g. git+file:///srv/catalog.git#main, git+https://host/org/repo.git#v1.2 or git+ssh://git@host/org/repo.git"
        guard argument.hasPrefix("git+") else { throw SourceError("--catalog \(Self.quoted(argument)): not a git catalog; \(example)") }
        var repository = String(argument.dropFirst(4))
        var ref: String?
        if let hash = repository.firstIndex(of: "#") {
            ref = String(repository[repository.index(after: hash)...])
            repository = String(repository[..<hash])
        }
        let shown = Self.withoutCredentials(repository)
        guard let parts = Self.hierarchicalParts(of: repository), ["file", "https", "ssh"].contains(parts.scheme) else {
            let hint = repository.hasPrefix("http://") ? "plain http:// is not accepted, use https://" : example
            throw SourceError("--catalog git+\(Self.quoted(shown)): \(hint)")
        }
        if let problem = Self.problem(withRepository: repository) { throw SourceError("--catalog git+\(Self.quoted(shown)): \(problem)") }
        if let ref {
            guard !ref.isEmpty else { throw SourceError("--catalog git+\(Self.quoted(shown))#: the ref after # is empty; name a branch, tag or commit, or drop the #") }
            if let problem = Self.problem(withRef: ref) { throw SourceError("--catalog git+\(Self.quoted(shown))#\(Self.quoted(ref)): \(problem)") }
        }
        self.repository = repository
        self.ref = ref
    }

    /// `git-` and the repository's last path segment without `.git`, in `[a-z0-9-]`:
    /// `…/org/Platform_Catalog.git` → `git-platform-catalog`.
    public var defaultSourceName: String {
        let path = Self.hierarchicalParts(of: repository)?.path ?? repository
        var segment = path.split(separator: "/").last.map(String.init) ?? ""
        if segment.hasSuffix(".git") { segment.removeLast(4) }
        var name = ""
        for character in segment.lowercased().unicodeScalars {
            if ("a"..."z").contains(character) || ("0"..."9").contains(character) {
                name.unicodeScalars.append(character)
            } else if !name.isEmpty, !name.hasSuffix("-") {
                name += "-"
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        return "git-" + (name.isEmpty ? "catalog" : String(name.prefix(59)))
    }

    /// The settings of a `.git` source definition: `url`, and `ref` when one was given.
    public var settings: [String: String] {
        var settings = ["url": repository]
        if let ref { settings["ref"] = ref }
        return settings
    }

    /// The URL as it may be shown: user and password dropped from `https://user:token@host/…`,
    /// only the password from `ssh://user:secret@host/…` (the ssh user is not a secret).
    public static func withoutCredentials(_ url: String) -> String {
        guard let parts = hierarchicalParts(of: url), let at = parts.authority.lastIndex(of: "@") else { return url }
        let user = parts.authority[..<at]
        let host = parts.authority[parts.authority.index(after: at)...]
        let kept = parts.scheme == "ssh" ? user.split(separator: ":", maxSplits: 1).first.map { "\($0)@" } ?? "" : ""
        return "\(parts.scheme)://\(kept)\(host)\(parts.path)"
    }

    /// Why a repository (`url:` in the config) is not one cairn fetches, or nil: accepted are
    /// `file:///path`, an absolute path, `ssh://…`, `user@host:path` and `https://…`.
    static func problem(withRepository url: String) -> String? {
        let forms = "use file:///path, an absolute path, ssh://host/path, user@host:path or https://host/path"
        if url.isEmpty { return "the repository URL is empty; \(forms)" }
        if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }) {
            return "the repository URL contains spaces or control characters"
        }
        if url.hasPrefix("-") { return "a repository URL cannot start with -" }
        if url.hasPrefix("/") { return nil }
        if let parts = hierarchicalParts(of: url) {
            switch parts.scheme {
            case "file":
                return parts.authority.isEmpty && parts.path.count > 1 ? nil : "a file URL takes an absolute path and no host: file:///srv/catalog.git"
            case "https", "ssh":
                let host = parts.authority.split(separator: "@").last ?? ""
                if host.isEmpty || host.hasPrefix("-") { return "the URL names no host" }
                return parts.path.count > 1 ? nil : "the URL names no repository after the host"
            case "http":
                return "plain http:// is not accepted; use https://"
            default:
                return "\(parts.scheme):// is not a transport cairn fetches; \(forms)"
            }
        }
        // git's scp-like form: a colon before any slash, `git@host:org/repo.git`.
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/"), !url[..<colon].isEmpty,
           !url[url.index(after: colon)...].isEmpty, !url.contains("::") {
            return nil
        }
        return "not a repository URL cairn fetches (a relative path?); \(forms)"
    }

    /// Why a ref (`ref:` or `#REF`) cannot be a branch, tag or commit, or nil. Follows
    /// `git check-ref-format`, and refuses what git would read as an option or a refspec.
    static func problem(withRef ref: String) -> String? {
        if ref.isEmpty { return "the ref is empty" }
        if ref.hasPrefix("-") { return "a ref cannot start with -" }
        if ref.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }) {
            return "a ref cannot contain spaces or control characters"
        }
        if let bad = ref.first(where: { "~^:?*[\\".contains($0) }) { return "a ref cannot contain \(bad)" }
        if ref.contains("..") || ref.contains("@{") || ref.contains("//") || ref == "@" {
            return "a ref cannot contain .., @{ or //, nor be @"
        }
        if ref.hasPrefix("/") || ref.hasSuffix("/") || ref.hasSuffix(".") || ref.hasSuffix(".lock") {
            return "a ref cannot start or end with /, nor end with . or .lock"
        }
        if ref.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return "no part of a ref can start with ." }
        return nil
    }

    /// `scheme://authority/path`, or nil when the text has no `scheme://`.
    static func hierarchicalParts(of url: String) -> (scheme: String, authority: String, path: String)? {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = url[separator.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        return (scheme.lowercased(), String(rest[..<slash]), String(rest[slash...]))
    }

    /// Long or strange input shown in a message without flooding it.
    private static func quoted(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : Character($0) })
        return cleaned.count > 200 ? cleaned.prefix(200) + "…" : cleaned
    }
}
