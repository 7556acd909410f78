import BailanysCore
import Foundation

/// The standard neighbourhood indices, defined exactly as networkx 3.6 defines them.
public enum LinkIndex: String, Sendable, Codable, CaseIterable {
    /// |Γu ∩ Γv|
    case commonNeighbors
    /// |Γu ∩ Γv| / |Γu ∪ Γv|, and 0 when the union is empty.
    case jaccard
    /// Σ_{w ∈ Γu ∩ Γv} 1 / ln|Γw| (a common neighbour has degree ≥ 2, so ln > 0).
    case adamicAdar
    /// Σ_{w ∈ Γu ∩ Γv} 1 / |Γw|
    case resourceAllocation
    /// |Γu| · |Γv|
    case preferentialAttachment
}

public struct ScoredPair: Hashable, Sendable {
    /// u < v by id in all-pairs results; u is the queried person in per-person results.
    public var u: EntityID
    public var v: EntityID
    public var score: Double
}

/// The simple undirected graph of people: an edge wherever two people share at least one tie event of
/// any kind and any date. Every person node is included, isolated or not; organisations are left out.
public struct PeopleGraph: Sendable {
    /// Sorted, so index order is id order.
    public let ids: [EntityID]
    let offsets: [Int32]
    /// Ascending within each node.
    let neighbours: [Int32]

    public init(snapshot: GraphSnapshot) {
        var localIndex = [Int32](repeating: -1, count: snapshot.nodeCount)
        var ids: [EntityID] = []
        // By index and stored id: iterating the nodes would copy each one.
        for i in snapshot.nodes.indices where snapshot.nodes[i].id.kind == .person {
            localIndex[i] = Int32(ids.count)
            ids.append(snapshot.nodes[i].id)
        }
        var offsets: [Int32] = [0]
        var neighbours: [Int32] = []
        offsets.reserveCapacity(ids.count + 1)
        for i in snapshot.nodes.indices where localIndex[i] >= 0 {
            // Snapshot lists are ascending and the local numbering keeps the order.
            for slot in snapshot.adjacency(of: i) where localIndex[Int(snapshot.adjacentNodes[slot])] >= 0 {
                neighbours.append(localIndex[Int(snapshot.adjacentNodes[slot])])
            }
            offsets.append(Int32(neighbours.count))
        }
        self.ids = ids
        self.offsets = offsets
        self.neighbours = neighbours
    }

    public var nodeCount: Int { ids.count }
    public var edgeCount: Int { neighbours.count / 2 }

    /// Every edge once, u < v by id, in id order: for exporting the graph (e.g. to networkx).
    public var edgeList: [(u: EntityID, v: EntityID)] {
        ids.indices.flatMap { u in neighbourRange(u).lazy.map { Int(self.neighbours[$0]) }.filter { $0 > u }.map { (self.ids[u], self.ids[$0]) } }
    }

    func degree(_ i: Int) -> Int { Int(offsets[i + 1] - offsets[i]) }
    func neighbourRange(_ i: Int) -> Range<Int> { Int(offsets[i])..<Int(offsets[i + 1]) }

    func index(of id: EntityID) throws -> Int {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        guard low < ids.count, ids[low] == id else { throw GraphError.unknownNode(id) }
        return low
    }

    func adjacent(_ a: Int, _ b: Int) -> Bool {
        var range = neighbourRange(a)
        while !range.isEmpty {
            let mid = range.lowerBound + range.count / 2
            if neighbours[mid] == Int32(b) { return true }
            range = neighbours[mid] < Int32(b) ? (mid + 1)..<range.upperBound : range.lowerBound..<mid
        }
        return false
    }

    /// Scratch sums over common neighbours of `u` and every two-hop node, in ascending w order.
    struct TwoHop {
        var common: [Int32]
        var adamicAdar: [Double]
        var resourceAllocation: [Double]
        var touched: [Int32] = []

        init(count: Int) {
            common = Array(repeating: 0, count: count)
            adamicAdar = Array(repeating: 0, count: count)
            resourceAllocation = Array(repeating: 0, count: count)
        }

