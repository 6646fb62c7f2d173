import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// Every screen at 80x24 and 160x48, in colour with Unicode, without colour (NO_COLOR) and in
/// ASCII: key lines asserted, and every canvas well formed (rows exactly the terminal wide).
@Suite("Render screens")
struct RenderScreensTests {
    /// A terminal size and what it can show.
    struct Variant: CustomTestStringConvertible, Sendable {
        var width: Int
        var height: Int
        var isUnicode: Bool
        var isColor: Bool

        var testDescription: String { "\(width)x\(height)\(isUnicode ? "" : " ASCII")\(isColor ? "" : " NO_COLOR")" }
        var isSideBySide: Bool { width >= 100 }
        var glyphs: Glyphs { isUnicode ? .unicode : .ascii }
        /// The unknown-health badge: words instead of colour without colour.
        var unknownHealth: String { isColor ? "?" : "[?]" }

        static let all: [Variant] = [80, 160].flatMap { width in
            [(true, true), (true, false), (false, true), (false, false)].map { unicode, color in
                Variant(width: width, height: width == 80 ? 24 : 48, isUnicode: unicode, isColor: color)
            }
        }
    }

    let team = TUI.catalog(TestCatalogs.team)
    let broken = TUI.catalog(TestCatalogs.broken)

    func state(_ catalog: Catalog, _ variant: Variant) -> AppState {
        TUI.state(catalog, width: variant.width, height: variant.height, isUnicode: variant.isUnicode, isColor: variant.isColor)
    }

    /// Renders and runs the checks every canvas must pass.
    func screen(_ state: AppState, _ variant: Variant, checkingASCII: Bool = true,
                sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
        let canvas = TUI.screen(state)
        #expect(canvas.width == variant.width && canvas.height == variant.height, sourceLocation: sourceLocation)
        TUI.expectWellFormed(canvas, sourceLocation: sourceLocation)
        if !variant.isUnicode && checkingASCII { TUI.expectASCII(canvas, sourceLocation: sourceLocation) }
        return canvas.lines
    }

    @Test("the catalog list; with the detail beside it from 100 columns", arguments: Variant.all)
    func catalogList(_ variant: Variant) {
        let g = variant.glyphs
        let lines = screen(state(team, variant), variant)
        #expect(lines[0] == " cairn  \(g.vertical) 9 entities \(g.vertical) cache 2m ago \(g.vertical) alice")
        #expect(lines[1].hasPrefix("\(g.topLeft)\(g.horizontal) Catalog (9) \(g.separator) by name \(g.horizontal)"))
        #expect(lines[2].hasPrefix("\(g.vertical)  NAME "))
        #expect(lines[2].contains("KIND       OWNER           LIFECYCLE    HEALTH"))
        #expect(lines[3].hasPrefix("\(g.vertical)\(g.selection) alice "))
        #expect(lines[3].contains("User" + String(repeating: " ", count: 7 + 16 + 13 + 7)), "a user has no health to show")
        #expect(lines[8].hasPrefix("\(g.vertical)  payments-service "))
        #expect(lines[8].contains("Component  team-x          production   \(variant.unknownHealth) "))
        #expect(lines[5].contains("Resource   team-x                       \(variant.unknownHealth) "), "resources have health")
        #expect(lines[7].contains("API        team-x          production   \(variant.unknownHealth) "), "APIs have health")
        #expect(!lines[4].contains(variant.unknownHealth) && !lines[6].contains(variant.unknownHealth), "domains and systems have none")
        #expect(lines.last == "Enter open  / filter  e edit  p provision  J jobs  : command  ? help  q quit")
        if variant.isSideBySide {
            #expect(lines[1].contains("\(g.topRight)\(g.topLeft)\(g.horizontal) user:default/alice "), "the detail of the selection on the right")
            #expect(lines[2].hasSuffix("\(g.vertical)\(g.vertical)  alice" + String(repeating: " ", count: 68) + g.vertical))
        } else {
            #expect(lines[1].hasSuffix(g.topRight))
            #expect(!lines.joined().contains("user:default/alice"), "one pane at a time under 100 columns")
        }
    }

