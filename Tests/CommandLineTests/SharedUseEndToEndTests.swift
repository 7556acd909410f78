import Foundation
import PythonCrossCheck
import Testing

extension TmuxSession {
    /// The bailanys process under the pane's shell (`env` execs it, so it is a direct child).
    func appPID() throws -> Int32 {
        let shell = try panePID()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            if let pid = children.split(separator: " ").first.flatMap({ Int32($0) }) { return pid }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TmuxSession.Failure.timedOut(waitingFor: "the bailanys process", screen: "")
    }

    /// Logs a contact with `note` from the card on screen, and waits until the card lists it.
    func logContact(note: String) throws {
        try press("l")
        try waitFor(text: "Log a contact")
        try press("Tab", "Tab")
        try type(note)
        try press("Enter")
        try waitFor(text: "— \(note)")
    }
}

/// Notes of the writes that reported success, from several threads.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var saved: [String] = []
    func add(_ note: String) { lock.withLock { saved.append(note) } }
    var notes: [String] { lock.withLock { saved } }
}

/// The app open on a directory while other processes read, write and are killed midway: a second process used to
/// delete the app's WAL from under it, so its later writes vanished and the file failed the integrity check.
@Suite(.serialized) struct SharedUseEndToEndTests {
    let cli = BinaryRunner()

    /// The notes of every interaction in the file, and SQLite's integrity verdict, read by another program.
    func notesAndIntegrity(_ db: String) throws -> (notes: [String], integrity: String) {
        let script = """
            import json, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            notes = [row[0] for row in db.execute("SELECT note FROM interaction WHERE note != ''")]
            print(json.dumps({"notes": notes, "integrity": db.execute("PRAGMA integrity_check").fetchone()[0]}))
            """
        struct Answer: Decodable { var notes: [String]; var integrity: String }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(try Python.run(script, file: db, modules: []).utf8))
        return (answer.notes, answer.integrity)
    }

    @Test func everyAcknowledgedWriteSurvivesOtherProcessesAndKills() throws {
        let db = try cli.demo()
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as P1 --lang en"))
        try session.waitFor(text: "Directory")
        try session.press("/")
        try session.type("aigerim")
        try session.waitFor(text: "found")
        try session.press("Enter")
        try session.press("Enter")
        try session.waitFor(text: "Log contact")
        try session.logContact(note: "from the app, before")

        // Writers and readers side by side, and writers killed midway through their transaction; the writers act
        // as the national coordinator, who may log contacts between anyone.
        let coordinator = try cli.coordinatorID(db)
        let acknowledged = Acknowledged()
        DispatchQueue.concurrentPerform(iterations: 6) { worker in
            for round in 0..<5 {
                let note = "writer \(worker) round \(round)"
                if worker < 4 {
                    let result = try? cli.run(["log", "P\(2 + worker)", "P\(10 + round)", "--channel", "call", "--note", note, "--db", db, "--as", coordinator])
                    if result?.status == 0 { acknowledged.add(note) }
                } else {
                    _ = try? cli.run([round % 2 == 0 ? "stats" : "doctor", "--db", db])
                }
            }
        }
        for victim in 0..<8 {
            let process = try cli.start(["log", "P20", "P\(30 + victim)", "--note", "killed \(victim)", "--db", db, "--as", coordinator])
            Thread.sleep(forTimeInterval: Double(victim) * 0.015)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(acknowledged.notes.count == 20, "every writer got its turn (busy waits, no errors)")

        try session.logContact(note: "from the app, after")
        // The app is killed as a crash would end it: what it acknowledged must already be on disk.
        kill(try session.appPID(), SIGKILL)
        try session.waitFor(text: "EXITED 137")

        let (notes, integrity) = try notesAndIntegrity(db)
        #expect(integrity == "ok")
        for note in acknowledged.notes + ["from the app, before", "from the app, after"] {
            #expect(notes.contains(note), "\(note) was acknowledged but is missing")
        }
        let doctor = try cli.run(["doctor", "--db", db])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
    }
}
