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
