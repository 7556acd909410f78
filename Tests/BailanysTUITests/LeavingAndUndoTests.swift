import BailanysCore
import BailanysStore
import Foundation
import TerminalKit
import Testing
@testable import BailanysTUI

/// Keys that lose something: `q` leaves one level, leaving unsaved work asks, a dismissal can be undone.
@Suite struct LeavingAndUndoTests {
    static let coordinator = Fixtures.p(5)

    @Test func qLeavesACardBeforeItQuits() throws {
        let app = try Harness()
        app.keys(.enter)
        #expect(app.state.currentCard != nil)
        app.keys(.character("q"))
        #expect(app.state.isRunning, "q on a card goes back to the list, like Esc")
        #expect(app.state.currentCard == nil && app.state.screen == .directory)
        app.keys(.character("q"))
        #expect(!app.state.isRunning, "q on a top-level screen quits")
    }

    /// Esc on a form that holds changes asks before throwing them away: n (or Esc) comes back to what was typed, y closes
    /// it; an untouched form closes at once (review: Esc dropped a filled add-person form without a word).
    @Test func escapeOnAFilledFormAsksFirst() throws {
        let app = try Harness(me: Self.coordinator)
        app.keys(.character("a"), .escape)
        #expect(app.state.overlay == nil, "an untouched form closes at once")
        app.keys(.character("a"))
        app.type("Мирас Төлеу")
        for answer: KeyEvent in [.character("n"), .escape] {
            app.keys(.escape)
            guard case .form(let asking)? = app.state.overlay else {
                Issue.record("Esc threw the typed name away")
                return
            }
            #expect(asking.asksToDiscard)
            #expect(app.screen.contains("What you typed is not saved. Discard it?"))
            #expect(app.screen.contains("y Yes, discard"))
            app.keys(answer)
            guard case .form(let back)? = app.state.overlay else {
                Issue.record("\(answer) closed the form")
                return
            }
            #expect(!back.asksToDiscard)
            #expect(back.text("name") == "Мирас Төлеу", "the answer is not typed into the field")
        }
        app.keys(.escape, .character("y"))
        #expect(app.state.overlay == nil)
        #expect(try app.store.count() == 8, "nothing was added")
    }

    /// Plans a meetup in Aktau in the planner.
    func plan(_ app: Harness) {
        app.keys(.character("4"))
        app.type("Aqtau")
        app.keys(.enter)
    }

    @Test func leavingAnUnsavedPlanAsksEveryWay() throws {
        for leave: [KeyEvent] in [[.character("q")], [.escape], [.character("1")], [.character("e"), .escape, .escape]] {
            let app = try Harness(me: Self.coordinator)
            plan(app)
            let plan = try #require(app.state.meetup?.plan)
            app.keys(leave[0])
            leave.dropFirst().forEach { app.keys($0) }
            guard case .confirm? = app.state.overlay else {
                Issue.record("\(leave) threw the plan away without asking")
                continue
            }
            #expect(app.screen.contains("The meetup plan is not saved. Discard it?"))
            #expect(app.screen.contains("y Yes, discard") && app.screen.contains("n/Esc No, keep"))
            app.keys(.character("n"))
            #expect(app.state.overlay == nil && app.state.meetup?.plan == plan, "n keeps the plan")
            app.keys(leave.last!)
            app.keys(.character("y"))
            #expect(app.state.meetup?.plan == nil, "y discards it")
            #expect(app.state.isRunning)
        }
    }

    /// With no saved meetups, Esc or q on an unsaved plan, then y, left the person in the form: "2" became part of
    /// the host ("Aqtau2") instead of opening Suggestions (review). There is no list to go back to, so out it goes.
    @Test func discardingAPlanWithNothingSavedLeavesThePlanner() throws {
        for leave: KeyEvent in [.character("q"), .escape] {
            let app = try Harness(me: Self.coordinator)
            plan(app)
            app.keys(leave, .character("y"))
            #expect(app.state.meetup == nil, "\(leave): back to the screen under the planner")
            app.keys(.character("2"))
            #expect(app.state.screen == .suggestions && app.state.meetup == nil, "\(leave)")
        }
    }

