import BailanysCore
import BailanysPolicy
import BailanysStore
@testable import BailanysGraph
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// The Suggestions and Mentees screens over the real graph module, on the fixture directory.
@Suite struct GraphScreenTests {
    @Test(arguments: Language.allCases)
    func suggestionsScreen(language: Language) throws {
        for (width, height) in ScreenTests.sizes {
            let app = try Harness(language: language, width: width, height: height, graph: true)
            app.keys(.character("2"))
            try Golden.check(app.screen, "suggestions-\(language)-\(width)x\(height)")
        }
    }

    @Test(arguments: Language.allCases)
    func menteesScreen(language: Language) throws {
        for (width, height) in ScreenTests.sizes {
            let app = try Harness(me: Fixtures.p(4), language: language, width: width, height: height, graph: true)
            app.keys(.character("3"))
            try Golden.check(app.screen, "mentees-\(language)-\(width)x\(height)")
        }
    }

    /// Бауыржан (P6) knows Әсел (P5), who knows Айгерім and Ерлан: friends of a friend to meet.
    static let introductions = [
        Interaction(a: Fixtures.p(6), b: Fixtures.p(5), day: Day(iso: "2026-10-01")!, channel: .meeting, source: .manual),
        Interaction(a: Fixtures.p(5), b: Fixtures.p(1), day: Day(iso: "2026-09-01")!, channel: .call, source: .manual),
        Interaction(a: Fixtures.p(5), b: Fixtures.p(2), day: Day(iso: "2026-08-01")!, channel: .call, source: .manual),
    ]

    @Test func meetAndPartnerTabs() throws {
        let newcomer = try Harness(me: Fixtures.p(6), width: 80, height: 24, graph: true, contacts: Self.introductions)
        newcomer.keys(.character("2"))
        #expect(newcomer.state.suggestions.tab == .kind(.meet), "a newcomer has no tie to renew")
        try Golden.check(newcomer.screen, "suggestions-meet-en-80x24")
        let leader = try Harness(language: .kk, width: 80, height: 24, graph: true)
        leader.keys(.character("2"), .backTab, .backTab)
        try Golden.check(leader.screen, "suggestions-partners-kk-80x24")
    }
}

@Suite struct SuggestionsBehaviour {
    /// A newcomer, with no tie to renew, is shown whom to meet, not an empty Reconnect tab (review); an empty tab
    /// offers no key that acts on a row.
    @Test func theScreenOpensOnTheFirstKindWithSuggestions() throws {
        let app = try Harness(me: Fixtures.p(6), graph: true, contacts: GraphScreenTests.introductions)
        app.keys(.character("2"))
        #expect(app.state.suggestions.list(.reconnect).isEmpty && !app.state.suggestions.list(.meet).isEmpty)
        #expect(app.state.suggestions.tab == .kind(.meet), "\(app.screen)")
        while app.state.suggestions.tab != .dismissed { app.keys(.tab) }
        #expect(app.state.suggestions.dismissed.isEmpty)
        let row = app.frame.text(row: app.state.size.height - 1)
        #expect(!row.contains("Enter Open") && !row.contains("u Undo"), "\(row)")
        // Shown again, it lands on a tab with something in it, not on the empty one left (review).
        app.keys(.character("1"), .character("2"))
        #expect(app.state.suggestions.tab == .kind(.meet), "\(app.screen)")
    }

    @Test func tabsCycleAndEnterOpensTheCard() throws {
        let app = try Harness(graph: true)
        app.keys(.character("2"))
        #expect(app.state.screen == .suggestions)
        #expect(app.state.suggestions.tab == .kind(.reconnect))
        let first = try #require(app.state.suggestions.selectedSuggestion)
        #expect(app.screen.contains(first.name))
        app.keys(.tab)
        #expect(app.state.suggestions.tab == .kind(.meet))
        app.keys(.tab, .tab, .tab)
        #expect(app.state.suggestions.tab == .kind(.reconnect))
        app.keys(.backTab)
        #expect(app.state.suggestions.tab == .dismissed)
        app.keys(.backTab)
        #expect(app.state.suggestions.tab == .kind(.partner))
        app.keys(.right, .right)
        app.keys(.enter)
        #expect(app.state.currentCard?.id == first.subject)
        app.keys(.escape)
        #expect(app.state.currentCard == nil)
        #expect(app.state.screen == .suggestions)
        app.keys(.character("1"))
        #expect(app.state.screen == .directory)
    }

