import CairnCatalog

/// Backstage's RepoUrlPicker value, `host?owner=o&repo=r` (with `organization`, `workspace` and
/// `project` for the hosts that use them), read the way the scaffolder's `parseRepoUrl` reads it:
/// as the query of `https://<value>`, values percent-decoded.
struct RepoURL: Equatable {
    var host: String
    var owner: String?
    var repo: String?
    var organization: String?
    var workspace: String?
    var project: String?

    /// Backstage checks the required keys per integration type; without integration config the
    /// rule here is the one every type shares: a host, and a repo (or a GitLab project id).
    init(parsing text: String) throws(EvaluationFailure) {
        let hostEnd = text.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
        host = String(text[..<hostEnd]).lowercased()
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "@" }) else {
            throw EvaluationFailure("\(JSONWriter.string(.string(text))) is not a repository URL: expected host?owner=…&repo=…")
        }
        var parameters: [String: String] = [:]
        if let queryStart = text.firstIndex(of: "?") {
            let query = text[text.index(after: queryStart)...].prefix { $0 != "#" }
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.decode(parts[0])
                if parameters[key] == nil {
                    parameters[key] = parts.count > 1 ? Self.decode(parts[1]) : ""
                }
            }
        }
        owner = parameters["owner"]
        repo = parameters["repo"]
        organization = parameters["organization"]
        workspace = parameters["workspace"]
        project = parameters["project"]
        guard repo?.isEmpty == false || project?.isEmpty == false else {
            throw EvaluationFailure("\(JSONWriter.string(.string(text))) names no repository: expected a repo= parameter")
        }
    }

    /// `{host, owner, repo, organization, workspace, project}` in Backstage's order, absent keys left out.
    var value: Value {
        var members = [Value.Member("host", .string(host))]
        let optional: [(String, String?)] = [
            ("owner", owner), ("repo", repo), ("organization", organization),
            ("workspace", workspace), ("project", project),
        ]
        for case (let key, let text?) in optional {
            members.append(Value.Member(key, .string(text)))
        }
        return .object(members)
    }

    /// URLSearchParams decoding: `+` is a space, `%XX` a byte of UTF-8; a malformed escape stays as written.
    private static func decode(_ component: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(component.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                      let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1]) {
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
