import BailanysCore
import BailanysResources
import BailanysStore
import Foundation
import Testing

/// The real binary in tmux: keys that could lose work (q, Esc, d, switching screens) and the meetup planner,
/// as a person at the terminal meets them.
@Suite(.serialized) struct TUISafetyEndToEndTests {
    let cli = BinaryRunner()

    /// The first coordinator of the demo directory and their settlement (a gazetteer key), to plan around.
    private func coordinator(_ db: String) throws -> (id: String, settlement: String) {
        var filter = DirectoryFilter()
        filter.roles = [.coordinator]
        let first = try #require(try store(db).list(filter: filter, limit: 1).first)
        return (first.id.description, first.settlement)
    }

    private func store(_ db: String) throws -> DirectoryStore {
        try DirectoryStore.open(path: db, gazetteer: try Gazetteer(json: BailanysResources.data(.gazetteer)))
    }

    @Test func qLeavesOneLevelAndADismissalIsUndone() throws {
        let db = try cli.demo()
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as P1 --lang en"))
        try session.waitFor(text: "entries · sort")
        try session.press("Enter")
        try session.waitFor(text: "Esc/q Back")
        try session.press("q")
        let back = try session.waitFor("the directory again") { !$0.contains("Esc/q Back") && $0.contains("/ Search") }
        #expect(!back.contains("EXITED"), "q on a card goes back, it does not quit")

        try session.press("2")
        try session.waitFor(text: "Why")
        try session.press("d")
        try session.waitFor(text: "u to undo")
        #expect(try store(db).suggestionFeedback().dismissed.count == 1)
        try session.press("u")
        try session.waitFor(text: "Restored:")
        #expect(try store(db).suggestionFeedback().dismissed.isEmpty)

        try session.press("q")
        try session.waitFor(text: "EXITED 0")
    }

    @Test func anUnsavedPlanIsNotThrownAway() throws {
        let db = try cli.demo()
        // At home: a plan elsewhere is not this coordinator's to save, and offers no `s`.
        let (me, settlement) = try coordinator(db)
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as \(me) --lang en"), width: 80, height: 24)
        try session.waitFor(text: "entries · sort")
        try session.press("4")
        try session.waitFor(text: "Host")
        try session.type(settlement)
        try session.press("Enter")
        try session.waitFor(text: "Save the plan")
        for leave in ["q", "Escape", "1"] {
            try session.press(leave)
            try session.waitFor(text: "Discard it?")
            try session.press("n")
            try session.waitFor("the plan again") { !$0.contains("Discard it?") && $0.contains("Save the plan") }
        }
        try session.press("1")
        try session.waitFor(text: "Discard it?")
        try session.press("y")
        try session.waitFor("the directory") { $0.contains("/ Search") && !$0.contains("Save the plan") }
        try session.press("q")
        try session.waitFor(text: "EXITED 0")
        #expect(try store(db).meetups().isEmpty, "nothing was saved behind the user's back")
    }

    @Test func aMeetupIsPlannedSavedReopenedAndHeld() throws {
        let db = try cli.demo()
        let (me, settlement) = try coordinator(db)
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as \(me) --lang en"))
        try session.waitFor(text: "entries · sort")
        try session.press("4")
        try session.waitFor(text: "Focus")
        try session.type(settlement)
        try session.press("Tab")
        for _ in 0..<20 { try session.press("BSpace") }
        try session.type("2026-11-01 18:00")
        try session.press("Enter")
        try session.waitFor(text: "That date has passed")
        for _ in 0..<20 { try session.press("BSpace") }
        try session.type("\(cli.today) 18:00")
        try session.press("Tab")
        for _ in 0..<5 { try session.press("BSpace") }
        try session.type("9")
        try session.press("Enter")
        try session.waitFor(text: "(at most")
        try session.press("s")
        try session.waitFor(text: "Saved as M")
        try session.press("q")
        try session.waitFor(text: "Saved meetups")
        try session.press("Enter")
        // The opened meetup: its own settings in the form, places and km in the table.
        let opened = try session.waitFor("the opened meetup") { $0.contains("invited, 0 came") }
        #expect(opened.contains("\(cli.today) 18:00") && opened.contains("9"), "\(opened)")
        #expect(!opened.contains("Table 1"), "\(opened)")
        #expect(opened.range(of: #"│?\s\d{1,3}\s"#, options: .regularExpression) != nil, "km filled in:\n\(opened)")
        try session.press("Space", "Space", "a")
        try session.waitFor(text: "held · 2 came")
        try session.press("q", "q", "q")
        try session.waitFor(text: "EXITED 0")
        let meetups = try store(db).meetups()
        #expect(meetups.count == 1 && meetups[0].capacity == 9 && meetups[0].attendees.count == 2 && meetups[0].status == .held)
    }
}
