/// The `Link` header (RFC 8288) GitHub and GitLab paginate with:
/// `<https://api.github.com/…&page=2>; rel="next", <https://api.github.com/…&page=5>; rel="last"`.
/// Commas and semicolons inside `<…>` or quoted parameter values do not split it.
struct LinkHeader {
    /// Relation (lowercased) → target URL; a `rel` listing several relations maps each one.
    private(set) var targets: [String: String] = [:]

    init(_ value: String?) {
        guard let value else { return }
        var characters = value[...]
        while let open = characters.firstIndex(of: "<") {
            guard let close = characters[open...].firstIndex(of: ">") else { return }
            let target = String(characters[characters.index(after: open)..<close])
            // The parameters run to the next comma outside quotes.
            var parameters = ""
            var index = characters.index(after: close)
            var isQuoted = false
            while index < characters.endIndex {
                let character = characters[index]
                if character == "\"" { isQuoted.toggle() }
                if character == ",", !isQuoted { break }
                parameters.append(character)
                index = characters.index(after: index)
            }
            for relation in Self.relations(in: parameters) where targets[relation] == nil {
                targets[relation] = target
            }
            characters = characters[index...]
        }
    }

    /// The target of `relation` (`next`, `last`, …), if the header has one.
    func target(_ relation: String) -> String? { targets[relation.lowercased()] }

    private static func relations(in parameters: String) -> [String] {
        for parameter in parameters.split(separator: ";") {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces().lowercased() == "rel" else { continue }
            var value = pair[1].trimmingSpaces()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.split(separator: " ").map { $0.lowercased() }
        }
        return []
    }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
