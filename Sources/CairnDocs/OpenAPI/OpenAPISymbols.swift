/// The few symbols the API summary draws, with an ASCII fallback for terminals (and `LANG=C`)
/// that cannot show them.
public struct OpenAPISymbols: Sendable, Equatable {
    public var warning: String
    public var ellipsis: String
    public var separator: String

    public static let unicode = OpenAPISymbols(warning: "⚠", ellipsis: "…", separator: "·")
    public static let ascii = OpenAPISymbols(warning: "!", ellipsis: "...", separator: "-")
}
