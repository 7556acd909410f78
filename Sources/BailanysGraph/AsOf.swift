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
    public func known(before day: Day) throws -> GraphSnapshot {
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