    @Test("the detail pane: alone under 100 columns, beside the list from 100", arguments: Variant.all)
    func detail(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(team, variant)
        for _ in 0..<5 { TUI.press(&state, .character("j")) }
        TUI.press(&state, .enter)
        let lines = screen(state, variant)
        let title = "\(g.topLeft)\(g.horizontal) component:default/payments-service "
        #expect(lines[1].dropFirst(variant.isSideBySide ? 83 : 0).hasPrefix(title))
        #expect(lines.contains { $0.contains("\(g.vertical)\(g.selection) Owner       Team X (group:team-x)") })
        #expect(lines.contains { $0.contains("Kind        Component \(g.separator) service") })
        #expect(lines.contains { $0.contains("Source      t.yaml:45:1") })
        #expect(lines.last == "Enter follow  Esc back  j/k links  e edit  [ ] tabs  Tab list  ? help  q quit")
        if variant.isSideBySide {
            #expect(lines[8].hasPrefix("\(g.vertical)\(g.selection) payments-service "), "the list stays, its cursor on the entity")
            #expect(lines[23].contains("api:default/payments-api"), "48 rows show every relation")
        } else {
            #expect(!lines.joined().contains("NAME"), "the list is hidden")
            #expect(lines[22].hasSuffix("\(g.horizontal) 1-20/22 \(g.horizontal)\(g.bottomRight)"), "where in the detail we are")
        }
    }

    @Test("the grouped list: headings with counts", arguments: Variant.all)
    func grouped(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(team, variant)
        TUI.press(&state, .character("t"), .character("t")) // by system
        let lines = screen(state, variant)
        #expect(lines[0] == " cairn  \(g.vertical) 9 entities \(g.vertical) by system \(g.vertical) cache 2m ago \(g.vertical) alice")
        #expect(lines[3].hasPrefix("\(g.vertical)\(g.groupOpen) Payments (4) "))
        #expect(lines[4].hasPrefix("\(g.vertical)  ledger-db "))
        #expect(lines[8].hasPrefix("\(g.vertical)\(g.groupOpen) (no system) (5) "))
        #expect(lines[9].hasPrefix("\(g.vertical)\(g.selection) alice "))
        #expect(lines.last == "grouped by system")
    }

    @Test("a filter being typed: /text and the cursor in the footer, matches in the title", arguments: Variant.all)
    func filterTyping(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(team, variant)
        TUI.press(&state, .character("/"))
        TUI.type(&state, "pay")
        let lines = screen(state, variant)
        #expect(lines[0] == " cairn  \(g.vertical) 9 entities \(g.vertical) filter: pay (3) \(g.vertical) cache 2m ago \(g.vertical) alice")
        #expect(lines[1].hasPrefix("\(g.topLeft)\(g.horizontal) Catalog (3 of 9) \(g.separator) by name "))
        #expect(lines[3].hasPrefix("\(g.vertical)\(g.selection) payments-api "))
        #expect(lines[6].hasPrefix(g.vertical + String(repeating: " ", count: 78)), "three rows only")
        let cursor = variant.isUnicode ? "█" : "_"
        let hint = "Enter keep \(g.separator) Esc clear"
        let footer = "/pay\(cursor)"
        #expect(lines.last == footer + String(repeating: " ", count: variant.width - 1 - footer.count - hint.count) + hint)
    }

    @Test("the problems screen: location, severity, entity and message", arguments: Variant.all)
    func problems(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(broken, variant)
        TUI.press(&state, .character("!"))
        let lines = screen(state, variant)
        #expect(lines[0] == " cairn  \(g.vertical) 3 entities, 1 quarantined \(g.vertical) cache 2m ago \(g.vertical) alice")
        #expect(lines[1].hasPrefix("\(g.topLeft)\(g.horizontal) Problems: 1 error, 1 warning, 1 quarantined \(g.horizontal)"))
        #expect(lines[1].hasSuffix(g.topRight), "one pane across the whole width")
        // min(max(20, inner / 3), longest location + 2): "t.yaml:25:15" is 12 columns.
        let problemColumn = 14
        let pad = { (text: String) in text + String(repeating: " ", count: problemColumn - text.count) }
        #expect(lines[2].hasPrefix("\(g.vertical)  " + pad("LOCATION") + "PROBLEM "))
        #expect(lines[3].hasPrefix("\(g.vertical)\(g.selection) " + pad("t.yaml:14:3") + "error component:default/orphan-service: spec.owner"))
        #expect(lines[4].hasPrefix("\(g.vertical)  " + pad("t.yaml:25:15") + "warning component:default/billing-service: spec.de"))
        #expect(lines.last == "Enter open  Esc back  j/k move  ? help  q quit")
        // Under the list: a separator, then the selected problem in full.
        let separator = variant.height - 6
        #expect(lines[separator] == g.vertical + String(repeating: g.horizontal, count: variant.width - 2) + g.vertical)
        #expect(lines[5...(separator - 1)].allSatisfy { $0 == g.vertical + String(repeating: " ", count: variant.width - 2) + g.vertical })
        let full = variant.width == 80
            ? ["t.yaml:14:3: error: component:default/orphan-service: spec.owner is",
               "missing; a Component needs it (the owning group, e.g. team-a or",
               "group:team-a)"]
            : ["t.yaml:14:3: error: component:default/orphan-service: spec.owner is missing; a Component needs it (the owning group, e.g. team-a or group:team-a)", "", ""]
        for (offset, text) in full.enumerated() {
            #expect(lines[separator + 1 + offset] == g.vertical + "  " + text + String(repeating: " ", count: variant.width - 4 - text.count) + g.vertical)
        }
        #expect(lines[variant.height - 2].hasPrefix(g.bottomLeft))
    }

