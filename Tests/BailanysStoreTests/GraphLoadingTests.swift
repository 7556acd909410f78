import BailanysCore
import BailanysGraph
@testable import BailanysStore
import Testing

@Suite struct GraphLoadingTests {
    @Test func eventsCoverTeamsMentorsPartnersAndInteractions() throws {
        let store = try Fixtures.store()
        let (nodes, events) = try store.graphInput()
        #expect(nodes.map(\.id).filter { $0.kind == .person } == (1...5).map(Fixtures.p))
        func kinds(_ a: EntityID, _ b: EntityID) -> [TieEventKind] {
            events.filter { Set([$0.a, $0.b]) == Set([a, b]) }.map(\.kind).sorted { $0.rawValue < $1.rawValue }
        }
        let akimat = EntityID(.organization, 1)
        #expect(kinds(Fixtures.p(1), Fixtures.p(2)) == [.interaction, .team])
        #expect(kinds(Fixtures.p(1), Fixtures.p(4)) == [.interaction, .mentorship])
        #expect(kinds(Fixtures.p(3), akimat) == [.organization, .organization])
        #expect(kinds(Fixtures.p(1), Fixtures.p(5)).isEmpty)
        let mentorship = events.first { $0.kind == .mentorship }!
        #expect(mentorship.a == Fixtures.p(4), "the mentor is side a")
        let leader = nodes.first { $0.id == Fixtures.p(1) }!
        #expect(leader.isLeader)
        #expect(leader.rounds.map(\.number) == [5])
        #expect(leader.initiatives.first?.title == "Таза Каспий")
    }

    @Test func snapshotGivesDecayedStrength() throws {
        let store = try Fixtures.store()
        let snapshot = try store.graphSnapshot()
        let recent = try snapshot.tie(Fixtures.p(1), Fixtures.p(4), at: Day(iso: "2025-01-10")!)
        let later = try snapshot.tie(Fixtures.p(1), Fixtures.p(4), at: Day(iso: "2026-11-25")!)
        #expect(recent.strength > later.strength)
        #expect(later.peak >= recent.strength)
    }

    @Test func feedbackPersists() throws {
        let store = try Fixtures.store()
        let today = Fixtures.today
        try store.dismissSuggestion("reconnect:P1:P2", by: try store.actor(Fixtures.p(1)), today: today)
        try store.snoozeSuggestion("meet:P1:P3", until: today.adding(days: 30), by: try store.actor(Fixtures.p(1)), today: today)
        #expect(throws: StoreError.self) { try store.snoozeSuggestion("meet:P1:P3", until: today, by: try store.actor(Fixtures.p(1)), today: today) }
        let feedback = try store.suggestionFeedback()
        #expect(feedback.dismissed == ["reconnect:P1:P2"])
        #expect(feedback.snoozedUntil["meet:P1:P3"] == today.adding(days: 30))
        #expect(feedback.hides("meet:P1:P3", at: today))
        #expect(!feedback.hides("meet:P1:P3", at: today.adding(days: 31)))
    }
}
