import BailanysCore
import BailanysStore
import Foundation
import Testing

/// `c` on Mentees on the real binary in tmux: the OSC 52 copy lands in tmux's paste buffer (tmux takes copies from
/// applications under `set-clipboard on`), byte for byte the CSV of `export --where mentor=P…` (issue 14 item 5).
@Suite(.serialized) struct ClipboardEndToEndTests {
    let cli = BinaryRunner()

    /// A demo mentor with mentees, one of their shared phone numbers, and the CLI's export of their shared contacts.
    private func mentor(_ db: String) throws -> (id: String, phone: String, csv: String) {
        let store = try cli.open(db)
        var mentors = DirectoryFilter()
        mentors.roles = [.mentor]
        var found: (id: String, phone: String)?
        for mentor in try store.list(filter: mentors, limit: 1000) where found == nil {
            let mentees = try store.personCard(mentor.id).mentees.map(\.id)
            let phone = try store.people(ids: mentees, audience: .coordinator).flatMap(\.contacts)
                .first { $0.kind == .phone && $0.shared }?.value
            found = phone.map { (mentor.id.description, $0) }
        }
        let (id, phone) = try #require(found, "a demo mentor with a mentee's shared phone")
        let export = try cli.run(["export", "--format", "csv", "--where", "mentor=\(id)", "--as", id, "--db", db])
        #expect(export.status == 0, "\(export.stderr)")
        return (id, phone, export.stdout)
    }

    private func copyFromMentees(_ command: String) throws -> (screen: String, buffer: String?) {
        let session = try TmuxSession(command: command)
        try session.setServerOption("set-clipboard", "on")
        try session.waitFor(text: "· mentor ·")  // the Mentees tab opens once the role is known
        try session.press("3")
        try session.waitFor("the mentees and the copy key") { $0.contains("Mentees of") && $0.contains("c Copy shared contacts") }
        try session.press("c")
        // The popup whole: a capture between its first and last lines saw the title without "OSC 52" (a loaded run).
        let screen = try session.waitFor("the copy's notice or popup") {
            $0.contains("shared contacts (CSV)") || ($0.contains("Nothing copied") && $0.contains("closes"))
        }
        return (screen, session.pasteBuffer())
    }

    /// As a local user and in a server session (`session P…`), where `x` is refused but the copy goes to the member's
    /// own terminal.
    @Test func menteesCopyReachesTmuxsPasteBuffer() throws {
        let db = try cli.demo()
        let mentor = try mentor(db)
        for command in ["--db \(db) --as \(mentor.id) --lang en", "session \(mentor.id) --db \(db) --lang en"] {
            let (screen, buffer) = try copyFromMentees(cli.terminalCommand(command))
            #expect(screen.contains("shared contacts (CSV)"), "\(command):\n\(screen)")
            #expect(buffer?.contains(mentor.phone) == true, "\(command): a mentee's shared phone is pasted")
            #expect(buffer == mentor.csv, "\(command): the clipboard holds exactly the export")
        }
    }

    /// A terminal whose terminfo has no `Ms`, outside tmux (the Linux console): nothing is sent, and a popup says why.
    @Test func aTerminalWithoutClipboardGetsNothing() throws {
        let db = try cli.demo()
        let mentor = try mentor(db)
        let (screen, buffer) = try copyFromMentees(cli.terminalCommand("--db \(db) --as \(mentor.id) --lang en",
                                                                       environment: "-u TMUX TERM=linux"))
        #expect(screen.contains("Nothing copied") && screen.contains("OSC 52"), "\(screen)")
        #expect(buffer == nil)
    }
}
