import BailanysCore
import Foundation
import Testing
@testable import BailanysGraph

/// Runs networkx itself and compares every index, pair for pair.
enum NetworkX {
    static let isAvailable: Bool = (try? run(["-c", "import networkx"])) != nil

    static let script = #"""
import json, sys
import networkx as nx
spec = json.load(open(sys.argv[1]))
if spec.get("karate"):
    G = nx.Graph()
    G.add_nodes_from(nx.karate_club_graph().nodes())
    G.add_edges_from(nx.karate_club_graph().edges())
else:
    G = nx.Graph()
    G.add_nodes_from(spec["nodes"])
    G.add_edges_from(spec["edges"])
def cn(G, ebunch=None):
    return ((u, v, len(nx.common_neighbors(G, u, v))) for u, v in (nx.non_edges(G) if ebunch is None else ebunch))
indices = {
    "commonNeighbors": cn,
    "jaccard": nx.jaccard_coefficient,
    "adamicAdar": nx.adamic_adar_index,
    "resourceAllocation": nx.resource_allocation_index,
    "preferentialAttachment": nx.preferential_attachment,
}
out = {"nodes": list(G.nodes()), "edges": [list(e) for e in G.edges()], "perPerson": {}, "allPairs": {}}
for name, f in indices.items():
    out["perPerson"][name] = [[u, v, float(p)] for u in G for (u, v, p) in f(G, [(u, v) for v in nx.non_neighbors(G, u)])]
    # The default ebunch is nx.non_edges(G). (Passing that generator explicitly would yield nothing:
    # networkx validates an explicit ebunch by iterating it first.)
    out["allPairs"][name] = [[min(u, v), max(u, v), float(p)] for (u, v, p) in f(G) if p > 0]
print(json.dumps(out))
"""#

    struct Output: Decodable {
        var nodes: [Int]
        var edges: [[Int]]
        var perPerson: [String: [[Double]]]
        var allPairs: [String: [[Double]]]
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return data
    }

    /// Karate club when `edges` is nil; otherwise the given graph.
    static func compute(nodes: [Int] = [], edges: [(Int, Int)]? = nil) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bailanys-nx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("indices.py"), specURL = directory.appendingPathComponent("graph.json")
        try Data(script.utf8).write(to: scriptURL)
        let spec: [String: Any] = edges.map { ["nodes": nodes, "edges": $0.map { [$0.0, $0.1] }] } ?? ["karate": true]
        try JSONSerialization.data(withJSONObject: spec).write(to: specURL)
        return try JSONDecoder().decode(Output.self, from: run([scriptURL.path, specURL.path]))
    }
}

@Suite(.enabled(if: NetworkX.isAvailable, "python3 with networkx is not installed; skipping the networkx comparison"))
struct LinkIndexTests {
    /// Node k becomes person P(k+1); every edge is one interaction event.
    func peopleGraph(_ output: NetworkX.Output) throws -> PeopleGraph {
        var b = GraphBuilder()
        for k in output.nodes { b.addPerson(k + 1) }
        b.addOrganization(1)
        for e in output.edges { b.link(person(e[0] + 1), person(e[1] + 1), "2024-01-01") }
        // An organisation tie must not leak into the people graph.
        b.link(person(output.nodes[0] + 1), org(1), "2024-01-01", .organization)
        return PeopleGraph(snapshot: try b.snapshot())
    }

    func key(_ u: EntityID, _ v: EntityID) -> String { "\(u)-\(v)" }

    func close(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }

    func compare(_ output: NetworkX.Output) throws {
        let graph = try peopleGraph(output)
        for index in LinkIndex.allCases {
            var expected: [String: Double] = [:]
            for row in output.perPerson[index.rawValue]! {
                expected[key(person(Int(row[0]) + 1), person(Int(row[1]) + 1))] = row[2]
            }
            var actual: [String: Double] = [:]
            for k in output.nodes {
                for pair in try graph.scores(index, for: person(k + 1)) {
                    #expect(pair.score.isFinite)
                    actual[key(pair.u, pair.v)] = pair.score
                }
            }
            #expect(Set(actual.keys) == Set(expected.keys), "per-person pairs differ for \(index)")
            for (k, value) in expected { #expect(close(actual[k] ?? .nan, value), "\(index) \(k)") }

            var expectedAll: [String: Double] = [:]
            for row in output.allPairs[index.rawValue]! {
                expectedAll[key(person(Int(row[0]) + 1), person(Int(row[1]) + 1))] = row[2]
            }
            let all = graph.topPairs(index, limit: .max)
            #expect(Set(all.map { key($0.u, $0.v) }) == Set(expectedAll.keys), "all-pairs differ for \(index)")
            for pair in all { #expect(close(pair.score, expectedAll[key(pair.u, pair.v)] ?? .nan), "\(index) all \(pair)") }

            let top = graph.topPairs(index, limit: 10)
            #expect(top == Array(all.prefix(10)))
            let bestScores = expectedAll.values.sorted(by: >).prefix(10)
            #expect(zip(top.map(\.score), bestScores).allSatisfy { close($0, $1) } && top.count == bestScores.count)
        }
    }

    @Test func karateClub() throws {
        let output = try NetworkX.compute()
        #expect(output.nodes.count == 34 && output.edges.count == 78)
        try compare(output)
    }

    @Test func seededRandomGraphWithIsolatedNodes() throws {
        var random = SeededRandom(seed: 2024)
        var edges: [(Int, Int)] = []
        // G(50, 0.08) on nodes 0..<50; nodes 50..<55 stay isolated.
        for u in 0..<50 { for v in (u + 1)..<50 where random.chance(0.08) { edges.append((u, v)) } }
        try compare(try NetworkX.compute(nodes: Array(0..<55), edges: edges))
    }

    @Test func star() throws {
        try compare(try NetworkX.compute(nodes: Array(0..<9), edges: (1..<9).map { (0, $0) }))
    }

    /// On a path every common neighbour has degree exactly 2: the smallest a common neighbour can have,
    /// so ln|Γw| ≥ ln 2 > 0 and Adamic–Adar never divides by ln 1 = 0.
    @Test func pathWhereCommonNeighboursHaveDegreeTwo() throws {
        let output = try NetworkX.compute(nodes: Array(0..<10), edges: (0..<9).map { ($0, $0 + 1) })
        try compare(output)
        let graph = try peopleGraph(output)
        let pair = try graph.scores(.adamicAdar, for: person(1)).first!
        #expect(pair.v == person(3) && close(pair.score, 1 / log(2.0)))
    }

    @Test func preferentialAttachmentTopNSkipsAdjacentPairsAndBreaksTiesById() throws {
        var b = GraphBuilder()
        for k in 1...6 { b.addPerson(k) }
        for (x, y) in [(1, 2), (1, 3), (2, 3), (4, 5), (4, 6)] { b.link(person(x), person(y), "2024-01-01") }
        let top = PeopleGraph(snapshot: try b.snapshot()).topPairs(.preferentialAttachment, limit: 3)
        #expect(top.map { "\($0.u)-\($0.v):\(Int($0.score))" } == ["P1-P4:4", "P2-P4:4", "P3-P4:4"])
    }
}
