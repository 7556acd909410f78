import BailanysCore
import BailanysPolicy
import Foundation
import GRDB
@testable import BailanysGraph
@testable import BailanysStore
import Testing

/// What the app records of suggestions shown, kept back and acted on, and the uplift report built from it.
@Suite struct SuggestionUseTests {
    let p = Fixtures.p
    let start = Day(iso: "2026-01-01")!

    func suggestion(_ kind: SuggestionKind, _ viewer: EntityID, _ subject: EntityID, score: Double = 1) -> Suggestion {
        Suggestion(kind: kind, subject: subject, name: subject.description, score: score, reasons: [],
                   key: Suggestions.key(kind, me: viewer, subject: subject), tie: nil)
    }

    func report(_ store: DirectoryStore, minimum: Int = 1) throws -> SuggestionUseReport {
        try store.suggestionUseReport(windowDays: 90, today: Fixtures.today, by: Fixtures.national, minimumMatured: minimum)
    }

    func figures(_ store: DirectoryStore, _ kind: SuggestionKind) throws -> SuggestionUseReport.Kind {
        try #require(try report(store).kinds.first { $0.kind == kind })
    }

    @Test func onlyAPersonsOwnLookIsRecorded() throws {
        let store = try Fixtures.store()
        let set = SuggestionSet(reconnect: [suggestion(.reconnect, p(1), p(2))], meet: [suggestion(.meet, p(1), p(3))], partners: [],
                                heldOut: [RankedSuggestion(suggestion: suggestion(.meet, p(1), p(4)), rank: 2)])
        try store.recordSuggestionUse(set, viewer: p(1), by: Fixtures.national, today: start)
        #expect(try figures(store, .meet).shown.recorded == 0, "a coordinator looking is not P1 seeing")
        try store.recordSuggestionUse(set, viewer: p(1), by: try store.actor(p(1)), today: start)
        #expect(try figures(store, .reconnect).shown.recorded == 1)
        #expect(try figures(store, .meet).shown.recorded == 1)
        #expect(try figures(store, .meet).heldOut.recorded == 1)
        let feedback = try store.suggestionFeedback(viewer: p(1))
        #expect(feedback.recordedArms == ["reconnect:P1:P2": false, "meet:P1:P3": false, "meet:P1:P4": true])
        #expect(try store.suggestionFeedback(viewer: p(2)).recordedArms.isEmpty)
    }

    @Test func showingAgainKeepsTheFirstDayAndCountsDays() throws {
        let store = try Fixtures.store()
        let me = try store.actor(p(1))
        let shown = suggestion(.reconnect, p(1), p(2))
        for (day, rank) in [(start, 3), (start, 2), (start.adding(days: 1), 3)] {
            var list = [3, 4].prefix(rank - 1).map { suggestion(.reconnect, p(1), p($0)) }
            list.append(shown)
            try store.recordSuggestionUse(SuggestionSet(reconnect: list, meet: [], partners: []), viewer: p(1), by: me, today: day)
        }
        let row = try store.read { try Row.fetchOne($0, sql: "SELECT * FROM suggestion_use WHERE key = 'reconnect:P1:P2'") }
        #expect(row?["first_day"] == "2026-01-01")
        #expect(row?["last_day"] == "2026-01-02")
        #expect(row?["days_shown"] == 2)
        #expect(row?["best_rank"] == 2)
    }