    @Test func reasonsPanelShowsEachReasonWithItsShare() throws {
        let app = try Harness(graph: true)
        app.keys(.character("2"))
        let selected = try #require(app.state.suggestions.selectedSuggestion)
        let wording = SuggestionWording(language: .en, gazetteer: Fixtures.gazetteer)
        for reason in selected.reasons {
            let row = try #require(app.row(containing: String(wording.reason(reason.reason).prefix(30))), "\(reason.reason)")
            #expect(app.frame.text(row: row).contains(wording.share(reason.share)))
        }
        // Never a coordinator-only category, whoever asks.
        for word in ["NEET", "vulnerable", "disability", "Coordinator only"] { #expect(!app.screen.contains(word)) }
    }

    /// A reason that is there but rounds to nothing reads `<1%`, not `0%` (review: "In Almaty, 876 km away · 0%").
    @Test func aTinyShareIsNotShownAsNothing() {
        let wording = SuggestionWording(language: .en, gazetteer: Fixtures.gazetteer)
        #expect(wording.share(0.0002) == "<1%")
        #expect(wording.share(0.004) == "<1%")
        #expect(wording.share(0.005) == "1%")
        #expect(wording.share(0.42) == "42%")
        #expect(wording.share(0) == "0%")
    }

    /// Scores below 1 keep two significant digits: two recency-led reconnect scores of 0.0084 and 0.014 both read
    /// `0.01` with two decimals, though one is ranked above the other.
    @Test func smallScoresKeepTwoSignificantDigits() {
        let en = SuggestionWording(language: .en, gazetteer: Fixtures.gazetteer)
        #expect([0.0084, 0.0139, 0.083, 0.25, 0.999, 1, 196.344, 0].map(en.number)
                == ["0.0084", "0.014", "0.083", "0.25", "1.00", "1.00", "196.34", "0.00"])
        #expect(SuggestionWording(language: .kk, gazetteer: Fixtures.gazetteer).number(0.0084) == "0,0084")
    }

