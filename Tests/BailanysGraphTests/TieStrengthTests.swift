import BailanysCore
import Foundation
import PropertyBased
import Testing
@testable import BailanysGraph

@Suite struct TieStrengthTests {
    let model = TieModel.standard

    func pairGraph(_ events: [(String, TieEventKind)]) throws -> GraphSnapshot {
        var b = GraphBuilder()
        b.addPerson(1)
        b.addPerson(2)
        for (iso, kind) in events { b.link(person(1), person(2), iso, kind) }
        return try b.snapshot()
    }

    @Test func oneEventHalvesAfterOneHalfLife() throws {
        let g = try pairGraph([("2024-01-01", .interaction)])
        let start = day("2024-01-01")
        #expect(try g.tie(person(1), person(2), at: start).strength == 1)
        let later = start.adding(days: Int(model.interaction.halfLifeDays))
        #expect(abs(try g.tie(person(1), person(2), at: later).strength - 0.5) < 1e-12)
        let twice = start.adding(days: 2 * Int(model.interaction.halfLifeDays))
        #expect(abs(try g.tie(person(1), person(2), at: twice).strength - 0.25) < 1e-12)
    }

    @Test func eventsAfterNowAreIgnored() throws {
        let g = try pairGraph([("2024-01-01", .interaction), ("2024-06-01", .meetup)])
        let before = try g.tie(person(1), person(2), at: day("2023-12-31"))
        #expect(before.strength == 0 && before.peak == 0 && !before.exists)
        let between = try g.tie(person(1), person(2), at: day("2024-03-01"))
        #expect(between.eventCount(of: .meetup) == 0 && between.lastContact == day("2024-01-01"))
    }

    @Test func kindsDecayWithTheirOwnHalfLives() throws {
        let g = try pairGraph([("2024-01-01", .team), ("2024-01-01", .meetup)])
        let now = day("2024-01-01").adding(days: 1095)
        let expected = model.team.weight / 2 + model.meetup.weight * exp2(-1095 / model.meetup.halfLifeDays)
        #expect(abs(try g.tie(person(1), person(2), at: now).strength - expected) < 1e-12)
    }

    @Test func peakIsTheStrengthOnTheBestEventDay() throws {
        let g = try pairGraph([("2024-01-01", .interaction), ("2024-01-11", .interaction),
                               ("2024-01-21", .interaction), ("2025-06-01", .interaction)])
        let state = try g.tie(person(1), person(2), at: day("2025-12-01"))
        let h = model.interaction.halfLifeDays
        #expect(abs(state.peak - (1 + exp2(-10 / h) + exp2(-20 / h))) < 1e-12)
        #expect(state.peakDay == day("2024-01-21"))
        #expect(state.firstContact == day("2024-01-01") && state.lastContact == day("2025-06-01"))
    }

    /// Brute force from the definition: Σ w · 2^(−Δ/h) over events on or before `now`.
    func definitionStrength(_ events: [TieEvent], at now: Day) -> Double {
        events.filter { $0.day <= now }.reduce(0) { sum, e in
            let p = model.parameters(for: e.kind)
            return sum + p.weight * exp2(-Double(now.days(since: e.day)) / p.halfLifeDays)
        }
    }

    @Test func peakDominatesEveryEventDayAndMatchesTheDefinition() async {
        await propertyCheck(input: Gen.int(in: 0...1_000_000)) { seed in
            var random = SeededRandom(seed: UInt64(seed))
            var b = GraphBuilder()
            b.addPerson(1)
            b.addPerson(2)
            for _ in 0..<(1 + Int(random.next() % 20)) {
                let iso = Day(ordinal: day("2021-01-01").ordinal + Int(random.next() % 1800)).iso
                b.link(person(1), person(2), iso, TieEventKind.allCases[Int(random.next() % 6)])
            }
            let g = try! b.snapshot()
            let now = day("2026-06-01")
            let state = try! g.tie(person(1), person(2), at: now)
            #expect(state.peak >= state.strength)
            var bestByDefinition = 0.0
            for event in b.events {
                #expect(state.peak >= (try! g.tie(person(1), person(2), at: event.day)).strength)
                bestByDefinition = max(bestByDefinition, definitionStrength(b.events, at: event.day))
            }
            #expect(abs(state.peak - bestByDefinition) <= 1e-9 * bestByDefinition)
            #expect(abs(state.strength - definitionStrength(b.events, at: now)) <= 1e-9 * state.peak)
        }
    }

    @Test func fadingSwitchesExactlyAtTheFraction() throws {
        let g = try pairGraph([("2020-01-01", .team)])
        // 3 · 2^(−t/1095) < 0.35 · 3  ⇔  t > 1095 · log2(1/0.35) ≈ 1658.5
        let start = day("2020-01-01")
        #expect(!(try g.tie(person(1), person(2), at: start.adding(days: 1658))).isFading(at: start.adding(days: 1658), model: model))
        #expect(try g.tie(person(1), person(2), at: start.adding(days: 1659)).isFading(at: start.adding(days: 1659), model: model))
    }

    @Test func fadingNeedsAPeakAndQuiet() throws {
        let weak = try pairGraph([("2020-01-01", .interaction)])
        let now = day("2024-01-01")
        #expect(!(try weak.tie(person(1), person(2), at: now)).isFading(at: now, model: model))

        var quiet = model
        quiet.fadingMinQuietDays = 1700
        let strong = try pairGraph([("2020-01-01", .team)])
        let at1659 = day("2020-01-01").adding(days: 1659), at1701 = day("2020-01-01").adding(days: 1701)
        #expect(!(try strong.tie(person(1), person(2), at: at1659, model: quiet)).isFading(at: at1659, model: quiet))
        #expect(try strong.tie(person(1), person(2), at: at1701, model: quiet).isFading(at: at1701, model: quiet))

        var lowPeak = model
        lowPeak.fadingMinPeak = 0.99
        #expect(try weak.tie(person(1), person(2), at: now, model: lowPeak).isFading(at: now, model: lowPeak))
    }

    @Test func modelDecodesPartialConfigurations() throws {
        let json = #"{"fadingFraction": 0.5, "interaction": {"weight": 2, "halfLifeDays": 90}}"#
        let decoded = try JSONDecoder().decode(TieModel.self, from: Data(json.utf8))
        var expected = TieModel.standard
        expected.fadingFraction = 0.5
        expected.interaction = .init(weight: 2, halfLifeDays: 90)
        #expect(decoded == expected)
        #expect(try JSONDecoder().decode(TieModel.self, from: JSONEncoder().encode(TieModel.standard)) == .standard)
    }

    @Test func snapshotFoldsEventsIntoUndirectedEdges() throws {
        var b = GraphBuilder()
        b.addPerson(1)
        b.addPerson(2)
        b.addPerson(3)
        b.link(person(2), person(1), "2024-02-01", .mentorship)
        b.link(person(1), person(2), "2024-01-01")
        b.link(person(1), person(1), "2024-01-01")
        b.link(person(1), person(9), "2024-01-01")
        let g = try b.snapshot()
        #expect(g.edgeCount == 1 && g.eventCount == 2 && g.droppedEventCount == 2)
        let events = g.events(between: person(1), person(2))
        #expect(events.map(\.day) == [day("2024-01-01"), day("2024-02-01")])
        #expect(events[1].a == person(2) && events[1].kind == .mentorship)
        #expect(throws: GraphError.duplicateNode(person(1))) {
            try GraphSnapshot.build(nodes: b.nodes + [b.nodes[0]], events: [])
        }
    }
}
