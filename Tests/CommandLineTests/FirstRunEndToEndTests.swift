import Foundation
import Testing

/// First run, an unknown identity and a read-only directory, on the real binary in tmux (issue 14, item 4).
@Suite(.serialized) struct FirstRunEndToEndTests {
    let cli = BinaryRunner()

    @Test func unknownAsExitsWithAClearMessage() throws {
        let db = try cli.demo()
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as P999999 --lang en"))
        let screen = try session.waitFor(text: "EXITED")
        #expect(screen.contains("EXITED 1"), "\(screen)")
        #expect(screen.contains("--as P999999: nobody with that id in"), "\(screen)")
    }

    /// A new `--db` says what it is doing while the demo is made, does not take the default directory's identity,
    /// says where the new file is in the app and again after it, and remembers who I am for that file only.
    @Test func aNewDirectoryShowsProgressAndGetsItsOwnIdentity() throws {
        let config = cli.path("config/bailanys/config.toml")
        try FileManager.default.createDirectory(atPath: cli.path("config/bailanys"), withIntermediateDirectories: true)
        try Data("me = \"P1\"\n".utf8).write(to: URL(fileURLWithPath: config))
        try FileManager.default.createDirectory(atPath: cli.path("fresh"), withIntermediateDirectories: true)
        let db = cli.path("fresh/new.sqlite")
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --lang en"))
        let progress = try session.waitFor("progress or the app", seconds: 90) {
            $0.contains("creating the demo directory") || $0.contains("New directory")
        }
        #expect(!progress.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        // The directory loads behind the message (in the background, slower on a loaded machine): wait for both.
        let first = try session.waitFor("the message over the directory", seconds: 90) {
            $0.contains("New directory") && $0.contains("who are you?")
        }
        #expect(first.contains("Created the demo directory at"), "\(first)")
        #expect(first.contains("who are you?"), "the default directory's P1 is not this file's P1:\n\(first)")
        // Enter closes the message; Enter on the first person asks, and only y confirms.
        try session.press("Enter")
        // Enter acts on a row only once the list has loaded (on a loaded machine, after the message closed).
        try session.waitFor("the message closed over the loaded list", seconds: 60) {
            !$0.contains("New directory") && $0.range(of: #"[1-9][0-9,]* entries"#, options: .regularExpression) != nil
        }
        try session.press("Enter")
        try session.waitFor(text: "y — yes", seconds: 60)
        try session.press("y")
        try session.waitFor("me chosen", seconds: 60) { !$0.contains("who are you?") }
        try session.press("q")
        let after = try session.waitFor(text: "EXITED 0", seconds: 60)
        // The path may be longer than the terminal is wide: the line wraps.
        #expect(after.replacingOccurrences(of: "\n", with: "").contains("Created the demo directory at \(db)"), "readable after the app ends:\n\(after)")
        let saved = try String(contentsOfFile: config, encoding: .utf8)
        #expect(saved.contains("[identities]") && saved.contains(db), "\(saved)")
        #expect(saved.range(of: #"me = ['"]P1['"]"#, options: .regularExpression) != nil, "the default directory's identity is kept:\n\(saved)")
    }

    /// `--as` and `--lang` are for one run: switching the language with `L` remembers the language only. It wrote the
    /// `--as` person as this file's identity too, so the next run without `--as` opened as them, asking nobody.
    @Test func aOneRunIdentityIsNotRememberedWhenTheLanguageIsSwitched() throws {
        let db = try cli.demo()
        let config = cli.path("config/bailanys/config.toml")
        try? FileManager.default.removeItem(atPath: config)
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as P12 --lang en"))
        try session.waitFor("the directory listed", seconds: 60) { $0.contains("Directory") && $0.contains("entries ·") }
        try session.press("L")
        try session.waitFor(text: "Анықтамалық")
        try session.press("q")
        try session.waitFor(text: "EXITED 0")
        let saved = try String(contentsOfFile: config, encoding: .utf8)
        #expect(!saved.contains("P12") && !saved.contains("identities"), "\(saved)")
        #expect(saved.range(of: #"language = ['"]kk['"]"#, options: .regularExpression) != nil, "\(saved)")
        let next = try TmuxSession(command: cli.terminalCommand("--db \(db)"))
        try next.waitFor(text: "кімсіз?", seconds: 60)
        try next.press("q")
        try next.waitFor(text: "EXITED 0")
    }

    /// A folder and file this user may not write (run as `nobody`; root ignores permissions): the app browses,
    /// shows the badge, and refuses a write before any form opens, with the whole message.
    @Test func aReadOnlyDirectoryBrowsesAndRefusesWritesUpFront() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let folder = cli.path("readonly")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let db = folder + "/dir.sqlite"
        try FileManager.default.copyItem(atPath: try cli.demo(), toPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        for path in [folder, cli.home.path] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        let session = try TmuxSession(command: "setpriv --reuid=nobody --regid=nogroup --clear-groups "
                                      + cli.terminalCommand("--db \(db) --as P1 --lang en"))
        let directory = try session.waitFor("the directory listed") { $0.contains("read-only") && $0.contains("entries ·") }
        #expect(directory.contains("Directory"), "\(directory)")
        // Browsing works: a search, then a person's card.
        try session.press("/")
        try session.type("aigerim")
        try session.waitFor(text: "found")
        try session.press("Enter", "Enter")
        try session.waitFor(text: "Log contact")
        try session.press("l")
        let refused = try session.waitFor(text: "Any key closes this.")
        #expect(refused.contains("is read-only") && refused.contains("--db."), "the whole message is on screen:\n\(refused)")
        #expect(!refused.contains("Log a contact"), "no form opened")
        try session.press("Escape")
        try session.press("Escape")
        try session.press("q")
        try session.waitFor(text: "EXITED 0")
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"), "nothing was written beside it")
    }
}
