import CairnAccess
import CairnCatalog
import CairnProvision
import Foundation

/// An edit in progress: the entity's document as it was read, and the private copy the
/// user's editor works on. Kept by the interface while the editor runs, and again when an
/// edit is refused, so the user goes back to their own text rather than starting over.
public struct EditSession: Sendable {
    public let document: EntityDocument
    public let copy: EditorCopy

    /// The command that opens the copy: `$VISUAL`, else `$EDITOR`, else `vi`.
    public func editorArguments(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        EditorCommand.arguments(editing: copy.path, environment: environment)
    }
}

/// How an edit ended.
public enum EditOutcome: Sendable, Equatable {
    /// The copy was saved as it was: nothing was written.
    case unchanged(EntityRef)
    /// The file was rewritten; `changes` are the fields that changed (`spec.owner`, …).
    case saved(EntityRef, file: String, changes: [String])
}

/// Editing an entity's source document (`e` in the portal, `cairn edit`): the owners of an
/// entity may edit it; ownership changes, renames, templates and resource types need a
/// platform engineer; Users and Groups an admin. Every write and denial is audited.
extension Portal {
    /// Checks the current identity may edit the entity at all, then writes its document to a
    /// private copy for the editor.
    public func beginEdit(_ text: String) throws(PortalError) -> EditSession {
        let entity = try entity(text)
        try authorize(.editEntity(newOwner: nil, newRef: nil), on: AccessTarget(entity))
        do {
            let document = try EntityDocument.locate(entity)
            return EditSession(document: document, copy: try EditorCopy.create(for: document))
        } catch {
            throw .failed("cairn: error: " + error.description.replacingOccurrences(of: "cairn: error: ", with: ""))
        }
    }

    /// Reads the edited copy back, validates it, checks the change is allowed, writes the
    /// document back (every other document of the file untouched) and audits it. On success
    /// the copy is removed; on any refusal it is kept and the message says where.
    public func finishEdit(_ session: EditSession) throws(PortalError) -> EditOutcome {
        let original = session.document.entity
        let edit: EntityEdit
        do {
            edit = try session.document.check(try session.copy.read(), copyPath: session.copy.path)
        } catch {
            throw .usage(Self.editMessage(error.description, kept: session.copy.path))
        }
        if edit.isUnchanged {
            try? session.copy.remove()
            return .unchanged(original.ref)
        }
        guard edit.isValid else {
            let errors = edit.problems.filter { $0.severity == .error }.map(\.description)
            throw .usage(errors.map { Self.editMessage($0, kept: nil) }.joined(separator: "\n")
                         + "\ncairn: your edit is kept in \(session.copy.path); fix it and save again")
        }
        let changes = Self.changedFields(original.document, edit.edited.document)
        var parameters = ["file": session.document.file, "changed": changes.joined(separator: ", ")]
        if edit.edited.owner != original.owner {
            parameters["owner"] = "\(original.owner?.humanized ?? "none") → \(edit.edited.owner?.humanized ?? "none")"
        }
        if edit.isRefChanged { parameters["renamed"] = edit.edited.ref.description }
        let ownerChanged = edit.edited.owner != original.owner
        // Leaving a lifecycle some resource type needs an approval for lets later requests skip it.
        let approvalLifecycles = Set(resourceTypes.compactMap { try? ResourceType($0) }.flatMap(\.approvalLifecycles))
        let leavesLifecycle = original.lifecycle.flatMap { approvalLifecycles.contains($0) && edit.edited.lifecycle != $0 ? $0 : nil }
        do {
            try authorize(.editEntity(newOwner: ownerChanged ? edit.edited.owner : nil, newRef: edit.isRefChanged ? edit.edited.ref : nil,
                                      leavesLifecycle: leavesLifecycle, removesOwner: ownerChanged && edit.edited.owner == nil),
                          on: AccessTarget(original), parameters: parameters)
        } catch {
            throw .permissionDenied(error.description + "; your edit is kept in \(session.copy.path)")
        }
        let written: DocumentWriteOutcome
        do {
            written = try edit.write()
        } catch {
            var message = Self.editMessage(error.description, kept: session.copy.path)
            do {
                try recordAudit("entity.edit", target: original.ref.description, parameters: parameters, result: .failed, detail: error.description)
            } catch let auditError {
                message += " (\(auditError.description))"
            }
            throw .failed(message)
        }
        try? session.copy.remove()
        guard case .written = written else { return .unchanged(original.ref) }
        try recordAudit("entity.edit", target: original.ref.description, parameters: parameters, result: .ok, detail: "")
        return .saved(edit.edited.ref, file: session.document.file, changes: changes)
    }

    /// One line per problem, `cairn: error:` first; the kept copy named when there is one.
    static func editMessage(_ text: String, kept copy: String?) -> String {
        // `file:line:col: error: …` already says what and where; other messages get cairn's prefix.
        let line = text.hasPrefix("cairn:") || text.contains(": error: ") || text.contains(": the edit is empty") ? text : "cairn: error: " + text
        guard let copy, !line.contains(copy) else { return line }
        return line + "; your edit is kept in \(copy)"
    }

    /// The fields that differ, two levels deep (`spec.owner`, `metadata.annotations`), sorted.
    static func changedFields(_ before: Value, _ after: Value) -> [String] {
        var changed: [String] = []
        let top = Set((before.objectValue ?? []).map(\.key)).union((after.objectValue ?? []).map(\.key))
        for key in top.sorted() {
            let old = before[key], new = after[key]
            guard old != new else { continue }
            if let oldMembers = old?.objectValue, let newMembers = new?.objectValue {
                let inner = Set(oldMembers.map(\.key)).union(newMembers.map(\.key))
                for innerKey in inner.sorted() where old?[innerKey] != new?[innerKey] { changed.append("\(key).\(innerKey)") }
            } else {
                changed.append(key)
            }
        }
        return changed
    }
}