    @Test("the problems screen shows the selected problem's full text under the list", arguments: Variant.all)
    func problemFullText(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(broken, variant)
        TUI.press(&state, .character("!"), .character("j"))
        let lines = screen(state, variant)
        let separator = variant.height - 6
        #expect(lines[4].hasPrefix("\(g.vertical)\(g.selection) t.yaml:25:15  warning component:default/billing-service: "))
        if variant.width == 80 {
            #expect(!lines[4].contains("fix the reference"), "the row is cut at the pane")
            func row(_ text: String) -> String { g.vertical + "  " + text + String(repeating: " ", count: 76 - text.count) + g.vertical }
            #expect(lines[separator + 1] == row("t.yaml:25:15: warning: component:default/billing-service: spec.dependsOn"))
            #expect(lines[separator + 2] == row("refers to component:default/ghost, which is not in the catalog; add that"))
            #expect(lines[separator + 3] == row("entity or fix the reference"))
        } else {
            #expect(lines[separator + 1].hasPrefix("\(g.vertical)  t.yaml:25:15: warning: component:default/billing-service: spec.dependsOn refers to component:default/ghost, which is not in the catalog; add that entity "))
            #expect(lines[separator + 2].hasPrefix("\(g.vertical)  or fix the reference "))
        }
        TUI.press(&state, .character("k"))
        let back = screen(state, variant)
        #expect(back[separator + 1].hasPrefix("\(g.vertical)  t.yaml:14:3: error: component:default/orphan-service: spec.owner is"))
        #expect(!back.joined().contains("fix the reference"), "the panel follows the selection")
    }

    @Test("the help overlay over the list", arguments: Variant.all)
    func help(_ variant: Variant) throws {
        let g = variant.glyphs
        var state = state(team, variant)
        TUI.press(&state, .character("?"))
        let lines = screen(state, variant)
        let width = min(variant.width - 4, 100)
        let left = variant.width == 80 ? 2 : 30
        #expect(width == (variant.width == 80 ? 76 : 100) && left == (variant.width - width) / 2)
        let top = try #require(lines.firstIndex { $0.contains("Keys \(g.separator) Esc closes") })
        #expect(top == (variant.height == 24 ? 1 : 6))
        let bottom = variant.height == 24 ? 22 : 40
        #expect(lines[top].dropFirst(left).prefix(width).hasSuffix(g.horizontal + g.topRight), "the right corner at column \(left + width - 1)")
        #expect(lines[bottom].dropFirst(left).prefix(width).hasSuffix(g.horizontal + g.bottomRight))
        #expect(lines[top + 16].dropFirst(left).hasPrefix("\(g.vertical)   /                filter: kind:api owner:team tag:pci lifecycle:"))
        #expect(lines[top].dropFirst(left).hasPrefix("\(g.topLeft)\(g.horizontal) Keys \(g.separator) Esc closes \(g.horizontal)"))
        #expect(lines[top + 1].dropFirst(left) .hasPrefix("\(g.vertical) Catalog "))
        #expect(lines[top + 2].dropFirst(left).hasPrefix("\(g.vertical)   Enter            open the entity "))
        #expect(lines[top + 10].dropFirst(left).hasPrefix(variant.isUnicode ? "\(g.vertical)   j k ↓ ↑          down, up " : "\(g.vertical)   j k Down Up      down, up "))
        #expect(lines[top + 20].dropFirst(left).hasPrefix("\(g.vertical)   q Ctrl-c         quit "))
        #expect(lines[bottom].dropFirst(left).hasPrefix("\(g.bottomLeft)\(g.horizontal)\(g.horizontal)"))
        #expect(lines[0].hasPrefix(" cairn "), "the status line stays visible")
        // Taller than 24 rows: j scrolls to the provisioning keys at the end, G jumps there.
        let joined = lines.joined(separator: "\n")
        #expect(joined.contains("check health now") == (variant.height > 24))
        if variant.height == 24 {
            #expect(lines[bottom].contains("1-20/33 j/k scroll"), "\(lines[bottom])")
            TUI.press(&state, .character("G"))
            let scrolled = screen(state, variant)
            #expect(scrolled[bottom - 2].contains("request a resource") && scrolled[bottom - 1].contains("jobs: provisioning jobs, steps and logs"))
            #expect(scrolled[bottom].contains("14-33/33"))
            TUI.press(&state, .character("k"), .character("k"))
            #expect(state.helpScroll == 11)
        }
    }

