import CairnAccess
import CairnCatalog
import CairnSources
import Foundation

/// Where the catalog and the database are: from flags, then the environment, then the config
/// file (`./cairn.yaml`, else `$XDG_CONFIG_HOME/cairn/config.yaml`).
public struct PortalConfiguration: Sendable {
    public var catalogLocations: [String]
    public var databasePath: String
    /// The config file that was read, if any.
    public var configFile: String?
    /// The terminal portal's theme from the config file (`theme:`), if set.
    public var theme: String?
    /// The access policy file (`policy:` in the config file, else
    /// `$XDG_CONFIG_HOME/cairn/policy.yaml` when it exists); nil → the default policy.
    public var policyFile: String?
    /// `--read-only`: look, change nothing.
    public var isReadOnly = false
    /// The OS account cairn acts for (`OSAccount.current`).
    public var osUser = OSAccount.current()
    /// The OS account really running cairn, and who sudo'ed to it (`root (sudo by alice)`):
    /// recorded in every audit record whoever cairn acts as.
    public var realAccount = OSAccount.real()
    /// The OIDC issuer and client `cairn login` signs in with (`sso:` in the config file).
    public var singleSignOn: SingleSignOnSettings?
    /// The systems of record the catalog is kept current from (`sources:`, and `--catalog
    /// git+URL#REF`), in precedence order after the local catalog.
    public var sources: [SourceDefinition] = []
    /// On-call and incidents (`pagerduty:` in the config file).
    public var pagerDuty: PagerDutyConfiguration?

    public init(catalogLocations: [String], databasePath: String, configFile: String? = nil) {
        self.catalogLocations = catalogLocations
        self.databasePath = databasePath
        self.configFile = configFile
    }

    /// Resolves flags against the environment and config file.
    public static func resolve(catalogs: [String], database: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               workingDirectory: String = FileManager.default.currentDirectoryPath) throws(PortalError) -> PortalConfiguration {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        let stateHome = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        let candidates = [workingDirectory + "/cairn.yaml", configHome + "/cairn/config.yaml"]
        let configFile = candidates.first { FileManager.default.fileExists(atPath: $0) }
        var fromFile: [String] = []
        var theme: String?
        var policyFile: String?
        var singleSignOn: SingleSignOnSettings?
        var sources: [SourceDefinition] = []
        var pagerDuty: PagerDutyConfiguration?
        if let configFile {
            fromFile = try readCatalogList(configFile, relativeTo: workingDirectory)
            theme = try readTheme(configFile)
            policyFile = try readPolicyPath(configFile, relativeTo: workingDirectory)
            singleSignOn = try SingleSignOnSettings.read(configFile)
            sources = try SourcesConfiguration.read(configFile)
            pagerDuty = try PagerDutyConfiguration.read(configFile)
        }
        if policyFile == nil, FileManager.default.fileExists(atPath: configHome + "/cairn/policy.yaml") {
            policyFile = configHome + "/cairn/policy.yaml"
        }
        // `--catalog git+URL#REF` is a git source, declared first among the sources.
        var gitSources: [SourceDefinition] = []
        var paths: [String] = []
        for location in catalogs {
            guard location.hasPrefix("git+") else { paths.append(location); continue }
            let url: GitURL
            do { url = try GitURL(parsing: location) } catch { throw .usage("cairn: error: --catalog \(GitURL.withoutCredentials(location)): \(error.message)") }
            var name = url.defaultSourceName
            var suffix = 2
            while gitSources.contains(where: { $0.name == name }) || sources.contains(where: { $0.name == name }) { name = "\(url.defaultSourceName)-\(suffix)"; suffix += 1 }
            gitSources.append(SourceDefinition(name: name, kind: .git, settings: url.settings, declaredAt: "--catalog"))
        }
        sources = gitSources + sources
        let locations = catalogs.isEmpty ? fromFile : paths
        guard !locations.isEmpty || !sources.isEmpty else {
            throw .usage("cairn: error: no catalog given; pass --catalog PATH or list it under catalog: in ./cairn.yaml or \(configHome)/cairn/config.yaml")
        }
        let databasePath = database ?? environment["CAIRN_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? stateHome + "/cairn/cairn.db"
        var configuration = PortalConfiguration(catalogLocations: locations, databasePath: databasePath, configFile: configFile)
        configuration.theme = theme
        configuration.policyFile = policyFile
        configuration.singleSignOn = singleSignOn
        configuration.sources = sources
        configuration.pagerDuty = pagerDuty
        configuration.osUser = OSAccount.current(environment: environment)
        configuration.realAccount = OSAccount.real(environment: environment)
        return configuration
    }

    /// Reads `theme:` (a theme name or a path to a theme file).
    static func readTheme(_ path: String) throws(PortalError) -> String? {
        guard let data = FileManager.default.contents(atPath: path),
              let root = YAMLParser.parse([UInt8](data)).documents.first?.root, let node = root["theme"] else { return nil }
        guard let name = node.value.stringValue, !name.isEmpty else {
            throw .usage("\(path):\(node.line):\(node.column): error: theme: must be a theme name such as mono, or a path to a theme file")
        }
        return name
    }

    /// Reads `policy:` (the access policy file, relative to the config file's folder).
    static func readPolicyPath(_ path: String, relativeTo workingDirectory: String) throws(PortalError) -> String? {
        guard let data = FileManager.default.contents(atPath: path),
              let root = YAMLParser.parse([UInt8](data)).documents.first?.root, let node = root["policy"] else { return nil }
        guard let file = node.value.stringValue, !file.isEmpty else {
            throw .usage("\(path):\(node.line):\(node.column): error: policy: must be the path of an access policy file")
        }
        let folder = (path as NSString).deletingLastPathComponent
        return file.hasPrefix("/") || folder == workingDirectory || folder.isEmpty ? file : folder + "/" + file
    }

    /// Reads `catalog:` (a path or a list of paths, relative to the config file's folder).
    static func readCatalogList(_ path: String, relativeTo workingDirectory: String) throws(PortalError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("\(path): error: cannot read the config file; check its permissions")
        }
        let stream = YAMLParser.parse([UInt8](data))
        if let error = stream.syntaxError {
            throw .usage("\(path):\(error.line):\(error.column): error: \(error.message)")
        }
        guard let root = stream.documents.first?.root else { return [] }
        guard root.isMapping else { throw .usage("\(path):\(root.line):\(root.column): error: the config file must be a mapping with a catalog: list") }
        guard let node = root["catalog"] else { return [] }
        let folder = (path as NSString).deletingLastPathComponent
        let base = folder == workingDirectory ? "" : folder
        func place(_ entry: String) -> String {
            entry.hasPrefix("/") || base.isEmpty ? entry : base + "/" + entry
        }
        switch node.value {
        case .string(let single): return [place(single)]
        case .array(let items):
            var locations: [String] = []
            for (item, itemNode) in zip(items, node.sequenceItems) {
                guard let text = item.stringValue else {
                    throw .usage("\(path):\(itemNode.line):\(itemNode.column): error: each catalog: entry must be a path string")
                }
                locations.append(place(text))
            }
            return locations
        default:
            throw .usage("\(path):\(node.line):\(node.column): error: catalog: must be a path or a list of paths")
        }
    }
}

extension YAMLNode {
    var sequenceItems: [YAMLNode] {
        if case .sequence(let items) = content { return items }
        return []
    }
}
