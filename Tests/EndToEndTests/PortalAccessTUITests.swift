import Foundation
import Testing

/// Editing and the Audit tab from the portal, with keys alone, as catalog users (the tests run
/// as root, which may act as a sample User through CAIRN_AS_USER). Each test works on its own
/// copy of the sample catalog, so an edit never touches the repository's files.
@Suite("cairn portal: e edits, the Audit tab", .serialized)
struct PortalAccessTUITests {
    /// A session over a private copy of catalog-samples, acting as `user`, with `EDITOR` set.
    static func session(as user: String, editor: String, width: Int = 100, height: Int = 30,
                        environment overrides: [String: String?] = [:]) throws -> (TmuxSession, catalog: String) {
        let session = try TmuxSession()
        let catalog = session.state + "/catalog"
        try FileManager.default.copyItem(atPath: CairnProcess.repository + "/catalog-samples", toPath: catalog)
        var environment = overrides
        environment["CAIRN_AS_USER"] = user
        environment["EDITOR"] = editor
        try session.start(width: width, height: height, command: [CairnProcess.binary, "--catalog", catalog],
                          environment: session.environment(environment))
        return (session, catalog)
    }

    static func paymentsFile(_ catalog: String) -> String { catalog + "/services/payments/payments-service.yaml" }

