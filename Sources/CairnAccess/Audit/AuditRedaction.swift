import CairnCatalog
import Foundation

/// Keeps secrets out of the audit log. A parameter whose name looks secret (password,
/// secret, token, credential, private, or `key` as a word of the name) keeps its name with the
/// value `***`; values the caller names as secret are replaced anywhere in parameter values
/// and the detail. Redacting too much is the safe side of the mistake.
public enum AuditRedaction {
    public static let mask = "***"

    private static let secretParts = ["password", "passwd", "passphrase", "secret", "token", "credential", "private",
                                      "apikey", "accesskey", "sshkey", "privkey"]

    /// True when the parameter's name says its value is a secret: `password`, `clientSecret`,
    /// `API_KEY`, `sshKey`, `apikey`, `accessToken` (but not `keyboard`, `monkey` or `keyspace`).
    public static func isSecretName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if secretParts.contains(where: { lowered.contains($0) }) { return true }
        return words(of: name).contains { $0 == "key" || $0 == "keys" }
    }

    /// `apiKey`, `api_key`, `API-Key`, `APIKey` → `api`, `key`.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                continue
            }
            if character.isUppercase, let last = current.last {
                let nextIsLowercase = index + 1 < characters.count && characters[index + 1].isLowercase
                if last.isLowercase || last.isNumber || (last.isUppercase && nextIsLowercase) {
                    words.append(current.lowercased())
                    current = ""
                }
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// `text` with every secret value replaced by `***` (longest first, so a secret that
    /// contains another is masked whole).
    public static func redacted(_ text: String, secretValues: [String]) -> String {
        var text = text
        for secret in secretValues.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: secret, with: mask)
        }
        return text
    }

    /// The parameters as stored: secret names masked, secret values replaced, as a JSON
    /// object with sorted keys and string values.
    public static func parametersJSON(_ parameters: [String: String], secretValues: [String]) -> String {
        let members = parameters.sorted { $0.key < $1.key }.map { key, value in
            Value.Member(key, .string(isSecretName(key) ? mask : redacted(value, secretValues: secretValues)))
        }
        return JSONWriter.string(.object(members))
    }
}
