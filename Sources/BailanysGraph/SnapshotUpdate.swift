import BailanysCore

extension TieEvent {
    /// A logged contact between two parties: `interaction` between people, `organization` when one
    /// side is an organisation. The store's loader and the live update both use this one rule.
    public static func contact(_ a: EntityID, _ b: EntityID, day: Day) -> TieEvent {
        TieEvent(a, b, day: day, kind: a.kind == .person && b.kind == .person ? .interaction : .organization)
    }
}

extension GraphSnapshot {
    /// Takes a person's edited card (name, role, place, opt-out) in place, so that suggestions and their reasons follow
    /// the edit at once ("Also in Aktau" after moving there, not the old town); ties, rounds and initiatives stay as
    /// they are. An id the snapshot does not hold (added since it was built) changes nothing. One pass over the
    /// nodes rebuilds the lists of people by place.
    public mutating func update(_ edit: NodeProfileEdit) {
        guard let i = indexByID[edit.id].map(Int.init) else { return }
        var node = nodes[i]
        node.name = edit.name
        node.role = edit.role
        node.isAlumnus = edit.isAlumnus
        node.settlement = edit.settlement
        node.region = edit.region
        node.latitude = edit.latitude
        node.longitude = edit.longitude
        node.suggestionsOptOut = edit.suggestionsOptOut
        guard node != nodes[i] else { return }
        nodes[i] = node
        profiles = NodeProfiles(nodes: nodes)
    }

    /// This snapshot with a few more events, e.g. a contact logged a moment ago, without rebuilding.
    ///
    /// The result equals inserting the events one by one: each goes into its edge's day-sorted run after the events
    /// it ties with, or into a new edge numbered after the existing ones (adjacency lists stay ascending). Events
    /// with an unknown or identical endpoint are dropped and counted, as in `build`.
    public func adding(events new: [TieEvent]) -> GraphSnapshot {
        var copy = self
        copy.add(events: new)
        return copy
    }

    /// `adding(events:)` in place: no copy of the arrays when this snapshot is their only owner.
    ///
    /// A whole batch (a meetup's attendance, a day's log) costs one sort of the batch plus one block copy of the
    /// event and adjacency arrays (memcpy between the touched places) — not one pass over the graph per event.
    public mutating func add(events new: [TieEvent]) {
        guard !new.isEmpty else { return }
        let oldEdgeCount = edgeLow.count
        var incoming: [(edge: Int32, day: Int32, code: UInt8, context: Int32)] = []
        incoming.reserveCapacity(new.count)
        var newEdges: [Int64: Int32] = [:]
        var contextIndex: [TieContext: Int32]?
        for event in new {
            guard let a = indexByID[event.a], let b = indexByID[event.b], a != b else {
                droppedEventCount += 1
                continue
            }
            let low = min(a, b), high = max(a, b)
            var context: Int32 = -1
            if let c = event.context {
                if contextIndex == nil {
                    contextIndex = [:]
                    for (i, known) in contexts.enumerated().reversed() { contextIndex![known] = Int32(i) }
                }
                if let known = contextIndex![c] {
                    context = known
                } else {
                    context = Int32(contexts.count)
                    contextIndex![c] = context
                    contexts.append(c)
                }
            }
            let edgeNumber: Int32
            if let e = edge(between: Int(low), Int(high)) {
                edgeNumber = Int32(e)
            } else if let e = newEdges[Int64(low) << 32 | Int64(high)] {
                edgeNumber = e
            } else {
                edgeNumber = Int32(edgeLow.count)
                newEdges[Int64(low) << 32 | Int64(high)] = edgeNumber
                edgeLow.append(low)
                edgeHigh.append(high)
            }
            incoming.append((edgeNumber, Int32(event.day.ordinal), UInt8(event.kind.slot) | (a > b ? Self.reversedFlag : 0), context))
        }
        guard !incoming.isEmpty else { return }
        // Stable: events that tie keep their order in the batch, after the edge's own.
        let sorted = incoming.indices.sorted { i, j in
            let x = incoming[i], y = incoming[j]
            return (x.edge, x.day, x.code, i) < (y.edge, y.day, y.code, j)
        }.map { incoming[$0] }
        mergeEvents(sorted, oldEdgeCount: oldEdgeCount)
        linkNewEdges(from: oldEdgeCount)
    }

    /// This snapshot without some events, e.g. a contact removed a moment after it was logged by mistake.
    ///
    /// Each removes one event equal to it (parties, day, kind, direction, context); an edge left without events goes,
    /// the later edges' numbers closing up, so the answers equal a snapshot built without the event. An event the
    /// snapshot does not hold changes nothing. One removal costs a pass over the arrays: fine for a correction.
    public mutating func remove(events gone: [TieEvent]) {
        for event in gone {
            guard let a = indexByID[event.a], let b = indexByID[event.b], a != b,
                  let e = edge(between: Int(min(a, b)), Int(max(a, b))) else { continue }
            let code = UInt8(event.kind.slot) | (a > b ? Self.reversedFlag : 0)
            let run = Int(eventOffsets[e])..<Int(eventOffsets[e + 1])
            guard let i = run.first(where: { i in
                eventDays[i] == Int32(event.day.ordinal) && eventCodes[i] == code
                    && (eventContexts[i] < 0 ? nil : contexts[Int(eventContexts[i])]) == event.context
            }) else { continue }
            eventDays.remove(at: i)
            eventCodes.remove(at: i)
            eventContexts.remove(at: i)
            for k in (e + 1)..<eventOffsets.count { eventOffsets[k] -= 1 }
            if eventOffsets[e] == eventOffsets[e + 1] { unlink(edge: e) }
        }
    }

