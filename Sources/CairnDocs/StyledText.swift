/// Rendered documentation as the terminal shows it: lines of styled spans, pure values that the
/// TUI paints and the CLI prints. Built by the Markdown renderer and the OpenAPI summary.
public struct StyledLine: Sendable, Equatable {
    /// What the line is part of: the TUI styles and scrolls by it (code lines scroll sideways
    /// instead of wrapping).
    public enum Kind: Sendable, Equatable {
        case text
        case heading(Int)
        case code
        case quote
        case table
        case rule
        case blank
    }

    public var kind: Kind
    public var spans: [StyledSpan]

    public init(_ kind: Kind = .text, _ spans: [StyledSpan]) {
        self.kind = kind
        self.spans = spans
    }

    /// The line's text without styles.
    public var text: String { spans.map(\.text).joined() }
}

/// A run of text with one style.
public struct StyledSpan: Sendable, Equatable {
    public var text: String
    public var style: TextStyle

    public init(_ text: String, _ style: TextStyle = []) {
        self.text = text
        self.style = style
    }
}

/// How a span looks; the theme maps each to colours and attributes.
public struct TextStyle: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let strong = TextStyle(rawValue: 1 << 0)
    public static let emphasis = TextStyle(rawValue: 1 << 1)
    public static let code = TextStyle(rawValue: 1 << 2)
    public static let link = TextStyle(rawValue: 1 << 3)
    public static let heading = TextStyle(rawValue: 1 << 4)
    public static let quote = TextStyle(rawValue: 1 << 5)
    public static let strikethrough = TextStyle(rawValue: 1 << 6)
    /// Frames, bullets, reference numbers: text that structures rather than says.
    public static let muted = TextStyle(rawValue: 1 << 7)
    /// A warning (a stale or contradicting doc).
    public static let warning = TextStyle(rawValue: 1 << 8)
    /// An HTTP method badge in API summaries.
    public static let method = TextStyle(rawValue: 1 << 9)
}

/// A rendered page: its lines and the targets of its numbered link references (`[1]` → the
/// first URL).
public struct RenderedDocument: Sendable, Equatable {
    public var lines: [StyledLine]
    public var links: [String]

    public init(lines: [StyledLine], links: [String] = []) {
        self.lines = lines
        self.links = links
    }
}