    @Test func aContactLoggedFromASuggestionCountsAsActedOn() throws {
        let store = try Fixtures.store()
        let me = try store.actor(p(1))
        try store.recordSuggestionUse(SuggestionSet(reconnect: [suggestion(.reconnect, p(1), p(2))], meet: [], partners: []),
                                      viewer: p(1), by: me, today: start)
        let before = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM interaction") }
        // A key about other people is refused, and nothing is logged.
        #expect(throws: StoreError.self) {
            try store.logInteraction(Interaction(a: p(1), b: p(3), day: start, channel: .call, source: .manual), by: me,
                                     today: Fixtures.today, suggestion: "reconnect:P1:P2")
        }
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM interaction") } == before)
        try store.logInteraction(Interaction(a: p(2), b: p(1), day: start.adding(days: 3), channel: .call, source: .manual), by: me,
                                 today: Fixtures.today, suggestion: "reconnect:P1:P2")
        #expect(try figures(store, .reconnect).actedOn == 1)
        try store.dismissSuggestion("reconnect:P1:P2", by: me, today: Fixtures.today)
        #expect(try figures(store, .reconnect).dismissed == 1)
    }

    /// A contact logged by mistake from a suggestion and removed again leaves the suggestion not acted on, and the
    /// tie state as a rebuild from the interactions; a contact a person logged is theirs (or a coordinator's) to
    /// remove, one the programme recorded a coordinator's only, audited when it was not theirs.
    @Test func aRemovedContactIsAsIfNeverLogged() throws {
        let store = try Fixtures.store()
        let me = try store.actor(p(1))
        try store.recordSuggestionUse(SuggestionSet(reconnect: [suggestion(.reconnect, p(1), p(2))], meet: [], partners: []),
                                      viewer: p(1), by: me, today: start)
        let contact = Interaction(a: p(2), b: p(1), day: start.adding(days: 3), channel: .call, source: .manual)
        let id = try store.logInteraction(contact, by: me, today: Fixtures.today, suggestion: "reconnect:P1:P2")
        #expect(try figures(store, .reconnect).actedOn == 1)
        #expect(throws: Refusal.self) { try store.removeInteraction(id, by: try store.actor(p(3))) }
        #expect(try store.removeInteraction(id, by: me) == contact)
        #expect(try figures(store, .reconnect).actedOn == 0)
        #expect(try store.doctor().healthy, "tie state equals a rebuild")
        #expect(throws: StoreError.unknownID(id)) { try store.removeInteraction(id, by: me) }
        // The demo's contact P1–P2 (recorded): not P1's to erase; a coordinator's, audited.
        let recorded = try #require(try store.read { try Int.fetchOne($0, sql: "SELECT id FROM interaction WHERE source = 'sample' AND a_person_id = 1 AND b_person_id = 2") })
        #expect(throws: Refusal.self) { try store.removeInteraction(EntityID(.interaction, recorded), by: me) }
        try store.removeInteraction(EntityID(.interaction, recorded), by: Fixtures.national)
        #expect(try store.auditLog().contains { $0.action == "remove-contact" && $0.actor == "P5" })
        #expect(try store.doctor().healthy)
    }

    @Test func theReportComparesShownWithKeptBackSuggestions() throws {
        let store = try Fixtures.store()
        for viewer in [1, 3] {
            let shown = suggestion(.reconnect, p(viewer), p(2)), held = suggestion(.reconnect, p(viewer), p(4))
            try store.recordSuggestionUse(SuggestionSet(reconnect: [shown], meet: [], partners: [],
                                                        heldOut: [RankedSuggestion(suggestion: held, rank: 1)]),
                                          viewer: p(viewer), by: try store.actor(p(viewer)), today: start)
        }
        // Followed: P1–P2 within the window. Not followed: P3–P2 only after it, P1–P4 only before the suggestion
        // (the fixture's 2025-01-10 call). Held back and followed: P3–P4.
        let actor = Fixtures.national
        for (a, b, day) in [(1, 2, start.adding(days: 10)), (3, 2, start.adding(days: 91)), (4, 3, start.adding(days: 90))] {
            try store.logInteraction(Interaction(a: p(a), b: p(b), day: day, channel: .meeting, source: .manual), by: actor, today: Fixtures.today)
        }
        // Recorded today: not matured, so no outcome yet.
        try store.recordSuggestionUse(SuggestionSet(reconnect: [suggestion(.reconnect, p(2), p(3))], meet: [], partners: []),
                                      viewer: p(2), by: try store.actor(p(2)), today: Fixtures.today)
        let reconnect = try figures(store, .reconnect)
        #expect(reconnect.shown == .init(recorded: 3, matured: 2, followed: 1))
        #expect(reconnect.heldOut == .init(recorded: 2, matured: 2, followed: 1))
        let uplift = try #require(reconnect.uplift)
        #expect(abs(uplift.difference) < 1e-12)
        #expect(uplift.low < 0 && uplift.high > 0)
        #expect(try report(store, minimum: 3).kinds.allSatisfy { $0.uplift == nil }, "too few matured to say")
    }

    @Test func onlyCoordinatorsReadItAndOnlyNationalOnesSetTheHoldout() throws {
        let store = try Fixtures.store()
        let alumnus = try store.actor(p(1))
        #expect(throws: Refusal.self) { try store.suggestionUseReport(windowDays: 90, today: Fixtures.today, by: alumnus) }
        #expect(throws: Refusal.self) { try store.setSuggestionHoldout(0.1, by: alumnus) }
        let regional = Actor(id: p(5), roles: [.coordinator], reach: .region("astana"))
        #expect(throws: Refusal.self) { try store.setSuggestionHoldout(0.1, by: regional) }
        #expect(throws: StoreError.self) { try store.setSuggestionHoldout(0.6, by: Fixtures.national) }
        try store.setSuggestionHoldout(0.1, by: Fixtures.national)
        #expect(try store.suggestionHoldout() == 0.1)
        #expect(try store.suggestionFeedback(viewer: p(1)).holdoutShare == 0.1)
        let audited = try store.read { try String.fetchAll($0, sql: "SELECT action FROM audit_log") }
        #expect(audited.contains("change-holdout"))
    }

    @Test func aMemberCopyHoldsNoUseAndKeepsNothingBack() throws {
        let master = try Fixtures.store()
        try master.setSuggestionHoldout(0.3, by: Fixtures.national)
        let set = SuggestionSet(reconnect: [suggestion(.reconnect, p(1), p(2))], meet: [], partners: [])
        try master.recordSuggestionUse(set, viewer: p(1), by: try master.actor(p(1)), today: start)
        let path = Fixtures.temporaryPath()
        try master.publishMemberCopy(to: path, for: .alumni, region: nil, by: Fixtures.national, today: Fixtures.today, overwrite: false)
        let copy = try DirectoryStore.open(path: path, gazetteer: Fixtures.gazetteer)
        #expect(try copy.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM suggestion_use") } == 0)
        #expect(try copy.suggestionHoldout() == 0)
        try copy.recordSuggestionUse(set, viewer: p(1), by: try copy.actor(p(1)), today: start)
        #expect(try copy.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM suggestion_use") } == 0)
        #expect(try copy.doctor().checks.first { $0.name == "member copy" }?.ok == true)
        // A read-only file records nothing and does not fail.
        let reader = try master.readingConnection()
        try reader.recordSuggestionUse(set, viewer: p(1), by: try master.actor(p(1)), today: start.adding(days: 1))
    }
}
