import BailanysCore
import Testing
@testable import BailanysGraph

/// `adding(events:)` must give the same answers as building the snapshot from all events.
@Suite struct SnapshotUpdateTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func addingEventsEqualsRebuilding(seed: UInt64) throws {
        let base = randomGraph(seed: seed)
        let extra = randomGraph(seed: seed + 100, events: 40).events
            + [TieEvent(person(1), person(1), day: day("2025-01-01"), kind: .interaction),   // a self-pair: dropped
               TieEvent(person(1), person(999), day: day("2025-01-01"), kind: .interaction)] // unknown: dropped
        let updated = try base.snapshot().adding(events: extra)
        let rebuilt = try GraphSnapshot.build(nodes: base.nodes, events: base.events + extra)
        #expect(updated.eventCount == rebuilt.eventCount)
        #expect(updated.edgeCount == rebuilt.edgeCount)
        #expect(updated.droppedEventCount == rebuilt.droppedEventCount)
        try expectSameAnswers(updated, rebuilt, ids: base.nodes.map(\.id))
    }

    /// Ties, events, suggestions and an index of `updated` equal those of `rebuilt`.
    private func expectSameAnswers(_ updated: GraphSnapshot, _ rebuilt: GraphSnapshot, ids: [EntityID]) throws {
        let now = day("2026-06-01")
        for a in ids {
            let mine = try updated.ties(of: a, at: now).map { "\($0.other) \($0.tie)" }
            let theirs = try rebuilt.ties(of: a, at: now).map { "\($0.other) \($0.tie)" }
            #expect(mine == theirs, "ties of \(a)")
            for b in ids where a < b {
                #expect(updated.events(between: a, b) == rebuilt.events(between: a, b), "events of \(a)–\(b)")
            }
        }
        for me in ids.filter({ $0.kind == .person }).prefix(8) {
            #expect(try Suggestions.compute(snapshot: updated, me: me, now: now)
                == Suggestions.compute(snapshot: rebuilt, me: me, now: now))
        }
        let indexUpdated = try PeopleGraph(snapshot: updated).scores(.adamicAdar, for: person(1))
        let indexRebuilt = try PeopleGraph(snapshot: rebuilt).scores(.adamicAdar, for: person(1))
        #expect(indexUpdated == indexRebuilt)
    }

    /// Removing events (a contact logged by mistake) answers as a snapshot built without them: events of a pair that
    /// keeps others, and whole pairs, whose edges go; an event it does not hold changes nothing.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func removingEventsEqualsRebuilding(seed: UInt64) throws {
        let base = randomGraph(seed: seed)
        let extra = randomGraph(seed: seed + 100, events: 40).events
        let full = try GraphSnapshot.build(nodes: base.nodes, events: base.events + extra)
        var removed = full
        removed.remove(events: extra + [TieEvent(person(1), person(999), day: day("2025-01-01"), kind: .interaction)])
        let rebuilt = try GraphSnapshot.build(nodes: base.nodes, events: base.events)
        #expect(removed.eventCount == rebuilt.eventCount && removed.edgeCount == rebuilt.edgeCount)
        #expect(full.edgeCount > rebuilt.edgeCount, "some pairs lose every event")
        try expectSameAnswers(removed, rebuilt, ids: base.nodes.map(\.id))
        // Added then removed: as it was.
        var roundTrip = try base.snapshot().adding(events: extra)
        roundTrip.remove(events: extra)
        try expectSameAnswers(roundTrip, rebuilt, ids: base.nodes.map(\.id))
    }

    /// A card edit (name, role, place, opt-out) taken in place answers as a snapshot built with the edited node does.
    /// Without it the app kept the place the graph was loaded with: "Also in Auezov District" after a move to Aktau.
    @Test(arguments: [5, 6, 7] as [UInt64])
    func aProfileEditEqualsRebuilding(seed: UInt64) throws {
        let base = randomGraph(seed: seed)
        var edited = base.nodes
        var changes: [NodeProfileEdit] = []
        for (n, place) in [(1, Place.shymkent), (2, Place.aktau), (3, Place.zhanaozen)] {
            let i = edited.firstIndex { $0.id == person(n) }!
            edited[i].name = "Renamed \(n)"
            edited[i].role = n == 2 ? .mentor : .alumnus
            edited[i].isAlumnus = n != 2
            edited[i].settlement = place.settlement
            edited[i].region = place.region
            edited[i].latitude = place.latitude
            edited[i].longitude = place.longitude
            edited[i].suggestionsOptOut = n == 3
            changes.append(NodeProfileEdit(id: person(n), name: edited[i].name, role: edited[i].role!, settlement: place.settlement,
                                           region: place.region, latitude: place.latitude, longitude: place.longitude,
                                           suggestionsOptOut: n == 3))
        }
        var updated = try base.snapshot()
        for change in changes { updated.update(change) }
        updated.update(NodeProfileEdit(id: person(999), name: "Nobody", role: .alumnus, settlement: "aktau", region: "mangystau",
                                       latitude: 0, longitude: 0, suggestionsOptOut: false))
        let rebuilt = try GraphSnapshot.build(nodes: edited, events: base.events)
        #expect(updated.nodes == rebuilt.nodes)
        let now = day("2026-06-01")
        for me in base.nodes.map(\.id).filter({ $0.kind == .person }) {
            #expect(try Suggestions.compute(snapshot: updated, me: me, now: now)
                == Suggestions.compute(snapshot: rebuilt, me: me, now: now), "suggestions of \(me)")
        }
    }

    @Test func aLoggedContactRevivesAFadingTieAtOnce() throws {
        var graph = GraphBuilder()
        let me = graph.addPerson(1), mentor = graph.addPerson(2, role: .mentor)
        graph.link(mentor, me, "2022-03-01", .mentorship)
        let snapshot = try graph.snapshot()
        let now = day("2026-03-01")
        #expect(try snapshot.tie(me, mentor, at: now).isFading(at: now, model: .standard))
        #expect(try Suggestions.compute(snapshot: snapshot, me: me, now: now).reconnect.map(\.subject) == [mentor])
        let revived = snapshot.adding(events: [.contact(me, mentor, day: now)])
        let tie = try revived.tie(me, mentor, at: now)
        #expect(!tie.isFading(at: now, model: .standard))
        #expect(tie.strength > (try snapshot.tie(me, mentor, at: now).strength) + 0.99)
        #expect(try Suggestions.compute(snapshot: revived, me: me, now: now).reconnect.isEmpty)
        // The snapshot it came from is unchanged.
        #expect(try snapshot.tie(me, mentor, at: now).isFading(at: now, model: .standard))
    }

    @Test func contactKindFollowsTheParties() {
        #expect(TieEvent.contact(person(1), person(2), day: day("2025-01-01")).kind == .interaction)
        #expect(TieEvent.contact(person(1), org(2), day: day("2025-01-01")).kind == .organization)
    }
}

@Suite struct NodeLookupTests {
    @Test func denseAndSparseNumbersBothResolve() throws {
        var graph = GraphBuilder()
        for n in [1, 2, 3] { graph.addPerson(n) }
        graph.addPerson(5_000_000)            // people: sparse, looked up in a dictionary
        graph.addOrganization(2)              // organisations: dense table
        graph.link(person(1), person(5_000_000), "2025-01-01")
        graph.link(person(2), org(2), "2025-01-01", .organization)
        let snapshot = try graph.snapshot()
        #expect(snapshot.node(person(5_000_000))?.name == "Person 5000000")
        #expect(snapshot.node(org(2)) != nil)
        #expect(snapshot.node(person(4)) == nil && snapshot.node(org(1)) == nil && snapshot.node(EntityID(.meetup, 1)) == nil)
        #expect(snapshot.events(between: person(1), person(5_000_000)).count == 1)
        #expect(snapshot.droppedEventCount == 0)
        graph.addPerson(5_000_000)
        #expect(throws: GraphError.duplicateNode(person(5_000_000))) { try graph.snapshot() }
        graph.nodes.removeLast(2)
        graph.addPerson(2)
        #expect(throws: GraphError.duplicateNode(person(2))) { try graph.snapshot() }
    }
}
