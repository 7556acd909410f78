import BailanysCore
import BailanysGraph
@testable import BailanysStore
import Testing

@Suite struct MeetupStoreTests {
    let startsAt = LocalDateTime(iso: "2026-11-20T18:30")!

    func plannedMeetup(_ store: DirectoryStore) throws -> (EntityID, MeetupPlan) {
        let aktau = Fixtures.gazetteer.settlement("aktau")!
        let request = MeetupRequest(host: MeetupHost(settlement: "aktau", latitude: aktau.latitude, longitude: aktau.longitude),
                                    capacity: 10, radiusKm: 150, now: Fixtures.today)
        let plan = MeetupPlanner.plan(snapshot: try store.graphSnapshot(), request: request)
        return (try store.saveMeetup(MeetupDraft(plan: plan, startsAt: startsAt)), plan)
    }

    @Test func savedPlanReadsBackWithReasonsAndTables() throws {
        let store = try Fixtures.store()
        let (id, plan) = try plannedMeetup(store)
        #expect(id == EntityID(.meetup, 1))
        #expect(try store.exists(id))
        let meetup = try store.meetup(id)
        #expect(meetup.status == .planned && meetup.startsAt == startsAt && meetup.host == "aktau")
        #expect(meetup.invitees.map(\.person.id) == plan.invitees.map(\.id))
        #expect(meetup.invitees.map(\.reasons) == plan.invitees.map { $0.reasons.map(SavedInviteReason.init) })
        #expect(meetup.invitees.allSatisfy { $0.table != nil })
        #expect(meetup.venue?.id == EntityID(.organization, 1), "the Aktau akimat, tied to the team")
        #expect(try store.meetups().map(\.id) == [id])
        #expect(try store.schemaVersions().contains("v3-meetups"))
    }

    /// A plan of nobody was saved as a meetup (and exported, "0 invited"; review).
    @Test func aPlanOfNobodyIsNotSaved() throws {
        let store = try Fixtures.store()
        let aktau = Fixtures.gazetteer.settlement("aktau")!
        let request = MeetupRequest(host: MeetupHost(settlement: "aktau", latitude: aktau.latitude, longitude: aktau.longitude),
                                    capacity: 10, radiusKm: 150, focus: .theme("spaceflight"), now: Fixtures.today)
        let plan = MeetupPlanner.plan(snapshot: try store.graphSnapshot(), request: request)
        #expect(plan.invitees.isEmpty)
        #expect(throws: StoreError.invalidField(field: "invitees", value: "0", expected: "someone to invite: widen the radius or change the focus")) {
            try store.saveMeetup(MeetupDraft(plan: plan, startsAt: startsAt))
        }
        #expect(try store.meetups().isEmpty)
    }

    @Test func attendanceAddsAnEventForEveryPairAtOnce() throws {
        let store = try Fixtures.store()
        let (id, _) = try plannedMeetup(store)
        let before = try store.graphInput().events.filter { $0.kind == .meetup }
        #expect(before.isEmpty)
        let people = [Fixtures.p(1), Fixtures.p(2), Fixtures.p(3)]
        let added = try store.markAttendance(id, people: people, today: Fixtures.today)
        #expect(try store.meetup(id).status == .held)
        #expect(try store.meetup(id).attendees.map(\.id) == people)
        let events = try store.graphInput().events.filter { $0.kind == .meetup }
        #expect(events.count == 3)
        #expect(Set(events.map { Set([$0.a, $0.b]) }) == [[Fixtures.p(1), Fixtures.p(2)], [Fixtures.p(1), Fixtures.p(3)],
                                                            [Fixtures.p(2), Fixtures.p(3)]])
        #expect(events.allSatisfy { $0.day == startsAt.day && $0.context?.meetup == id })
        #expect(added == events, "what a live graph folds in is what the store's graph input now holds")
        let snapshot = try store.graphSnapshot()
        let tie = try snapshot.tie(Fixtures.p(2), Fixtures.p(3), at: Fixtures.today)
        #expect(tie.lastContact == startsAt.day && tie.eventCount(of: .meetup) == 1)
        // Attending again with one more person adds that person's pairs only.
        let more = try store.markAttendance(id, people: [Fixtures.p(3), Fixtures.p(4)], today: Fixtures.today)
        #expect(try store.graphInput().events.filter { $0.kind == .meetup }.count == 6)
        #expect(Set(more.map { Set([$0.a, $0.b]) }) == [[Fixtures.p(1), Fixtures.p(4)], [Fixtures.p(2), Fixtures.p(4)],
                                                          [Fixtures.p(3), Fixtures.p(4)]])
    }

    @Test func badAttendanceChangesNothing() throws {
        let store = try Fixtures.store()
        let (id, _) = try plannedMeetup(store)
        #expect(throws: StoreError.notYetHeld(id, on: startsAt.day, today: startsAt.day.adding(days: -1))) {
            try store.markAttendance(id, people: [Fixtures.p(1)], today: startsAt.day.adding(days: -1))
        }
        #expect(throws: StoreError.unknownID(Fixtures.p(99))) {
            try store.markAttendance(id, people: [Fixtures.p(1), Fixtures.p(99)], today: Fixtures.today)
        }
        #expect(throws: StoreError.wrongKind(EntityID(.organization, 1), expected: "a person")) {
            try store.markAttendance(id, people: [EntityID(.organization, 1)], today: Fixtures.today)
        }
        #expect(throws: StoreError.unknownID(EntityID(.meetup, 7))) {
            try store.markAttendance(EntityID(.meetup, 7), people: [Fixtures.p(1)], today: Fixtures.today)
        }
        let meetup = try store.meetup(id)
        #expect(meetup.status == .planned && meetup.attendees.isEmpty)
    }

    @Test func reasonCodesRoundTrip() {
        let reasons: [SavedInviteReason] = [.revivesFadingTie(with: Fixtures.p(2)), .isolated, .onlineRound(EntityID(.round, 3)),
                                            .round(EntityID(.round, 1)), .mentorOf(Fixtures.p(1))]
        #expect(reasons.map { SavedInviteReason(code: $0.code) } == reasons)
        #expect(SavedInviteReason(code: "revives:") == nil && SavedInviteReason(code: "nonsense:P1") == nil)
        for focus: MeetupFocus in [.isolated, .round(EntityID(.round, 2)), .theme("ecology"), .region("mangystau")] {
            #expect(MeetupFocus(code: focus.code) == focus)
        }
    }
}
