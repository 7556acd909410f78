import BailanysCore

/// An undirected weighted edge between nodes `a` and `b` (0-based); `a == b` is a self-loop.
public struct WeightedEdge: Hashable, Sendable {
    public var a: Int
    public var b: Int
    public var weight: Double

    public init(_ a: Int, _ b: Int, weight: Double = 1) {
        self.a = a
        self.b = b
        self.weight = weight
    }
}

/// A partition of nodes `0..<n` into communities.
public struct Communities: Hashable, Sendable {
    /// Community number of every node; communities are numbered by their smallest node.
    public var membership: [Int]
    /// Members of each community, ascending.
    public var groups: [[Int]]
    /// Newman–Girvan modularity of the partition (resolution 1), as networkx computes it.
    public var modularity: Double
}

/// Louvain community detection (Blondel et al. 2008): local moving of single nodes to the neighbouring
/// community with the best modularity gain, then aggregation of communities into nodes, repeated until
/// nothing moves. The seed fixes the order nodes are visited in, so a seed always gives the same partition.
public enum Louvain {
    /// Gains below this are treated as no gain, so rounding noise cannot make a node move back and forth.
    static let minimumGain = 1e-12

    /// Weights must be positive (zero-weight edges are ignored); parallel edges add up.
    public static func detect(nodeCount: Int, edges: [WeightedEdge], seed: UInt64) -> Communities {
        var level = Level(nodeCount: nodeCount, edges: edges)
        // community of each original node, through the levels
        var membership = Array(0..<nodeCount)
        var random = SeededRandom(seed: seed)
        while level.totalWeight > 0 {
            let (local, moved) = level.moveNodes(random: &random)
            guard moved else { break }
            let (renumbered, count) = renumber(local)
            let labels = local.map { renumbered[$0]! }
            membership = membership.map { labels[$0] }
            level = level.aggregated(labels: labels, count: count)
        }
        return partition(membership, nodeCount: nodeCount, edges: edges)
    }

    /// Modularity Q = Σ_c [L_c / m − (d_c / 2m)²] with L_c the weight inside community c and d_c the sum of its
    /// degrees (self-loops count twice in a degree), as `networkx.algorithms.community.modularity` defines it.
    public static func modularity(nodeCount: Int, edges: [WeightedEdge], membership: [Int]) -> Double {
        precondition(membership.count == nodeCount, "one community per node")
        var inside: [Int: Double] = [:], degree: [Int: Double] = [:]
        var m = 0.0
        for edge in edges {
            m += edge.weight
            let ca = membership[edge.a], cb = membership[edge.b]
            degree[ca, default: 0] += edge.weight
            degree[cb, default: 0] += edge.weight
            if ca == cb { inside[ca, default: 0] += edge.weight }
        }
        guard m > 0 else { return 0 }
        // Sum in community order so the value does not depend on dictionary order.
        return degree.keys.sorted().reduce(0) { q, c in
            let d = degree[c]! / (2 * m)
            return q + (inside[c] ?? 0) / m - d * d
        }
    }

    /// Groups, numbered by smallest member, with their modularity.
    public static func partition(_ membership: [Int], nodeCount: Int, edges: [WeightedEdge]) -> Communities {
        let (renumbered, count) = renumber(membership)
        let labels = membership.map { renumbered[$0]! }
        var groups = [[Int]](repeating: [], count: count)
        for (node, c) in labels.enumerated() { groups[c].append(node) }
        return Communities(membership: labels, groups: groups,
                           modularity: modularity(nodeCount: nodeCount, edges: edges, membership: labels))
    }

    /// Maps community labels to 0, 1, … in order of first appearance (so by smallest member).
    private static func renumber(_ labels: [Int]) -> (map: [Int: Int], count: Int) {
        var map: [Int: Int] = [:]
        for label in labels where map[label] == nil { map[label] = map.count }
        return (map, map.count)
    }

    /// One level of the algorithm: a weighted graph whose nodes are the communities of the level below.
    struct Level {
        /// Neighbours without self-loops, with merged weights, ascending.
        var neighbours: [[(node: Int, weight: Double)]]
        /// Weight of each node's self-loop (the weight inside the community it stands for).
        var selfLoops: [Double]
        /// Weighted degree, self-loops counted twice.
        var degrees: [Double]
        /// m: total edge weight.
        var totalWeight: Double

        init(nodeCount: Int, edges: [WeightedEdge]) {
            var merged = [[Int: Double]](repeating: [:], count: nodeCount)
            var loops = [Double](repeating: 0, count: nodeCount)
            for edge in edges where edge.weight != 0 {
                if edge.a == edge.b {
                    loops[edge.a] += edge.weight
                } else {
                    merged[edge.a][edge.b, default: 0] += edge.weight
                    merged[edge.b][edge.a, default: 0] += edge.weight
                }
            }
            self.init(merged: merged, selfLoops: loops)
        }

        init(merged: [[Int: Double]], selfLoops: [Double]) {
            let lists = merged.map { $0.sorted { $0.key < $1.key }.map { (node: $0.key, weight: $0.value) } }
            let degrees = lists.indices.map { i in lists[i].reduce(2 * selfLoops[i]) { $0 + $1.weight } }
            neighbours = lists
            self.selfLoops = selfLoops
            self.degrees = degrees
            totalWeight = degrees.reduce(0, +) / 2
        }

        /// Moves single nodes to the neighbouring community with the best gain until a full pass moves none.
        /// Returns each node's community and whether anything moved at all.
        func moveNodes(random: inout SeededRandom) -> (membership: [Int], moved: Bool) {
            let n = neighbours.count
            var community = Array(0..<n)
            var total = degrees
            var order = Array(0..<n)
            order.shuffle(using: &random)
            let twoM = 2 * totalWeight
            var movedAny = false
            var linkWeight = [Double](repeating: 0, count: n)
            var touched: [Int] = []
            while true {
                var movedInPass = false
                for i in order {
                    let own = community[i], k = degrees[i]
                    touched.removeAll(keepingCapacity: true)
                    for (j, w) in neighbours[i] {
                        let c = community[j]
                        if linkWeight[c] == 0 { touched.append(c) }
                        linkWeight[c] += w
                    }
                    total[own] -= k
                    // Gain of joining c, up to a constant factor: k_i,in(c) − Σ_tot(c) · k_i / 2m.
                    var best = own, bestGain = linkWeight[own] - total[own] * k / twoM
                    for c in touched where c != own {
                        let gain = linkWeight[c] - total[c] * k / twoM
                        if gain > bestGain + Louvain.minimumGain || (abs(gain - bestGain) <= Louvain.minimumGain && best != own && c < best) {
                            best = c
                            bestGain = gain
                        }
                    }
                    total[best] += k
                    for c in touched { linkWeight[c] = 0 }
                    if best != own {
                        community[i] = best
                        movedInPass = true
                        movedAny = true
                    }
                }
                if !movedInPass { break }
            }
            return (community, movedAny)
        }

        /// The graph of communities: weights between communities summed, weights inside them become self-loops.
        func aggregated(labels: [Int], count: Int) -> Level {
            var merged = [[Int: Double]](repeating: [:], count: count)
            var loops = [Double](repeating: 0, count: count)
            for i in neighbours.indices {
                let ci = labels[i]
                loops[ci] += selfLoops[i]
                for (j, w) in neighbours[i] where j > i {
                    let cj = labels[j]
                    if ci == cj {
                        loops[ci] += w
                    } else {
                        merged[ci][cj, default: 0] += w
                        merged[cj][ci, default: 0] += w
                    }
                }
            }
            return Level(merged: merged, selfLoops: loops)
        }
    }
}
