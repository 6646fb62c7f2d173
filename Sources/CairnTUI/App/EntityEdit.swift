import CairnCatalog

/// What the portal answers when `e` asks to edit an entity.
public enum EditLaunch: Sendable, Equatable {
    /// Run this editor command (its last word is the private copy, kept from a refused edit
    /// when there is one).
    case run([String])
    /// Not started: permission denied, the entity's file cannot be found, the catalog not read.
    case refused(String)
}

/// How the editor ended, as the terminal saw it.
public enum EditorExit: Sendable, Equatable {
    case exited(status: Int32)
    case killed(signal: Int32)
    /// It could not be started at all (no such program, say): `program` and why.
    case couldNotStart(program: String, reason: String)
}

/// How an edit from the portal ended.
public enum EditResult: Sendable, Equatable {
    /// Written back: the entity (renamed or not), the file, the fields that changed.
    case saved(EntityRef, file: String, changes: [String])
    /// Saved as it was: nothing written.
    case unchanged(EntityRef)
    /// Not written, and the copy (a path) is kept: `e` on the entity opens it again. Invalid
    /// YAML or a field that breaks a rule, an ownership change only a platform engineer may
    /// make, an editor that failed or could not start.
    case kept(EntityRef, reason: String, copy: String)
    /// Nothing to go back to: refused before the editor started, or the file changed meanwhile.
    case failed(String)
}

/// The two halves of `e` that need the portal, run on the main actor around the editor:
/// `begin` checks the permission and writes (or finds the kept) copy; `finish` reads it back.
@MainActor
public struct EntityEditing {
    public var begin: (EntityRef) -> EditLaunch
    public var finish: (EntityRef, EditorExit) -> EditResult

    public init(begin: @escaping (EntityRef) -> EditLaunch, finish: @escaping (EntityRef, EditorExit) -> EditResult) {
        self.begin = begin
        self.finish = finish
    }

    /// For a portal that cannot edit (benchmarks, tests).
    public static let unavailable = EntityEditing(begin: { _ in .refused("editing is not available here") },
                                                  finish: { _, _ in .failed("editing is not available here") })
}

extension AppState {
    /// `e` on the catalog list or detail: edit the entity on show in `$VISUAL`/`$EDITOR`.
    mutating func editEntityKey() -> [Effect] {
        guard let entity = detailEntity else {
            show(error: "select an entity first, then e edits its YAML in $VISUAL or $EDITOR")
            return []
        }
        message = "editing \(entity.ref.humanized)" + glyphs.ellipsis
        messageIsError = false
        return [.editEntity(entity.ref)]
    }

    /// The end of an edit: what happened, in the footer (wrapped, as it may name a file and a
    /// policy's reason), and the Audit tab read again (the edit or its refusal is recorded).
    mutating func editFinished(_ result: EditResult) -> [Effect] {
        invalidateAudit()
        switch result {
        case .saved(let ref, let file, let changes):
            let what = changes.isEmpty ? "" : " (\(changes.joined(separator: ", ")))"
            showWrapped("saved \(ref.humanized)\(what) to \(file)", isError: false)
        case .unchanged(let ref):
            showWrapped("\(ref.humanized) unchanged; nothing was written", isError: false)
        case .kept(let ref, let reason, let copy):
            // The way back first: when the reason is long, the path is what gets cut.
            showWrapped("\(reason); e reopens your edit of \(ref.name), kept in \(copy)", isError: true)
        case .failed(let reason):
            showWrapped(reason, isError: true)
        }
        return []
    }

    /// A message that takes up to `Layout.maximumFooterLines` lines rather than being cut.
    mutating func showWrapped(_ text: String, isError: Bool) {
        message = text
        messageIsError = isError
        wrappedMessage = text
        // The panes are shorter while it shows: keep the cursor's row on screen.
        clampListScroll()
        clampDetail()
    }
}