    /// Drops edge `e`, which has no events left, from the edge and adjacency arrays; later edges move down one number.
    private mutating func unlink(edge e: Int) {
        let ends = [Int(edgeLow[e]), Int(edgeHigh[e])]
        edgeLow.remove(at: e)
        edgeHigh.remove(at: e)
        eventOffsets.remove(at: e)
        // Each end lists the edge once; later nodes' lists start one place earlier per entry removed before them.
        for node in ends.sorted(by: >) {
            let range = adjacency(of: node)
            guard let i = range.first(where: { Int(adjacentEdges[$0]) == e }) else { continue }
            adjacentNodes.remove(at: i)
            adjacentEdges.remove(at: i)
            for k in (node + 1)..<adjacencyOffsets.count { adjacencyOffsets[k] -= 1 }
        }
        for i in adjacentEdges.indices where adjacentEdges[i] > Int32(e) { adjacentEdges[i] -= 1 }
    }

    /// Copies the event arrays once, placing each new event (sorted by edge, day, code) into its edge's run.
    private mutating func mergeEvents(_ sorted: [(edge: Int32, day: Int32, code: UInt8, context: Int32)], oldEdgeCount: Int) {
        var days: [Int32] = [], codes: [UInt8] = [], contextsOut: [Int32] = []
        let total = eventDays.count + sorted.count
        days.reserveCapacity(total)
        codes.reserveCapacity(total)
        contextsOut.reserveCapacity(total)
        var copied = 0
        func copyOld(upTo end: Int) {
            guard end > copied else { return }
            days.append(contentsOf: eventDays[copied..<end])
            codes.append(contentsOf: eventCodes[copied..<end])
            contextsOut.append(contentsOf: eventContexts[copied..<end])
            copied = end
        }
        // Touched old edges and how many events each gains, for the offsets.
        var gained: [(edge: Int, count: Int32)] = []
        for item in sorted where Int(item.edge) < oldEdgeCount {
            let e = Int(item.edge)
            var position = Int(eventOffsets[e + 1])
            var lower = max(copied, Int(eventOffsets[e]))
            // First old event of the edge that sorts after the new one: binary search on (day, code).
            while lower < position {
                let mid = (lower + position) / 2
                if (eventDays[mid], eventCodes[mid]) <= (item.day, item.code) { lower = mid + 1 } else { position = mid }
            }
            copyOld(upTo: position)
            days.append(item.day)
            codes.append(item.code)
            contextsOut.append(item.context)
            if gained.last?.edge == e { gained[gained.count - 1].count += 1 } else { gained.append((e, 1)) }
        }
        copyOld(upTo: eventDays.count)
        // Offsets of old edges move by the events inserted before them.
        var running: Int32 = 0, next = 0
        for e in 0..<oldEdgeCount where next < gained.count || running > 0 {
            eventOffsets[e] += running
            if next < gained.count, gained[next].edge == e { running += gained[next].count; next += 1 }
        }
        eventOffsets[oldEdgeCount] += running
        // New edges' events go at the end, edge by edge.
        var e = oldEdgeCount
        for item in sorted where Int(item.edge) >= oldEdgeCount {
            while e < Int(item.edge) { e += 1; eventOffsets.append(Int32(days.count)) }
            days.append(item.day)
            codes.append(item.code)
            contextsOut.append(item.context)
        }
        while eventOffsets.count < edgeLow.count + 1 { eventOffsets.append(Int32(days.count)) }
        (eventDays, eventCodes, eventContexts) = (days, codes, contextsOut)
    }

    /// Adds edges `from...` to the adjacency lists in one block copy, keeping every list ascending.
    private mutating func linkNewEdges(from first: Int) {
        guard first < edgeLow.count else { return }
        var entries: [(node: Int32, other: Int32, edge: Int32)] = []
        for e in first..<edgeLow.count {
            entries.append((edgeLow[e], edgeHigh[e], Int32(e)))
            entries.append((edgeHigh[e], edgeLow[e], Int32(e)))
        }
        entries.sort { ($0.node, $0.other) < ($1.node, $1.other) }
        var nodesOut: [Int32] = [], edgesOut: [Int32] = []
        nodesOut.reserveCapacity(adjacentNodes.count + entries.count)
        edgesOut.reserveCapacity(adjacentNodes.count + entries.count)
        var copied = 0
        for entry in entries {
            let range = adjacency(of: Int(entry.node))
            var lower = max(copied, range.lowerBound), upper = range.upperBound
            while lower < upper {
                let mid = (lower + upper) / 2
                if adjacentNodes[mid] < entry.other { lower = mid + 1 } else { upper = mid }
            }
            if lower > copied {
                nodesOut.append(contentsOf: adjacentNodes[copied..<lower])
                edgesOut.append(contentsOf: adjacentEdges[copied..<lower])
                copied = lower
            }
            nodesOut.append(entry.other)
            edgesOut.append(entry.edge)
        }
        nodesOut.append(contentsOf: adjacentNodes[copied...])
        edgesOut.append(contentsOf: adjacentEdges[copied...])
        var running: Int32 = 0, next = 0
        for node in 0..<(adjacencyOffsets.count - 1) where next < entries.count || running > 0 {
            adjacencyOffsets[node] += running
            while next < entries.count, Int(entries[next].node) == node { running += 1; next += 1 }
        }
        adjacencyOffsets[adjacencyOffsets.count - 1] += running
        (adjacentNodes, adjacentEdges) = (nodesOut, edgesOut)
    }
}
