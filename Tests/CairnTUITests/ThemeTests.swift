import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// The theme files shipped in themes/, the built-in fallback, and the errors a broken theme
/// file gives (file:line:column, what to do).
@Suite("Themes")
struct ThemeTests {
    static let shipped = ["256", "default", "light", "mono"]

    func path(_ name: String) -> String { TUI.themesFolder + "/" + name + ".yaml" }

    /// Writes `text` to a theme file in a fresh folder, runs `body` with its path, then removes it.
    func withThemeFile<Result>(_ text: String, _ body: (String) throws -> Result) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-theme-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/broken.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try body(file)
    }

    /// The description of the error reading `text` as a theme file, with the path replaced by
    /// PATH so expectations can be written out.
    func error(reading text: String) throws -> String {
        try withThemeFile(text) { file in
            do throws(ThemeError) {
                _ = try ThemeLoader.read(file)
                Issue.record("a broken theme was accepted")
                return ""
            } catch {
                #expect(error.description.hasPrefix(file + ":"), "the message starts with the file")
                return error.description.replacingOccurrences(of: file, with: "PATH")
            }
        }
    }

    /// A complete theme body (every role) with `overrides` replacing some roles' lines.
    func theme(_ overrides: [String: String] = [:], leaving missing: StyleRole? = nil) -> String {
        var lines = ["name: test", "roles:"]
        for role in StyleRole.allCases where role != missing {
            lines.append("  \(role.rawValue): \(overrides[role.rawValue] ?? "{}")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("every shipped theme reads and styles every role", arguments: shipped)
    func shippedThemes(_ name: String) throws {
        let theme = try ThemeLoader.read(path(name))
        #expect(theme.name == name)
        #expect(Set(theme.styles.keys) == Set(StyleRole.allCases))
        #expect(theme.style(.selection) != theme.style(.text), "a selection must look different from text")
        #expect(theme.style(.error) != theme.style(.text))
        #expect(theme.style(.borderFocus) != theme.style(.border), "the focused pane must be told apart")
    }

    @Test("the built-in theme is themes/default.yaml")
    func builtIn() throws {
        let file = try ThemeLoader.read(path("default"))
        #expect(Theme.builtIn.name == "default")
        for role in StyleRole.allCases {
            #expect(Theme.builtIn.styles[role] == file.styles[role], "role \(role.rawValue)")
        }
        #expect(Theme.builtIn.styles == file.styles)
        #expect(Theme.builtIn == file)
    }

    @Test("some styles, spelled out")
    func styles() throws {
        let base = try ThemeLoader.read(path("default"))
        #expect(base.style(.accent) == Theme.Style(foreground: .indexed(6), attributes: [.bold]))
        #expect(base.style(.selection) == Theme.Style(attributes: [.reverse]))
        #expect(base.style(.text) == Theme.Style())
        #expect(base.maximumColorIndex == 6)
        let wide = try ThemeLoader.read(path("256"))
        #expect(wide.style(.selection) == Theme.Style(foreground: .indexed(231), background: .indexed(25), attributes: [.bold]))
        #expect(wide.maximumColorIndex == 252)
        #expect(try ThemeLoader.read(path("mono")).maximumColorIndex == -1)
    }

    @Test("colours: default, names, bright names and palette numbers")
    func colours() throws {
        let text = theme(["text": "{ fg: default, bg: 0 }", "accent": "{ fg: bright-red, bg: white }", "dim": "{ fg: 255, attrs: [dim, underline] }"])
        let parsed = try ThemeLoader.parse(Array(text.utf8), file: "t.yaml", name: "fallback")
        #expect(parsed.name == "test")
        #expect(parsed.style(.text) == Theme.Style(foreground: .terminal, background: .indexed(0)))
        #expect(parsed.style(.accent) == Theme.Style(foreground: .indexed(9), background: .indexed(7)))
        #expect(parsed.style(.dim) == Theme.Style(foreground: .indexed(255), attributes: [.dim, .underline]))
        let unnamed = try ThemeLoader.parse(Array(text.replacingOccurrences(of: "name: test\n", with: "").utf8), file: "t.yaml", name: "fallback")
        #expect(unnamed.name == "fallback", "a theme without name: is named after its file")
    }

    @Test("an unknown role names the file, line and column and lists the roles")
    func unknownRole() throws {
        let message = try error(reading: "name: bad\nroles:\n  text: {}\n  sparkle: { fg: red }\n")
        #expect(message == "PATH:4:3: error: unknown role \"sparkle\"; roles are " + StyleRole.allCases.map(\.rawValue).joined(separator: ", "))
    }

    @Test("an unknown colour names where it is and what colours look like")
    func unknownColour() throws {
        #expect(try error(reading: theme(["dim": "{ fg: purple }"])) == "PATH:4:14: error: unknown colour \"purple\"; use default, a name like cyan or bright-red, or 0–255")
        #expect(try error(reading: theme(["dim": "{ bg: 256 }"])).hasPrefix("PATH:4:14: error: unknown colour 256;"))
        #expect(try error(reading: theme(["dim": "{ fg: -1 }"])).hasPrefix("PATH:4:14: error: unknown colour -1;"))
    }

    @Test("attributes must be a list of known ones")
    func badAttributes() throws {
        #expect(try error(reading: theme(["dim": "{ attrs: bold }"])) == "PATH:4:17: error: attrs must be a list such as [bold, underline]")
        #expect(try error(reading: theme(["dim": "{ attrs: [bold, blink] }"])) == "PATH:4:24: error: unknown attribute; use bold, dim, underline, reverse")
    }

    @Test("a style must be a mapping of fg, bg and attrs")
    func badStyle() throws {
        #expect(try error(reading: theme(["dim": "cyan"])) == "PATH:4:8: error: a style is a mapping such as { fg: cyan, attrs: [bold] }")
        #expect(try error(reading: theme(["dim": "{ colour: cyan }"])) == "PATH:4:10: error: unknown style key \"colour\"; use fg, bg and attrs")
    }

    @Test("a YAML syntax error names its line and column")
    func syntaxError() throws {
        let message = try error(reading: "name: bad\nroles:\n  text: { fg: [cyan }\n")
        #expect(message.range(of: #"^PATH:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(message)")
        #expect(message.hasPrefix("PATH:3:"))
    }

    @Test("a missing role is named, so the theme can be completed")
    func missingRole() throws {
        #expect(try error(reading: theme(leaving: .error)) == "PATH:3:3: error: role \"error\" is missing; give every role a style")
        #expect(try error(reading: theme(leaving: .borderFocus)) == "PATH:3:3: error: role \"border.focus\" is missing; give every role a style")
    }

    @Test("a file that is not a theme at all")
    func notATheme() throws {
        #expect(try error(reading: "- just\n- a list\n") == "PATH:1:1: error: a theme is a mapping with name: and roles:")
        #expect(try error(reading: "name: empty\n") == "PATH:1:1: error: roles: is missing or not a mapping of role names to styles")
        #expect(try error(reading: "name: listed\nroles: [text]\n") == "PATH:1:1: error: roles: is missing or not a mapping of role names to styles")
    }

    @Test("an unreadable path says so")
    func unreadable() {
        #expect(throws: ThemeError.self) { try ThemeLoader.read("/nonexistent/cairn/theme.yaml") }
        do throws(ThemeError) {
            _ = try ThemeLoader.read("/nonexistent/cairn/theme.yaml")
        } catch {
            #expect(error.description == "/nonexistent/cairn/theme.yaml: error: cannot read the theme file; check the path")
        }
    }

    @Test("themes load by name from the search path, or by file path")
    func loadByName() throws {
        let mono = try ThemeLoader.load("mono", searchPath: [TUI.themesFolder])
        #expect(mono == (try ThemeLoader.read(path("mono"))))
        #expect(try ThemeLoader.load(path("light"), searchPath: []).name == "light")
        #expect(try ThemeLoader.load("default", searchPath: ["/nonexistent"]) == Theme.builtIn, "the binary works without theme files")
        #expect(ThemeLoader.available(searchPath: [TUI.themesFolder, "/nonexistent"]) == Self.shipped)
    }

    @Test("an unknown theme name lists the available ones")
    func unknownName() {
        do throws(ThemeError) {
            _ = try ThemeLoader.load("nope", searchPath: [TUI.themesFolder])
            Issue.record("nope loaded")
        } catch {
            #expect(error.description == "cairn: error: no theme \"nope\"; available: 256, default, light, mono")
        }
        do throws(ThemeError) {
            _ = try ThemeLoader.load("nope", searchPath: [])
            Issue.record("nope loaded")
        } catch {
            #expect(error.description == "cairn: error: no theme \"nope\"; available: default")
        }
    }

    @Test("the first folder on the search path wins")
    func searchOrder() throws {
        try withThemeFile(theme(["text": "{ attrs: [underline] }"])) { file in
            let folder = (file as NSString).deletingLastPathComponent
            try FileManager.default.copyItem(atPath: file, toPath: folder + "/mono.yaml")
            let found = try ThemeLoader.load("mono", searchPath: [folder, TUI.themesFolder])
            #expect(found.style(.text) == Theme.Style(attributes: [.underline]))
            let shippedFirst = try ThemeLoader.load("mono", searchPath: [TUI.themesFolder, folder])
            #expect(shippedFirst.style(.text) == Theme.Style())
        }
    }

    @Test("without colour only the attributes remain; a role with none takes mono's", arguments: shipped)
    func withoutColor(_ name: String) throws {
        let theme = try ThemeLoader.read(path(name))
        let plain = theme.withoutColor
        #expect(plain.name == theme.name)
        #expect(Set(plain.styles.keys) == Set(StyleRole.allCases))
        for role in StyleRole.allCases {
            let own = theme.style(role).attributes
            let meaningful: Set<StyleRole> = [.selection, .borderFocus, .error, .badgeFail, .jobFailed]
            let expected = own.isEmpty || meaningful.contains(role) ? own.union(Theme.mono.style(role).attributes) : own
            #expect(plain.style(role) == Theme.Style(attributes: expected), "role \(role.rawValue)")
            #expect(plain.style(role).foreground == .terminal && plain.style(role).background == .terminal, "role \(role.rawValue)")
        }
        #expect(plain.maximumColorIndex == -1)
        #expect(plain.withoutColor == plain, "taking the colour away twice changes nothing more")
    }

    @Test("the built-in mono theme is themes/mono.yaml")
    func monoBuiltIn() throws {
        let file = try ThemeLoader.read(path("mono"))
        #expect(Theme.mono.name == "mono")
        for role in StyleRole.allCases {
            #expect(Theme.mono.styles[role] == file.styles[role], "role \(role.rawValue)")
        }
        #expect(Theme.mono == file)
        #expect(Theme.mono.withoutColor == Theme.mono, "mono has no colour to lose")
    }

    @Test("without colour, 256 and light fall back to mono's attributes where they mark a role by colour alone")
    func withoutColorFallback() throws {
        let wide = try ThemeLoader.read(path("256")).withoutColor
        #expect(wide.style(.borderFocus) == Theme.Style(attributes: [.bold]), "fg 75 only: mono's bold")
        #expect(wide.style(.border) == Theme.Style(), "mono's border is plain too")
        #expect(wide.style(.selection) == Theme.Style(attributes: [.bold, .reverse]), "its own bold stays and mono's reverse marks the bar")
        #expect(wide.style(.dim) == Theme.Style(attributes: [.dim]), "fg 244 only: mono's dim")
        #expect(wide.style(.badgeUnknown) == Theme.Style(attributes: [.dim]))
        #expect(wide.style(.jobQueued) == Theme.Style(attributes: [.dim]))
        #expect(wide.style(.text) == Theme.Style())
        #expect(wide.style(.error) == Theme.Style(attributes: [.bold, .reverse]), "an error stands out from bold emphasis")
        #expect(wide.style(.badgeFail) == Theme.Style(attributes: [.bold, .reverse]))

        let light = try ThemeLoader.read(path("light")).withoutColor
        #expect(light.style(.borderFocus) == Theme.Style(attributes: [.bold]))
        #expect(light.style(.selection) == Theme.Style(attributes: [.reverse]), "fg black on 153 only: mono's reverse")
        #expect(light.style(.dim) == Theme.Style(attributes: [.dim]))
        #expect(light.style(.text) == Theme.Style())
        #expect(light.style(.title) == Theme.Style(attributes: [.bold]), "its own bold, not mono's bold underline")
        #expect(light.style(.jobSucceeded) == Theme.Style())

        let base = Theme.builtIn.withoutColor
        #expect(base.style(.borderFocus) == Theme.Style(attributes: [.bold]), "default's cyan focus border becomes bold")
        #expect(base.style(.border) == Theme.Style(attributes: [.dim]))
    }

    @Test("without colour, default and mono still show the selection, the focused pane and errors", arguments: ["default", "mono"])
    func readableWithoutColor(_ name: String) throws {
        let plain = try ThemeLoader.read(path(name)).withoutColor
        #expect(plain.style(.selection) != plain.style(.text))
        #expect(plain.style(.borderFocus) != plain.style(.border))
        #expect(plain.style(.error) != plain.style(.text))
    }

    @Test("without colour (NO_COLOR, a terminal without colours), 256 and light keep the focused border and the selection bar",
          arguments: ["256", "light"])
    func unreadableWithoutColor(_ name: String) throws {
        let plain = try ThemeLoader.read(path(name)).withoutColor
        #expect(plain.style(.error) != plain.style(.text))
        #expect(plain.style(.badgeFail) != plain.style(.text))
        #expect(plain.style(.borderFocus) != plain.style(.border), "the focused pane can be told apart")
        #expect(plain.style(.selection) != plain.style(.text), "the selection bar can be seen")
    }

    @Test("without colour, failures still look different from successes and from ordinary emphasis",
          arguments: ["default", "256", "light"])
    func failuresWithoutColor(_ name: String) throws {
        let plain = try ThemeLoader.read(path(name)).withoutColor
        let mono = Theme.mono
        #expect(mono.style(.error) != mono.style(.accent) && mono.style(.badgeFail) != mono.style(.badgePass), "mono tells them apart")
        #expect(plain.style(.error) != plain.style(.accent), "an error message vs. an information message in the footer")
        #expect(plain.style(.badgeFail) != plain.style(.badgePass), "a failing badge vs. a passing one")
    }
}