        mutating func reset() {
            for v in touched {
                common[Int(v)] = 0
                adamicAdar[Int(v)] = 0
                resourceAllocation[Int(v)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
    }

    func accumulate(_ u: Int, into scratch: inout TwoHop, onlyAbove: Bool) {
        for wSlot in neighbourRange(u) {
            let w = Int(neighbours[wSlot])
            let d = Double(degree(w))
            for vSlot in neighbourRange(w) {
                let v = Int(neighbours[vSlot])
                guard v != u, !onlyAbove || v > u else { continue }
                if scratch.common[v] == 0 { scratch.touched.append(Int32(v)) }
                scratch.common[v] += 1
                scratch.adamicAdar[v] += 1 / log(d)
                scratch.resourceAllocation[v] += 1 / d
            }
        }
    }

    func score(_ index: LinkIndex, _ u: Int, _ v: Int, _ scratch: TwoHop) -> Double {
        switch index {
        case .commonNeighbors: return Double(scratch.common[v])
        case .jaccard:
            // u and v are not adjacent and there are no self-loops, so |Γu ∪ Γv| = deg u + deg v − |Γu ∩ Γv|.
            let union = degree(u) + degree(v) - Int(scratch.common[v])
            return union == 0 ? 0 : Double(scratch.common[v]) / Double(union)
        case .adamicAdar: return scratch.adamicAdar[v]
        case .resourceAllocation: return scratch.resourceAllocation[v]
        case .preferentialAttachment: return Double(degree(u) * degree(v))
        }
    }

    /// networkx with `ebunch = [(u, v) for v in non_neighbors(G, u)]`: every non-adjacent v ≠ u,
    /// zero scores included, ordered by score desc then id asc; `limit` keeps the first ones.
    public func scores(_ index: LinkIndex, for person: EntityID, limit: Int = .max) throws -> [ScoredPair] {
        let u = try self.index(of: person)
        var scratch = TwoHop(count: nodeCount)
        accumulate(u, into: &scratch, onlyAbove: false)
        var result: [ScoredPair] = []
        for v in 0..<nodeCount where v != u && !adjacent(u, v) {
            result.append(ScoredPair(u: ids[u], v: ids[v], score: score(index, u, v, scratch)))
        }
        result.sort { $0.score != $1.score ? $0.score > $1.score : $0.v < $1.v }
        return Array(result.prefix(limit))
    }

    /// The best `limit` non-adjacent pairs of the whole graph (networkx's default ebunch, `non_edges(G)`),
    /// ordered by score desc, then u asc, then v asc.
    ///
    /// Only pairs with a positive score are reported: a pair without a common neighbour scores 0 on
    /// CN, Jaccard, Adamic–Adar and resource allocation, and a pair with an isolated node scores 0 on
    /// preferential attachment. The result is shorter than `limit` when fewer pairs score above 0.
    public func topPairs(_ index: LinkIndex, limit: Int) -> [ScoredPair] {
        guard limit > 0 else { return [] }
        var best = BoundedBest(limit: limit)
        if index == .preferentialAttachment {
            topByDegreeProduct(into: &best)
        } else {
            var scratch = TwoHop(count: nodeCount)
            for u in 0..<nodeCount {
                accumulate(u, into: &scratch, onlyAbove: true)
                for v in scratch.touched where !adjacent(u, Int(v)) {
                    best.offer(Candidate(score: score(index, u, Int(v), scratch), u: Int32(u), v: v))
                }
                scratch.reset()
            }
        }
        return best.sorted().map { ScoredPair(u: ids[Int($0.u)], v: ids[Int($0.v)], score: $0.score) }
    }

    /// Preferential attachment without enumerating all pairs: visit nodes by degree desc (id asc) and
    /// stop each scan as soon as no later partner can beat the worst pair kept.
    func topByDegreeProduct(into best: inout BoundedBest) {
        let order = (0..<nodeCount).filter { degree($0) > 0 }
            .sorted { degree($0) != degree($1) ? degree($0) > degree($1) : $0 < $1 }
        for (p, u) in order.enumerated() {
            if p + 1 < order.count, let worst = best.worstIfFull,
               Double(degree(u) * degree(order[p + 1])) < worst.score { break }
            for v in order[(p + 1)...] {
                let candidate = Candidate(score: Double(degree(u) * degree(v)), u: Int32(min(u, v)), v: Int32(max(u, v)))
                // Within one degree the pair order rises with v's id, so the first loser ends the scan.
                if let worst = best.worstIfFull, !candidate.ranksBefore(worst) { break }
                if !adjacent(u, v) { best.offer(candidate) }
            }
        }
    }
}

struct Candidate {
    var score: Double
    var u: Int32
    var v: Int32

    func ranksBefore(_ other: Candidate) -> Bool {
        if score != other.score { return score > other.score }
        return u != other.u ? u < other.u : v < other.v
    }
}

/// Keeps the `limit` best candidates in a binary heap whose root is the worst kept.
struct BoundedBest {
    let limit: Int
    private var heap: [Candidate] = []

    init(limit: Int) { self.limit = limit }

    var worstIfFull: Candidate? { heap.count == limit ? heap[0] : nil }

    mutating func offer(_ c: Candidate) {
        guard c.score > 0 else { return }
        if heap.count < limit {
            heap.append(c)
            siftUp(heap.count - 1)
        } else if c.ranksBefore(heap[0]) {
            heap[0] = c
            siftDown(0)
        }
    }

    func sorted() -> [Candidate] { heap.sorted { $0.ranksBefore($1) } }

    // "Worse" floats to the root.
    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[parent].ranksBefore(heap[i]) else { return }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            var worst = i
            for child in [2 * i + 1, 2 * i + 2] where child < heap.count && heap[worst].ranksBefore(heap[child]) {
                worst = child
            }
            guard worst != i else { return }
            heap.swapAt(i, worst)
            i = worst
        }
    }
}
