import CairnCatalog
@testable import CairnTUI
import Foundation
import Testing

/// Shared helpers for the terminal UI tests: small catalogs from YAML text, the sample catalog,
/// states with a fixed clock and identity, key presses, and checks every canvas must pass.
enum TUI {
    /// The repository root, found from this file so tests run from any directory.
    static let repository: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let themesFolder = repository + "/themes"
    static let samplesFolder = repository + "/catalog-samples"

    /// Built 120 s before `now`: the status line reads "cache 2m ago".
    static let source = CatalogSource(origin: .cache, builtAt: Date(timeIntervalSince1970: 1_000_000), isRefreshing: false)
    static let now = Date(timeIntervalSince1970: 1_000_120)
    static let themes = ["256", "default", "light", "mono"]

    /// A catalog from one in-memory YAML file.
    static func catalog(_ yaml: String, file path: String = "t.yaml") -> Catalog {
        CatalogAssembler.assemble([FileParser.parse(Array(yaml.utf8), file: SourceFile(path: path, size: 0, modified: 0))])
    }

    /// The Northwind sample catalog shipped in catalog-samples/.
    static func samples() throws -> Catalog {
        try CatalogLoader().load([samplesFolder])
    }

    /// Sets the locale once for the whole run: `setlocale` while another test measures widths
    /// would race (between its two calls wcwidth can see the C locale).
    static let isLocalePrepared: Bool = {
        TerminalText.prepareLocale()
        return true
    }()

    static func state(_ catalog: Catalog, width: Int = 80, height: Int = 24, isUnicode: Bool = true, isColor: Bool = true) -> AppState {
        precondition(isLocalePrepared)
        return AppState(catalog: catalog, source: source, width: width, height: height, isUnicode: isUnicode, isColor: isColor,
                        themeName: "default", identity: "alice", availableThemes: themes)
    }

    /// Presses `keys` in order; returns the effects of the last one.
    @discardableResult
    static func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects = reduce(&state, .key(key)) }
        return effects
    }

    /// Types `text` one character at a time; returns the effects of the last character.
    @discardableResult
    static func type(_ state: inout AppState, _ text: String) -> [Effect] {
        var effects: [Effect] = []
        for character in text { effects = reduce(&state, .key(.character(character))) }
        return effects
    }

    static func screen(_ state: AppState) -> Canvas {
        render(state, now: now)
    }

    static func ref(_ text: String) -> EntityRef {
        // Test refs are always written in full.
        try! EntityRef.parse(text)
    }

    /// Names of the entities listed, in row order (headings left out).
    static func listedNames(_ state: AppState) -> [String] {
        state.rows.compactMap { row in
            if case .entity(let position) = row { return state.catalog.entities[position].ref.name }
            return nil
        }
    }

    /// Headings of the list, in order.
    static func headings(_ state: AppState) -> [String] {
        state.rows.compactMap { row in
            if case .group(let title, let count) = row { return "\(title) (\(count))" }
            return nil
        }
    }

    /// The row on screen whose text contains `needle`, or nil.
    static func row(containing needle: String, in canvas: Canvas) -> Int? {
        canvas.lines.firstIndex { $0.contains(needle) }
    }

    /// The role of the cell where `needle` starts on row `y`.
    static func role(of needle: String, y: Int, in canvas: Canvas) -> StyleRole? {
        let line = canvas.lines[y]
        guard let range = line.range(of: needle) else { return nil }
        let column = TerminalText.width(String(line[..<range.lowerBound]))
        return canvas[column, y].role
    }

    /// Every row is exactly the canvas wide on a terminal, and wide characters take a cell and
    /// its empty continuation: what keeps the backend from garbling the screen.
    static func expectWellFormed(_ canvas: Canvas, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for y in 0..<canvas.height {
            var text = ""
            for x in 0..<canvas.width {
                let cell = canvas[x, y]
                text += cell.text
                if cell.width == 2 {
                    let next = x + 1 < canvas.width ? canvas[x + 1, y] : nil
                    #expect(next?.width == 0 && next?.text == "", "wide \(cell.text) at \(x),\(y) lacks its continuation", sourceLocation: sourceLocation)
                    #expect(TerminalText.width(cell.text) == 2, "cell \(x),\(y) says 2 columns for \(cell.text)", sourceLocation: sourceLocation)
                } else if cell.width == 0 {
                    #expect(x > 0 && canvas[x - 1, y].width == 2, "stray continuation at \(x),\(y)", sourceLocation: sourceLocation)
                } else {
                    #expect(TerminalText.width(cell.text) == 1, "cell \(x),\(y) holds \(cell.text.debugDescription)", sourceLocation: sourceLocation)
                }
            }
            #expect(TerminalText.width(text) == canvas.width, "row \(y) is \(TerminalText.width(text)) columns: \(text)", sourceLocation: sourceLocation)
        }
    }

    /// No scalar a terminal would act on: C0, DEL, C1, ESC or a bidi control.
    static func isHostile(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        default: return false
        }
    }

    static func expectASCII(_ canvas: Canvas, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for (y, line) in canvas.lines.enumerated() {
            let outside = line.unicodeScalars.filter { !$0.isASCII }
            #expect(outside.isEmpty, "row \(y) has \(outside.map { String($0) }): \(line)", sourceLocation: sourceLocation)
        }
    }
}

