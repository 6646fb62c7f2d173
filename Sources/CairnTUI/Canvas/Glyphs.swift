/// Drawing characters, Unicode or ASCII (non-UTF-8 locale or --ascii).
public struct Glyphs: Sendable, Equatable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
    public var selection: String
    public var quarantined: String
    public var arrow: String
    public var ellipsis: String
    public var groupOpen: String
    public var separator: String

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
                                       selection: "▶", quarantined: "✗", arrow: "→", ellipsis: "…", groupOpen: "▾", separator: "·")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
                                     selection: ">", quarantined: "!", arrow: "->", ellipsis: "~", groupOpen: "v", separator: "|")
}
