import ArgumentParser
import CairnCatalog
import CairnPortal
import Foundation

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit one entity's source document in $VISUAL / $EDITOR; saved back only if valid and allowed.",
        discussion: """
            The entity's YAML document is copied to a private file for the editor. On save cairn validates it, checks \
            the change is allowed (owners edit their entities; ownership changes and renames need a platform engineer; \
            Users and Groups a portal admin), writes it back atomically with the file's other documents untouched, and \
            audits it. A refused edit is kept: on a terminal cairn offers to reopen it, else the message names the copy. \
            Exit 2 invalid, 4 not allowed, 1 the file changed meanwhile.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The entity, e.g. component:default/payments or payments.") var ref: String
    @OptionGroup var json: JSONFlag

    func run() throws {
        let portal = try global.openPortal()
        let session = try portal.beginEdit(ref)
        while true {
            try Self.runEditor(session.editorArguments())
            let outcome: EditOutcome
            do {
                outcome = try portal.finishEdit(session)
            } catch {
                // Invalid (exit 2): on a terminal, offer the same copy again, as git commit and kubectl edit do.
                guard error.exitCode == 2, isatty(STDIN_FILENO) == 1, !json.isEnabled else { throw error }
                for line in error.description.split(separator: "\n") { Output.error(String(line)) }
                FileHandle.standardError.write(Data("Edit again? [Y/n] ".utf8))
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? "n"
                guard answer.isEmpty || answer.hasPrefix("y") else { throw ExitCode(2) }
                continue
            }
            report(outcome)
            return
        }
    }

    private func report(_ outcome: EditOutcome) {
        switch outcome {
        case .unchanged(let ref):
            if json.isEnabled {
                Output.json(.object([Value.Member("entityRef", .string(ref.description)), Value.Member("outcome", .string("unchanged"))]))
            } else {
                Output.line("\(ref.humanized): unchanged; nothing was written")
            }
        case .saved(let ref, let file, let changes):
            if json.isEnabled {
                Output.json(.object([Value.Member("entityRef", .string(ref.description)), Value.Member("outcome", .string("saved")),
                                     Value.Member("file", .string(file)), Value.Member("changes", .array(changes.map { .string($0) }))]))
            } else {
                Output.line("\(ref.humanized): saved to \(Output.clean(file)) (\(changes.joined(separator: ", ")))")
            }
        }
    }

    /// Runs the editor on this terminal and waits for it; a missing editor or a failing exit is
    /// reported (the copy is kept for the next try).
    static func runEditor(_ arguments: [String]) throws {
        guard let program = arguments.first else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            throw PortalError.usage("cairn: error: cannot start the editor \(program) (\(error.localizedDescription)); set VISUAL or EDITOR")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PortalError.failed("cairn: error: the editor \(program) exited with status \(process.terminationStatus); nothing was written (your copy: \(arguments.last ?? ""))")
        }
    }
}
