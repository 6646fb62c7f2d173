import Foundation

/// The value RepoUrlPicker stores, `host?owner=o&repo=r` (Azure: `organization`, `project`;
/// Bitbucket: `workspace`, `project`). The parts end up in URLs and paths of the publish steps,
/// so owners and repos are held to the characters hosts allow: no `..`, no spaces, no controls.
enum ParameterRepoURL {
    static let shape = "host?owner=o&repo=r"

    /// nil when `text` is a complete location on an allowed host (any host when the list is empty).
    static func problem(_ text: String, allowedHosts: [String]) -> String? {
        // Read as parseRepoUrl reads it (one parser for the form and the filter), then held to
        // what hosts allow, since the parts end up in URLs and paths.
        let hostPart = text.prefix { $0 != "?" }
        guard !hostPart.isEmpty else { return "must name a host: \(shape)" }
        guard hostPart.unicodeScalars.allSatisfy(isHostCharacter), !hostPart.hasPrefix("."), !hostPart.hasPrefix("-") else {
            return "must start with a host name such as github.com: \(shape)"
        }
        if !allowedHosts.isEmpty && !allowedHosts.contains(where: { $0.lowercased() == hostPart.lowercased() }) {
            return "host must be \(allowedHosts.map(ParameterText.printable).joined(separator: " or "))"
        }
        guard let parsed = try? RepoURL(parsing: text), let repo = parsed.repo, !repo.isEmpty else { return "must name a repo: \(shape)" }
        guard isName(repo) else { return "repo must be letters, digits, '.', '-' or '_'" }
        let groups = [parsed.owner, parsed.organization, parsed.workspace, parsed.project]
        guard groups.contains(where: { !($0 ?? "").isEmpty }) else { return "must name an owner: \(shape)" }
        if let owner = parsed.owner, !owner.isEmpty {
            // GitLab owners may be nested groups: group/subgroup.
            guard owner.split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ isName(String($0)) }) else {
                return "owner must be letters, digits, '.', '-' or '_' (groups separated by '/')"
            }
        }
        for (key, value) in [("organization", parsed.organization), ("workspace", parsed.workspace), ("project", parsed.project)] {
            guard let value else { continue }
            if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || value.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
                return "\(key) must be a plain name"
            }
        }
        return nil
    }

    /// A repository or owner name as GitHub, GitLab and Bitbucket allow it; never `.` or `..`.
    private static func isName(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".." && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "." || scalar == "-" || scalar == "_"
        }
    }

    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "." || scalar == "-" || scalar == ":"
    }
}
