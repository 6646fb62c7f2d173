import CairnCatalog
import CairnScaffold
@testable import CairnTUI
import Foundation
import Testing

@Suite("New-project wizard")
struct WizardTests {
    /// The sample catalog at 100x32 with the wizard open on the Node.js API template.
    static func nodeWizard() throws -> AppState {
        var state = TUI.state(try TUI.samples(), width: 100, height: 32)
        TUI.press(&state, .character("n"))
        let position = try #require(state.wizard?.templates.firstIndex { $0.name == "nodejs-api-template" })
        for _ in 0..<position { TUI.press(&state, .character("j")) }
        TUI.press(&state, .enter)
        return state
    }

    @Test("n opens the picker over every template; Esc closes it; :new NAME opens the template's first page")
    func picker() throws {
        var state = TUI.state(try TUI.samples(), width: 100, height: 32)
        TUI.press(&state, .character("n"))
        #expect(state.screen == .wizard)
        #expect(state.wizard?.stage == .picker)
        #expect(state.wizard?.templates.count == state.catalog.entities.filter { $0.ref.kind == "template" }.count)
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        #expect(screen.lines.joined().contains("Node.js API"))
        TUI.press(&state, .escape)
        #expect(state.screen == .catalog && state.wizard == nil)
        TUI.press(&state, .character(":"))
        TUI.type(&state, "new python-worker-template")
        TUI.press(&state, .enter)
        #expect(state.wizard?.template?.name == "python-worker-template")
        #expect(state.wizard?.stage == .page(0))
    }

    @Test("letters go to the field, not to the global keys; a field is validated as it is left, with the reason inline")
    func typingAndValidation() throws {
        var state = try Self.nodeWizard()
        TUI.type(&state, "Quit Now")
        #expect(state.screen == .wizard, "q, i, p, n typed into a field do not act")
        #expect(state.wizard?.texts["name"] == "Quit Now")
        TUI.press(&state, .tab)
        #expect(state.wizard?.errors["name"]?.contains("must match") == true)
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        #expect(screen.lines.contains { $0.contains("✖ must match") })
        TUI.press(&state, .backTab, .control("u"))
        TUI.type(&state, "quit-now")
        TUI.press(&state, .tab)
        #expect(state.wizard?.errors["name"] == nil)
        // Enter with required fields empty stays on the page and points at the first problem.
        TUI.press(&state, .enter)
        #expect(state.wizard?.stage == .page(0))
        #expect(state.wizard?.focusedField?.key == "owner")
        #expect(state.wizard?.errors["owner"] != nil)
    }

    @Test("entity suggestions fill the field; checkboxes and choices change with Space and arrows; Esc goes back a page")
    func pickersAndPages() throws {
        var state = try Self.nodeWizard()
        TUI.type(&state, "my-api")
        TUI.press(&state, .tab, .tab)
        #expect(state.wizard?.focusedField?.key == "owner")
        TUI.type(&state, "checkout")
        #expect(state.wizard?.suggestions.first?.description == "group:default/checkout-team")
        TUI.press(&state, .down)
        #expect(state.wizard?.texts["owner"] == "group:checkout-team")
        TUI.press(&state, .tab, .tab)
        TUI.type(&state, "/tmp/x.git")
        TUI.press(&state, .enter)
        #expect(state.wizard?.stage == .page(1))
        let form = try #require(state.wizard?.form)
        let page = form.pages[1].fields
        let boolean = try #require(page.firstIndex { $0.kind == .boolean })
        let choice = try #require(page.firstIndex { if case .choice = $0.kind { return true } else { return false } })
        while state.wizard?.field != boolean { TUI.press(&state, .tab) }
        let before = state.wizard?.values[page[boolean].key]
        TUI.press(&state, .character(" "))
        #expect(state.wizard?.values[page[boolean].key] != before)
        while state.wizard?.field != choice { TUI.press(&state, .tab) }
        let chosen = state.wizard?.values[page[choice].key]
        TUI.press(&state, .right)
        #expect(state.wizard?.values[page[choice].key] != chosen)
        TUI.press(&state, .escape)
        #expect(state.wizard?.stage == .page(0))
        #expect(state.wizard?.texts["name"] == "my-api", "values survive going back")
    }

