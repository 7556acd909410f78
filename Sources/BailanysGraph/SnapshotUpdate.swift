import BailanysCore

extension TieEvent {
    /// A logged contact between two parties: `interaction` between people, `organization` when one
    /// side is an organisation. The store's loader and the live update both use this one rule.
    public static func contact(_ a: EntityID, _ b: EntityID, day: Day) -> TieEvent {
        TieEvent(a, b, day: day, kind: a.kind == .person && b.kind == .person ? .interaction : .organization)
    }
}

extension GraphSnapshot {
    /// This snapshot with a few more events, e.g. a contact logged a moment ago, without rebuilding.
    ///
    /// Each event is inserted in place: into its edge's day-sorted run, or as a new edge numbered after
    /// the existing ones (adjacency lists stay ascending). The cost is a few array moves, linear in the
    /// number of events and edges but without hashing or sorting; at 1M events it is milliseconds, not the
    /// full build. Events with an unknown or identical endpoint are dropped and counted, as in `build`.
    public func adding(events new: [TieEvent]) -> GraphSnapshot {
        var copy = self
        copy.add(events: new)
        return copy
    }

    /// `adding(events:)` in place: no copy of the arrays when this snapshot is their only owner.
    public mutating func add(events new: [TieEvent]) {
        for event in new { insert(event) }
    }

    private mutating func insert(_ event: TieEvent) {
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
            // Keep the build's order within an edge: by day, then code; a new event goes after equals.
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
            link(low, to: high, edge: e)
            link(high, to: low, edge: e)
        }
    }

    /// Adds `other` to `node`'s ascending neighbour list.
    private mutating func link(_ node: Int, to other: Int, edge: Int32) {
        let range = adjacency(of: node)
        let position = range.first { adjacentNodes[$0] > Int32(other) } ?? range.upperBound
        adjacentNodes.insert(Int32(other), at: position)
        adjacentEdges.insert(edge, at: position)
        for later in (node + 1)..<adjacencyOffsets.count { adjacencyOffsets[later] += 1 }
    }
}
