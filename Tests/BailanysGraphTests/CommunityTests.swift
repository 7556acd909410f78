import BailanysCore
import Foundation
import Testing
@testable import BailanysGraph

/// Zachary's karate club (1977): 34 members, 78 friendships, numbered from 0 as in networkx.
let karateEdges: [(Int, Int)] = [
    (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (0, 8), (0, 10), (0, 11), (0, 12), (0, 13), (0, 17),
    (0, 19), (0, 21), (0, 31), (1, 2), (1, 3), (1, 7), (1, 13), (1, 17), (1, 19), (1, 21), (1, 30), (2, 3), (2, 7),
    (2, 8), (2, 9), (2, 13), (2, 27), (2, 28), (2, 32), (3, 7), (3, 12), (3, 13), (4, 6), (4, 10), (5, 6), (5, 10),
    (5, 16), (6, 16), (8, 30), (8, 32), (8, 33), (9, 33), (13, 33), (14, 32), (14, 33), (15, 32), (15, 33), (18, 32),
    (18, 33), (19, 33), (20, 32), (20, 33), (22, 32), (22, 33), (23, 25), (23, 27), (23, 29), (23, 32), (23, 33),
    (24, 25), (24, 27), (24, 31), (25, 31), (26, 29), (26, 33), (27, 33), (28, 31), (28, 33), (29, 32), (29, 33),
    (30, 32), (30, 33), (31, 32), (31, 33), (32, 33),
]

/// networkx's modularity of a partition, computed by python3 itself.
enum NetworkXModularity {
    static let script = """
        import json, sys
        try:
            import networkx as nx
            from networkx.algorithms.community import modularity
        except ImportError:
            sys.exit("networkx is missing: install it with `python3 -m pip install networkx` (CI does)")
        spec = json.loads(sys.argv[1])
        G = nx.Graph()
        G.add_nodes_from(range(spec["n"]))
        for a, b, w in spec["edges"]:
            G.add_edge(a, b, weight=w)
        print(repr(modularity(G, [set(g) for g in spec["groups"]], weight="weight")))
        """

    static func value(nodeCount: Int, edges: [WeightedEdge], groups: [[Int]]) throws -> Double {
        let spec: [String: Any] = ["n": nodeCount, "edges": edges.map { [$0.a, $0.b, $0.weight] as [Any] }, "groups": groups]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, json]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let q = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            Issue.record("python3 networkx modularity failed: \(message)")
            throw CocoaError(.executableLoad)
        }
        return q
    }
}

struct CommunityTests {
    let karate = karateEdges.map { WeightedEdge($0.0, $0.1) }

    @Test func karateClubModularityAtLeastPointFour() throws {
        for seed: UInt64 in [1, 2, 3, 42, 2021] {
            let c = Louvain.detect(nodeCount: 34, edges: karate, seed: seed)
            #expect(c.membership.count == 34)
            #expect(Set(c.groups.flatMap { $0 }) == Set(0..<34), "every node in exactly one group")
            #expect(c.groups.reduce(0) { $0 + $1.count } == 34)
            #expect(c.modularity >= 0.40, "seed \(seed): Q = \(c.modularity)")
            #expect(c.groups.count >= 3 && c.groups.count <= 6)
        }
    }

    @Test func modularityAgreesWithNetworkX() throws {
        let c = Louvain.detect(nodeCount: 34, edges: karate, seed: 7)
        let q = try NetworkXModularity.value(nodeCount: 34, edges: karate, groups: c.groups)
        #expect(abs(q - c.modularity) < 1e-12, "ours \(c.modularity), networkx \(q)")
        // A weighted graph with a self-loop and an isolated node, under an arbitrary partition.
        let weighted = [WeightedEdge(0, 1, weight: 2.5), WeightedEdge(1, 2, weight: 0.5), WeightedEdge(2, 3, weight: 3),
                        WeightedEdge(3, 3, weight: 1), WeightedEdge(0, 2, weight: 1.25)]
        let membership = [0, 0, 1, 1, 2]
        let ours = Louvain.modularity(nodeCount: 5, edges: weighted, membership: membership)
        let theirs = try NetworkXModularity.value(nodeCount: 5, edges: weighted, groups: [[0, 1], [2, 3], [4]])
        #expect(abs(ours - theirs) < 1e-12, "ours \(ours), networkx \(theirs)")
    }

    @Test func sameSeedSamePartition() {
        let a = Louvain.detect(nodeCount: 34, edges: karate, seed: 9)
        #expect(a == Louvain.detect(nodeCount: 34, edges: karate, seed: 9))
    }

    @Test func twoCliquesJoinedByOneEdgeSplitThere() {
        var edges: [WeightedEdge] = []
        for base in [0, 5] {
            for i in 0..<5 { for j in (i + 1)..<5 { edges.append(WeightedEdge(base + i, base + j)) } }
        }
        edges.append(WeightedEdge(4, 5, weight: 0.1))
        let c = Louvain.detect(nodeCount: 10, edges: edges, seed: 1)
        #expect(c.groups == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]])
    }

    @Test func noEdgesLeavesEveryNodeAlone() {
        let c = Louvain.detect(nodeCount: 3, edges: [], seed: 1)
        #expect(c.groups == [[0], [1], [2]] && c.modularity == 0)
    }
}
