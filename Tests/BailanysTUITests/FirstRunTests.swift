import BailanysCore
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// First run, an empty directory and a read-only one (issue 14, item 4).
@Suite struct FirstRunTests {
    static func emptyStore(path: String? = nil) throws -> DirectoryStore {
        try DirectoryStore.create(path: path ?? Fixtures.temporaryFolder().appendingPathComponent("d.sqlite").path,
                                  gazetteer: Fixtures.gazetteer)
    }

    /// The fixture directory on a connection that cannot write, as a file without write permission opens.
    static func readOnlyStore(path: String? = nil) throws -> DirectoryStore { try Fixtures.store(path: path).readingConnection() }

    /// Every character of `text` is inside the popup (the last box drawn, from `╭` to `╰`), in order, wherever it wrapped.
    static func showsWhole(_ text: String, _ screen: String) -> Bool {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        guard let top = lines.lastIndex(where: { $0.contains("╭") }), let left = lines[top].lastIndex(of: "╭"),
              let right = lines[top].lastIndex(of: "╮") else { return false }
        var inside = ""
        for line in lines[(top + 1)...] {
            guard line.count > left, line[left] != "╰" else { break }
            inside += String(line[(left + 1)..<min(right, line.count)])
        }
        func squeezed(_ s: String) -> String { String(s.filter { !$0.isWhitespace }) }
        return squeezed(inside).contains(squeezed(text))
    }

    @Test func anEmptyDirectorySaysSoAndAAddsTheFirstPerson() throws {
        let app = try Harness(me: nil, width: 80, height: 24, store: try Self.emptyStore())
        #expect(app.screen.contains("This directory has nobody in it yet. Press a to add the first person"), "\(app.screen)")
        #expect(!app.screen.contains("Esc clears the search"))
        #expect(app.frame.text(row: 23).contains("a Add"))
        app.keys(.character("a"))
        guard case .form(let form)? = app.state.overlay, case .addPerson = form.purpose else {
            Issue.record("a did not open the add-person form: \(app.screen)")
            return
        }
        app.type("Айгерім Сапарова")
        app.keys(.tab, .tab)
        app.type("Aqtau")
        app.keys(.enter)
        #expect(try app.store.stats().people == 1, "the first person is saved by the file's owner: \(app.screen)")
        app.keys(.escape)
        #expect(app.tableNames == ["Айгерім Сапарова"])
        #expect(!app.screen.contains("nobody in it yet"))
    }

    @Test func anEmptySearchStillTalksAboutTheSearch() throws {
        let app = try Harness(width: 80, height: 24)
        app.type("/zzzz")
        #expect(app.screen.contains("Nothing matches. Esc clears the search"))
        #expect(!app.screen.contains("nobody in it yet"))
    }

    @Test func theFirstFrameOfANewDemoSaysWhereItIs() throws {
        let app = try Harness(me: nil, width: 120, height: 40, createdDemo: true)
        guard case .message(_, let text)? = app.state.overlay else {
            Issue.record("no message on the first frame: \(app.screen)")
            return
        }
        #expect(text.hasPrefix("Created the demo directory at \(app.store.path)."))
        #expect(Self.showsWhole(text, app.screen))
        app.keys(.character("/"))
        #expect(app.state.overlay == nil && app.state.directory.isEditingSearch, "the key closes the message and searches")
    }

    @Test(arguments: Language.allCases)
    func aReadOnlyDirectoryBrowsesShowsABadgeAndRefusesWritesUpFront(language: Language) throws {
        let app = try Harness(language: language, width: 80, height: 24, store: try Self.readOnlyStore())
        let badge = Strings(language: language)("top.readOnly")
        #expect(app.frame.text(row: 0).contains(badge), "\(app.frame.text(row: 0))")
        // Browsing works: search, open a card.
        app.type("/erlan")
        app.keys(.enter, .enter)
        #expect(app.state.currentCard?.id == Fixtures.p(2))
        app.keys(.character("l"))
        guard case .message(_, let text)? = app.state.overlay else {
            Issue.record("l did not refuse up front: \(app.screen)")
            return
        }
        #expect(text == Strings(language: language)("readOnly.refused", ["path": app.store.path]))
        #expect(Self.showsWhole(text, app.screen), "\(language): the message is cut:\n\(app.screen)")
        app.keys(.escape)
        #expect(app.state.overlay == nil)
        #expect(app.state.currentCard != nil, "Esc closes the message and leaves the card open")
    }

    @Test func readOnlyRefusesEveryWriteKeyButKeepsExportsAndLanguage() throws {
        let app = try Harness(me: Fixtures.p(5), width: 120, height: 40, store: try Self.readOnlyStore())
        for key in ["a", "A"] {
            app.keys(.character(Character(key)))
            guard case .message? = app.state.overlay else { Issue.record("\(key) was not refused"); continue }
            app.keys(.escape)
        }
        app.keys(.character("6"))
        app.keys(.character("x"))
        guard case .message(let title, _)? = app.state.overlay else { Issue.record("no message: \(app.screen)"); return }
        #expect(title == "report.exported.title", "the report exports to files, not the directory")
        // "Any key closes this": q closes it and does not quit (review).
        app.keys(.character("q"))
        #expect(app.state.overlay == nil && app.state.isRunning && app.state.screen == .report)
        app.keys(.character("L"))
        #expect(app.state.language == .kk)
    }
}
