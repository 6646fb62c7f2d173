import CairnCatalog
import CairnHealth
import CairnSources
import Foundation

/// Reads `sources:` from the config file: the systems of record cairn keeps the catalog
/// current from, in precedence order (the local `catalog:` first, then each source as listed).
///
/// ```yaml
/// sources:
///   - name: platform-catalog
///     type: git                      # git, github, gitlab or backstage
///     url: https://git.example.com/platform/catalog.git
///     ref: main
///     interval: 5m                   # default 5m
///   - name: northwind-github
///     type: github
///     organization: northwind
///     tokenEnv: GITHUB_TOKEN
/// ```
enum SourcesConfiguration {
    static func read(_ path: String) throws(PortalError) -> [SourceDefinition] {
        guard let data = FileManager.default.contents(atPath: path),
              let root = YAMLParser.parse([UInt8](data)).documents.first?.root, let node = root["sources"] else { return [] }
        func fail(_ at: YAMLNode, _ message: String) -> PortalError {
            .usage("\(path):\(at.line):\(at.column): error: \(message)")
        }
        guard case .sequence(let items) = node.content else {
            throw fail(node, "sources: must be a list of sources, each with name: and type: (git, github, gitlab, backstage)")
        }
        var definitions: [SourceDefinition] = []
        for item in items {
            guard case .mapping(let pairs) = item.content else { throw fail(item, "each source must be a mapping with name: and type:") }
            var settings: [String: String] = [:]
            var name: String?
            var kind: SourceKind?
            var interval: TimeInterval = 300
            for pair in pairs {
                guard case .scalar(let text, _) = pair.value.content else {
                    throw fail(pair.value, "\(pair.keyText): must be a single value")
                }
                switch pair.keyText {
                case "name":
                    guard Self.isValidName(text) else {
                        throw fail(pair.value, "source name \"\(text)\" must be lowercase letters, digits and -, at most 63 characters")
                    }
                    guard !definitions.contains(where: { $0.name == text }) else { throw fail(pair.value, "a source named \(text) is already declared") }
                    name = text
                case "type":
                    guard let known = SourceKind(rawValue: text) else {
                        throw fail(pair.value, "unknown source type \"\(text)\"; use one of \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    kind = known
                case "interval":
                    guard let seconds = HealthClassifier.seconds(text), seconds >= 10 else {
                        throw fail(pair.value, "interval: must be a duration of at least 10s, e.g. 30s, 5m, 1h")
                    }
                    interval = seconds
                default:
                    settings[pair.keyText] = text
                }
            }
            guard let name else { throw fail(item, "this source has no name:") }
            guard let kind else { throw fail(item, "source \(name) has no type: (git, github, gitlab or backstage)") }
            let required: [SourceKind: String] = [.git: "url", .github: "organization", .gitlab: "group", .backstage: "url"]
            if let key = required[kind], settings[key]?.isEmpty ?? true {
                throw fail(item, "source \(name) (\(kind.rawValue)) needs \(key):")
            }
            definitions.append(SourceDefinition(name: name, kind: kind, settings: settings, interval: interval, declaredAt: "\(path):\(item.line)"))
        }
        return definitions
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 63 && !name.hasPrefix("-") && !name.hasPrefix(".")
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
