import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The OS account running cairn: at a jump host every engineer logs in as themselves, so the
/// account is who they are.
public enum OSAccount {
    /// The environment variable that lets root act as another account (root could `su` to it
    /// anyway): how a platform engineer reproduces what a user sees, and how tests running as
    /// root take on other identities. Ignored for everyone else.
    public static let overrideVariable = "CAIRN_AS_USER"

    /// The effective account's name (`getpwuid(geteuid())`), or root's chosen stand-in.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if geteuid() == 0, let stand = environment[overrideVariable], !stand.isEmpty { return stand }
        return effectiveName()
    }

    /// The account really running cairn, whatever it stands in for, with the sudo user behind
    /// it when there is one: what audit records name besides the actor.
    public static func real(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let name = effectiveName()
        if let sudoer = environment["SUDO_USER"], !sudoer.isEmpty, sudoer != name { return "\(name) (sudo by \(sudoer))" }
        return name
    }

    private static func effectiveName() -> String {
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid-\(uid)"
    }
}