    @Test("every line of the help is readable: shown whole, or cut with an ellipsis", arguments: Variant.all)
    func helpLinesWhole(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(team, variant)
        TUI.press(&state, .character("?"))
        let lines = screen(state, variant)
        let top = lines.firstIndex { $0.contains("Keys \(g.separator) Esc closes") } ?? 0
        let filterLine = lines[top + 16]
        #expect(filterLine.contains("filter: kind:api owner:team tag:pci lifecycle:"))
        if variant.width >= 100 {
            #expect(filterLine.contains("filter: kind:api owner:team tag:pci lifecycle:production words "), "100 wide: room for the longest help")
        } else {
            #expect(filterLine.contains("lifecycle:production words") || filterLine.contains(g.ellipsis + " " + g.vertical))
        }
    }

    @Test("the command palette with its completions", arguments: Variant.all)
    func palette(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(team, variant)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "t")
        let lines = screen(state, variant)
        let width = min(variant.width - 4, 96)
        let left = (variant.width - width) / 2
        let box = lines[3...7].map { String($0.dropFirst(left).prefix(width)) }
        let cursor = variant.isUnicode ? "█" : "_"
        let inner = width - 2
        func row(_ text: String) -> String { g.vertical + text + String(repeating: " ", count: inner - text.count) + g.vertical }
        #expect(box[0].hasPrefix("\(g.topLeft)\(g.horizontal) Command \(g.separator) Tab completes \(g.horizontal)"))
        #expect(box[0].hasSuffix(g.horizontal + g.topRight))
        #expect(box[1] == row(" :t\(cursor)"))
        // The completion column fits "theme " and a margin: 8 columns, then a space, then the help.
        #expect(box[2] == row(" \(g.selection) tag      filter by tag"))
        #expect(box[3] == row("   theme    switch theme, e.g. :theme mono"))
        #expect(box[4].hasPrefix(g.bottomLeft) && box[4].hasSuffix(g.bottomRight))
    }

    @Test("a quarantined entity's detail: marker, problems, file:line", arguments: Variant.all)
    func quarantined(_ variant: Variant) {
        let g = variant.glyphs
        var state = state(broken, variant)
        TUI.press(&state, .character("j"), .enter)
        let lines = screen(state, variant)
        #expect(lines.contains { $0.hasSuffix("\(g.vertical)  \(g.quarantined) QUARANTINED: not trusted until its problems are fixed" + String(repeating: " ", count: variant.isSideBySide ? 18 : 21) + g.vertical) })
        #expect(lines.contains { $0.contains("\(g.vertical)    t.yaml:14:3 error ") })
        #expect(lines.contains { $0.contains("\(g.vertical)      spec.owner is missing; a Component needs it (the owning group, e.g. ") })
        #expect(lines.contains { $0.contains("\(g.vertical)      team-a or group:team-a) ") })
        if variant.isSideBySide {
            #expect(lines[4].hasPrefix("\(g.vertical)\(g.selection) \(g.quarantined) orphan-service "), "the list marks it too")
        }
    }

    @Test("the list marks a quarantined entity", arguments: Variant.all)
    func quarantinedInList(_ variant: Variant) {
        let g = variant.glyphs
        let lines = screen(state(broken, variant), variant)
        #expect(lines[4].hasPrefix("\(g.vertical)  \(g.quarantined) orphan-service "))
        #expect(lines[4].contains("Component                  production"), "no owner to show")
    }

    @Test("a terminal below 80x24 gets the too-small screen at any size", arguments: [(60, 20), (79, 24), (80, 23), (20, 5), (1, 1)])
    func tooSmall(_ size: (Int, Int)) {
        let state = TUI.state(team, width: size.0, height: size.1)
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        let text = canvas.lines.joined(separator: "\n")
        if size.0 >= 30 {
            #expect(text.contains("terminal too small"))
            #expect(text.contains("(need 80x24, have \(size.0)x\(size.1))"))
            #expect(!text.contains("Catalog"))
        }
    }

    @Test("while the catalog refreshes the status line says so")
    func refreshing() {
        var state = TUI.state(team)
        state.source?.isRefreshing = true
        #expect(TUI.screen(state).lines[0] == " cairn  │ 9 entities │ cache 2m ago, refreshing… │ alice")
        state.isUnicode = false
        #expect(TUI.screen(state).lines[0] == " cairn  | 9 entities | cache 2m ago, refreshing~ | alice")
    }

    @Test("the age in the status line reads in seconds, minutes, hours and days")
    func ages() {
        var state = TUI.state(team)
        for (builtAt, age) in [(1_000_115, "5s"), (1_000_000, "2m"), (1_000_120 - 7_200, "2h"), (1_000_120 - 259_200, "3d")] {
            state.source?.builtAt = Date(timeIntervalSince1970: TimeInterval(builtAt))
            #expect(TUI.screen(state).lines[0] == " cairn  │ 9 entities │ cache \(age) ago │ alice")
        }
    }

    /// Sample text holds em dashes and curly quotes: in ASCII they are transliterated, so every
    /// screen is checked for ASCII too.
    @Test("the sample catalog renders well formed on every screen", arguments: Variant.all)
    func samples(_ variant: Variant) throws {
        var state = state(try TUI.samples(), variant)
        _ = screen(state, variant)
        TUI.press(&state, .character("t"))
        _ = screen(state, variant)
        TUI.press(&state, .character("G"), .enter)
        for _ in 0..<12 {
            TUI.press(&state, .character("j"))
            _ = screen(state, variant)
        }
        TUI.press(&state, .character("!"))
        _ = screen(state, variant)
        for _ in 0..<8 {
            TUI.press(&state, .character("j"))
            _ = screen(state, variant)
        }
        TUI.press(&state, .character("?"))
        _ = screen(state, variant)
        TUI.press(&state, .escape, .character(":"))
        _ = screen(state, variant)
        TUI.type(&state, "goto ")
        _ = screen(state, variant)
    }

    @Test("ASCII mode draws catalog text outside ASCII as ASCII too")
    func asciiCatalogText() throws {
        var state = TUI.state(try TUI.samples(), isUnicode: false, isColor: false)
        TUI.type(&state, ":goto account-web")
        TUI.press(&state, .enter)
        let canvas = TUI.screen(state)
        TUI.expectWellFormed(canvas)
        #expect(canvas.lines[3].hasPrefix("|  The \"My account\" pages "))
        TUI.expectASCII(canvas)
        #expect(canvas.lines.joined().contains(" - "), "the em dash of account-web's description drawn as -")
        // The same entity in Unicode keeps the dash.
        var unicode = TUI.state(try TUI.samples())
        TUI.type(&unicode, ":goto account-web")
        TUI.press(&unicode, .enter)
        #expect(TUI.screen(unicode).lines.joined().contains("\u{2014}"))
    }

    @Test("ASCII mode cuts an over-long word with ~, not …")
    func asciiEllipsis() {
        let catalog = TUI.catalog("""
        apiVersion: backstage.io/v1alpha1
        kind: User
        metadata:
          name: longword
          description: see https://example.com/\(String(repeating: "x", count: 120))
        spec:
          memberOf: []

        """)
        var state = TUI.state(catalog, isUnicode: false, isColor: false)
        TUI.press(&state, .enter)
        let canvas = TUI.screen(state)
        #expect(canvas.lines[4].hasPrefix("|  https://example.com/xxx"))
        TUI.expectASCII(canvas)
        #expect(canvas.lines[4].hasSuffix("x~|"))
        #expect(canvas.lines[4].count == 80, "cut to the pane: 76 columns of text, ending in ~")
        var unicode = TUI.state(catalog)
        TUI.press(&unicode, .enter)
        #expect(TUI.screen(unicode).lines[4].hasSuffix("x…│"), "Unicode cuts with …")
    }
}
