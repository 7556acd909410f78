import BailanysCore
import Testing
@testable import BailanysGraph

/// The two ways the store keeps the snapshot current without a rebuild give exactly a rebuild's arrays:
/// contacts merged in from per-pair runs, and a batch of new events folded into a live snapshot.
@Suite struct TieStateMaintenanceTests {
    /// Random contacts on a few days (so they tie with each other and with structural events), a few self-pairs
    /// and unknown parties among them.
    func contacts(seed: UInt64, count: Int, people: Int = 30) -> [(a: EntityID, b: EntityID, day: Day)] {
        var random = SeededRandom(seed: seed)
        let start = day("2021-01-01").ordinal
        return (0..<count).map { _ in
            let a = person(Int(random.next() % UInt64(people + 1)) + 1)   // person(people + 1) is unknown
            let b = random.chance(0.2) ? org(Int(random.next() % 4) + 1) : person(Int(random.next() % UInt64(people)) + 1)
            let day = Day(ordinal: start + Int(random.next() % 40) * 45)
            return random.chance(0.5) ? (a, b, day) : (b, a, day)
        }
    }

    /// Groups contacts as the store's `tie_pair` does: pairs in id order, codes day × 2 (+1 when logged high→low).
    func runs(_ contacts: [(a: EntityID, b: EntityID, day: Day)]) -> ContactRuns {
        var byPair: [[EntityID]: [Int32]] = [:]
        for c in contacts {
            byPair[[min(c.a, c.b), max(c.a, c.b)], default: []].append(Int32(c.day.ordinal * 2 + (c.a > c.b ? 1 : 0)))
        }
        var runs = ContactRuns()
        for pair in byPair.keys.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) {
            runs.low.append(pair[0])
            runs.high.append(pair[1])
            runs.codes += byPair[pair]!.sorted()
            runs.offsets.append(Int32(runs.codes.count))
        }
        return runs
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func contactRunsMergeExactlyAsEventsDo(seed: UInt64) throws {
        let graph = randomGraph(seed: seed, events: 200)
        let logged = contacts(seed: seed + 50, count: 300)
        let merged = try GraphSnapshot.build(nodes: graph.nodes, events: graph.events, contacts: runs(logged))
        let rebuilt = try GraphSnapshot.build(nodes: graph.nodes, events: graph.events + logged.map { .contact($0.a, $0.b, day: $0.day) })
        #expect(merged.hasSameContent(as: rebuilt))
        #expect(merged.droppedEventCount > 0, "self-pairs and unknown parties are counted as dropped")
        #expect(merged.eventCount == rebuilt.eventCount)
    }

    @Test func aSnapshotOfContactsAloneOrStructureAloneMatchesToo() throws {
        let graph = randomGraph(seed: 9, events: 120)
        let logged = contacts(seed: 90, count: 200)
        #expect(try GraphSnapshot.build(nodes: graph.nodes, events: [], contacts: runs(logged))
            .hasSameContent(as: GraphSnapshot.build(nodes: graph.nodes, events: logged.map { .contact($0.a, $0.b, day: $0.day) })))
        #expect(try GraphSnapshot.build(nodes: graph.nodes, events: graph.events, contacts: ContactRuns())
            .hasSameContent(as: GraphSnapshot.build(nodes: graph.nodes, events: graph.events)))
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func addingABatchEqualsInsertingOneEventAtATime(seed: UInt64) throws {
        let base = try randomGraph(seed: seed, events: 150).snapshot()
        var random = SeededRandom(seed: seed + 7)
        for batchSize in [1, 2, 37, 400] {
            let extra = randomGraph(seed: random.next(), events: batchSize).events
                + contacts(seed: random.next(), count: batchSize).map { TieEvent.contact($0.a, $0.b, day: $0.day) }
                + [TieEvent(person(2), person(3), day: day("2023-05-05"), kind: .meetup,
                            context: TieContext(meetup: EntityID(.meetup, Int(random.next() % 3) + 1)))]
            var batched = base
            batched.add(events: extra)
            var oneByOne = base
            for event in extra { oneByOne.referenceInsert(event) }
            #expect(batched.hasSameContent(as: oneByOne), "batch of \(extra.count)")
            #expect(batched.contexts == oneByOne.contexts)
        }
    }

    /// `known(before:)` (the learner's and the evaluation's past view) copies prefixes of edge runs instead of
    /// decoding and rebuilding; it must give the rebuild's snapshot, also after live additions appended edges.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func knownBeforeEqualsRebuildingFromTheEarlierEvents(seed: UInt64) throws {
        var graph = try randomGraph(seed: seed, events: 200).snapshot()
        graph.add(events: randomGraph(seed: seed + 20, events: 60).events)
        for cut in ["2021-01-01", "2022-06-15", "2023-03-01", "2030-01-01"].map(day) {
            #expect(try graph.known(before: cut).hasSameContent(as: graph.knownByRebuilding(before: cut)), "cut \(cut)")
        }
    }

    @Test func tempoGapsSortByCountingAsByComparing() {
        var random = SeededRandom(seed: 4)
        let gaps = (0..<5_000).map { _ in Int32(random.next() % 3_000) + 1 }
        #expect(TieTempo.countingSorted(gaps) == gaps.sorted())
        #expect(TieTempo.countingSorted([]) == [])
        #expect(TieTempo.countingSorted([Int32.max, 1, 7]) == [1, 7, Int32.max])
    }
}

extension GraphSnapshot {
    /// The per-event insertion `add(events:)` used before it took batches: the definition the batch must equal.
    mutating func referenceInsert(_ event: TieEvent) {
        guard let a = indexByID[event.a], let b = indexByID[event.b], a != b else {
            droppedEventCount += 1
            return
        }
        let low = Int(min(a, b)), high = Int(max(a, b))
        let day = Int32(event.day.ordinal)
        let code = UInt8(event.kind.slot) | (a > b ? Self.reversedFlag : 0)
        var context: Int32 = -1
        if let c = event.context {
            if contexts.firstIndex(of: c) == nil { contexts.append(c) }
            context = Int32(contexts.firstIndex(of: c)!)
        }
        if let e = edge(between: low, high) {
            var position = Int(eventOffsets[e + 1])
            while position > Int(eventOffsets[e]),
                  (eventDays[position - 1], eventCodes[position - 1]) > (day, code) { position -= 1 }
            eventDays.insert(day, at: position)
            eventCodes.insert(code, at: position)
            eventContexts.insert(context, at: position)
            for later in (e + 1)..<eventOffsets.count { eventOffsets[later] += 1 }
        } else {
            let e = Int32(edgeLow.count)
            edgeLow.append(Int32(low))
            edgeHigh.append(Int32(high))
            eventDays.append(day)
            eventCodes.append(code)
            eventContexts.append(context)
            eventOffsets.append(Int32(eventDays.count))
            for (node, other) in [(low, high), (high, low)] {
                let range = adjacency(of: node)
                let position = range.first { adjacentNodes[$0] > Int32(other) } ?? range.upperBound
                adjacentNodes.insert(Int32(other), at: position)
                adjacentEdges.insert(e, at: position)
                for later in (node + 1)..<adjacencyOffsets.count { adjacencyOffsets[later] += 1 }
            }
        }
    }
}
