import BailanysCore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// In a session on the shared server (`bailanys session P…`) the key decides who is speaking and the server's disk is
/// not the member's: no key writes a file there or runs a program, and none is offered (docs/server.md).
@Suite struct ServerSessionScreenTests {
    private static let refusal = "Not in a server session: your key decides who you are; the server opens no editor and writes no files"

    private func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
    }

    @Test func menteesExportWritesNothingOnTheServer() throws {
        let folder = Fixtures.temporaryFolder().path
        let app = try Harness(me: Fixtures.p(4), graph: true, exportFolder: folder, serverSession: true)
        app.keys(.character("3"))
        #expect(!app.frame.text(row: app.frame.height - 1).contains("x "), "the hint bar offers no export")
        app.keys(.character("x"))
        #expect(try files(in: folder).isEmpty)
        #expect(app.state.notice?.text == Self.refusal)
    }

    /// `c` works in a session: OSC 52 travels with the screen to the member's own terminal, not to the server's disk.
    @Test func menteesCopyReachesTheMembersTerminal() throws {
        let folder = Fixtures.temporaryFolder().path
        let app = try Harness(me: Fixtures.p(4), graph: true, exportFolder: folder, serverSession: true)
        app.keys(.character("3"))
        #expect(app.frame.text(row: app.frame.height - 1).contains("c Copy shared contacts"), "the hint bar offers the copy")
        app.keys(.character("c"))
        #expect(app.state.notice?.text == "Copied 3 mentees\u{2019} shared contacts (CSV)")
        #expect(app.terminal.clipboard.count == 1 && app.terminal.clipboard[0].contains("+7 701 111 22 33"))
        #expect(try files(in: folder).isEmpty)
    }

    @Test func reportExportWritesNothingOnTheServer() throws {
        let folder = Fixtures.temporaryFolder().path
        let app = try Harness(me: CoordinatorFixtures.coordinator, store: try CoordinatorFixtures.store(),
                              exportFolder: folder, serverSession: true)
        app.keys(.character("6"), .character("x"))
        #expect(try files(in: folder).isEmpty)
        #expect(app.state.overlay == nil && app.state.notice?.text == Self.refusal)
    }

    @Test func noEditorRunsOnTheServer() throws {
        let folder = Fixtures.temporaryFolder()
        let marker = folder.appendingPathComponent("editor-ran").path
        let editor = folder.appendingPathComponent("editor.sh")
        try "#!/bin/sh\ntouch '\(marker)'\n".write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        let app = try Harness(me: Fixtures.p(1), environment: ["VISUAL": editor.path], serverSession: true)
        app.type("/aigerim")
        app.keys(.enter, .enter)
        #expect(Update.keyContext(app.state) == .ownCard)
        app.keys(.character("E"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(app.state.notice?.text == Self.refusal)
    }

    @Test func whoIAmIsTheKeys() throws {
        let app = try Harness(me: Fixtures.p(1), serverSession: true)
        app.keys(.character("I"))
        #expect(!app.state.isChangingMe && app.state.notice?.text == Self.refusal)
    }

    /// Help is generated from the same key map as the keys, so it lists none of the keys a session refuses.
    @Test func helpOffersNoneOfTheRefusedKeys() throws {
        let app = try Harness(me: Fixtures.p(4), graph: true, serverSession: true)
        app.keys(.character("3"), .character("?"))
        #expect(app.screen.contains("Open") && !app.screen.contains("Export"), "\(app.screen)")
        let plain = try Harness(me: Fixtures.p(4), graph: true)
        plain.keys(.character("3"), .character("?"))
        #expect(plain.screen.contains("Export"), "outside a session the export is offered: \(plain.screen)")
    }
}
