/// The command line that opens the user's editor, found the way git and crontab find it:
/// `$VISUAL`, else `$EDITOR`, else `vi`. The variable is split as a shell splits words for
/// the simple cases (`code --wait`, `nvim -u NONE`, quotes and backslashes); it is not run
/// through a shell, so `$HOME`, pipes or `;` are not interpreted.
public enum EditorCommand {
    /// The argument vector that edits `path`: the editor's words, then `path`.
    public static func arguments(editing path: String, environment: [String: String]) -> [String] {
        for variable in ["VISUAL", "EDITOR"] {
            if let value = environment[variable] {
                let words = split(value)
                if !words.isEmpty { return words + [path] }
            }
        }
        return ["vi", path]
    }

    /// Shell-like word splitting: blanks separate words; '…' is literal; "…" is literal but
    /// for \" \\ \$ and \`; a backslash outside quotes takes the next character as is. An
    /// unterminated quote runs to the end.
    private static func split(_ command: String) -> [String] {
        var words: [String] = []
        var word = ""
        var isInWord = false
        var characters = command.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t", "\n":
                if isInWord { words.append(word) }
                word = ""
                isInWord = false
            case "'":
                isInWord = true
                while let next = characters.next(), next != "'" { word.append(next) }
            case "\"":
                isInWord = true
                while let next = characters.next(), next != "\"" {
                    if next == "\\", let escaped = characters.next() {
                        if !"\"\\$`".contains(escaped) { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            case "\\":
                isInWord = true
                if let escaped = characters.next(), escaped != "\n" { word.append(escaped) }
            default:
                isInWord = true
                word.append(character)
            }
        }
        if isInWord { words.append(word) }
        return words
    }
}