    /// The screen's text with the frames' side borders gone and lines joined, for reasons
    /// wrapped over several lines.
    static func flattened(_ screen: String) -> String {
        TmuxSession.lines(of: screen).map { line in
            line.replacingOccurrences(of: "│", with: " ").replacingOccurrences(of: "|", with: " ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
    }

    /// The SGR colour parameters (30–38, 40–48, 90–97, 100–107) in a screen captured with
    /// escapes; tmux's own resets to the default colours (39, 49) do not count.
    static func colourCodes(_ screen: String) -> [Int] {
        screen.matches(of: /\x1B\[([0-9;]*)m/).flatMap { match in
            match.output.1.split(separator: ";").compactMap { Int($0) }.filter {
                (30...38).contains($0) || (40...48).contains($0) || (90...97).contains($0) || (100...107).contains($0)
            }
        }
    }

    /// Filters the list down to payments-service and puts the cursor on it.
    static func selectPayments(_ session: TmuxSession, cursor: String = "▶") throws {
        try session.press("/")
        try session.type("payments-service")
        try session.press("Enter")
        try session.waitFor("\(cursor) payments-service")
    }

    /// The sed that retags the service tier-0 (words split as a shell would). Not the lifecycle:
    /// leaving production (where requests need approval) is for tech leads and platform engineers.
    static let tagEdit = "sed -i s/-\\ tier-1/-\\ tier-0/"

    @Test("an owner presses e: the editor runs, the screen comes back whole, the status says saved, the detail and the Audit tab show the edit",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
          .enabled(if: geteuid() == 0, "acting as a catalog user needs root (CAIRN_AS_USER)"))
    func ownerEdits() throws {
        let (session, catalog) = try Self.session(as: "elena.petrova", editor: Self.tagEdit)
        defer { session.close() }
        let before = try String(contentsOfFile: Self.paymentsFile(catalog), encoding: .utf8)
        try session.waitFor("Catalog (", "elena.petrova · developer")
        try Self.selectPayments(session)
        try session.waitFor("Tags        kotlin, pci, tier-1")
        try session.press("e")
        let saved = try session.waitFor("saved component:payments-service (metadata.tags) to", "Tags        kotlin, pci, tier-0")
        let lines = TmuxSession.lines(of: saved)
        #expect(lines.count == 30)
        #expect(lines[0].hasPrefix(" cairn  │ 73 entities"), "the status line is back: \(lines[0])")
        #expect(lines[1].hasPrefix("┌─ Catalog (") && lines[1].hasSuffix("┐"), "the frames are back: \(lines[1])")
        #expect(Self.flattened(saved).contains("to \(Self.paymentsFile(catalog))"))
        let after = try String(contentsOfFile: Self.paymentsFile(catalog), encoding: .utf8)
        #expect(after != before)
        #expect(after.components(separatedBy: "- tier-0").count == 2 && after.contains("tier: tier1"), "only the tag changed")

        // Keys still reach the portal (raw mode and the keypad are back): open the Audit tab.
        try session.press("]", "]", "]")
        let audit = try session.waitFor("Overview Health Docs [Audit]", "entity.edit", "✓ ok")
        #expect(audit.contains("user:elena.petrova"))
        #expect(Self.flattened(audit).contains("changed=metadata.tags"))
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }

    @Test("a developer of another team presses e: the reason in the status line, no editor, the file unchanged",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
          .enabled(if: geteuid() == 0, "acting as a catalog user needs root (CAIRN_AS_USER)"))
    func nonOwnerIsRefused() throws {
        let (session, catalog) = try Self.session(as: "grace.okafor", editor: Self.tagEdit)
        defer { session.close() }
        let before = try String(contentsOfFile: Self.paymentsFile(catalog), encoding: .utf8)
        try session.waitFor("Catalog (", "grace.okafor · developer")
        try Self.selectPayments(session)
        try session.press("e")
        let refused = try session.waitFor("permission denied: cannot edit component:default/payments-service")
        #expect(Self.flattened(refused).contains("you (user:grace.okafor) are not in group:default/payments-team, the owner of component:default/payments-service; ask one of its members or a platform engineer"),
                "\(refused)")
        #expect(try String(contentsOfFile: Self.paymentsFile(catalog), encoding: .utf8) == before)
        // The next key clears the message and gives the panes their rows back.
        try session.press("j")
        try session.waitForAbsence(of: "permission denied")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }

    @Test("at 80x24 with NO_COLOR and LANG=C, another team's developer opens the Audit tab: the denial and its reason, in ASCII",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
          .enabled(if: geteuid() == 0, "acting as a catalog user needs root (CAIRN_AS_USER)"))
    func nonOwnerCannotReadTheAudit() throws {
        let (session, _) = try Self.session(as: "grace.okafor", editor: "true", width: 80, height: 24, environment: ["LANG": "C", "NO_COLOR": "1"])
        defer { session.close() }
        try session.waitFor("Catalog (", "| grace")
        try Self.selectPayments(session, cursor: ">")
        try session.press("Enter")
        try session.waitFor("+- component:default/payments-service")
        try session.press("]", "]", "]")
        let denied = try session.waitFor("Overview Health Docs [Audit]", "x denied")
        #expect(Self.flattened(denied).contains("cannot read the audit records of component:default/payments-service: you (user:grace.okafor) are not in group:default/payments-team"),
                "\(denied)")
        #expect(!denied.unicodeScalars.contains { !$0.isASCII }, "ASCII only under LANG=C")
        // Attributes (bold, reverse) carry the meaning; no foreground or background colour is set.
        let styled = try session.screen(escapes: true)
        #expect(styled.contains("\u{1B}["), "tmux reports the attributes")
        #expect(Self.colourCodes(styled).isEmpty, "no colour under NO_COLOR: \(Self.colourCodes(styled))")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }

    @Test("an invalid edit is kept: the status says so, and the next e reopens the same copy, which then saves",
          .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
          .enabled(if: geteuid() == 0, "acting as a catalog user needs root (CAIRN_AS_USER)"))
    func invalidEditIsReopened() throws {
        // The first run breaks the name; the second finds the broken copy, mends it and retags.
        let session = try TmuxSession()
        defer { session.close() }
        let catalog = session.state + "/catalog"
        try FileManager.default.copyItem(atPath: CairnProcess.repository + "/catalog-samples", toPath: catalog)
        let editor = session.state + "/editor.sh"
        try """
            #!/bin/sh
            echo "$1" >> '\(session.state)/opened'
            if grep -q 'name: Pay\\$' "$1"; then
              sed -i -e 's/name: Pay\\$/name: payments-service/' -e 's/- tier-1/- tier-0/' "$1"
            else
              sed -i 's/name: payments-service/name: Pay$/' "$1"
            fi

            """.write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        try session.start(width: 100, height: 30, command: [CairnProcess.binary, "--catalog", catalog],
                          environment: session.environment(["CAIRN_AS_USER": "elena.petrova", "EDITOR": editor]))
        try session.waitFor("Catalog (", "elena.petrova · developer")
        try Self.selectPayments(session)
        try session.press("e")
        let kept = try session.waitUntil("the footer says the edit is kept") { screen in
            Self.flattened(screen).contains("metadata.name \"Pay$\"") && Self.flattened(screen).contains("e reopens your edit of payments-service, kept in /")
        }
        #expect(!Self.flattened(kept).contains("saved"))
        try session.press("e")
        try session.waitFor("saved component:payments-service (metadata.tags) to", "Tags        kotlin, pci, tier-0")
        let opened = try String(contentsOfFile: session.state + "/opened", encoding: .utf8).split(separator: "\n")
        #expect(opened.count == 2 && opened[0] == opened[1], "the same copy both times: \(opened)")
        #expect(!FileManager.default.fileExists(atPath: String(opened[0])), "a saved copy is removed")
        try session.press("q")
        #expect(try session.waitForExit() == .status(0))
    }
}
