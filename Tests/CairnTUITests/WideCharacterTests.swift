import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// Wide (CJK) characters take two cells everywhere they appear, and clipping never splits one.
@Suite("Wide characters on screen")
struct WideCharacterTests {
    static let yaml = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: kaimono-team
      title: 買い物チーム
    spec:
      type: team
      children: []
    ---
    apiVersion: backstage.io/v1alpha1
    kind: System
    metadata:
      name: wide-system
      title: a\(String(repeating: "漢", count: 60))
    spec:
      owner: kaimono-team
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: kaimono-web
      title: 買い物サービス
      description: 日本語の説明です。 \(String(repeating: "長", count: 90))
    spec:
      type: website
      lifecycle: production
      owner: kaimono-team
      system: wide-system

    """

    /// Columns `x` of row `y` hold `text` as wide cells: each character then its continuation.
    func expectWide(_ text: String, at x: Int, y: Int, in canvas: Canvas, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var column = x
        for character in text {
            #expect(canvas[column, y].text == String(character) && canvas[column, y].width == 2, "cell \(column),\(y)", sourceLocation: sourceLocation)
            #expect(canvas[column + 1, y].text == "" && canvas[column + 1, y].width == 0, "cell \(column + 1),\(y)", sourceLocation: sourceLocation)
            column += 2
        }
    }

    @Test("a CJK title in the detail: two cells a character", arguments: [(80, 24), (160, 48)])
    func detailTitle(_ size: (Int, Int)) {
        var state = TUI.state(TUI.catalog(Self.yaml), width: size.0, height: size.1)
        TUI.press(&state, .character("j"), .enter) // kaimono-web, after kaimono-team
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let left = size.0 >= 100 ? 83 : 0
        expectWide("買い物サービス", at: left + 3, y: 2, in: canvas)
        #expect(canvas.lines[2].hasSuffix("│  買い物サービス" + String(repeating: " ", count: (size.0 >= 100 ? 75 : 78) - 2 - 14) + "│"))
        // Wrapped to the pane: a run of 90 wide characters without a space is cut with an ellipsis.
        let wrapWidth = (size.0 >= 100 ? 77 : 80) - 4
        #expect(canvas.lines[4].contains("│  " + String(repeating: "長", count: (wrapWidth - 1) / 2) + "…"))
        #expect(canvas.lines[3].contains("│  日本語の説明です。 "))
        #expect(canvas.lines.contains { $0.contains("Owner       買い物チーム (group:kaimono-team)") })
    }

    @Test("a wide group heading is clipped at the pane without splitting a character", arguments: [(80, 24), (160, 48)])
    func clippedHeading(_ size: (Int, Int)) {
        var state = TUI.state(TUI.catalog(Self.yaml), width: size.0, height: size.1)
        TUI.press(&state, .character("t"), .character("t")) // by system
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let row = TUI.row(containing: "▾ a漢", in: canvas)
        #expect(row == 3)
        let inner = size.0 >= 100 ? 81 : 78
        // "▾ a" takes 3 columns; 漢 fits (inner - 3) / 2 times; an odd column left over is a space.
        let fitting = (inner - 3) / 2
        let expected = "│▾ a" + String(repeating: "漢", count: fitting) + String(repeating: " ", count: (inner - 3) % 2) + "│"
        #expect(canvas.lines[3].hasPrefix(expected))
        #expect(canvas[inner, 3].text == " " || canvas[inner, 3].width == 0, "the last column inside the border")
        #expect(canvas[inner + 1, 3].text == "│")
    }

    @Test("in ASCII, wide characters become one ? each and every row stays exact", arguments: [(80, 24), (160, 48)])
    func ascii(_ size: (Int, Int)) {
        var state = TUI.state(TUI.catalog(Self.yaml), width: size.0, height: size.1, isUnicode: false)
        TUI.press(&state, .character("t"))
        var canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        TUI.expectASCII(canvas)
        #expect(canvas.lines[3].hasPrefix("|v ?????? (2) "))
        state = TUI.state(TUI.catalog(Self.yaml), width: size.0, height: size.1, isUnicode: false)
        TUI.press(&state, .character("j"), .enter) // kaimono-web, after kaimono-team
        canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        TUI.expectASCII(canvas)
        #expect(canvas.lines.contains { $0.contains("|  ??????? ") }, "the title 買い物サービス")
        #expect(canvas.lines.contains { $0.contains("Owner       ?????? (group:kaimono-team)") })
        #expect(canvas.lines.contains { $0.contains("??~") }, "the run of wide characters cut with ~")
    }

    @Test("a wide owner title in the grouped list and the status line's width stay exact")
    func groupedByOwner() {
        var state = TUI.state(TUI.catalog(Self.yaml))
        TUI.press(&state, .character("t"))
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        #expect(canvas.lines[3] == "│▾ 買い物チーム (2)" + String(repeating: " ", count: 78 - 2 - 12 - 4) + "│")
        expectWide("買い物チーム", at: 3, y: 3, in: canvas)
    }
}
