import CairnCatalog
import Foundation
import Testing

/// Editing one entity's document in place: locating it among the file's documents, checking
/// an edited copy the way the loader reads files, and writing it back atomically with every
/// other byte untouched. Fixtures: Tests/Fixtures/editing (see its README), always copied to a
/// temporary folder first.
@Suite("Entity document edit")
struct EntityDocumentEditTests {
    // MARK: Locating

    @Test func locatesEveryDocumentOfAMultiDocumentFile() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let bytes = folder.bytes("multi-document.yaml")
            let group = try EntityDocument.locate(folder.entity("payments-team"))
            #expect(group.documentIndex == 0)
            #expect(group.text == """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: payments-team, description: "Owns payments"}   # flow style, trailing comment
                spec:
                  type: team
                  children: []

                """)

            let payments = try EntityDocument.locate(folder.entity("payments"))
            #expect(payments.documentIndex == 1)
            #expect(payments.text.hasPrefix("apiVersion: backstage.io/v1alpha1\nkind: Component\n"))
            #expect(payments.text.contains("    ---\n    ...\n    --- still inside the scalar\n"))
            #expect(payments.text.hasSuffix("  owner: payments-team\n\n# a comment above the next marker belongs to the middle document\n"))

            // Document 2 is empty (`---` right after `---`), so billing is the fourth.
            let billing = try EntityDocument.locate(folder.entity("billing"))
            #expect(billing.documentIndex == 3)
            #expect(billing.text.hasSuffix("  owner: group:default/payments-team\n  # no final line break"))

            for document in [group, payments, billing] {
                #expect(Array(bytes[document.byteRange]) == Array(document.text.utf8))
                #expect(document.fingerprint.size == Int64(bytes.count))
                #expect(document.file == folder.path("multi-document.yaml"))
            }
        }
    }

    @Test func locatesDocumentsAfterAByteOrderMarkAndWithCRLFLineBreaks() throws {
        try EditingFolder.with("bom.yaml", "crlf.yaml") { folder in
            let ledger = try EntityDocument.locate(folder.entity("ledger", in: "bom.yaml"))
            #expect(ledger.byteRange.lowerBound == 3)
            #expect(ledger.text.hasPrefix("# A file saved by an editor that writes a byte order mark.\n"))
            #expect(ledger.text.hasSuffix("  owner: payments-team\n"))
            let worker = try EntityDocument.locate(folder.entity("ledger-worker", in: "bom.yaml"))
            #expect(worker.documentIndex == 1)
            #expect(worker.text.hasPrefix("apiVersion"))

            let api = try EntityDocument.locate(folder.entity("refunds-api", in: "crlf.yaml"))
            #expect(api.documentIndex == 1)
            #expect(api.text.hasPrefix("# Windows line endings throughout.\r\napiVersion"))
            #expect(api.text.hasSuffix("    openapi: 3.0.0\r\n"))
        }
    }

    @Test func aDocumentThatMovedSinceTheCatalogWasLoadedIsReported() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let payments = try folder.entity("payments")
            let path = folder.path("multi-document.yaml")
            // Someone renames the middle entity after the catalog was loaded.
            let renamed = String(decoding: folder.bytes("multi-document.yaml"), as: UTF8.self)
                .replacingOccurrences(of: "  name: payments\n", with: "  name: payouts\n")
            try renamed.write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: EntityEditError.self) { try EntityDocument.locate(payments) }
            #expect(error == .documentMoved(file: path, line: payments.source.line, column: payments.source.column, ref: payments.ref))
            #expect(error?.description.contains("the file changed since the catalog was loaded; reload") == true)

            // Or adds a line above it: nothing starts at the recorded place any more.
            try ("# new first line\n" + renamed.replacingOccurrences(of: "payouts", with: "payments")).write(toFile: path, atomically: false, encoding: .utf8)
            #expect(throws: EntityEditError.documentMoved(file: path, line: payments.source.line, column: payments.source.column, ref: payments.ref)) {
                try EntityDocument.locate(payments)
            }
        }
    }

    @Test func aSyntaxErrorInsideTheDocumentStopsTheEditButOneAfterItDoesNot() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let path = folder.path("multi-document.yaml")
            let payments = try folder.entity("payments")
            let group = try folder.entity("payments-team")
            let original = String(decoding: folder.bytes("multi-document.yaml"), as: UTF8.self)
            try original.replacingOccurrences(of: "  type: service\n", with: "  type: [service\n").write(toFile: path, atomically: false, encoding: .utf8)
            let error = #expect(throws: EntityEditError.self) { try EntityDocument.locate(payments) }
            guard case .syntaxErrorInFile(path, let line, _, let message) = error else {
                Issue.record("expected a syntax error in the file, got \(String(describing: error))")
                return
            }
            #expect(line == 25 && message.hasPrefix("YAML syntax error"))

            // The earlier document is still whole: it can be edited, the broken text stays as it was.
            let document = try EntityDocument.locate(group)
            _ = try document.check(document.text.replacingOccurrences(of: "children: []", with: "children: [payments-ops]"), copyPath: "copy.yaml").write()
            let after = String(decoding: folder.bytes("multi-document.yaml"), as: UTF8.self)
            #expect(after.contains("  children: [payments-ops]\n...\n"))
            #expect(after.contains("  type: [service\n"))
        }
    }

    // MARK: Writing back

    @Test func editingTheMiddleDocumentLeavesEveryOtherByteAsItWas() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let before = folder.bytes("multi-document.yaml")
            let document = try EntityDocument.locate(folder.entity("payments"))
            let edit = try document.check(document.text.replacingOccurrences(of: "lifecycle: production", with: "lifecycle: deprecated"),
                                          copyPath: "edit/component-payments.yaml")
            #expect(edit.isValid && !edit.isUnchanged && !edit.isRefChanged)
            guard case .written(let fingerprint) = try edit.write() else {
                Issue.record("the edit was not written")
                return
            }

            let after = folder.bytes("multi-document.yaml")
            let range = document.byteRange
            #expect(after[..<range.lowerBound] == before[..<range.lowerBound])
            #expect(after[(range.lowerBound + edit.text.utf8.count)...] == before[range.upperBound...])
            #expect(Array(after[range.lowerBound..<(range.lowerBound + edit.text.utf8.count)]) == Array(edit.text.utf8))
            #expect(after.count == before.count)

            #expect(try folder.entity("payments").lifecycle == "deprecated")
            #expect(try folder.entity("billing").ref.kind == "system")
            #expect(try EntityDocument.locate(folder.entity("payments")).fingerprint == fingerprint)
        }
    }

    @Test func anEditIsWrittenWithTheFileLineBreaksAndItsByteOrderMarkKept() throws {
        try EditingFolder.with("bom.yaml", "crlf.yaml") { folder in
            // The editor turned CRLF into LF: the file stays CRLF throughout.
            let api = try EntityDocument.locate(folder.entity("refunds-api", in: "crlf.yaml"))
            let lineFeedText = api.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "openapi: 3.0.0", with: "openapi: 3.1.0")
            #expect(try api.check(lineFeedText, copyPath: "copy.yaml").write() != .unchanged)
            let crlf = folder.bytes("crlf.yaml")
            #expect(crlf.indices.filter { crlf[$0] == UInt8(ascii: "\n") }.allSatisfy { $0 > 0 && crlf[$0 - 1] == UInt8(ascii: "\r") })
            #expect(String(decoding: crlf, as: UTF8.self).contains("openapi: 3.1.0\r\n"))

            // The editor wrote its own byte order mark: the file keeps exactly one, in front.
            let ledger = try EntityDocument.locate(folder.entity("ledger", in: "bom.yaml"))
            let edited = "\u{FEFF}" + ledger.text.replacingOccurrences(of: "grand livre", with: "livre de comptes")
            #expect(try ledger.check(edited, copyPath: "copy.yaml").write() != .unchanged)
            let bom = folder.bytes("bom.yaml")
            #expect(bom.starts(with: [0xEF, 0xBB, 0xBF, UInt8(ascii: "#")]))
            #expect(try folder.entity("ledger", in: "bom.yaml").title == "Ledger – livre de comptes")
            #expect(try folder.entity("ledger-worker", in: "bom.yaml").lifecycle == "experimental")
        }
    }

    @Test func contentOnTheMarkerLineStaysSeparatedFromTheMarker() throws {
        try EditingFolder.with("marker-line.yaml") { folder in
            let document = try EntityDocument.locate(folder.entity("tagged", in: "marker-line.yaml"))
            #expect(document.text.hasPrefix(" !!map\napiVersion"))
            // The user drops the tag: the document must not be glued to the `---`.
            let untagged = String(document.text.dropFirst(" !!map\n".count)).replacingOccurrences(of: "library", with: "website")
            _ = try document.check(untagged, copyPath: "copy.yaml").write()
            #expect(String(decoding: folder.bytes("marker-line.yaml"), as: UTF8.self).hasPrefix("---\napiVersion: backstage.io/v1alpha1\n"))
            #expect(try folder.entity("tagged", in: "marker-line.yaml").type == "website")
        }
    }

    @Test func anUnchangedEditDoesNotTouchTheFile() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let document = try EntityDocument.locate(folder.entity("payments"))
            let modified = folder.modified("multi-document.yaml")
            let edit = try document.check(document.text, copyPath: "copy.yaml")
            #expect(edit.isUnchanged)
            #expect(try edit.write() == .unchanged)
            #expect(folder.modified("multi-document.yaml") == modified)
            #expect(folder.entries().count == 1)
        }
    }

    // MARK: Refused edits leave the file untouched

    static let refusedEdits: [(fixture: String, expected: @Sendable (String) -> EntityEditError)] = [
        ("bad-indentation.yaml", { .syntaxErrorInEdit(copy: $0, line: 5, column: 2, message: "YAML syntax error: did not find expected key") }),
        ("two-documents.yaml", { .severalDocuments(copy: $0, line: 9) }),
        ("only-comments.yaml", { .emptyEdit(copy: $0) }),
        ("leading-marker.yaml", { .documentMarker(copy: $0, line: 1, column: 1) }),
        ("not-an-entity.yaml", { .notAnEntity(copy: $0, line: 2, column: 1) }),
    ]

    @Test(arguments: refusedEdits.map(\.fixture))
    func aHostileEditIsRefusedAndTheFileLeftAlone(fixture: String) throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let before = folder.bytes("multi-document.yaml")
            let document = try EntityDocument.locate(folder.entity("payments"))
            let copy = RepositoryPaths.root + "/Tests/Fixtures/editing/edits/" + fixture
            let text = try String(contentsOfFile: copy, encoding: .utf8)
            let expected = try #require(Self.refusedEdits.first { $0.fixture == fixture }).expected(copy)
            let error = #expect(throws: EntityEditError.self) { try document.check(text, copyPath: copy) }
            #expect(error == expected)
            #expect(error?.description.hasPrefix(copy + ":") == true)
            #expect(folder.bytes("multi-document.yaml") == before)
        }
    }

    @Test func anEmptyEditChangesNothing() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let document = try EntityDocument.locate(folder.entity("payments"))
            for empty in ["", "\n\n", "  \t\r\n", "\u{FEFF}"] {
                #expect(throws: EntityEditError.emptyEdit(copy: "copy.yaml")) { try document.check(empty, copyPath: "copy.yaml") }
            }
            #expect(EntityEditError.emptyEdit(copy: "copy.yaml").description == "copy.yaml: the edit is empty; nothing was changed")
        }
    }

    @Test func anInvalidEntityIsReportedAgainstTheCopyAndNotWritten() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let before = folder.bytes("multi-document.yaml")
            let document = try EntityDocument.locate(folder.entity("payments"))
            let copy = RepositoryPaths.root + "/Tests/Fixtures/editing/edits/invalid-name.yaml"
            let edit = try document.check(String(contentsOfFile: copy, encoding: .utf8), copyPath: copy)
            #expect(!edit.isValid)
            let problem = try #require(edit.problems.first { $0.severity == .error })
            #expect(problem.description.hasPrefix("\(copy):4:9: error: component:default/pay$: metadata.name \"Pay$\""))
            #expect(throws: EntityEditError.invalidEdit(edit.problems)) { try edit.write() }
            #expect(folder.bytes("multi-document.yaml") == before)
        }
    }

    @Test func aFileChangedWhileEditingIsRefusedAndTheEditKept() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let path = folder.path("multi-document.yaml")
            let document = try EntityDocument.locate(folder.entity("payments"))
            let copy = try EditorCopy.create(for: document, in: folder.path)
            let userText = document.text.replacingOccurrences(of: "production", with: "deprecated")
            try userText.write(toFile: copy.path, atomically: false, encoding: .utf8)

            // Meanwhile a teammate's change lands in the same file.
            let theirs = String(decoding: folder.bytes("multi-document.yaml"), as: UTF8.self)
                .replacingOccurrences(of: "children: []", with: "children: [x]")
                .replacingOccurrences(of: "# Catalog for the", with: "# Catalog, the")
            try theirs.write(toFile: path, atomically: false, encoding: .utf8)

            let edit = try document.check(copy.read(), copyPath: copy.path)
            let error = #expect(throws: EntityEditError.self) { try edit.write() }
            #expect(error == .changedWhileEditing(file: path, copy: copy.path))
            #expect(error?.description == "\(path): error: the file changed while you were editing; your edit is kept in \(copy.path), reapply it")
            #expect(String(decoding: folder.bytes("multi-document.yaml"), as: UTF8.self) == theirs)
            #expect(try copy.read() == userText)
            #expect(folder.entries().filter { $0.contains("cairn-edit-") && !$0.hasPrefix("cairn-edit-") }.isEmpty)
        }
    }

    @Test func aSymbolicLinkIsWrittenThroughToItsTarget() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            try FileManager.default.createDirectory(atPath: folder.path("catalog"), withIntermediateDirectories: false)
            try FileManager.default.createSymbolicLink(atPath: folder.path("catalog/link.yaml"), withDestinationPath: "../multi-document.yaml")
            let payments = try folder.entity("payments", in: "catalog/link.yaml")
            let document = try EntityDocument.locate(payments)
            _ = try document.check(document.text.replacingOccurrences(of: "type: service", with: "type: website"), copyPath: "copy.yaml").write()

            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.path("catalog/link.yaml")) == "../multi-document.yaml")
            #expect(try folder.entity("payments").type == "website")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("catalog")) == ["link.yaml"])
        }
    }

    @Test func theFileKeepsItsModeAndNoTemporaryFileIsLeft() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let path = folder.path("multi-document.yaml")
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
            let document = try EntityDocument.locate(folder.entity("billing"))
            _ = try document.check(document.text + "  description: Invoices\n", copyPath: "copy.yaml").write()
            let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(permissions == 0o640)
            #expect(folder.entries() == ["multi-document.yaml"])
        }
    }

    @Test func aFileTheUserMayNotWriteIsNotReplaced() throws {
        guard geteuid() != 0 else { return } // root may write anything.
        try EditingFolder.with("multi-document.yaml") { folder in
            let path = folder.path("multi-document.yaml")
            let before = folder.bytes("multi-document.yaml")
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
            let document = try EntityDocument.locate(folder.entity("payments"))
            let edit = try document.check(document.text.replacingOccurrences(of: "production", with: "deprecated"), copyPath: "copy.yaml")
            #expect(throws: EntityEditError.writeFailed(file: path, step: "write the file", reason: "Permission denied")) { try edit.write() }
            #expect(folder.bytes("multi-document.yaml") == before)
        }
    }

    // MARK: What the lead decides on

    @Test func aRenameIsReportedAsARefChange() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let document = try EntityDocument.locate(folder.entity("payments"))
            let renamed = try document.check(document.text.replacingOccurrences(of: "name: payments\n", with: "name: payments-v2\n"), copyPath: "copy.yaml")
            #expect(renamed.isRefChanged)
            #expect(renamed.original.ref.description == "component:default/payments")
            #expect(renamed.edited.ref.description == "component:default/payments-v2")

            let described = try document.check(document.text.replacingOccurrences(of: "Takes payments.", with: "Takes card payments."), copyPath: "copy.yaml")
            #expect(!described.isRefChanged)
        }
    }

    @Test func anOwnerChangeIsVisibleBetweenTheOriginalAndTheEdit() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let document = try EntityDocument.locate(folder.entity("payments"))
            let edit = try document.check(document.text.replacingOccurrences(of: "owner: payments-team", with: "owner: group:platform"), copyPath: "copy.yaml")
            #expect(edit.original.owner?.description == "group:default/payments-team")
            #expect(edit.edited.owner?.description == "group:default/platform")
            #expect(edit.isValid && !edit.isRefChanged)
        }
    }

    // MARK: The editor

    @Test func theEditorCopyIsPrivateNamedAfterTheEntityAndRemovable() throws {
        try EditingFolder.with("multi-document.yaml") { folder in
            let document = try EntityDocument.locate(folder.entity("payments"))
            let copy = try EditorCopy.create(for: document, in: folder.path)
            #expect(copy.path == copy.folder + "/component-payments.yaml")
            #expect(copy.folder.hasPrefix(folder.path + "/cairn-edit-"))
            #expect(try FileManager.default.attributesOfItem(atPath: copy.path)[.posixPermissions] as? Int == 0o600)
            #expect(try FileManager.default.attributesOfItem(atPath: copy.folder)[.posixPermissions] as? Int == 0o700)
            #expect(try copy.read() == document.text)

            // Invalid UTF-8 saved by the editor is refused, not mangled.
            try Data([0x6B, 0x3A, 0x20, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: copy.path))
            #expect(throws: EntityEditError.notUTF8(file: copy.path)) { try copy.read() }

            #expect(FileManager.default.createFile(atPath: copy.folder + "/.component-payments.yaml.swp", contents: Data([1])))
            try copy.remove()
            #expect(!FileManager.default.fileExists(atPath: copy.folder))
        }
    }

    @Test func aHostileNameCannotLeaveTheCopyFolder() throws {
        try EditingFolder.with { folder in
            try Support.component("../../etc/passwd").write(toFile: folder.path("evil.yaml"), atomically: false, encoding: .utf8)
            let entity = try folder.entity("../../etc/passwd", in: "evil.yaml")
            #expect(entity.isQuarantined)
            let copy = try EditorCopy.create(for: EntityDocument.locate(entity), in: folder.path)
            #expect(copy.path == copy.folder + "/component-.._.._etc_passwd.yaml")
            try copy.remove()
        }
    }

    @Test func theEditorCommandComesFromVisualThenEditorThenVi() {
        let file = "/tmp/x/component-payments.yaml"
        #expect(EditorCommand.arguments(editing: file, environment: ["VISUAL": "code --wait", "EDITOR": "nano"]) == ["code", "--wait", file])
        #expect(EditorCommand.arguments(editing: file, environment: ["VISUAL": "  ", "EDITOR": "nvim -u NONE"]) == ["nvim", "-u", "NONE", file])
        #expect(EditorCommand.arguments(editing: file, environment: [:]) == ["vi", file])
        #expect(EditorCommand.arguments(editing: file, environment: ["EDITOR": "\"/opt/My Editor/bin/edit\" -w"]) == ["/opt/My Editor/bin/edit", "-w", file])
        #expect(EditorCommand.arguments(editing: file, environment: ["EDITOR": "emacsclient -t -a ''"]) == ["emacsclient", "-t", "-a", "", file])
        #expect(EditorCommand.arguments(editing: file, environment: ["EDITOR": #"/opt/My\ Editor/ed "say \"hi\"" 'a\b'"#]) == ["/opt/My Editor/ed", #"say "hi""#, #"a\b"#, file])
    }
}

/// A temporary folder holding copies of editing fixtures, and the reads the tests make of it.
private struct EditingFolder {
    let path: String

    static func with(_ fixtures: String..., body: (EditingFolder) throws -> Void) throws {
        try TemporaryFolder.with { temporary in
            for fixture in fixtures {
                try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/Tests/Fixtures/editing/" + fixture, toPath: temporary.path(fixture))
            }
            try body(EditingFolder(path: temporary.path))
        }
    }

    func path(_ relative: String) -> String { path + "/" + relative }

    /// The entity named `name` as the loader reads `file` now.
    func entity(_ name: String, in file: String = "multi-document.yaml") throws -> Entity {
        let source = try #require(SourceFile.stat(path(file)))
        return try #require(FileParser.parse(source).entities.first { $0.ref.name == name })
    }

    func bytes(_ file: String) -> [UInt8] {
        FileManager.default.contents(atPath: path(file)).map { Array($0) } ?? []
    }

    func modified(_ file: String) -> Date? {
        try? FileManager.default.attributesOfItem(atPath: path(file))[.modificationDate] as? Date
    }

    func entries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}
