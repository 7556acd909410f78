import BailanysCore

extension GraphNode {
    /// This node as it could have been known on `day`: rounds that start on or after it and the initiatives
    /// of those rounds are removed, and every initiative's status is withheld (the directory keeps only today's
    /// status, not its history), so a past replay cannot see the future. A status of `completed` claims nothing:
    /// no score reads it, while `continuing` earns a bonus and cross-round candidates.
    public func asOf(_ day: Day) -> GraphNode {
        var node = self
        let future = Set(rounds.filter { $0.start >= day }.map(\.id))
        node.rounds = rounds.filter { !future.contains($0.id) }
        node.initiatives = initiatives.filter { !future.contains($0.round) }.map { membership in
            var known = membership
            known.status = .completed
            return known
        }
        return node
    }
}

extension GraphSnapshot {
    /// The snapshot as it could have been known before `day`: its events before the day, its nodes `asOf` it.
    ///
    /// Equal to building it from those events, but copied edge by edge: an edge's events are sorted by day, so the
    /// known ones are a prefix of its run, and walking the adjacency lists visits the pairs in (low, high) order.
    /// `progress` hears the fraction of nodes walked.
    public func known(before day: Day, progress: (Double) -> Void = { _ in }) throws -> GraphSnapshot {
        let cut = Int32(day.ordinal)
        var edgeLow: [Int32] = [], edgeHigh: [Int32] = [], eventOffsets: [Int32] = []
        var eventDays: [Int32] = [], eventCodes: [UInt8] = [], eventContexts: [Int32] = []
        var knownContexts: [TieContext] = [], renumbered = [Int32](repeating: -1, count: contexts.count)
        var degree = [Int32](repeating: 0, count: nodeCount)
        var ticks = ProgressTicks(total: nodeCount)
        for low in 0..<nodeCount {
            ticks.advance(low) { progress(0.4 * $0) }
            for slot in adjacency(of: low) where Int(adjacentNodes[slot]) > low {
                let run = events(of: Int(adjacentEdges[slot]))
                var end = run.lowerBound
                while end < run.upperBound, self.eventDays[end] < cut { end += 1 }
                guard end > run.lowerBound else { continue }
                let high = adjacentNodes[slot]
                edgeLow.append(Int32(low))
                edgeHigh.append(high)
                eventOffsets.append(Int32(eventDays.count))
                degree[low] += 1
                degree[Int(high)] += 1
                eventDays.append(contentsOf: self.eventDays[run.lowerBound..<end])
                eventCodes.append(contentsOf: self.eventCodes[run.lowerBound..<end])
                for i in run.lowerBound..<end {
                    let c = self.eventContexts[i]
                    guard c >= 0 else { eventContexts.append(-1); continue }
                    if renumbered[Int(c)] < 0 {
                        renumbered[Int(c)] = Int32(knownContexts.count)
                        knownContexts.append(contexts[Int(c)])
                    }
                    eventContexts.append(renumbered[Int(c)])
                }
            }
        }
        eventOffsets.append(Int32(eventDays.count))
        let knownNodes = nodes.map { $0.asOf(day) }
        progress(0.6)
        return GraphSnapshot.assemble(
            nodes: knownNodes, indexByID: indexByID, dropped: 0, edgeLow: edgeLow, edgeHigh: edgeHigh,
            eventOffsets: eventOffsets, eventDays: eventDays, eventCodes: eventCodes, eventContexts: eventContexts,
            contexts: knownContexts, degree: degree) { progress(0.6 + 0.4 * $0) }
    }

    /// The definition `known(before:)` must equal: decode the events before `day` and build from them.
    func knownByRebuilding(before day: Day) throws -> GraphSnapshot {
        var decoded: [TieEvent] = []
        for edge in 0..<edgeCount {
            let low = Int(edgeLow[edge]), high = Int(edgeHigh[edge])
            for i in events(of: edge) where eventDays[i] < Int32(day.ordinal) {
                let first = firstEndpoint(ofEvent: i, edge: edge)
                decoded.append(TieEvent(nodes[first].id, nodes[first == low ? high : low].id, day: Day(ordinal: Int(eventDays[i])),
                                        kind: kind(ofEvent: i), context: context(ofEvent: i)))
            }
        }
        return try GraphSnapshot.build(nodes: nodes.map { $0.asOf(day) }, events: decoded)
    }
}
