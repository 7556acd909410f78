/// What a remote command on the shared server may be: `ssh host search Aigerim` arrives as
/// `SSH_ORIGINAL_COMMAND="search Aigerim"`. No shell ever sees it: the words are split here, and only
/// reading subcommands (and `log`, which the policy judges) run, as the session's person, on the session's file.
enum SessionCommandLine {
    /// Subcommands a session may run. Everything else (import, edit, publish, access, session, sample …) is refused.
    static let allowed: Set<String> = ["search", "show", "suggest", "mentees", "fading", "log", "unlog", "report", "meetup", "export", "uplift", "health"]

    /// Options that would choose another file or person, or write a file on the server.
    static let refusedOptions: [String: String] = [
        "--db": "the session's directory is fixed",
        "--as": "who you are is fixed by your key",
        "-o": "nothing is written on the server; the output comes back to you",
        "--output": "nothing is written on the server; the output comes back to you",
        "--ics": "nothing is written on the server; use `meetup export M1 --format ics`",
        "--force": "nothing is written on the server",
        "--authorized-keys": "access is managed on the server",
    ]

    /// Splits like a shell would for plain words and '…' or "…" quoting, and refuses everything else a shell
    /// would read specially (`;`, `|`, `&`, `$`, backquotes, redirections, backslashes, control characters).
    static func words(_ text: String) throws(CommandError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            switch character {
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'", "\"":
                quote = character
                inWord = true
            default:
                if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) })
                    || ";|&$`<>(){}\\*?![]~#".contains(character) {
                    throw CommandError.refused("a session runs one Bailanys subcommand, not a shell: \"\(character)\" is not accepted here")
                }
                current.append(character)
                inWord = true
            }
        }
        if quote != nil { throw CommandError.usage("an opening quote has no closing one") }
        if inWord { words.append(current) }
        return words
    }

    /// The arguments to run for `text`: a known subcommand, no refused option, then the session's file.
    static func arguments(for text: String, database: String) throws(CommandError) -> [String] {
        var words = try words(text)
        if words.first == "bailanys" { words.removeFirst() }
        guard let command = words.first else { throw CommandError.usage("no subcommand given") }
        guard allowed.contains(command) else {
            throw CommandError.refused("`\(command)` is not available over SSH; a session offers \(allowed.sorted().joined(separator: ", ")), or the interface with `ssh -t`")
        }
        for word in words.dropFirst() {
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if let why = refusedOptions[name] { throw CommandError.refused("\(name) is not accepted in a session: \(why)") }
            // `-ofile`, `-jo file`: short options glued together.
            if word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 2, word.dropFirst().contains("o") {
                throw CommandError.refused("\(word) is not accepted in a session: nothing is written on the server")
            }
        }
        return words + ["--db", database]
    }
}
