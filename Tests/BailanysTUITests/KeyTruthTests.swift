import BailanysCore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// The keys the app shows are the keys it obeys: hints and help come from the active key map.
@Suite struct KeyTruthTests {
    static let coordinator = Fixtures.p(5)

    /// The status bar row.
    func statusRow(_ app: Harness) -> String { app.frame.text(row: app.state.size.height - 1) }

    /// Opens help and checks it lists every binding of the active context, the digits, F1 and the mouse.
    func checkHelp(_ app: Harness, openWith key: KeyEvent = .character("?"), _ where: String) {
        let context = app.state.overlay?.helpContext ?? Update.keyContext(app.state)
        // What help lists: the context's keys as they stand (`u` only with something to undo).
        let bindings = KeyMap.bindings(for: context, in: app.state)
        app.keys(key)
        guard app.state.overlay == .help(scroll: 0) else {
            Issue.record("\(`where`): \(key) did not open help")
            return
        }
        let screen = app.screen
        for binding in bindings {
            let label = app.state.strings(binding.labelKey)
            #expect(screen.contains(binding.keyLabel) && screen.contains(label), "\(`where`): help lacks \(binding.keyLabel) \(label)")
        }
        #expect(screen.contains("F1") && screen.contains("Mouse: click a tab or a row"), "\(`where`)")
        if ![.meetupForm, .searchBox, .mentorSearch, .form, .filter].contains(context) { #expect(screen.contains("1–6") && screen.contains("Switch screen"), "\(`where`)") }
        // Every hint is a binding of the context below the help.
        app.keys(.escape)
        guard app.state.overlay?.helpContext == nil else { return }
        let hints = KeyMap.hints(for: context, strings: app.state.strings)
        for hint in hints { #expect(bindings.contains { $0.keyLabel == hint.key }) }
    }

    /// F1 is help in text fields too, as the guide says: in the search box, a form and the filter it did nothing (and
    /// `?` is typed there). Over a form or the filter, help lists their keys, and closing it gives them back as typed.
    @Test func f1IsHelpInTextFieldsToo() throws {
        let app = try Harness()
        app.type("/aig")
        checkHelp(app, openWith: .function(1), "search box")
        #expect(app.state.directory.isEditingSearch && app.state.directory.search.text == "aig")
        app.keys(.enter, .enter, .character("l"), .tab, .tab)
        app.type("half a note")
        guard case .form(let form)? = app.state.overlay else { Issue.record("no log form"); return }
        checkHelp(app, openWith: .function(1), "log form")
        #expect(app.state.overlay == .form(form), "the form is back as it was")
        app.keys(.escape, .character("y"), .escape, .escape, .character("f"))
        guard case .filter? = app.state.overlay else { Issue.record("no filter"); return }
        checkHelp(app, openWith: .function(1), "filter")
        guard case .filter? = app.state.overlay else { Issue.record("the filter is not back"); return }
    }

    /// My own card is edited but no contact is logged with oneself: `l` is not offered there. It was, and answered
    /// "This is your own card…" (review). Someone else's card still offers it.
    @Test func myOwnCardOffersNoLogContact() throws {
        let app = try Harness(me: Fixtures.p(3))
        app.type("/dana")
        app.keys(.enter, .enter)
        #expect(app.state.currentCard?.id == Fixtures.p(3))
        #expect(statusRow(app).contains("e Edit") && !statusRow(app).contains("Log contact"), "\(statusRow(app))")
        app.keys(.character("l"))
        #expect(app.state.overlay == nil && app.state.notice == nil)
        let other = try Harness(me: Fixtures.p(1))
        other.type("/dana")
        other.keys(.enter, .enter)
        #expect(statusRow(other).contains("l Log contact"), "\(statusRow(other))")
    }

    /// At 40×12 the help did not fit: three columns of labels two letters wide, and rows drawn over the popup's
    /// border and the status bar. Now it keeps columns readable and scrolls: nothing is drawn outside the popup,
    /// ↓ reaches every key, and the footer says it scrolls.
    @Test func helpScrollsInASmallTerminalAndStaysInsideItsBox() throws {
        let app = try Harness(me: Self.coordinator, width: 40, height: 12, graph: true)
        let bindings = KeyMap.bindings(for: Update.keyContext(app.state), in: app.state)
        app.keys(.character("?"))
        let lines = app.frame.lines
        let bottom = try #require(lines.lastIndex { $0.contains("╰") })
        let border = lines[bottom].drop { $0 != "╰" }.prefix { $0 != "╯" }
        #expect(border.dropFirst().allSatisfy { $0 == "─" }, "the bottom border is whole: \(lines[bottom])")
        let status = app.frame.text(row: 11).trimmingCharacters(in: .whitespaces)
        #expect(status == "Esc " + app.state.strings("key.close"), "the status bar is whole: \(status)")
        #expect(app.screen.contains("↑/↓"), "the footer says the help scrolls: \(app.screen)")
        let strings = app.state.strings
        var seen = Set<String>()
        for _ in 0..<40 {
            // A long label wraps: its first words are enough to see it.
            for binding in bindings where app.screen.contains(strings(binding.labelKey).prefix(12)) {
                seen.insert(binding.labelKey)
            }
            app.keys(.down)
        }
        let missing = bindings.map(\.labelKey).filter { !seen.contains($0) }
        #expect(missing.isEmpty, "scrolled past without showing \(missing)")
        #expect(app.state.overlay != nil, "↓ scrolls; it does not close the help")
    }

    @Test func helpListsEveryKeyOfTheActiveMapWithDigitsF1AndMouse() throws {
        let app = try Harness(me: Self.coordinator, graph: true)
        checkHelp(app, "directory")
        app.keys(.enter)
        checkHelp(app, openWith: .function(1), "card")
        for (digit, name) in [("2", "suggestions"), ("3", "mentees"), ("5", "map"), ("6", "report")] {
            app.keys(.escape, .character(Character(digit)))
            checkHelp(app, name)
        }
        app.keys(.character("4"))
        checkHelp(app, openWith: .function(1), "meetup form")
        app.type("Aqtau")
        app.keys(.enter)
        checkHelp(app, "plan")
        app.keys(.character("s"))
        checkHelp(app, "saved plan")
    }

    /// The rows inside the popup whose top border holds `title`, between its borders.
    static func popupRows(_ screen: String, titled title: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        guard let top = lines.firstIndex(where: { String($0).contains("╭─ " + title) }), let left = lines[top].lastIndex(of: "╭"),
              let right = lines[top].lastIndex(of: "╮") else { return [] }
        var rows: [String] = []
        for line in lines[(top + 1)...] {
            guard line.count > left, line[left] != "╰" else { break }
            rows.append(String(line[(left + 1)..<min(right, line.count)]))
        }
        return rows
    }

    @Test(arguments: Language.allCases)
    func helpAtEightyColumnsCutsNoLabel(_ language: Language) throws {
        let app = try Harness(me: Self.coordinator, language: language, width: 80, height: 24, graph: true)
        for key in ["1", "2", "3", "5", "6", "4"] {
            app.keys(.escape, .character(Character(key)), .function(1))
            #expect(app.state.overlay == .help(scroll: 0))
            let context = Update.keyContext(app.state)
            let title = app.state.strings("help.title", ["screen": app.state.strings(context.titleKey)])
            let rows = Self.popupRows(app.screen, titled: String(title.prefix(12)))
            #expect(!rows.isEmpty && !rows.contains { $0.contains("…") }, "screen \(key):\n\(app.screen)")
            for binding in KeyMap.bindings(for: context, in: app.state) {
                let words = app.state.strings(binding.labelKey).split(separator: " ")
                #expect(words.allSatisfy { word in rows.contains { $0.contains(word) } }, "\(binding.labelKey)")
            }
            app.keys(.escape)
        }
    }

    /// The help names the screen as its tab does (review: the Report tab's help said "Study indicators").
    @Test func theReportsHelpIsNamedAsItsTab() throws {
        let app = try Harness()
        app.keys(.character("6"), .character("?"))
        #expect(app.screen.contains("Keys: Report"), "\(app.screen)")
    }

    /// Help names the digits of the tabs this user has (review: a mentor's help said 1–6, and 4 and 5 did nothing).
    @Test func helpNamesTheDigitsOfMyTabs() throws {
        let mentor = try Harness(me: Fixtures.p(4))
        mentor.keys(.character("?"))
        #expect(mentor.screen.contains("1–3, 6 ") && !mentor.screen.contains("1–6"), "\(mentor.screen)")
        let coordinator = try Harness(me: Self.coordinator)
        coordinator.keys(.character("?"))
        #expect(coordinator.screen.contains("1–6 "), "\(coordinator.screen)")
        #expect(KeyMap.digitRanges([1, 2, 6]) == "1, 2, 6" && KeyMap.digitRanges([1, 2, 3, 4, 5, 6]) == "1–6")
        // Two keys that do the same share one row (review: "? Help" and "F1 Help" were two identical rows).
        #expect(coordinator.screen.contains("?/F1 ") && coordinator.screen.components(separatedBy: " Help ").count == 2,
                "\(coordinator.screen)")
    }

    @Test func digitsSwitchScreensFromACard() throws {
        let app = try Harness(me: Self.coordinator)
        app.keys(.enter)
        #expect(app.state.currentCard != nil)
        app.keys(.character("2"))
        #expect(app.state.screen == .suggestions && app.state.currentCard == nil)
        app.keys(.character("1"), .enter, .character("4"))
        #expect(app.state.meetup != nil, "the planner from a card too")
    }

    @Test func theMeetupFormTypesDigitsAndQuestionMarks() throws {
        let app = try Harness(me: Self.coordinator)
        app.keys(.character("4"))
        app.type("Aqtau 4?")
        #expect(app.state.meetup?.text("host") == "Aqtau 4?", "text in a field is text")
        #expect(app.state.meetup != nil && app.state.overlay == nil)
        let hints = KeyMap.hints(for: Update.keyContext(app.state), strings: app.state.strings)
        #expect(hints.contains { $0.key == "F1" && $0.label == "Help" } && !hints.contains { $0.key == "?" })
        #expect(statusRow(app).contains("F1 Help"))
        app.keys(.function(1))
        #expect(app.state.overlay == .help(scroll: 0))
        app.keys(.function(1), .escape, .character("2"))
        #expect(app.state.meetup == nil && app.state.screen == .suggestions, "Esc leaves the field, then digits switch")
    }

    @Test func aMentorIsNotOfferedOtherMentors() throws {
        let mentor = try Harness(me: Fixtures.p(4), graph: true)
        mentor.keys(.character("3"))
        #expect(KeyMap.action(for: .left, in: Update.keyContext(mentor.state)) == nil)
        mentor.keys(.character("?"))
        #expect(!mentor.screen.contains("Other mentor") && !mentor.screen.contains("Next mentor"),
                "no key to page through mentors for a mentor:\n\(mentor.screen)")
        let coordinator = try Harness(me: Self.coordinator, graph: true)
        coordinator.keys(.character("3"))
        let before = try #require(coordinator.state.mentees.view?.mentor)
        #expect(Update.keyContext(coordinator.state) == .menteesOfAnyMentor)
        #expect(statusRow(coordinator).contains("→/Tab Next mentor"))
        coordinator.keys(.right)
        if let view = coordinator.state.mentees.view, view.mentors.count > 1 { #expect(view.mentor != before) }
    }

    /// While letters go into a text box, the status bar offers the box's own keys, not the screen's letter keys (which
    /// would be typed). Found at 80×24 on 2026-12-07: the search box hinted `f Filter  s Sort`, the mentor search
    /// `x Export  c Copy`, and the filter's theme row `x clear`.
    @Test func textBoxesOfferTheirOwnKeys() throws {
        let app = try Harness(me: Self.coordinator, width: 80, height: 24, graph: true)
        app.type("/ai")
        #expect(Update.keyContext(app.state) == .searchBox)
        var row = statusRow(app)
        #expect(row.contains("Enter/Tab Keep the results") && row.contains("Esc Clear search"), "\(row)")
        #expect(!row.contains("Filter") && !row.contains("Sort"), "\(row)")
        app.type("fs")
        #expect(app.state.directory.search.text == "aifs" && app.state.overlay == nil, "f and s are typed")
        app.keys(.enter)
        #expect(!app.state.directory.isEditingSearch && app.state.directory.search.text == "aifs", "Enter keeps the results")
        app.keys(.escape)

        app.keys(.character("3"), .character("/"))
        #expect(Update.keyContext(app.state) == .mentorSearch)
        row = statusRow(app)
        #expect(row.contains("Enter Show this mentor\u{2019}s mentees") && row.contains("Esc Back to the mentor shown"), "\(row)")
        #expect(!row.contains("Export") && !row.contains("Copy"), "\(row)")
        app.type("xc")
        #expect(app.state.mentees.mentorSearch?.text == "xc" && app.state.notice == nil, "x and c are typed")
        app.keys(.escape)
        #expect(app.state.mentees.mentorSearch == nil)

        app.keys(.character("1"), .character("f"))
        #expect(app.screen.contains("x Clear row") && app.screen.contains("X Clear all"), "\(app.screen)")
        app.keys(Array(repeating: KeyEvent.down, count: FilterEditor.Row.allCases.count - 1))
        #expect(!app.screen.contains("x Clear") && app.screen.contains("Ctrl-U Clear"), "\(app.screen)")
    }

    /// Keys that would do nothing are not offered. Found at 80×24 on 2026-12-07: the directory's help listed
    /// `Tab Switch pane` with no pane to switch to, and an empty Reconnect tab hinted Enter, l, d and z.
    @Test func keysWithNothingToActOnAreNotOffered() throws {
        let narrow = try Harness(me: Self.coordinator, width: 80, height: 24)
        narrow.keys(.character("?"))
        #expect(!narrow.screen.contains("Switch pane") && narrow.screen.contains("Filter"), "\(narrow.screen)")
        let wide = try Harness(me: Self.coordinator, width: 120, height: 40)
        wide.keys(.character("?"))
        #expect(wide.screen.contains("Switch pane"))

        let empty = try Harness(me: Fixtures.p(7), width: 80, height: 24, graph: true)
        empty.keys(.character("2"))
        try empty.settle { $0.suggestions.isLoaded }
        while empty.state.suggestions.tab != .kind(.reconnect) { empty.keys(.tab) }
        #expect(empty.state.suggestions.rowCount == 0, "P7 has logged no contact: no tie to renew")
        #expect(Update.keyContext(empty.state) == .emptySuggestions)
        let row = statusRow(empty)
        #expect(!row.contains("Dismiss") && !row.contains("Snooze") && !row.contains("Log contact") && row.contains("Tab"), "\(row)")
        // Every tab without rows offers no key for a row.
        for _ in 0..<4 {
            empty.keys(.tab)
            guard empty.state.suggestions.tab != .dismissed, empty.state.suggestions.rowCount == 0 else { continue }
            #expect(!KeyMap.hints(for: Update.keyContext(empty.state), strings: empty.state.strings).contains { $0.key == "d" })
        }
    }

    @Test func thePlannerOffersOnlyKeysThatAct() throws {
        let app = try Harness(me: Self.coordinator)
        app.planMeetup(on: Harness.meetupToday)
        let unsaved = KeyMap.hints(for: Update.keyContext(app.state), strings: app.state.strings).map(\.key)
        #expect(unsaved.contains("s") && !unsaved.contains("Space") && !unsaved.contains("a") && !unsaved.contains("x"))
        #expect(!statusRow(app).contains("Mark attended") && !statusRow(app).contains("Record attendance"))
        app.keys(.character(" "), .character("a"), .character("x"))
        #expect(app.state.meetup?.marked.isEmpty == true && app.state.notice == nil, "unbound keys do nothing")
        app.keys(.character("s"))
        let saved = KeyMap.hints(for: Update.keyContext(app.state), strings: app.state.strings).map(\.key)
        #expect(!saved.contains("s") && saved.contains("Space") && saved.contains("a") && saved.contains("x"))
        app.keys(.escape)
        let list = KeyMap.hints(for: Update.keyContext(app.state), strings: app.state.strings).map(\.key)
        #expect(list.contains("Enter") && !list.contains("s") && !list.contains("Space"))
    }

    @Test func noticesKeepTheirOwnRoomAndEndAtAWord() throws {
        let folder = Fixtures.temporaryFolder()
        let app = try Harness(me: Self.coordinator, language: .kk, width: 80, height: 24, exportFolder: folder.path)
        app.planMeetup(on: Harness.meetupToday)
        // Recording attendance answers, in Kazakh, with a notice longer than all the bar but its first hint.
        app.keys(.character("s"), .character(" "), .character(" "), .character("a"))
        let notice = try #require(app.state.notice?.text)
        let row = statusRow(app)
        #expect(row.contains("Space " + app.state.strings("key.meetup.mark")), "the first hint stays whole beside a long notice: \(row)")
        let hints = KeyMap.hints(for: Update.keyContext(app.state), strings: app.state.strings)
        for hint in hints where row.contains("\(hint.key) \(hint.label.prefix(2))") {
            #expect(row.contains("\(hint.key) \(hint.label)"), "\(hint.key) cut mid-word: \(row)")
        }
        let shown = try #require(row.components(separatedBy: "  ").last?.trimmingCharacters(in: .whitespaces))
        #expect(shown.hasSuffix("…") && notice.hasPrefix(String(shown.dropLast())), "cut after a word: \(shown)")
        let lastWord = String(shown.dropLast()).split(separator: " ").last.map(String.init) ?? ""
        #expect(notice.split(separator: " ").map(String.init).contains(lastWord), "\(lastWord) is a whole word of \(notice)")
        #expect(Render.fitWords("Save the plan first", width: 12) == "Save the…")
        #expect(Render.fitWords("short", width: 12) == "short")
    }
}
