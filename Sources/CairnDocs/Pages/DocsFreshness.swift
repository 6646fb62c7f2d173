import CairnCatalog
import Foundation

/// A place where an entity's docs contradict its catalog entry.
public struct DocsContradiction: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
}

/// Docs are checked against the catalog, not trusted: a page that names the service's health
/// endpoint with another port or path, or a link host's URL with another port, contradicts
/// `cairn.dev/health-url` or the entity's links.
public enum DocsFreshness {
    /// Every contradiction in `pages`, in file and line order.
    public static func contradictions(_ entity: Entity, pages: [DocsPageSource]) -> [DocsContradiction] {
        var declared: [URLComponents] = []
        if let health = entity.annotation("cairn.dev/health-url"), let url = URLComponents(string: health), url.host != nil { declared.append(url) }
        let linkURLs = (entity.document["metadata"]?["links"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue }.compactMap(URLComponents.init(string:))
            .filter { $0.host != nil }
        guard !declared.isEmpty || !linkURLs.isEmpty else { return [] }
        let health = declared.first
        var found: [DocsContradiction] = []
        for page in pages {
            // Code blocks count: a `curl` example with the wrong port misleads as much as prose.
            for (index, line) in page.markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for mentioned in urls(in: String(line)) {
                    guard let host = mentioned.host else { continue }
                    if let health, sameHost(host, health.host), isHealthPath(mentioned.path) {
                        let mentionedPort = port(of: mentioned), declaredPort = port(of: health)
                        if mentionedPort != declaredPort {
                            found.append(DocsContradiction(file: page.file, line: index + 1,
                                message: "\(page.name) names the health endpoint on port \(mentionedPort.map(String.init) ?? "(default)"), but cairn.dev/health-url uses \(declaredPort.map(String.init) ?? "the default port"); update the doc or the annotation"))
                        } else if mentioned.path != health.path {
                            found.append(DocsContradiction(file: page.file, line: index + 1,
                                message: "\(page.name) names the health endpoint \(mentioned.path), but cairn.dev/health-url uses \(health.path); update the doc or the annotation"))
                        }
                        continue
                    }
                    for link in linkURLs where sameHost(host, link.host) && port(of: mentioned) != port(of: link) && !isLoopback(host) {
                        found.append(DocsContradiction(file: page.file, line: index + 1,
                            message: "\(page.name) names \(host) on port \(port(of: mentioned).map(String.init) ?? "(default)"), but the entity's link uses \(port(of: link).map(String.init) ?? "the default port"); update the doc or the link"))
                        break
                    }
                }
            }
        }
        return found
    }

    /// http(s) URLs in a line of text (Markdown link targets and bare URLs).
    static func urls(in line: String) -> [URLComponents] {
        var result: [URLComponents] = []
        var rest = Substring(line)
        while let start = rest.range(of: "http://") ?? rest.range(of: "https://") {
            let tail = rest[start.lowerBound...]
            let end = tail.firstIndex { $0 == " " || $0 == ")" || $0 == ">" || $0 == "\"" || $0 == "'" || $0 == "`" || $0 == "]" } ?? tail.endIndex
            var text = String(tail[..<end])
            while let last = text.last, ".,;:".contains(last) { text.removeLast() }
            if let url = URLComponents(string: text) { result.append(url) }
            rest = tail[end...]
        }
        return result
    }

    static func port(of url: URLComponents) -> Int? {
        url.port ?? (url.scheme == "https" ? 443 : url.scheme == "http" ? 80 : nil)
    }

    static func sameHost(_ a: String, _ b: String?) -> Bool {
        guard let b else { return false }
        let loopback: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]
        return a.lowercased() == b.lowercased() || (loopback.contains(a.lowercased()) && loopback.contains(b.lowercased()))
    }

    static func isLoopback(_ host: String) -> Bool { ["localhost", "127.0.0.1", "::1"].contains(host.lowercased()) }

    static func isHealthPath(_ path: String) -> Bool {
        let lower = path.lowercased()
        return ["health", "livez", "readyz", "status", "ping"].contains { lower.contains($0) }
    }
}