    /// A plan of nobody offers no `s` (it saved an empty meetup; review) and has nothing to discard.
    @Test func aPlanOfNobodyHasNothingToSaveOrDiscard() throws {
        let app = try Harness(me: Self.coordinator)
        app.keys(.character("4"))
        app.type("Aqtau")
        app.keys(.tab, .tab, .tab, .tab)
        app.type("theme:spaceflight")
        app.keys(.enter)
        let plan = try #require(app.state.meetup?.plan)
        #expect(plan.invitees.isEmpty && app.screen.contains("Nobody within"))
        #expect(!app.screen.contains("s Save"))
        app.keys(.character("s"))
        #expect(app.state.meetup?.saved == nil && app.state.overlay == nil)
        app.keys(.escape)
        #expect(app.state.overlay == nil && app.state.meetup == nil, "nothing to discard: out at once")
    }

    @Test func aSavedPlanLeavesWithoutAskingOneLevelAtATime() throws {
        let app = try Harness(me: Self.coordinator)
        plan(app)
        app.keys(.character("s"))
        let id = try #require(app.state.meetup?.saved)
        app.keys(.character("q"))
        #expect(app.state.overlay == nil)
        #expect(app.state.meetup?.plan == nil && app.state.meetup?.savedMeetups.map(\.id) == [id], "back to the saved meetups")
        app.keys(.character("q"))
        #expect(app.state.meetup == nil && app.state.isRunning, "then out of the planner")
    }

    @Test func markedButUnrecordedAttendanceAsks() throws {
        let app = try Harness(me: Self.coordinator)
        app.planMeetup(on: Harness.meetupToday)
        app.keys(.character("s"), .character(" "), .escape)
        guard case .confirm(let confirmation)? = app.state.overlay else {
            Issue.record("marks were thrown away without asking")
            return
        }
        #expect(confirmation.questionKey == "confirm.discardMarks")
    }

    @Test func aDismissalIsUndoneWithU() throws {
        let app = try Harness(me: Fixtures.p(6), graph: true, contacts: GraphScreenTests.introductions)
        app.keys(.character("2"))
        let first = try #require(app.state.suggestions.selectedSuggestion)
        app.keys(.character("d"))
        #expect(try app.store.suggestionFeedback().dismissed == [first.key])
        app.keys(.character("u"))
        #expect(try app.store.suggestionFeedback().dismissed.isEmpty)
        #expect(app.state.suggestions.current.contains { $0.key == first.key }, "it is suggested again")
        #expect(app.screen.contains("Restored: \(first.name)"))
        app.keys(.character("u"))
        #expect(app.state.notice?.text == "Nothing to undo")
    }

    @Test func theDismissedTabListsAndRestores() throws {
        let app = try Harness(me: Fixtures.p(6), graph: true, contacts: GraphScreenTests.introductions)
        app.keys(.character("2"))
        let meet = app.state.suggestions.current
        app.keys(.character("d"), .character("d"))
        #expect(try app.store.suggestionFeedback().dismissed == Set(meet.prefix(2).map(\.key)))
        app.keys(.tab, .tab)
        #expect(app.state.suggestions.tab == .dismissed)
        #expect(app.screen.contains("Dismissed (2)"))
        for s in meet.prefix(2) { #expect(app.screen.contains(s.name)) }
        #expect(!app.screen.contains("meet:P"), "people see names, not keys")
        #expect(KeyMap.hints(for: Update.keyContext(app.state), strings: app.state.strings).contains(KeyHint("u", "Restore")))
        let restored = try #require(app.state.suggestions.selectedDismissed)
        app.keys(.character("u"))
        #expect(try app.store.suggestionFeedback().dismissed == Set(meet.prefix(2).map(\.key)).subtracting([restored.key]))
        #expect(app.state.suggestions.dismissed.count == 1)
        app.keys(.enter)
        #expect(app.state.currentCard?.id == app.state.suggestions.dismissed.first?.subject, "Enter opens whom it was about")
    }

    @Test func goldenConfirmationAndDismissedTab() throws {
        for language in Language.allCases {
            let app = try Harness(me: Self.coordinator, language: language, width: 80, height: 24)
            plan(app)
            app.keys(.character("q"))
            try Golden.check(app.screen, "meetup-confirm-\(language)-80x24")
        }
        let app = try Harness(me: Fixtures.p(6), language: .ru, width: 120, height: 40, graph: true, contacts: GraphScreenTests.introductions)
        app.keys(.character("2"), .character("d"), .backTab, .backTab)
        try Golden.check(app.screen, "suggestions-dismissed-ru-120x40")
    }
}