    /// How long ago a contact was, with no number a language must agree with: a fast network's ties fade within weeks
    /// and had read "0 months ago", and English said "1 months ago".
    @Test func lastContactSaysHowLongAgo() {
        let en = SuggestionWording(language: .en, gazetteer: Fixtures.gazetteer)
        let day = Day(iso: "2010-09-10")!
        func said(_ months: Int, _ days: Int) -> String { en.reason(.lastContact(day: day, monthsAgo: months, daysAgo: days)) }
        #expect(said(3, 95) == "Last contact 10 Sep 2010, 3 months ago")
        #expect(said(1, 40) == "Last contact 10 Sep 2010, a month ago")
        #expect(said(0, 20) == "Last contact 10 Sep 2010, 20 days ago")
        #expect(said(0, 1) == "Last contact 10 Sep 2010, yesterday")
        for language in [Language.kk, .ru] {
            let wording = SuggestionWording(language: language, gazetteer: Fixtures.gazetteer)
            let phrases = [(3, 95), (1, 40), (0, 20), (0, 1), (0, 0)].map {
                wording.reason(.lastContact(day: day, monthsAgo: $0.0, daysAgo: $0.1))
            }
            #expect(Set(phrases).count == phrases.count && phrases.allSatisfy { !$0.contains("{") && !$0.contains(" 0 ") },
                    "\(phrases)")
        }
    }

    @Test func dismissHidesForGoodAndSnoozeAsksForADay() throws {
        let app = try Harness(me: Fixtures.p(6), graph: true, contacts: GraphScreenTests.introductions)
        app.keys(.character("2"))
        let meet = app.state.suggestions.current
        #expect(meet.count >= 2)
        app.keys(.character("d"))
        #expect(!app.state.suggestions.current.contains { $0.key == meet[0].key })
        #expect(try app.store.suggestionFeedback().dismissed == [meet[0].key])
        #expect(app.screen.contains("Dismissed: \(meet[0].name) · u to undo"))

        app.keys(.character("z"))
        guard case .form(let form)? = app.state.overlay else { Issue.record("no snooze form"); return }
        #expect(form.text("until") == Fixtures.today.adding(months: 1).iso)
        // One date to type: no Tab to another field and no ←→ to change a choice are offered (review).
        #expect(form.keyHints(app.state.strings).map(\.key) == ["Enter", "Esc"])
        #expect(app.screen.contains("Enter Save  Esc Cancel") && !app.screen.contains("Tab Next field"), "\(app.screen)")
        // A day that is not after today is refused, and nothing is stored.
        for _ in 0..<10 { app.keys(.backspace) }
        app.type(Fixtures.today.iso)
        app.keys(.enter)
        #expect(app.screen.contains("Enter a day after today"))
        #expect(try app.store.suggestionFeedback().snoozedUntil.isEmpty)
        // A day that does not exist is a format error, not one "not after today" (review).
        for _ in 0..<10 { app.keys(.backspace) }
        app.type("2027-02-30")
        app.keys(.enter)
        #expect(app.screen.contains("Use YYYY-MM-DD") && !app.screen.contains("Enter a day after today"), "\(app.screen)")
        #expect(try app.store.suggestionFeedback().snoozedUntil.isEmpty)
        for _ in 0..<10 { app.keys(.backspace) }
        app.type("2027-02-01")
        app.keys(.enter)
        #expect(app.state.overlay == nil)
        #expect(try app.store.suggestionFeedback().snoozedUntil == [meet[1].key: Day(iso: "2027-02-01")!])
        #expect(!app.state.suggestions.current.contains { $0.key == meet[1].key })
        // The Dismissed tab lists the snooze with its day, and u brings it back at once (review: it could not be seen).
        while app.state.suggestions.tab != .dismissed { app.keys(.tab) }
        #expect(app.screen.contains("\(meet[1].name)  hidden until 1 Feb 2027"), "\(app.screen)")
        #expect(app.state.suggestions.dismissed.count == 2)
        let snoozed = try #require(app.state.suggestions.dismissed.firstIndex { $0.key == meet[1].key })
        while app.state.suggestions.selected != snoozed { app.keys(.down) }
        app.keys(.character("u"))
        #expect(try app.store.suggestionFeedback().snoozedUntil.isEmpty)
        #expect(app.state.suggestions.dismissed.map(\.key) == [meet[0].key])
    }

    /// Logging a contact revives the tie at once: the suggestion goes, the directory's fading mark goes,
    /// the card's bar grows — without rebuilding the graph.
    @Test func loggingAContactRevivesTheTieAtOnce() throws {
        let app = try Harness(graph: true)
        let mentor = Fixtures.p(4)
        #expect(app.state.myTies[mentor]?.isFading == true)
        let before = try #require(app.state.myTies[mentor]?.strength)
        let directoryRow = try #require(app.row(containing: "Ғалым"))
        #expect(app.frame.text(row: directoryRow).contains("▼"))

        app.keys(.character("2"))
        let suggestion = try #require(app.state.suggestions.current.first { $0.subject == mentor })
        app.keys(.character("l"))
        guard case .form(let form)? = app.state.overlay, case .log(let party, _, let key) = form.purpose else {
            Issue.record("no log form"); return
        }
        #expect(party == suggestion.subject)
        #expect(key == suggestion.key, "a contact logged from a suggestion counts as acting on it")
        app.keys(.enter)
        #expect(app.state.overlay == nil)
        // Opening the screen recorded what was shown; saving marked this one as acted on.
        let used = try app.store.suggestionUseReport(windowDays: 90, today: app.state.today,
                                                       by: Actor(id: nil, roles: [.coordinator], reach: .country))
        #expect(used.kinds.first { $0.kind == suggestion.kind }?.actedOn == 1)
        #expect(used.kinds.reduce(0) { $0 + $1.shown.recorded } >= app.state.suggestions.current.count)
        #expect(!app.state.suggestions.current.contains { $0.subject == mentor })
        #expect(app.state.myTies[mentor]?.isFading == false)
        #expect(try #require(app.state.myTies[mentor]?.strength) > before)

        app.keys(.character("1"))
        let row = try #require(app.row(containing: "Ғалым"))
        #expect(!app.frame.text(row: row).contains("▼"))
        app.type("/galym")
        app.keys(.enter, .enter)
        #expect(app.state.currentCard?.id == mentor)
        #expect(!app.screen.contains("▼ fading"))
    }

    /// A contact logged by mistake (the wrong row, the wrong person) is taken back with `u`: the tie fades again, the
    /// suggestion returns, it no longer counts as acted on. It stayed for good (review). `u` is offered only while
    /// there is something to undo, and undoes the last of a log and a dismiss.
    @Test func uTakesBackTheContactJustLogged() throws {
        let app = try Harness(graph: true)
        let mentor = Fixtures.p(4)
        let before = try #require(app.state.myTies[mentor])
        func helpListsUndo() -> Bool {
            Render.HelpView(app.state).bindings.contains { $0.action == .undo }
        }
        #expect(!helpListsUndo(), "nothing to undo yet")
        app.keys(.character("2"))
        let suggestion = try #require(app.state.suggestions.current.first { $0.subject == mentor })
        let contacts = try app.store.interactions(of: mentor).count
        app.keys(.character("l"), .enter)
        #expect(try app.store.interactions(of: mentor).count == contacts + 1)
        #expect(app.screen.contains("Logged (u undoes)") && helpListsUndo())
        app.keys(.character("u"))
        #expect(try app.store.interactions(of: mentor).count == contacts)
        #expect(app.screen.contains("Removed the contact logged with Ғалым Нұрланұлы"), "\(app.screen)")
        #expect(app.state.myTies[mentor] == before)
        #expect(app.state.suggestions.current.contains { $0.key == suggestion.key })
        let used = try app.store.suggestionUseReport(windowDays: 90, today: app.state.today,
                                                       by: Actor(id: nil, roles: [.coordinator], reach: .country))
        #expect(used.kinds.first { $0.kind == suggestion.kind }?.actedOn == 0)
        #expect(!helpListsUndo())
        app.keys(.character("u"))
        #expect(app.screen.contains("Nothing to undo"))
        // From a card too; a dismiss after it is what `u` undoes next.
        app.keys(.character("1"))
        app.type("/galym")
        app.keys(.enter, .enter, .character("l"), .enter, .escape, .escape, .character("2"))
        #expect(try app.store.interactions(of: mentor).count == contacts + 1)
        let other = try #require(app.state.suggestions.current.first)
        app.keys(.character("d"), .character("u"))
        #expect(app.state.suggestions.current.contains { $0.key == other.key }, "u brought back the dismissed one")
        #expect(try app.store.interactions(of: mentor).count == contacts + 1, "the earlier log stays")
    }

    /// `u` takes back only the contact it logged: removed elsewhere meanwhile, its id went to the next contact logged
    /// (someone else's), and `u` deleted that one (review).
    @Test func uNeverTakesAnotherContactThatGotTheSameID() throws {
        let app = try Harness(graph: true)
        let mentor = Fixtures.p(4)
        app.keys(.character("2"))
        _ = try #require(app.state.suggestions.current.first { $0.subject == mentor })
        app.keys(.character("l"), .enter)
        let logged = try #require(app.state.lastLogged)
        let other = try DirectoryStore.open(path: app.store.path, gazetteer: Fixtures.gazetteer)
        try other.removeInteraction(logged.id, by: try other.actor(Fixtures.p(1)))
        // Theirs is with me too, so my `u` would be allowed to remove it.
        let theirs = Interaction(a: Fixtures.p(2), b: Fixtures.p(1), day: Fixtures.today, channel: .call, note: "theirs", source: .manual)
        #expect(try other.logInteraction(theirs, by: try other.actor(Fixtures.p(2)), today: Fixtures.today) == logged.id, "the id is reused")
        app.keys(.character("u"))
        #expect(try app.store.interactions(of: Fixtures.p(2)).contains { $0.id == logged.id && $0.note == "theirs" }, "their contact stays")
        #expect(Fixtures.squeezed(app.screen).contains(Fixtures.squeezed("was removed elsewhere meanwhile; nothing was removed")), "\(app.screen)")
    }

    /// A graph that cannot be read used to become an empty graph in silence: no ties, no suggestions, no word why.
    @Test func aGraphThatFailsToLoadIsReportedNotShownEmpty() throws {
        struct Unreadable: Error, CustomStringConvertible { var description: String { "page 42 of the interactions is damaged" } }
        let failing = GraphTieStrength.loading { _ in throw Unreadable() }
        let app = try Harness(ties: failing)
        app.keys(.character("2"))
        #expect(app.state.notice?.isError == true)
        #expect(app.screen.contains("Ties could not be loaded"))
        #expect(app.screen.contains("page 42 of the interactions is damaged"))
    }

    @Test func withoutAGraphTheScreenSaysSo() throws {
        let app = try Harness()
        app.keys(.character("2"))
        #expect(app.screen.contains("Suggestions need the tie graph"))
        app.keys(.character("d"), .character("z"), .enter)
        #expect(app.state.overlay == nil && app.state.currentCard == nil)
    }
}

