import BailanysCore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// Golden screens: the whole frame as text, per screen, size and language.
@Suite struct ScreenTests {
    static let sizes = [(120, 40), (80, 24)]

    @Test(arguments: Language.allCases)
    func directory(language: Language) throws {
        for (width, height) in Self.sizes {
            let app = try Harness(language: language, width: width, height: height)
            try Golden.check(app.screen, "directory-\(language)-\(width)x\(height)")
        }
    }

    @Test(arguments: Language.allCases)
    func personCard(language: Language) throws {
        for (width, height) in Self.sizes {
            let app = try Harness(language: language, width: width, height: height)
            app.type("/aigerim")
            app.keys(.enter, .enter)
            try Golden.check(app.screen, "person-\(language)-\(width)x\(height)")
        }
    }

    @Test func coordinatorPersonCard() throws {
        let app = try Harness(me: Fixtures.p(5))
        app.type("/aigerim")
        app.keys(.enter, .enter)
        try Golden.check(app.screen, "person-coordinator-en-120x40")
    }

    @Test func organizationAndInitiativeCards() throws {
        let app = try Harness(language: .ru, width: 80, height: 24)
        app.type("/akimdigi")
        app.keys(.enter, .enter)
        try Golden.check(app.screen, "organization-ru-80x24")
        app.keys(.enter)
        try Golden.check(app.screen, "initiative-ru-80x24")
    }

    /// `?` lists every key of the active map even where they do not fit one column: at 80×24 the Directory's
    /// list used to lose its last rows ("L Language") without a sign.
    @Test(arguments: [(60, 20), (80, 24), (120, 40)])
    func helpShowsEveryKey(size: (Int, Int)) throws {
        for language in Language.allCases {
            let app = try Harness(language: language, width: size.0, height: size.1)
            app.keys(.character("?"))
            for binding in KeyMap.bindings(for: Update.keyContext(app.state), in: app.state) {
                // The key (alone, or sharing its row with another that does the same, `?/F1`), then the start of what it
                // does, on one row.
                let label = String(app.state.strings(binding.labelKey).prefix(4))
                let row = try Regex("(?:\\S+/)?\\Q\(binding.keyLabel)\\E(?:/\\S+)? +\\Q\(label)\\E")
                #expect(app.screen.contains(row), "\(language) \(size): \(binding.keyLabel) \(label)\n\(app.screen)")
            }
        }
    }

    @Test func helpFilterAndForms() throws {
        let app = try Harness(width: 80, height: 24)
        app.keys(.character("?"))
        try Golden.check(app.screen, "help-en-80x24")
        app.keys(.escape, .character("f"))
        try Golden.check(app.screen, "filter-en-80x24")
        let coordinator = try Harness(me: Fixtures.p(5), width: 80, height: 24)
        coordinator.keys(.character("a"))
        try Golden.check(coordinator.screen, "add-person-en-80x24")
    }

    @Test func chooseMe() throws {
        let app = try Harness(me: nil, language: .kk, width: 80, height: 24)
        try Golden.check(app.screen, "whoami-kk-80x24")
    }

    @Test func selectedRowIsHighlighted() throws {
        let app = try Harness()
        let first = try #require(app.row(containing: "Dana Bekova") ?? nil)
        app.keys(.down)
        let theme = Theme.standard
        let selectedY = ScreenLayout(size: app.state.size).firstTableRowY + 1
        #expect(app.frame.style(at: 3, y: selectedY).background == theme.selection.background)
        #expect(app.frame.style(at: 3, y: selectedY + 1).background != theme.selection.background)
        #expect(first >= 0)
    }

    @Test func fadingTieIsMarkedInColour() throws {
        let ties = FixedTies(table: [Fixtures.p(1): [Fixtures.p(2): TieSummary(strength: 0.8, isFading: true),
                                                     Fixtures.p(4): TieSummary(strength: 0.4, isFading: false)]])
        let app = try Harness(width: 100, height: 24, ties: ties)
        let row = try #require(app.row(containing: "Ерлан"))
        let line = app.frame.text(row: row)
        #expect(line.hasSuffix("▼"))
        #expect(line.contains("█"))
        #expect(app.frame.style(at: app.frame.width - 1, y: row).foreground == Theme.standard.fading.foreground)
        let unknown = try #require(app.row(containing: "Dana Bekova"))
        #expect(app.frame.text(row: unknown).trimmingCharacters(in: .whitespaces).hasSuffix("—"))
    }
}
