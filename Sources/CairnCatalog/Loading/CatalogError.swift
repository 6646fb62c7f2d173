/// Errors that stop loading altogether (as opposed to `Problem`s, which quarantine entities).
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    case pathNotFound(String)

    public var description: String {
        switch self {
        case .pathNotFound(let path):
            return "\(path): error: no such file or directory; check the --catalog path"
        }
    }
}
