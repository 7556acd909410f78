import BailanysCore
import BailanysGraph
import BailanysPolicy
@testable import BailanysStore
import Testing

@Suite struct GraphLoadingTests {
    /// An alumnus who also mentors is a mentor by primary role; health counted only primary alumni and said Astana
    /// had 586 alumni where the map and the report said 587 (review).
    @Test func anAlumnusWhoMentorsCountsAmongTheAlumniOfHealth() throws {
        let (store, data) = try Fixtures.sampleStore()
        let alumni = data.people.filter { $0.roles.contains(.alumnus) }.count
        var person = data.people.first { $0.roles == [.alumnus] }!
        person.roles = [.alumnus, .mentor]
        try store.updatePerson(person, by: Actor(id: nil, roles: [.coordinator], reach: .country))
        var snapshot = try store.graphSnapshot()
        #expect(GraphViews.networkHealth(snapshot: snapshot, now: Fixtures.today).overall.alumni == alumni)
        person.roles = [.mentor]
        snapshot.update(store.graphProfile(of: person))
        #expect(GraphViews.networkHealth(snapshot: snapshot, now: Fixtures.today).overall.alumni == alumni - 1)
    }

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

    /// Every person node's initiatives and rounds, as loaded for the graph, are what the generated directory says
    /// (independent of the store's readers): memberships in initiative order, rounds of teams and mentoring once
    /// each in start order; and the structural events match the generator's teams, mentors and partners.
    @Test func personNodesCarryTheirInitiativesAndRoundsAsGenerated() throws {
        let (store, data) = try Fixtures.sampleStore(alumni: 300, seed: 5)
        let snapshot = try store.graphSnapshot()
        let rounds = Dictionary(uniqueKeysWithValues: data.rounds.map {
            ($0.id, RoundRef(id: $0.id, year: $0.year, number: $0.number, format: $0.format, start: $0.start))
        })
        var memberships: [EntityID: [InitiativeMembership]] = [:]
        var roundsOf: [EntityID: Set<RoundRef>] = [:]
        for initiative in data.initiatives.sorted(by: { $0.id < $1.id }) {
            let round = try #require(rounds[initiative.round])
            for member in initiative.team {
                memberships[member.person, default: []].append(InitiativeMembership(
                    initiative: initiative.id, title: initiative.title, theme: initiative.theme, status: initiative.status,
                    teamRole: member.role, round: round.id, settlement: initiative.settlement))
                roundsOf[member.person, default: []].insert(round)
            }
            for mentor in initiative.mentors { roundsOf[mentor, default: []].insert(round) }
        }
        var checked = 0, withTwoRounds = 0
        for person in data.people {
            let node = try #require(snapshot.node(person.id))
            #expect(node.initiatives == memberships[person.id] ?? [], "\(person.id)")
            let expected = (roundsOf[person.id] ?? []).sorted { ($0.start, $0.id) < ($1.start, $1.id) }
            #expect(node.rounds == expected, "\(person.id)")
            checked += 1
            if expected.count > 1 { withTwoRounds += 1 }
        }
        #expect(checked == data.people.count && withTwoRounds > 0 && memberships.count > 100)
        #expect(try store.graphSnapshot().hasSameContent(as: try store.rebuiltGraphSnapshot()))
    }

    /// Teams read back leaders first, then members, each by person id, whatever order they were written in.
    @Test func teamsReadLeadersFirstThenMembersByPerson() throws {
        let (store, data) = try Fixtures.sampleStore(alumni: 300, seed: 5)
        let read = Dictionary(uniqueKeysWithValues: try store.loadDirectory(audience: .coordinator).initiatives.map { ($0.id, $0) })
        var leaderNotLowest = 0
        for initiative in data.initiatives {
            let team = try #require(read[initiative.id]).team
            let expected = initiative.team.filter { $0.role == .leader }.sorted { $0.person < $1.person }
                + initiative.team.filter { $0.role == .member }.sorted { $0.person < $1.person }
            #expect(team == expected, "\(initiative.id)")
            if let leader = initiative.team.first(where: { $0.role == .leader }),
               initiative.team.contains(where: { $0.role == .member && $0.person < leader.person }) { leaderNotLowest += 1 }
        }
        #expect(leaderNotLowest > 0)
    }

    /// The app's load says how far it has got (issue 14): every step in order, never backwards, rows counted within
    /// each step, each step finished; a second start, whose fits come from the cache, still finishes every step.
    @Test func loadProgressMovesForwardThroughEveryStepToTheEnd() throws {
        let (store, _) = try Fixtures.sampleStore(alumni: 200, seed: 3)
        var reports: [GraphLoadProgress] = []
        func load() throws {
            let snapshot = try store.graphSnapshot { reports.append(GraphLoadProgress(step: $0, fraction: $1)) }
            _ = try store.fittedTies(snapshot: snapshot, today: Fixtures.today, prior: .standard, learnWeights: true) {
                reports.append(GraphLoadProgress(step: $0, fraction: $1))
            }
        }
        try load()
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0 <= $1 }, "\(reports)")
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.percent <= $1.percent })
        for step in GraphLoadStep.allCases {
            let ofStep = reports.filter { $0.step == step }.map(\.fraction)
            #expect(ofStep.contains { $0 > 0 && $0 < 1 }, "\(step) reports how far it is within the step: \(ofStep)")
            #expect(ofStep.last == 1, "\(step) finishes")
        }
        #expect(reports.last?.percent == 100)
        #expect(reports.count < GraphLoadStep.allCases.count * 6 * ProgressTicks.reportsPerLoop, "reports are paced")

        reports = []
        try load()
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(reports.suffix(2) == [GraphLoadProgress(step: .fitting, fraction: 1),
                                      GraphLoadProgress(step: .learning, fraction: 1)])
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
