import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// Hostile catalog text — terminal escapes, OSC 52 clipboard writes, hyperlinks, carriage
/// returns and bidi overrides — reaches the screen only as plain words: the sanitiser at the
/// Canvas boundary drops what a terminal would act on.
@Suite("Sanitiser at the Canvas boundary")
struct SanitiserRenderTests {
    /// YAML double-quoted escapes: \e is ESC, \a is BEL, \x9B the C1 CSI.
    static let hostile = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-x
      title: "Team\\e]0;pwned\\a X"
      annotations:
        cairn.dev/oncall: "\\e[31mbob\\e[0m"
    spec:
      type: team
      children: []
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: evil-service
      title: "Evil\\e[2J Service\\u202E"
      description: "before\\e]0;pwned\\a after \\e[2J clear \\e[31mred\\e[0m\\rreturn \\e]8;;http://x\\e\\\\link\\e]8;;\\e\\\\ text \\e]52;c;aGk=\\a clip \\u202Ertl end \\x9B31mcsi\\x85next\\ttab\\bback"
      annotations:
        example.com/note: "note\\e]52;c;aGk=\\a\\u2066kept\\u2069"
      links:
        - url: "https://docs.example.com\\e]8;;http://x\\e\\\\"
          title: "Docs\\r\\e[2K"
    spec:
      type: service
      lifecycle: production
      owner: team-x

    """

    static let words = ["before", "after", "clear", "red", "return", "link", "text", "clip", "rtl", "end", "csi", "next", "tab", "back"]

    func expectClean(_ canvas: Canvas, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                let bad = canvas[x, y].text.unicodeScalars.filter(TUI.isHostile)
                #expect(bad.isEmpty, "cell \(x),\(y) holds \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
            }
        }
        let text = canvas.lines.joined(separator: "\n")
        for payload in ["pwned", "aGk=", "http://x", "31m", "2J"] {
            #expect(!text.contains(payload), "escape payload \(payload) leaked", sourceLocation: sourceLocation)
        }
        TUI.expectWellFormed(canvas, sourceLocation: sourceLocation)
    }

    @Test("the hostile YAML parses into one trusted entity with its hostile text intact")
    func fixture() throws {
        let catalog = TUI.catalog(Self.hostile)
        let entity = try #require(catalog[TUI.ref("component:evil-service")])
        #expect(!entity.isQuarantined)
        #expect(entity.summary?.contains("\u{1B}]52;c;aGk=\u{07}") == true)
        #expect(entity.summary?.contains("\u{202E}") == true)
        #expect(entity.summary?.contains("\r") == true)
        #expect(entity.title?.contains("\u{1B}[2J") == true)
    }

    @Test("the detail shows the words and nothing a terminal would act on", arguments: [(80, 24), (160, 48)])
    func detail(_ size: (Int, Int)) {
        var state = TUI.state(TUI.catalog(Self.hostile), width: size.0, height: size.1)
        TUI.press(&state, .enter)
        #expect(state.detailEntity?.ref.name == "evil-service")
        let canvas = TUI.screen(state)
        expectClean(canvas)
        let lines = canvas.lines
        #expect(lines.contains { $0.contains("│  Evil Service ") }, "title words intact, the override gone")
        #expect(lines.contains { $0.contains("│  before after clear red return link text clip rtl end csi next tab back ") })
        #expect(lines.contains { $0.contains("Owner       Team X (group:team-x)") })
        #expect(lines.contains { $0.contains("on-call: bob ") })
        #expect(lines.contains { $0.contains("Docs") && $0.contains(" https://docs.example.com ") }, "link title and URL intact")
        #expect(lines.contains { $0.contains("│    Docs      https://docs.example.com ") }, "the URL in the value column, 12 after the label's start")
        let owner = lines.first { $0.contains("Owner       Team X") }
        let link = lines.first { $0.contains("https://docs.example.com") }
        #expect(owner?.range(of: "Team X").map { owner!.distance(from: owner!.startIndex, to: $0.lowerBound) }
                == link?.range(of: "https://").map { link!.distance(from: link!.startIndex, to: $0.lowerBound) },
                "the link's URL lines up with the other values")
        #expect(lines.contains { $0.contains("example.com/note: notekept ") })
    }

    @Test("the list, the grouped list and the filter show clean text")
    func list() {
        var state = TUI.state(TUI.catalog(Self.hostile), width: 160, height: 48)
        expectClean(TUI.screen(state))
        TUI.press(&state, .character("t"))
        let grouped = TUI.screen(state)
        expectClean(grouped)
        #expect(grouped.lines[3].hasPrefix("│▾ Team X (1) "))
        TUI.press(&state, .character("/"))
        TUI.type(&state, "ev\u{1B}[2J\u{1B}]0;pwned\u{07}il\u{202E}")
        let filtering = TUI.screen(state)
        expectClean(filtering)
        #expect(filtering.lines[47].hasPrefix("/evil█"))
        #expect(filtering.lines[0].contains("filter: evil"))
    }

    @Test("Canvas.put itself sanitises whatever it is given")
    func put() {
        var canvas = Canvas(width: 120, height: 1)
        let hostile = "A\u{1B}]0;pwned\u{07}B\u{1B}[2JC\u{1B}[31mD\rE\u{1B}]8;;http://x\u{1B}\\F\u{1B}]52;c;aGk=\u{07}G\u{202E}H\u{9B}2JI\u{0}J\u{7F}K\u{85}L\u{200F}M"
        let used = canvas.put(hostile, x: 0, y: 0)
        #expect(canvas.lines[0] == "ABCD EFGHI J K LM")
        #expect(used == 17)
        expectClean(canvas)
    }

    @Test("every word of the description survives, in order")
    func words() {
        let entity = TUI.catalog(Self.hostile)[TUI.ref("component:evil-service")]!
        let clean = TerminalText.singleLine(entity.summary ?? "")
        let found = clean.split(separator: " ").map(String.init)
        #expect(found == Self.words)
    }
}
