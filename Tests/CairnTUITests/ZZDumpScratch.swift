import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

@Test func zzDump() throws {
    var out = ""
    func show(_ title: String, _ s: AppState) {
        let c = TUI.screen(s)
        out += "=== \(title) \(s.width)x\(s.height)\n"
        for l in c.lines { out += "|" + l + "\n" }
    }
    let team = TUI.catalog(TestCatalogs.team)
    let broken = TUI.catalog(TestCatalogs.broken)
    let samples = try TUI.samples()
    for (w, h) in [(80, 24), (160, 48)] {
        var s = TUI.state(team, width: w, height: h); show("team list", s)
        TUI.press(&s, .enter); show("team detail after enter", s)
        s = TUI.state(samples, width: w, height: h); show("samples list", s)
        TUI.press(&s, .character("t")); show("samples grouped owner", s)
        TUI.press(&s, .character("t")); show("samples grouped system", s)
        s = TUI.state(samples, width: w, height: h); TUI.press(&s, .character("/")); TUI.type(&s, "pay"); show("filter typing", s)
        s = TUI.state(samples, width: w, height: h); TUI.type(&s, ":goto payments-service"); TUI.press(&s, .enter); show("payments-service detail", s)
        s = TUI.state(broken, width: w, height: h); TUI.press(&s, .character("p")); show("problems", s)
        TUI.press(&s, .enter); show("problems enter", s)
        s = TUI.state(broken, width: w, height: h); show("broken list", s)
        s = TUI.state(samples, width: w, height: h); TUI.press(&s, .character("?")); show("help", s)
        s = TUI.state(samples, width: w, height: h); TUI.type(&s, ":"); show("palette empty", s)
        TUI.type(&s, "th"); show("palette th", s)
        s = TUI.state(samples, width: w, height: h, isUnicode: false, isColor: false); show("ascii nocolor list", s)
    }
    show("too small", TUI.state(team, width: 60, height: 20))
    try out.write(toFile: "/tmp/tui-dump.txt", atomically: true, encoding: .utf8)
}
