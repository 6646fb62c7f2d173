/// One repository's catalog file to fetch: the repository's full name (`acme/payments`,
/// `acme/platform/payments`), the folder it goes to inside the source's folder, and its URL.
struct CatalogFileTarget {
    let repository: String
    /// Relative to the source's folder; its parts are the repository name's parts.
    let folder: String
    let url: String

    /// What every fetched file is called locally, whatever `catalogPath` is in the repository.
    static let fileName = "catalog-info.yaml"

    /// Nil when a part of the name could not be a folder name of its own: empty, `.`, `..`,
    /// or holding anything but letters, digits, `.`, `_` and `-` (GitHub and GitLab allow no
    /// more, so such a name came from a server that should not be trusted with paths).
    init?(repository: String, url: String) {
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy(Self.isSafe) else { return nil }
        self.repository = repository
        folder = repository
        self.url = url
    }

    var relativePath: String { folder + "/" + Self.fileName }

    /// A name as a notice may show it: control characters escaped (`\n`), so a hostile name
    /// cannot break the line or drive the terminal.
    static func printable(_ name: String) -> String {
        name.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
    }

    private static func isSafe(_ part: Substring) -> Bool {
        guard !part.isEmpty, part != ".", part != ".." else { return false }
        return part.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
            default: return false
            }
        }
    }
}
