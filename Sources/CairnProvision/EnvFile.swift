import Foundation

/// A service's env file (`KEY=value` lines, as Docker, systemd and dotenv read them): cairn sets
/// and removes its own keys and keeps every other line as written. Mode 0600, atomic rewrite.
public enum EnvFile {
    /// Sets `values` (replacing lines with those keys) and removes `removing`.
    public static func update(_ path: String, setting values: [(key: String, value: String)], removing: [String] = []) throws(ProvisionError) {
        for key in values.map(\.key) + removing where !isValidKey(key) {
            throw .failed("\("\"" + key.prefix(40).filter { !$0.isNewline } + "\"") is not an environment variable name ([A-Z_][A-Z0-9_]*); it was not written to \(path)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        try PrivateFile.createFolder(folder)
        try PrivateFile.locked(folder) { () throws(ProvisionError) in
            let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            try PrivateFile.write(Data(updated(existing, setting: values, removing: removing).utf8), to: path)
        }
    }

    /// `^[A-Z_][A-Z0-9_]*$`: a name every env-file reader takes, with nothing to inject.
    public static func isValidKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, first == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else { return false }
        return key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The text with keys set and removed.
    static func updated(_ text: String, setting values: [(key: String, value: String)], removing: [String]) -> String {
        let replaced = Set(values.map(\.key) + removing)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        lines.removeAll { line in
            let trimmed = line.drop { $0 == " " }
            let body = trimmed.hasPrefix("export ") ? trimmed.dropFirst(7) : trimmed
            guard let equals = body.firstIndex(of: "=") else { return false }
            return replaced.contains(String(body[..<equals]).trimmingCharacters(in: .whitespaces))
        }
        for (key, value) in values { lines.append("\(key)=\(quoted(value))") }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// Values with spaces, quotes or `#` are single-quoted (dotenv and Docker Compose read that).
    static func quoted(_ value: String) -> String {
        let plain = value.allSatisfy { $0.isLetter || $0.isNumber || "-_.:/@%+=,?&~".contains($0) }
        return plain ? value : "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Reads `KEY=value` pairs (quotes removed): what a test or a tool sees.
    public static func read(_ path: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var result: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            var body = Substring(line.trimmingCharacters(in: .whitespaces))
            if body.hasPrefix("#") { continue }
            if body.hasPrefix("export ") { body = body.dropFirst(7) }
            guard let equals = body.firstIndex(of: "=") else { continue }
            var value = String(body[body.index(after: equals)...])
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
            }
            result[String(body[..<equals])] = value
        }
        return result
    }
}