@Suite struct MenteesBehaviour {
    @Test func onlyMentorsAndCoordinatorsSeeTheTab() throws {
        let alumnus = try Harness(graph: true)
        #expect(!alumnus.screen.contains("3 Mentees"))
        alumnus.keys(.character("3"))
        #expect(alumnus.state.screen == .directory)
        let mentor = try Harness(me: Fixtures.p(4), graph: true)
        #expect(mentor.screen.contains("3 Mentees"))
    }

    @Test func mentorSeesMenteesMostAtRiskFirstAndOpensCards() throws {
        let app = try Harness(me: Fixtures.p(4), graph: true)
        app.keys(.character("3"))
        let entries = app.state.mentees.entries
        #expect(Set(entries.map(\.mentee)) == [Fixtures.p(1), Fixtures.p(2), Fixtures.p(3)])
        #expect(entries == entries.sorted(by: GraphViews.moreAtRisk))
        #expect(app.screen.contains(" Round 5, 2023 · online"), "a group's heading begins with a capital: \(app.screen)")
        app.keys(.down, .enter)
        #expect(app.state.currentCard?.id == entries[1].mentee)
    }

    /// At 80 columns the screen's own keys give way to help and quit (review: they were the ones dropped).
    @Test(arguments: Language.allCases)
    func helpAndQuitStayOnANarrowHintLine(_ language: Language) throws {
        let app = try Harness(me: Fixtures.p(4), language: language, width: 80, height: 24, graph: true)
        app.keys(.character("3"))
        let row = app.frame.text(row: 23)
        let strings = app.state.strings
        #expect(row.contains("? " + strings("key.help")) && row.contains("q " + strings("key.quit")), "\(row)")
        // A notice takes the room of the hints that give way, not of these (review: the copy's notice pushed them off),
        // and the copy's is short enough to be whole beside them.
        app.keys(.character("c"))
        let noticed = app.frame.text(row: 23)
        #expect(noticed.contains("? " + strings("key.help")) && noticed.contains("q " + strings("key.quit")), "\(noticed)")
        #expect(noticed.contains(try #require(app.state.notice?.text)), "\(noticed)")
    }

    @Test func coordinatorLooksAtAnyMentor() throws {
        let app = try Harness(me: Fixtures.p(5), graph: true)
        app.keys(.character("3"))
        #expect(app.state.mentees.view?.mentor.id == Fixtures.p(4))
        #expect(app.state.mentees.view?.mentors.map(\.id) == [Fixtures.p(4)])
        #expect(app.screen.contains("Mentees of Ғалым Нұрланұлы"))
        #expect(app.state.mentees.entries.count == 3)
        app.keys(.right)
        #expect(app.state.mentees.view?.mentor.id == Fixtures.p(4))
    }
}
