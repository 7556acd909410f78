import BailanysCore
import BailanysGraph
import Foundation

/// Resource allocation on the same 10k-person graph, side by side with networkx in one run: for all
/// candidate pairs of one node, and for every two-hop candidate pair of the whole graph (pairs with no
/// common neighbour score 0; networkx is handed exactly the pairs Swift visits). Each side times only
/// its own scoring; networkx runs in a `python3` subprocess that reports its own timings.
func runNetworkxComparison(people: Int, seed: UInt64) -> Figures {
    let (nodes, events) = syntheticGraph(people: people, events: people * 10, seed: seed)
    guard let snapshot = try? GraphSnapshot.build(nodes: nodes, events: events) else { return [("networkx.graph.failed", 1, "flag")] }
    let graph = PeopleGraph(snapshot: snapshot)
    let clock = ContinuousClock()
    func milliseconds(_ d: Duration) -> Double { (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) * 1000 }
    func median(_ runs: Int, _ body: () -> Void) -> Double {
        (0..<runs).map { _ in milliseconds(clock.measure(body)) }.sorted()[runs / 2]
    }
    let node = graph.ids[graph.nodeCount / 2]
    var oneSum = 0.0, onePairs = 0
    let swiftOne = median(21) {
        let scores = (try? graph.scores(.resourceAllocation, for: node)) ?? []
        oneSum = scores.reduce(0) { $0 + $1.score }
        onePairs = scores.count
    }
    let swiftAll = median(3) { _ = graph.topPairs(.resourceAllocation, limit: 100) }

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-nx-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let edgeFile = folder.appendingPathComponent("edges.txt")
    var text = graph.ids.map(\.description).joined(separator: " ") + "\n"
    for edge in graph.edgeList { text += "\(edge.u) \(edge.v)\n" }
    try? text.write(to: edgeFile, atomically: true, encoding: .utf8)
    let script = """
        import json, sys, time
        import networkx as nx
        lines = open(sys.argv[1]).read().split("\\n")
        G = nx.Graph()
        G.add_nodes_from(lines[0].split())
        G.add_edges_from(tuple(l.split()) for l in lines[1:] if l)
        u = sys.argv[2]
        one = [(u, v) for v in nx.non_neighbors(G, u)]
        times = []
        for _ in range(5):
            t = time.perf_counter(); scores = list(nx.resource_allocation_index(G, one)); times.append(time.perf_counter() - t)
        one_ms = sorted(times)[2] * 1000
        one_sum = sum(s for _, _, s in scores)
        pairs = set()
        for a in G:
            for w in G[a]:
                for b in G[w]:
                    if b != a and (a, b) not in pairs and (b, a) not in pairs and not G.has_edge(a, b):
                        pairs.add((a, b))
        t = time.perf_counter(); n = sum(1 for _ in nx.resource_allocation_index(G, pairs)); all_ms = (time.perf_counter() - t) * 1000
        print(json.dumps({"one_ms": one_ms, "one_sum": one_sum, "one_pairs": len(one), "all_ms": all_ms, "all_pairs": n}))
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, edgeFile.path, node.description]
    let out = Pipe()
    process.standardOutput = out
    guard (try? process.run()) != nil else { return [("networkx.python3.missing", 1, "flag")] }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
          let result = try? JSONSerialization.jsonObject(with: data) as? [String: Double],
          let nxOne = result["one_ms"], let nxAll = result["all_ms"], let nxOneSum = result["one_sum"] else {
        FileHandle.standardError.write(Data("networkx comparison failed (is networkx installed for python3?)\n".utf8))
        return [("networkx.failed", 1, "flag")]
    }
    return [
        ("nx.graph.people", Double(graph.nodeCount), "nodes"),
        ("nx.graph.edges", Double(graph.edgeCount), "edges"),
        ("nx.ra.oneNode.pairs", Double(onePairs), "pairs"),
        ("nx.ra.oneNode.sumAgrees", abs(oneSum - nxOneSum) <= 1e-9 * max(1, abs(oneSum)) ? 1 : 0, "flag"),
        ("nx.ra.oneNode.swift", swiftOne, "ms"),
        ("nx.ra.oneNode.networkx", nxOne, "ms"),
        ("nx.ra.oneNode.ratio", nxOne / swiftOne, "×"),
        ("nx.ra.allPairs.pairs", result["all_pairs"] ?? 0, "pairs"),
        ("nx.ra.allPairs.swift", swiftAll, "ms"),
        ("nx.ra.allPairs.networkx", nxAll, "ms"),
        ("nx.ra.allPairs.ratio", nxAll / swiftAll, "×"),
    ]
}