    @Test("the review asks for a dry run, shows its files, and Enter runs the real thing; the result opens the new entity")
    func reviewAndRun() throws {
        var state = try Self.nodeWizard()
        TUI.type(&state, "my-api")
        TUI.press(&state, .tab, .tab)
        TUI.type(&state, "group:checkout-team")
        TUI.press(&state, .tab, .tab)
        TUI.type(&state, "/tmp/x.git")
        TUI.press(&state, .enter)
        let effects = TUI.press(&state, .enter)
        #expect(state.wizard?.stage == .review)
        guard case .scaffold(let template, let values, let isDryRun)? = effects.first else {
            Issue.record("no dry run asked for: \(effects)")
            return
        }
        #expect(template.name == "nodejs-api-template" && isDryRun)
        #expect(values["name"] == .string("my-api"))
        #expect(values["port"] == .int(8080), "the integer field keeps its type")
        _ = reduce(&state, .scaffold(.preview(Wizard.Preview(files: ["Dockerfile", "src/app.js"], catalogInfo: "kind: Component", unavailable: []))))
        let review = TUI.screen(state).lines.joined(separator: "\n")
        #expect(review.contains("Files (dry run: 2)"))
        #expect(review.contains("app.js"))
        let run = TUI.press(&state, .enter)
        #expect(state.wizard?.stage == .running)
        #expect(run.first == .scaffold(template: template, values: values, isDryRun: false))
        _ = reduce(&state, .scaffold(.event(.stepStarted(id: "fetch", name: "Render", action: "fetch:template"))))
        _ = reduce(&state, .scaffold(.event(.log(step: "fetch", line: "19 files written"))))
        _ = reduce(&state, .scaffold(.event(.stepFinished(id: "fetch"))))
        let running = TUI.screen(state).lines.joined(separator: "\n")
        #expect(running.contains("✓ Render (fetch:template)"))
        #expect(running.contains("19 files written"))
        _ = reduce(&state, .scaffold(.finished(Wizard.Outcome(entityRef: TUI.ref("component:default/payments-service"), links: [], text: []))))
        #expect(state.wizard?.stage == .done)
        TUI.press(&state, .enter)
        #expect(state.screen == .catalog)
        #expect(state.detail.ref == TUI.ref("component:default/payments-service"))
    }

    @Test("a free list (an array without fixed options) is typed comma-separated and kept as an array")
    func freeList() throws {
        let catalog = TUI.catalog("""
            apiVersion: scaffolder.backstage.io/v1beta3
            kind: Template
            metadata: { name: tagged }
            spec:
              owner: team-a
              type: service
              parameters:
                properties:
                  tags: { title: Tags, type: array, items: { type: string }, default: [go] }
              steps: []
            """)
        var state = TUI.state(catalog, width: 100, height: 32)
        TUI.press(&state, .character("n"), .enter)
        #expect(state.wizard?.texts["tags"] == "go")
        TUI.type(&state, ", pci , tier-1")
        #expect(state.wizard?.values["tags"] == .array([.string("go"), .string("pci"), .string("tier-1")]))
        TUI.expectWellFormed(TUI.screen(state))
    }

    @Test("a template without parameters goes straight to a review that asks for its dry run; Esc there goes back to the picker; a late preview for other values is dropped")
    func noParametersAndLatePreviews() throws {
        let catalog = TUI.catalog("""
            apiVersion: scaffolder.backstage.io/v1beta3
            kind: Template
            metadata: { name: bare }
            spec: { owner: team-a, type: service, steps: [] }
            """)
        var state = TUI.state(catalog, width: 100, height: 32)
        TUI.press(&state, .character("n"))
        let effects = TUI.press(&state, .enter)
        #expect(state.wizard?.stage == .review)
        #expect(effects == [.scaffold(template: TUI.ref("template:default/bare"), values: [:], isDryRun: true)])
        _ = reduce(&state, .scaffold(.preview(Wizard.Preview(files: ["old.txt"], values: ["name": .string("earlier")]))))
        #expect(state.wizard?.preview == nil, "a preview of other values is not shown")
        _ = reduce(&state, .scaffold(.preview(Wizard.Preview(files: ["a.txt"], template: TUI.ref("template:default/bare"), values: [:]))))
        #expect(state.wizard?.preview?.files == ["a.txt"])
        TUI.press(&state, .escape)
        #expect(state.wizard?.stage == .picker)
    }

    @Test("wide characters scroll the field by columns, so the cursor stays inside the box")
    func wideCharacters() throws {
        var state = try Self.nodeWizard()
        TUI.type(&state, String(repeating: "界", count: 30))
        let screen = TUI.screen(state)
        TUI.expectWellFormed(screen)
        let row = try #require(screen.lines.firstIndex { $0.contains("Name *") })
        let selected = (0..<screen.width).filter { screen[$0, row].role == .selection }
        #expect(selected.count == 1, "one cursor cell on the name row")
        #expect(selected.allSatisfy { $0 < screen.width - 1 }, "inside the frame: \(selected)")
    }
}
