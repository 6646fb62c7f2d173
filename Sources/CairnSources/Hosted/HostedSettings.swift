import Foundation

/// The settings GitHub and GitLab discovery share, read and checked once per refresh:
/// `apiUrl`, `tokenEnv` (resolved to the token), `catalogPath`, `includeArchived`, `concurrency`.
struct HostedSettings {
    /// Without a trailing slash.
    var apiURL: String
    var tokenVariable: String?
    var token: String?
    var catalogPath: String
    var includesArchived: Bool
    var concurrency: Int

    static let defaultCatalogPath = "catalog-info.yaml"
    static let defaultConcurrency = 8
    static let concurrencyRange = 1...64

    /// `describe` turns a reason into the source's one-line error.
    init(_ context: SourceContext, defaultAPIURL: String, owner: String, describe: (String) -> SourceError) throws(SourceError) {
        let settings = context.definition.settings
        var apiURL = settings["apiUrl"] ?? defaultAPIURL
        while apiURL.hasSuffix("/") { apiURL.removeLast() }
        guard let components = URLComponents(string: apiURL), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", components.host?.isEmpty == false else {
            throw describe("apiUrl \"\(apiURL)\" is not an http(s) URL; write it like \(defaultAPIURL)")
        }
        self.apiURL = apiURL

        tokenVariable = settings["tokenEnv"].flatMap { $0.isEmpty ? nil : $0 }
        if let tokenVariable {
            guard let token = context.environment[tokenVariable], !token.isEmpty else {
                throw describe("the environment variable \(tokenVariable) (tokenEnv) is not set; export it with a token that can read \(owner)")
            }
            // It goes into a header line: a line break would end that header and start another.
            guard !token.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw describe("the token in \(tokenVariable) contains a line break or another control character; export it without one")
            }
            self.token = token
        }

        catalogPath = settings["catalogPath"] ?? Self.defaultCatalogPath
        let parts = catalogPath.split(separator: "/", omittingEmptySubsequences: false)
        guard !catalogPath.isEmpty, !catalogPath.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw describe("catalogPath \"\(catalogPath)\" must be a path inside the repository, like catalog-info.yaml or docs/catalog-info.yaml")
        }

        switch settings["includeArchived"]?.lowercased() {
        case nil, "false", "no": includesArchived = false
        case "true", "yes": includesArchived = true
        case let other?: throw describe("includeArchived must be true or false, not \"\(other)\"")
        }

        if let text = settings["concurrency"] {
            guard let value = Int(text), Self.concurrencyRange.contains(value) else {
                let range = Self.concurrencyRange
                throw describe("concurrency must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
            }
            concurrency = value
        } else {
            concurrency = Self.defaultConcurrency
        }
    }
}
