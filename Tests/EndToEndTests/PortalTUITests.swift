import Foundation
import LoopbackFixtures
import Testing

/// The full-screen portal, driven as a user drives it: the real binary in a private tmux
/// server, keys sent with `send-keys`, the screen read with `capture-pane`.
@Suite("cairn portal in tmux", .serialized,
       .enabled(if: TmuxSession.isAvailable, "tmux is not installed; the portal end-to-end tests run cairn inside tmux"))
struct PortalTUITests {
    let samples = CairnProcess.repository + "/catalog-samples"
    let hostile = CairnProcess.repository + "/Tests/Fixtures/hostile"

    // MARK: Start, navigate, filter, overlays

    @Test("starts at 100x30 with the list and the detail of the first entity side by side")
    func startsWithListAndDetail() throws {
        let counts = try sampleCounts()
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples])
        defer { session.close() }
        let screen = try session.waitFor("Catalog (\(counts.all))", "component:default/account-web")
        let lines = TmuxSession.lines(of: screen)
        #expect(lines[0].hasPrefix(" cairn "), "status line: \(lines[0])")
        #expect(lines[0].contains("\(counts.all) entities"))
        #expect(lines[1].hasPrefix("┌─ Catalog (\(counts.all)) · by name"))
        #expect(Self.detailTitle(screen) == "component:default/account-web")
        #expect(Self.listRows(screen, paneWidth: 52).first?.name == "account-web")
        #expect(Self.listRows(screen, paneWidth: 52).first?.isSelected == true)
        #expect(screen.contains("Account Web"), "the detail shows the entity's title")
        #expect(lines.last { !$0.isEmpty }?.contains("q quit") == true, "footer hints")
        #expect(try !session.isPaneDead())
    }

    @Test("/ filters as you type, Enter keeps the filter, Esc clears it")
    func filter() throws {
        let counts = try sampleCounts()
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples])
        defer { session.close() }
        try session.waitFor("Catalog (\(counts.all))")
        try session.press("/")
        try session.type("kind:api")
        try session.waitFor("/kind:api", "Catalog (\(counts.apis) of \(counts.all))")
        try session.press("Enter")
        let filtered = try session.waitUntil("the filter is kept and editing ends") { screen in
            screen.contains("Catalog (\(counts.apis) of \(counts.all))") && !screen.contains("/kind:api") && screen.contains("Enter open")
        }
        #expect(TmuxSession.lines(of: filtered)[0].contains("filter: kind:api (\(counts.apis))"))
        let rows = Self.listRows(filtered, paneWidth: 52)
        #expect(rows.count == counts.apis, "\(filtered)")
        #expect(rows.allSatisfy { $0.kind == "API" }, "\(rows)")
        #expect(Self.detailTitle(filtered)?.hasPrefix("api:") == true, "the detail follows the selected API")

        try session.press("Escape")
        let cleared = try session.waitFor("Catalog (\(counts.all))")
        #expect(!cleared.contains("filter:"))
        #expect(Set(Self.listRows(cleared, paneWidth: 52).map(\.kind)).count > 1, "every kind is listed again")
    }

    @Test("Enter opens the detail, Enter on a relation follows it, Esc goes back")
    func followRelation() throws {
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples])
        defer { session.close() }
        let start = try session.waitFor("Catalog (", "component:default/account-web")
        let opened = try #require(Self.detailTitle(start))
        try session.press("Enter")
        var screen = try session.waitFor("Enter follow", "Esc back") // the footer of a focused detail
        #expect(Self.detailTitle(screen) == opened)
        let firstCursor = try #require(Self.detailCursor(screen, paneX: 52), "the cursor sits on the first link\n\(screen)")

        // j moves over the links (owner, system, …) until the cursor reaches a relation line,
        // which names its target as kind:namespace/name.
        var cursor = firstCursor
        var target: String?
        for _ in 0..<40 {
            if let ref = Self.fullRef(in: cursor.text) { target = ref; break }
            let previous = cursor
            try session.press("j")
            screen = try session.waitUntil("the detail cursor moves") { screen in
                Self.detailCursor(screen, paneX: 52).map { $0 != previous } ?? false
            }
            cursor = try #require(Self.detailCursor(screen, paneX: 52))
        }
        let linked = try #require(target, "j never reached a relation\n\(screen)")
        #expect(linked != opened)

        try session.press("Enter")
        screen = try session.waitUntil("the detail shows \(linked)") { Self.detailTitle($0) == linked }
        #expect(screen.contains("\(linked) · 1 back"), "the title counts the way back\n\(screen)")

        try session.press("Escape")
        screen = try session.waitUntil("Esc returns to \(opened)") { Self.detailTitle($0) == opened }
        #expect(!screen.contains("1 back"))
        #expect(screen.contains("Enter follow"), "still in the detail pane")
        try session.press("BSpace")
        try session.waitFor("Enter open") // Backspace with no history goes back to the list
    }

    @Test("? shows the keys, Esc closes them")
    func help() throws {
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples])
        defer { session.close() }
        try session.waitFor("Catalog (")
        try session.press("?")
        let help = try session.waitFor("Keys · Esc closes")
        for text in ["Moving", "Everywhere", "command palette", "q Ctrl-c"] { #expect(help.contains(text), "\(text)") }
        try session.press("Escape")
        let closed = try session.waitForAbsence(of: "Keys · Esc closes")
        #expect(closed.contains("Catalog (") && closed.contains("q quit"))
        #expect(!closed.contains("Everywhere"), "the overlay is fully erased")
    }

    @Test(": opens the command palette; Tab completes, :goto opens an entity, :q quits")
    func commandPalette() throws {
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples])
        defer { session.close() }
        try session.waitFor("Catalog (")
        try session.press(":")
        try session.waitFor("Command · Tab completes")
        try session.type("got")
        try session.waitFor(":got")
        try session.press("Tab")
        try session.waitFor(":goto ")
        try session.type("checkout-service")
        try session.press("Enter")
        let screen = try session.waitUntil("the detail shows checkout-service") { Self.detailTitle($0) == "component:default/checkout-service" }
        #expect(!screen.contains("Command · Tab completes"), "the palette closed")
        #expect(screen.contains("Checkout Service"))

        try session.press(":")
        try session.waitFor("Command · Tab completes")
        try session.type("q")
        try session.press("Enter")
        #expect(try session.waitForExit() == .status(0))
    }

    @Test("below 80x24 says the terminal is too small; back at 100x30 the catalog is drawn again")
    func resize() throws {
        let counts = try sampleCounts()
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples])
        defer { session.close() }
        try session.waitFor("Catalog (\(counts.all))")
        try session.resize(width: 60, height: 20)
        let small = try session.waitFor("terminal too small", "(need 80x24, have 60x20)")
        #expect(!small.contains("Catalog") && !small.contains("│"), "nothing of the old frame is left\n\(small)")
        try session.resize(width: 100, height: 30)
        let again = try session.waitFor("Catalog (\(counts.all))", "component:default/account-web")
        #expect(!again.contains("terminal too small"))
        #expect(TmuxSession.lines(of: again).count >= 30)
        try session.resize(width: 80, height: 24) // the smallest size that draws
        // Below 100 columns the list is drawn alone, without the detail beside it.
        let smallest = try session.waitUntil("the list alone fills 80x24") { screen in
            let lines = TmuxSession.lines(of: screen)
            return lines.count == 24 && lines[1].hasPrefix("┌─ Catalog (\(counts.all))") && lines[1].hasSuffix("┐") && Self.detailTitle(screen) == nil
        }
        #expect(!smallest.contains("terminal too small"))
        #expect(TmuxSession.lines(of: smallest)[1].count == 80)
    }

    // MARK: Leaving the terminal as it was

    @Test("q, Ctrl-C, SIGTERM and SIGHUP each give the shell back in the terminal mode it had before")
    func quitRestoresTheTerminal() throws {
        let counts = try sampleCounts()
        let session = try TmuxSession.shell(width: 100, height: 30)
        defer { session.close() }
        var probe = 0
        let before = try Self.terminalModes(session, probe: &probe)
        #expect(before.contains("icanon") && before.contains("echo"), "\(before)")
        let command = [CairnProcess.binary, "--catalog", samples].map(TmuxSession.shellQuoted).joined(separator: " ")

        let ways: [(name: String, quit: () throws -> Void)] = [
            ("q", { try session.press("q") }),
            ("Ctrl-C", { try session.press("C-c") }),
            ("SIGTERM", { try signalCairn(SIGTERM) }),
            ("SIGHUP", { try signalCairn(SIGHUP) }),
        ]
        /// Sends `signal` from outside to the cairn that bash started in the pane.
        func signalCairn(_ signal: Int32) throws {
            let bash = try session.panePID
            let children = TmuxSession.children(of: bash)
            let cairn = try #require(children.first { Self.commandLine(of: $0).contains("cairn") }, "no cairn under bash \(bash): \(children)")
            #expect(kill(cairn, signal) == 0)
        }
        for (name, quit) in ways {
            try session.run(command)
            try session.waitFor("Catalog (\(counts.all))")
            try quit()
            // Type nothing until cairn has left the alternate screen: keys sent earlier would
            // be read (and dropped) by cairn itself.
            try session.waitForAbsence(of: "Catalog (")
            probe += 1
            try session.run("echo \"exit-$((\(probe)+1000))=$?\"")
            let screen = try session.waitUntil("the shell reports how cairn exited after \(name)") { $0.contains("exit-\(probe + 1000)=") }
            let status = Self.value(after: "exit-\(probe + 1000)=", in: screen)
            // q, Ctrl-C, SIGTERM and SIGHUP all end cairn cleanly (status 0, not a crash).
            #expect(status == "0", "\(name): cairn's exit status was \(status ?? "?") (132 would be SIGILL)")
            probe += 1
            try session.run("echo shell-ok-$((\(probe)+1))")
            try session.waitFor("shell-ok-\(probe + 1)")
            let after = try Self.terminalModes(session, probe: &probe)
            #expect(after == before, "\(name): terminal modes before \(before), after \(after)")
            #expect(!after.contains("-icanon") && !after.contains("-echo"), "\(name): \(after)")
        }
    }


    // MARK: Hosts that are not like ours

    @Test("NO_COLOR=1 and LANG=C at 80x24: ASCII frames, no colour")
    func asciiWithoutColour() throws {
        let counts = try sampleCounts()
        let session = try TmuxSession.portal(width: 80, height: 24, arguments: ["--catalog", samples], environment: ["LANG": "C", "NO_COLOR": "1"])
        defer { session.close() }
        var screen = try session.waitFor("+- Catalog (\(counts.all)) | by name")
        try Self.expectASCIIFrame(screen, session: session, context: "list")
        #expect(screen.contains("|> account-web"), "ASCII selection marker\n\(screen)")
        #expect(screen.contains("[?]"), "health shown as text without colour")

        try session.press("?")
        screen = try session.waitFor("Keys | Esc closes")
        try Self.expectASCIIFrame(screen, session: session, context: "help")
        #expect(screen.contains("j k Down Up"), "\(screen)")
        try session.press("Escape")
        try session.waitForAbsence(of: "Keys | Esc closes")

        try session.press("Enter")
        screen = try session.waitFor("+- component:default/account-web")
        try Self.expectASCIIFrame(screen, session: session, context: "detail")
        #expect(screen.contains("|> Owner"), "\(screen)")
    }

    @Test("a TERM with no terminfo here falls back and still draws the catalog")
    func unknownTerminalType() throws {
        let counts = try sampleCounts()
        let term = Self.hasTerminfo("xterm-kitty") ? "made-up-term" : "xterm-kitty"
        let session = try TmuxSession.portal(width: 100, height: 30, arguments: ["--catalog", samples], environment: ["TERM": term])
        defer { session.close() }
        let screen = try session.waitFor("┌─ Catalog (\(counts.all))", "component:default/account-web")
        #expect(!screen.contains("Error opening terminal"), "TERM=\(term)")
        #expect(try !session.isPaneDead(), "TERM=\(term)")
        try session.press("j")
        try session.waitUntil("j moves with TERM=\(term)") { Self.detailTitle($0) != "component:default/account-web" }
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }

    // MARK: Hostile catalog text

    /// Each hostile entity, in list order (by name), and what its title and description must
    /// look like once sanitised.
    static let hostileEntities: [(ref: String, title: String, description: String)] = [
        ("component:default/hostile-bidi-override", "Title before-rlo gnp.exe after-rlo", "Description before-rlo fdp.exe after-rlo"),
        ("component:default/hostile-clear-screen", "Title before-clear  after-clear", "Description before-clear after-clear"),
        ("component:default/hostile-clipboard-osc52", "Title before-osc52  after-osc52", "Description before-osc52 after-osc52"),
        ("component:default/hostile-colours", "Title before-sgr RED-TEXT after-sgr", "Description before-sgr RED-BACKGROUND after-sgr"),
        ("component:default/hostile-cr-overwrite", "Title before-cr good EVIL after-cr", "Description before-cr good EVIL after-cr"),
        ("component:default/hostile-hyperlink-osc8", "Title before-osc8 link-text after-osc8", "Description before-osc8 desc-link after-osc8"),
        ("group:default/hostile-team", "Hostile  Team", "Owns the hostile fixture entities."),
        ("component:default/hostile-window-title", "Title before-osc0  after-osc0", "Description before-osc0 after-osc0"),
    ]

    @Test("escape sequences in catalog text never take effect: title, screen, colours, CR, OSC 8, OSC 52, RLO")
    func hostileCatalog() throws {
        let session = try TmuxSession.shell(width: 120, height: 30)
        defer { session.close() }

        // First prove the probes can see an attack on this tmux: a raw OSC 0 sets the pane
        // title and a raw OSC 52 creates a paste buffer (set-clipboard is on).
        try session.run(#"printf '\033]0;canary-title\007\033]52;c;Y2FuYXJ5\007'; echo canary-$((1+1))"#)
        try session.waitFor("canary-2")
        #expect(try session.paneTitle == "canary-title", "a raw OSC 0 should change #{pane_title}")
        let canaries = try session.pasteBuffers()
        #expect(!canaries.isEmpty, "a raw OSC 52 should create a paste buffer")
        for buffer in canaries { try session.tmuxChecked(["delete-buffer", "-b", buffer]) }
        try session.setPaneTitle("before-cairn")
        #expect(try session.paneTitle == "before-cairn")

        try session.run("exec " + [CairnProcess.binary, "--catalog", hostile].map(TmuxSession.shellQuoted).joined(separator: " "))
        try session.waitFor("Catalog (\(Self.hostileEntities.count))", Self.hostileEntities[0].ref)

        for (index, entity) in Self.hostileEntities.enumerated() {
            if index > 0 { try session.press("j") }
            let screen = try session.waitUntil("the detail shows \(entity.ref)") { screen in
                Self.detailTitle(screen) == entity.ref && screen.contains(entity.title)
            }
            let name = String(entity.ref.split(separator: "/").last!)
            let context = "\(name)\n\(screen)"
            #expect(screen.contains(entity.title), "title: \(context)")
            #expect(screen.contains(entity.description), "description: \(context)")
            // The screen was not cleared and nothing was drawn over: the frame is all there.
            let lines = TmuxSession.lines(of: screen)
            #expect(lines[0].hasPrefix(" cairn ") && lines[0].contains("8 entities"), "status line: \(context)")
            #expect(lines[1].hasPrefix("┌─ Catalog (8) · by name"), "list title: \(context)")
            #expect(lines.contains { $0.hasPrefix("└") }, "bottom border: \(context)")
            #expect(lines.contains { $0.contains("q quit") }, "footer: \(context)")
            #expect(Self.listRows(screen, paneWidth: 62).count == Self.hostileEntities.count, "every row is still listed: \(context)")
            #expect(Self.listRows(screen, paneWidth: 62).first { $0.isSelected }?.name == name, "\(context)")
            // None of the payloads is visible, and no control character reached the pane.
            for word in ["PWNED", "evil.example", "cHduZWQ", "^[", "^G"] { #expect(!screen.contains(word), "\(word): \(context)") }
            #expect(!screen.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || (0x80...0x9F).contains($0.value) },
                    "control or bidi character in the pane: \(context)")
            // With attributes: no OSC (hyperlink, title, clipboard) and no style change inside
            // the hostile text (a leaked SGR would colour RED-TEXT).
            let styled = try session.screen(escapes: true)
            #expect(!styled.contains("\u{1B}]"), "an OSC sequence is in the pane: \(name)")
            for line in styled.components(separatedBy: "\n") {
                guard let start = line.range(of: "before-"), let end = line.range(of: "after-", range: start.upperBound..<line.endIndex) else { continue }
                #expect(!line[start.lowerBound..<end.upperBound].contains("\u{1B}"), "styling inside the hostile text: \(line.debugDescription)")
            }
            #expect(try session.paneTitle == "before-cairn", "the pane title changed at \(name)")
            #expect(try session.pasteBuffers().isEmpty, "a paste buffer appeared (OSC 52) at \(name)")

            if entity.ref.hasPrefix("component:") {
                #expect(screen.contains("Owner       Hostile  Team (group:hostile-team)"), "owner's title: \(context)")
            }
            switch name {
            case "hostile-cr-overwrite":
                #expect(screen.contains("good EVIL"), "CR became a space, so EVIL does not hide good: \(context)")
            case "hostile-hyperlink-osc8":
                #expect(screen.contains("Docs before-link  after-link"), "link title: \(context)")
            case "hostile-clipboard-osc52":
                #expect(screen.contains("cairn.dev/note: before-annotation  after-annotation"), "annotation value: \(context)")
            default:
                break
            }
        }
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
        #expect(try session.paneTitle == "before-cairn")
        #expect(try session.pasteBuffers().isEmpty)
    }

    @Test("the hostile fixture is valid and the CLI prints its text without escapes")
    func hostileCatalogCLI() throws {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        let validation = try cairn.run(["validate", "--catalog", "Tests/Fixtures/hostile"])
        #expect(validation.status == 0, "\(validation.output)\(validation.errors)")
        #expect(validation.output.hasPrefix("8 entities, 8 valid, 0 quarantined"), "\(validation.output)")
        let list = try cairn.run(["list", "--catalog", hostile])
        #expect(list.status == 0)
        #expect(list.output.contains("Description before-osc8 desc-link after-osc8"), "\(list.output)")
        #expect(list.output.contains("Description before-cr good EVIL after-cr"), "\(list.output)")
        for entity in Self.hostileEntities {
            let shown = try cairn.run(["show", "--catalog", hostile, entity.ref])
            #expect(shown.status == 0)
            #expect(shown.output.contains(entity.title), "\(shown.output)")
            for output in [list.output, shown.output] {
                #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D || $0.value == 0x202E },
                        "\(entity.ref): \(output.debugDescription)")
                #expect(!output.contains("PWNED") && !output.contains("evil.example") && !output.contains("cHduZWQ"))
            }
        }
    }

    // MARK: Reading the screen

    /// Entity counts of the samples from the CLI, so the portal is checked against it.
    // MARK: Live health

    @Test("live health from the demo fleet: badges, status-line counts, incidents on i, the Health tab, the dependency graph")
    func liveHealth() throws {
        // scripts/demo-fleet.py: the samples' health endpoints on 127.0.0.1:18080-18094.
        let fleet = try FixtureServer(path: "scripts/demo-fleet.py", waitingFor: "ready")
        defer { fleet.stop() }
        let session = try TmuxSession.portal(width: 120, height: 36, arguments: ["--catalog", samples])
        defer { session.close() }
        let first = try session.waitUntil("the first health round") { screen in
            TmuxSession.lines(of: screen)[0].contains("FAIL") && screen.contains("✖ FAIL") && screen.contains("● ok")
        }
        #expect(TmuxSession.lines(of: first)[0].contains("(i)"), "the status line points at the incidents screen")
        try session.press("i")
        let incidents = try session.waitFor("Incidents (", "component:fulfilment-service", "status DOWN")
        #expect(incidents.contains("blast radius"))
        #expect(incidents.contains("on-call PagerDuty service PFUL3J5"))
        #expect(incidents.contains("component:fraud-scoring-service"), "the IETF warn is listed")
        let lines = TmuxSession.lines(of: incidents)
        let selected = try #require(lines.firstIndex { $0.contains("▶") })
        try session.press("Enter")
        let health = try session.waitFor("[Health]", "Endpoint", "Last checks")
        #expect(health.contains("TIME (UTC)"))
        #expect(lines[selected].contains("component:"), "Enter opened the selected incident")
        try session.press("d")
        let graph = try session.waitUntil("the dependency graph") { $0.contains("Dependencies") || $0.contains("upstream") }
        #expect(graph.contains("FAIL") || graph.contains("ok"), "nodes carry health badges")
        try session.press("q")
        _ = try session.waitForExit()
    }

    private func sampleCounts() throws -> (all: Int, apis: Int) {
        let cairn = CairnProcess()
        defer { cairn.remove() }
        func count(_ arguments: [String]) throws -> Int {
            let result = try cairn.run(["list", "--catalog", samples, "--json", "--include-quarantined"] + arguments)
            return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Any]).count
        }
        return (try count([]), try count(["--kind", "api"]))
    }

    struct ListRow: Equatable, CustomStringConvertible {
        var name: String
        var kind: String
        var isSelected: Bool
        var description: String { "\(isSelected ? "▶ " : "")\(name) \(kind)" }
    }

    /// The entity rows of the list pane (its left `paneWidth` columns), under the column header.
    static func listRows(_ screen: String, paneWidth: Int) -> [ListRow] {
        var rows: [ListRow] = []
        for line in TmuxSession.lines(of: screen).dropFirst(3) {
            let pane = String(line.prefix(paneWidth))
            guard pane.hasPrefix("│") || pane.hasPrefix("|") else { break }
            let inner = pane.dropFirst().drop { $0 == " " }
            let isSelected = inner.hasPrefix("▶") || inner.hasPrefix(">")
            let words = inner.split(separator: " ").filter { !["▶", ">", "│", "|"].contains($0) }
            guard words.count >= 2 else { continue }
            rows.append(ListRow(name: String(words[0]), kind: String(words[1]), isSelected: isSelected))
        }
        return rows
    }

    /// The ref in the detail pane's title (`┌─ kind:namespace/name ─` or `· N back`), or nil when
    /// no detail pane is on screen.
    static func detailTitle(_ screen: String) -> String? {
        let lines = TmuxSession.lines(of: screen)
        guard lines.count > 1 else { return nil }
        let pattern = #/[┌+][─-] ([a-z0-9]+:[A-Za-z0-9._-]+/[A-Za-z0-9._-]+)(?: [·|] \d+ back)? [─-]/#
        return lines[1].firstMatch(of: pattern).map { String($0.output.1) }
    }

    /// The detail pane's cursor line (`▶` right after the pane's left border) and its row.
    struct DetailCursor: Equatable {
        var row: Int
        var text: String
    }

    static func detailCursor(_ screen: String, paneX: Int) -> DetailCursor? {
        for (row, line) in TmuxSession.lines(of: screen).enumerated() {
            let pane = line.dropFirst(paneX)
            if pane.dropFirst().hasPrefix("▶") { return DetailCursor(row: row, text: String(pane)) }
        }
        return nil
    }

    /// The first full ref (`kind:namespace/name`) in a line.
    static func fullRef(in text: String) -> String? {
        text.firstMatch(of: #/[a-z]+:[a-z0-9-]+/[A-Za-z0-9._-]+/#).map { String($0.output) }
    }

    /// The rest of the first line that contains `marker`, after it.
    static func value(after marker: String, in screen: String) -> String? {
        guard let line = TmuxSession.lines(of: screen).first(where: { $0.hasPrefix(marker) }) else { return nil }
        return String(line.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces)
    }

    /// The on/off state of the line-discipline flags that matter, as `stty -a` prints them in
    /// the pane right now (e.g. `isig icanon echo …`), read through the shell in the pane.
    static func terminalModes(_ session: TmuxSession, probe: inout Int) throws -> [String] {
        probe += 1
        let marker = "modes-\(probe + 1000):"
        try session.run(#"echo "modes-$(("# + "\(probe)" + #"+1000)): $(stty -a | tr -s ' ;' '\n\n' | grep -xE -e '-?(isig|icanon|echo|echoe|icrnl|ixon|opost|onlcr)' | tr '\n' ' ')""#)
        let screen = try session.waitUntil("stty answers (\(marker))") { TmuxSession.lines(of: $0).contains { $0.hasPrefix(marker) } }
        let line = try #require(TmuxSession.lines(of: screen).first { $0.hasPrefix(marker) })
        return line.dropFirst(marker.count).split(separator: " ").map(String.init)
    }

    /// The command line of a process, from /proc.
    static func commandLine(of pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
    }

    /// Whether this host has a terminfo entry for `name` (`infocmp` succeeds).
    static func hasTerminfo(_ name: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["infocmp", name]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Glyphs of the Unicode theme that must not appear when drawing in ASCII.
    static let unicodeGlyphs: Set<Character> = ["─", "│", "┌", "┐", "└", "┘", "▶", "✗", "→", "…", "▾", "·", "█", "↓", "↑"]

    /// Frames, markers and hints in ASCII only, and no colour in the cells' attributes.
    static func expectASCIIFrame(_ screen: String, session: TmuxSession, context: String) throws {
        let lines = TmuxSession.lines(of: screen)
        #expect(lines[1].hasPrefix("+-"), "\(context): top border\n\(screen)")
        #expect(lines.contains { $0.hasPrefix("+-") && $0.hasSuffix("-+") }, "\(context): bottom border\n\(screen)")
        #expect(lines.dropFirst(2).filter { $0.hasPrefix("|") }.count >= 10, "\(context): side borders\n\(screen)")
        let drawing = screen.filter { character in
            unicodeGlyphs.contains(character) || character.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) } // box drawing and blocks
        }
        #expect(drawing.isEmpty, "\(context): Unicode drawing characters \(Array(Set(drawing)))\n\(screen)")
        // Frame and chrome lines (status, borders, footer) are pure ASCII; catalog text may not be.
        for line in [lines[0], lines[1]] + lines.filter({ $0.hasPrefix("+") }) + [lines.last { !$0.isEmpty } ?? ""] {
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(context): \(line)")
        }
        let styled = try session.screen(escapes: true)
        let colours = styled.matches(of: #/\x1B\[([0-9;:]*)m/#).flatMap { match in
            match.output.1.split(whereSeparator: { $0 == ";" || $0 == ":" }).compactMap { Int($0) }
        }.filter { (30...38).contains($0) || (40...48).contains($0) || (90...97).contains($0) || (100...107).contains($0) }
        #expect(colours.isEmpty, "\(context): colour codes \(colours) with NO_COLOR=1")
    }
}
