import CairnCatalog
import Foundation

/// How each style role looks: colours and attributes, read from `themes/NAME.yaml`.
public struct Theme: Sendable, Equatable {
    public enum Color: Sendable, Equatable {
        /// The terminal's own foreground or background.
        case terminal
        /// 0–15: the 16 ANSI colours; 16–255: the 256-colour palette.
        case indexed(Int)
    }

    public enum Attribute: String, Sendable, CaseIterable {
        case bold, dim, underline, reverse
    }

    public struct Style: Sendable, Equatable {
        public var foreground: Color = .terminal
        public var background: Color = .terminal
        public var attributes: Set<Attribute> = []

        public init(foreground: Color = .terminal, background: Color = .terminal, attributes: Set<Attribute> = []) {
            self.foreground = foreground
            self.background = background
            self.attributes = attributes
        }
    }

    public var name: String
    public var styles: [StyleRole: Style]

    public func style(_ role: StyleRole) -> Style { styles[role] ?? Style() }

    /// Without colour (NO_COLOR or a terminal without colours): only the attributes remain,
    /// and a role the theme marked by colour alone takes mono's attributes, so focus,
    /// selection and failures still stand out.
    public var withoutColor: Theme {
        var copy = self
        for role in StyleRole.allCases {
            var attributes = style(role).attributes
            // Roles whose meaning must survive (focus, selection, failure) always get mono's.
            if attributes.isEmpty || Self.meaningfulRoles.contains(role) { attributes.formUnion(Theme.mono.style(role).attributes) }
            copy.styles[role] = Style(attributes: attributes)
        }
        return copy
    }

    /// The highest palette index the theme uses (to fall back when a terminal has fewer).
    public var maximumColorIndex: Int {
        styles.values.flatMap { [$0.foreground, $0.background] }.reduce(-1) { highest, color in
            if case .indexed(let index) = color { return max(highest, index) }
            return highest
        }
    }

    /// Roles that tell a failure, the focus or the selection apart from everything else.
    static let meaningfulRoles: Set<StyleRole> = [.selection, .borderFocus, .error, .badgeFail, .jobFailed]

    /// themes/mono.yaml, built in: the attributes that carry meaning without colour.
    public static let mono = Theme(name: "mono", styles: [
        .text: Style(), .dim: Style(attributes: [.dim]), .accent: Style(attributes: [.bold]), .border: Style(),
        .borderFocus: Style(attributes: [.bold]), .selection: Style(attributes: [.reverse]), .title: Style(attributes: [.bold, .underline]),
        .badgePass: Style(attributes: [.bold]), .badgeWarn: Style(attributes: [.bold]), .badgeFail: Style(attributes: [.bold, .reverse]),
        .badgeUnknown: Style(attributes: [.dim]), .jobQueued: Style(attributes: [.dim]), .jobRunning: Style(attributes: [.bold]),
        .jobSucceeded: Style(), .jobFailed: Style(attributes: [.bold, .reverse]), .error: Style(attributes: [.bold, .reverse]),
    ])

    /// Used when no theme file can be found at all, so the binary works on its own: the same
    /// roles as themes/default.yaml (a test keeps the two equal).
    public static let builtIn = Theme(name: "default", styles: [
        .text: Style(), .dim: Style(attributes: [.dim]), .accent: Style(foreground: .indexed(6), attributes: [.bold]),
        .border: Style(attributes: [.dim]), .borderFocus: Style(foreground: .indexed(6)),
        .selection: Style(attributes: [.reverse]), .title: Style(attributes: [.bold]),
        .badgePass: Style(foreground: .indexed(2), attributes: [.bold]), .badgeWarn: Style(foreground: .indexed(3), attributes: [.bold]),
        .badgeFail: Style(foreground: .indexed(1), attributes: [.bold]), .badgeUnknown: Style(attributes: [.dim]),
        .jobQueued: Style(attributes: [.dim]), .jobRunning: Style(foreground: .indexed(4), attributes: [.bold]),
        .jobSucceeded: Style(foreground: .indexed(2)), .jobFailed: Style(foreground: .indexed(1), attributes: [.bold]),
        .error: Style(foreground: .indexed(1), attributes: [.bold]),
    ])
}

