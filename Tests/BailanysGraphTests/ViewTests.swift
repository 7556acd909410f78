import BailanysCore
import Testing
@testable import BailanysGraph

@Suite struct ViewTests {
    let now = day("2026-01-01")

    /// Mentor P20: round 1 team I1 (P1 quiet since 2021, P2 in touch), round 3 team I3 (P5).
    func mentorGraph() throws -> GraphSnapshot {
        var b = GraphBuilder()
        b.addPerson(20, role: .mentor)
        b.addPerson(1, initiatives: [membership(1)])
        b.addPerson(2, initiatives: [membership(1, status: .continuing)])
        b.addPerson(5, rounds: [Rounds.third], initiatives: [membership(3, round: Rounds.third)])
        b.addPerson(6)
        let first = TieContext(initiative: EntityID(.initiative, 1), round: Rounds.first.id)
        let third = TieContext(initiative: EntityID(.initiative, 3), round: Rounds.third.id)
        b.nodes[1].rounds = [Rounds.first]
        for p in [1, 2] { b.link(person(20), person(p), "2021-03-01", .mentorship, context: first) }
        b.link(person(2), person(20), "2025-10-01")
        b.link(person(20), person(5), "2025-03-01", .mentorship, context: third)
        // P6 mentored P20 once: not a mentee of P20.
        b.link(person(6), person(20), "2024-01-01", .mentorship)
        return try b.snapshot()
    }

    @Test func menteesGroupedByRoundMostAtRiskFirst() throws {
        let groups = try GraphViews.menteesView(snapshot: mentorGraph(), mentor: person(20), now: now)
        #expect(groups.map(\.round) == [Rounds.third, Rounds.first])
        #expect(groups[1].mentees.map(\.mentee) == [person(1), person(2)])
        #expect(groups[1].mentees[0].fading && !groups[1].mentees[1].fading)
        #expect(groups[1].mentees[1].status == .continuing && groups[1].mentees[1].lastContact == day("2025-10-01"))
        #expect(groups[0].mentees.map(\.mentee) == [person(5)])
        #expect(!groups.flatMap(\.mentees).contains { $0.mentee == person(6) })
    }

    /// A and B (region "mangystau", offline round 1) were team-mates long ago; C and D (region "shymkent",
    /// online round 3) talk now; B works with an organisation. Only A has no live tie outside the team.
    @Test func healthSharesOnAHandBuiltGraph() throws {
        var b = GraphBuilder()
        let team = [membership(1)]
        b.addPerson(1, rounds: [Rounds.first], initiatives: team)
        b.addPerson(2, rounds: [Rounds.first], initiatives: team)
        b.addPerson(3, at: .shymkent, rounds: [Rounds.third], initiatives: [membership(3, round: Rounds.third)])
        b.addPerson(4, at: .shymkent, rounds: [Rounds.third], initiatives: [membership(4, round: Rounds.third)])
        b.addOrganization(1)
        b.link(person(1), person(2), "2021-03-01", .team)
        b.link(person(3), person(4), "2025-12-01")
        b.link(person(2), org(1), "2025-10-01", .organization)
        let health = GraphViews.networkHealth(snapshot: try b.snapshot(), now: now)

        #expect(health.overall == HealthFigures(alumni: 4, ties: 3, fadingTies: 1, isolatedAlumni: 1))
        #expect(abs(health.overall.fadingShare - 1.0 / 3) < 1e-12 && health.overall.isolatedShare == 0.25)
        #expect(health.regions.map(\.key) == ["mangystau", "shymkent"])
        #expect(health.regions[0].figures == HealthFigures(alumni: 2, ties: 2, fadingTies: 1, isolatedAlumni: 1))
        #expect(health.regions[0].figures.fadingShare == 0.5)
        #expect(health.regions[1].figures == HealthFigures(alumni: 2, ties: 1, fadingTies: 0, isolatedAlumni: 0))
        #expect(health.rounds.map(\.key) == [Rounds.first, Rounds.third])
        #expect(health.formats.map(\.key) == [.offline, .online])
        #expect(health.formats[1].figures == health.regions[1].figures)
    }

    @Test func fadingTiesByPersonAndRegion() throws {
        let g = try mentorGraph()
        let mine = try GraphViews.fadingTies(snapshot: g, now: now, person: person(1))
        #expect(mine.map(\.b) == [person(20)])
        #expect(try GraphViews.fadingTies(snapshot: g, now: now, person: person(2)).isEmpty)
        let region = GraphViews.fadingTies(snapshot: g, now: now, region: "mangystau")
        #expect(region.map { "\($0.a)-\($0.b)" } == ["P1-P20"])
        #expect(GraphViews.fadingTies(snapshot: g, now: now, region: "shymkent").isEmpty)
        #expect(GraphViews.allFadingTies(snapshot: g, now: now) == region)
    }
}
