import BailanysCore
@testable import BailanysGraph
import Testing

/// `NodeProfiles` against the plain definition (every node's themes and rounds as a set, sorted; people listed per
/// settlement and per round in node order), on nodes with no, one and several initiatives and rounds, repeats included.
@Suite struct NodeProfilesTests {
    @Test(arguments: [1 as UInt64, 2, 3]) func profilesMatchTheDefinition(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var builder = GraphBuilder()
        let places = [Place.aktau, .zhanaozen, .shymkent]
        let rounds = [Rounds.first, Rounds.second, Rounds.third]
        let themes = ["sport", "ecology", "culture", "art"]
        for n in 1...60 {
            let count = Int(random.next() % 4)
            let memberships = (0..<count).map { k in
                membership(n * 10 + k, theme: themes[Int(random.next() % 4)], round: rounds[Int(random.next() % 3)])
            }
            let personRounds = (0..<Int(random.next() % 4)).map { _ in rounds[Int(random.next() % 3)] }
            builder.addPerson(n, at: places[Int(random.next() % 3)], rounds: personRounds, initiatives: memberships,
                              optOut: random.chance(0.2))
        }
        for n in 1...3 { builder.addOrganization(n, at: places[n % 3]) }
        let nodes = try builder.snapshot().nodes
        let profiles = NodeProfiles(nodes: nodes)

        let allThemes = Set(nodes.flatMap { $0.initiatives.map(\.theme) }).sorted()
        let allRounds = Set(nodes.flatMap(\.rounds)).sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        #expect(profiles.themes == allThemes)
        #expect(profiles.rounds == allRounds)
        var severalThemes = 0, severalRounds = 0
        for (i, node) in nodes.enumerated() {
            let expectedThemes = Set(node.initiatives.map { allThemes.firstIndex(of: $0.theme)! }).sorted()
            let expectedRounds = Set(node.rounds.map { r in allRounds.firstIndex { $0.id == r.id }! }).sorted()
            #expect(profiles.themes(of: i).map { Int(profiles.themeIndices[$0]) } == expectedThemes)
            #expect(profiles.rounds(of: i).map { Int(profiles.roundIndices[$0]) } == expectedRounds)
            #expect(profiles.suggestable[i] == (node.isPerson && !node.suggestionsOptOut))
            if expectedThemes.count > 1 { severalThemes += 1 }
            if expectedRounds.count > 1 { severalRounds += 1 }
        }
        #expect(severalThemes > 0 && severalRounds > 0)
        for k in allRounds.indices {
            let expected = nodes.indices.filter { i in
                nodes[i].isPerson && nodes[i].rounds.contains { $0.id == allRounds[k].id }
            }
            #expect(profiles.people(inRound: Int32(k)).map(Int.init) == expected)
        }
        var settlements: [String] = []
        for node in nodes where !settlements.contains(node.settlement) { settlements.append(node.settlement) }
        for (k, settlement) in settlements.enumerated() {
            let expected = nodes.indices.filter { nodes[$0].isPerson && nodes[$0].settlement == settlement }
            #expect(profiles.people(inSettlement: Int32(k)).map(Int.init) == expected)
        }
    }
}