/// A theme file that cannot be used, with the file and line and what to do.
public struct ThemeError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Finds and reads theme files.
public enum ThemeLoader {
    static let colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Folders searched, first match wins: the user's, then the `themes/` folder of the source
    /// tree or installation the binary came from, then the system-wide one.
    public static func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var folders: [String] = []
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        folders.append(configHome + "/cairn/themes")
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            folders.append(directory.appendingPathComponent("themes").path)
            folders.append(directory.appendingPathComponent("share/cairn/themes").path)
            directory = directory.deletingLastPathComponent()
        }
        folders += ["/usr/local/share/cairn/themes", "/usr/share/cairn/themes"]
        return folders
    }

    /// The theme called `name`, or a path to a theme file.
    public static func load(_ name: String, searchPath: [String] = ThemeLoader.searchPath()) throws(ThemeError) -> Theme {
        if name.contains("/") || name.hasSuffix(".yaml") {
            return try read(name)
        }
        for folder in searchPath {
            let path = folder + "/" + name + ".yaml"
            if FileManager.default.fileExists(atPath: path) { return try read(path) }
        }
        if name == "default" { return .builtIn }
        let known = available(searchPath: searchPath)
        throw ThemeError(description: "cairn: error: no theme \"\(name)\"; available: \(known.isEmpty ? "default" : known.joined(separator: ", "))")
    }

    /// Names of the themes found on the search path.
    public static func available(searchPath: [String] = ThemeLoader.searchPath()) -> [String] {
        var names = Set<String>()
        for folder in searchPath {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".yaml") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted()
    }

    public static func read(_ path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(description: "\(path): error: cannot read the theme file; check the path")
        }
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse([UInt8](data), file: path, name: fallbackName)
    }

    /// Parses a theme:
    ///
    ///     name: default
    ///     roles:
    ///       accent: { fg: cyan, attrs: [bold] }
    ///       selection: { fg: black, bg: 6 }
    ///
    /// Colours are `default`, a name (`red`, `bright-red`…) or a palette number 0–255.
    public static func parse(_ bytes: [UInt8], file: String, name fallbackName: String) throws(ThemeError) -> Theme {
        let stream = YAMLParser.parse(bytes)
        if let error = stream.syntaxError {
            throw ThemeError(description: "\(file):\(error.line):\(error.column): error: \(error.message)")
        }
        guard let root = stream.documents.first?.root, root.isMapping else {
            throw ThemeError(description: "\(file):1:1: error: a theme is a mapping with name: and roles:")
        }
        guard let roles = root["roles"], case .mapping(let pairs) = roles.content else {
            throw ThemeError(description: "\(file):\(root.line):\(root.column): error: roles: is missing or not a mapping of role names to styles")
        }
        var theme = Theme(name: root["name"]?.value.stringValue ?? fallbackName, styles: [:])
        for pair in pairs {
            guard let role = StyleRole(rawValue: pair.keyText) else {
                throw ThemeError(description: "\(file):\(pair.key.line):\(pair.key.column): error: unknown role \"\(pair.keyText)\"; roles are \(StyleRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            theme.styles[role] = try style(pair.value, file: file)
        }
        for role in StyleRole.allCases where theme.styles[role] == nil {
            throw ThemeError(description: "\(file):\(roles.line):\(roles.column): error: role \"\(role.rawValue)\" is missing; give every role a style")
        }
        return theme
    }

    private static func style(_ node: YAMLNode, file: String) throws(ThemeError) -> Theme.Style {
        guard case .mapping(let pairs) = node.content else {
            throw ThemeError(description: "\(file):\(node.line):\(node.column): error: a style is a mapping such as { fg: cyan, attrs: [bold] }")
        }
        var style = Theme.Style()
        for pair in pairs {
            switch pair.keyText {
            case "fg": style.foreground = try color(pair.value, file: file)
            case "bg": style.background = try color(pair.value, file: file)
            case "attrs":
                guard case .sequence(let items) = pair.value.content else {
                    throw ThemeError(description: "\(file):\(pair.value.line):\(pair.value.column): error: attrs must be a list such as [bold, underline]")
                }
                for item in items {
                    guard let attribute = item.value.stringValue.flatMap(Theme.Attribute.init(rawValue:)) else {
                        throw ThemeError(description: "\(file):\(item.line):\(item.column): error: unknown attribute; use \(Theme.Attribute.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    style.attributes.insert(attribute)
                }
            default:
                throw ThemeError(description: "\(file):\(pair.key.line):\(pair.key.column): error: unknown style key \"\(pair.keyText)\"; use fg, bg and attrs")
            }
        }
        return style
    }

    private static func color(_ node: YAMLNode, file: String) throws(ThemeError) -> Theme.Color {
        switch node.value {
        case .int(let index) where (0...255).contains(index):
            return .indexed(index)
        case .string(let text):
            if text == "default" { return .terminal }
            if let index = colorNames.firstIndex(of: text) { return .indexed(index) }
            if text.hasPrefix("bright-"), let index = colorNames.firstIndex(of: String(text.dropFirst(7))) { return .indexed(index + 8) }
        default:
            break
        }
        throw ThemeError(description: "\(file):\(node.line):\(node.column): error: unknown colour \(JSONWriter.string(node.value)); use default, a name like cyan or bright-red, or 0–255")
    }
}