/// Catalogs written for these tests.
enum TestCatalogs {
    /// A small valid catalog: one team with a member, a domain, a system holding a service, its
    /// API and a database, plus an unowned-system website of another team.
    static let team = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-x
      title: Team X
      annotations:
        cairn.dev/oncall: alice
    spec:
      type: team
      children: []
      members: [alice]
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-y
    spec:
      type: team
      children: []
    ---
    apiVersion: backstage.io/v1alpha1
    kind: User
    metadata:
      name: alice
    spec:
      memberOf: [team-x]
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Domain
    metadata:
      name: commerce
      title: Commerce
    spec:
      owner: team-x
    ---
    apiVersion: backstage.io/v1alpha1
    kind: System
    metadata:
      name: payments
      title: Payments
    spec:
      owner: team-x
      domain: commerce
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: payments-service
      title: Payments Service
      description: Captures and refunds payments.
      tags: [pci, kotlin]
    spec:
      type: service
      lifecycle: production
      owner: team-x
      system: payments
      providesApis: [payments-api]
      dependsOn: [resource:ledger-db]
    ---
    apiVersion: backstage.io/v1alpha1
    kind: API
    metadata:
      name: payments-api
      title: Payments API
    spec:
      type: openapi
      lifecycle: production
      owner: team-x
      system: payments
      definition: "openapi: 3.0.3"
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Resource
    metadata:
      name: ledger-db
    spec:
      type: database
      owner: team-x
      system: payments
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: storefront-web
      description: The shop window.
    spec:
      type: website
      lifecycle: experimental
      owner: team-y

    """

    /// One Component without an owner (quarantined) and one that depends on a missing entity.
    static let broken = """
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata:
      name: team-x
    spec:
      type: team
      children: []
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: orphan-service
    spec:
      type: service
      lifecycle: production
    ---
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata:
      name: billing-service
    spec:
      type: service
      lifecycle: production
      owner: team-x
      dependsOn: [component:ghost]

    """

    /// `count` components spread over ten teams, for the virtualised list.
    static func generated(_ count: Int) -> Catalog {
        var entities: [Entity] = []
        entities.reserveCapacity(count)
        for number in 0..<count {
            let name = "service-" + String(number).leftPadded(to: 5)
            let owner = EntityRef(kind: "group", name: "team-\(number % 10)")
            entities.append(Entity(ref: EntityRef(kind: "component", name: name), apiVersion: "backstage.io/v1alpha1", kind: "Component",
                                   owner: owner, lifecycle: "production", type: "service", document: .object([]),
                                   source: CairnCatalog.SourceLocation(file: "generated.yaml", line: number + 1, column: 1)))
        }
        return Catalog(entities: entities, files: [], fileProblems: [])
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
