import Foundation
import Testing

/// Issue 14 item 6: a resize followed at once by `q` leaves the shell's screen as it was, without app rows.
@Suite(.serialized) struct ResizeQuitEndToEndTests {
    let cli = BinaryRunner()

    @Test(arguments: [[(80, 24)], [(200, 60)], [(60, 20)], [(20, 6), (120, 40)], [(80, 24), (200, 60)], [(200, 60), (80, 24)]])
    func resizeThenQuitLeavesNoAppRows(sizes: [(width: Int, height: Int)]) throws {
        let db = try cli.demo()
        let session = try TmuxSession(command: cli.terminalCommand("--db \(db) --as P1 --lang en"))
        try session.waitFor(text: "Directory")
        try session.press("2")
        Thread.sleep(forTimeInterval: 0.5)
        for size in sizes { try session.resize(width: size.width, height: size.height) }
        Thread.sleep(forTimeInterval: 0.3)
        let size = sizes.last!
        try session.press("q")
        let screen = try session.waitFor(text: "EXITED 0")
        #expect(try session.paneFlag("alternate_on") == "0")
        for mark in ["Directory", "Bailanys", "sort:", "Suggestions", "Report"] {
            #expect(!screen.contains(mark), "app rows left after a resize to \(size) and q:\n\(screen)")
        }
    }
}
