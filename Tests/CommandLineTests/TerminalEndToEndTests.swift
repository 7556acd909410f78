import BailanysCore
import BailanysResources
import BailanysStore
import Foundation
import Testing

/// The real binary in tmux on a demo directory: what a person sees and what lands in the database.
@Suite(.serialized) struct TerminalEndToEndTests {
    let cli = BinaryRunner()

    @Test func searchOpenLogResizeQuit() throws {
        let db = try cli.demo()
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as P1 --lang en"))
        try session.waitFor(text: "Directory")
        try session.press("/")
        try session.type("aigerim")
        let results = try session.waitFor(text: "found")
        #expect(results.contains("Айгерім") || results.contains("Әйгерім"), "Latin query finds Kazakh spellings:\n\(results)")

        try session.press("Enter")
        try session.press("Enter")
        // The card's first line is "Name  P123" once its content has loaded (reads run in the background).
        let card = try session.waitFor("the card's content") { screen in
            let lines = screen.split(separator: "\n")
            return screen.contains("Log contact") && lines.count > 1 && lines[1].range(of: #"  P\d+"#, options: .regularExpression) != nil
        }
        let name = card.split(separator: "\n")[1].trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0]

        try session.press("l")
        try session.waitFor(text: "Log a contact")
        try session.press("Tab", "Tab")
        try session.type("e2e check Қазақ")
        try session.press("Enter")
        try session.waitFor(text: "— e2e check Қазақ")

        try session.resize(width: 80, height: 24)
        try session.waitFor("an 80-column redraw") { screen in
            screen.contains("Log contact") && screen.split(separator: "\n").allSatisfy { $0.count <= 80 }
        }
        try session.resize(width: 20, height: 6)
        try session.waitFor(text: "Enlarge")
        try session.resize(width: 120, height: 40)
        try session.waitFor(text: "Log contact")

        // q leaves the card for the search results (no sort is named over them), and quits from there.
        try session.press("q")
        try session.waitFor(text: "Last contact Tie")
        #expect(try session.screen().contains(" found"), "the search results are back")
        try session.press("q")
        try session.waitFor(text: "EXITED 0")
        #expect(try session.paneFlag("alternate_on") == "0", "the alternate screen was left")
        #expect(try session.paneFlag("cursor_flag") == "1", "the cursor is visible again")
        #expect(try session.paneFlag("mouse_any_flag") == "0", "mouse reporting is off again")

        let store = try DirectoryStore.open(path: db, gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
        let logged = try store.loadDirectory().interactions.filter { $0.note == "e2e check Қазақ" }
        #expect(logged.count == 1)
        #expect(logged.first?.source == .manual)
        #expect(logged.first?.day.iso == cli.today)
        let partner = logged.first.map { $0.a == EntityID(.person, 1) ? $0.b : $0.a }
        #expect(try partner.map { try store.displayName($0) } == name)
    }

    /// SIGINT (kill, or Ctrl-C where the terminal sends it), SIGTERM and SIGHUP (the terminal closed):
    /// the app restores the terminal and exits with 128 + the signal.
    @Test func terminationSignalsRestoreTerminal() throws {
        let db = try cli.demo()
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let (session, app) = try startApp(db)
            kill(app, signal)
            try session.waitFor(text: "EXITED \(128 + signal)")
            try expectRestored(session, after: "signal \(signal)")
        }
    }

    /// A crash (a fault, a Swift trap — SIGILL on x86, SIGTRAP on ARM — or an abort) still crashes, but
    /// leaves a usable terminal: no alternate screen, a visible cursor, no mouse reports. Swift's
    /// backtracer is off here: it would return from a signal sent with `kill` (a real fault faults again),
    /// so the app's handler hands the signal to the default action, which ends the process.
    @Test func crashSignalsRestoreTerminal() throws {
        let db = try cli.demo()
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            let (session, app) = try startApp(db, environment: "SWIFT_BACKTRACE=enable=no")
            kill(app, signal)
            try session.waitFor(text: "EXITED \(128 + signal)")
            try expectRestored(session, after: "signal \(signal)")
        }
    }

    /// Ctrl-Z stops the app with the terminal given back to the shell; `fg` resumes and repaints it. It runs
    /// under an interactive shell with job control, as a user's is (without one, Linux discards the stop).
    @Test func suspendAndResumeRestoreTerminal() throws {
        let db = try cli.demo()
        let session = try TmuxSession(command: "env PS1='$ ' bash --norc --noprofile -i")
        try session.waitFor(text: "$")
        try session.type(cli.terminalCommand("--db \(db) --as P1 --lang en"))
        try session.press("Enter")
        try session.waitFor(text: "Directory")
        try session.press("C-z")
        try session.waitFor(text: "Stopped")
        try expectRestored(session, after: "Ctrl-Z")
        try session.type("fg")
        try session.press("Enter")
        try session.waitFor("the app drawn again") { $0.contains("Directory") && (try? session.paneFlag("alternate_on")) == "1" }
        try session.press("q")
        // Typed only once the app is gone, so that it cannot read the keys.
        try session.waitFor("the app to quit") { _ in (try? session.paneFlag("alternate_on")) == "0" }
        try session.type("echo APP-EXITED $?")
        try session.press("Enter")
        try session.waitFor(text: "APP-EXITED 0")
        try expectRestored(session, after: "quitting after a resume")
    }

    @Test func refusesToStartWithoutTerminal() throws {
        let db = try cli.demo()
        let result = try cli.run(["--db", db])
        #expect(result.status == 1)
        #expect(result.stderr.contains("needs a terminal"))
        #expect(result.stdout.isEmpty)
    }

    @Test func firstRunCreatesDemoAndAsksWhoIAm() throws {
        let session = try TmuxSession(command: cli.terminalCommand("--lang ru"))
        let screen = try session.waitFor(text: "Кто вы?", seconds: 90)
        #expect(screen.contains("Bailanys"))
        #expect(FileManager.default.fileExists(atPath: cli.path("data/bailanys/directory.sqlite")))
        // The first q closes the "demo created" message (any key does), the second quits.
        try session.press("q")
        try session.waitFor("the message closed") { !$0.contains("sample --help") }
        try session.press("q")
        try session.waitFor(text: "EXITED 0")
    }

    /// The app on `db`, its first screen drawn, and its process id.
    private func startApp(_ db: String, environment: String = "") throws -> (TmuxSession, Int32) {
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as P1 --lang en", environment: environment))
        try session.waitFor(text: "Directory")
        #expect(try session.paneFlag("alternate_on") == "1")
        return (session, try session.appPID())
    }

    /// The terminal as the shell needs it: main screen, cursor shown, no mouse reporting.
    private func expectRestored(_ session: TmuxSession, after what: String) throws {
        #expect(try session.paneFlag("alternate_on") == "0", "the alternate screen was left after \(what)")
        #expect(try session.paneFlag("cursor_flag") == "1", "the cursor is visible again after \(what)")
        #expect(try session.paneFlag("mouse_any_flag") == "0", "mouse reporting is off again after \(what)")
    }
}
