/// Each node's themes, rounds and region as small integers, built once with the snapshot, so that
/// network-wide scans (partner bodies) compare numbers instead of strings and allocate nothing.
struct NodeProfiles: Sendable {
    /// Distinct theme names, sorted: a smaller index is an alphabetically earlier theme.
    let themes: [String]
    /// Distinct rounds, by start then id: a larger index is a later round.
    let rounds: [RoundRef]
    // CSR lists, ascending and without repeats: node i's themes are themeIndices[themeOffsets[i] ..< themeOffsets[i + 1]].
    let themeOffsets: [Int32]
    let themeIndices: [Int32]
    let roundOffsets: [Int32]
    let roundIndices: [Int32]
    let region: [Int32]
    /// Settlement number per node (people and organisations).
    let settlement: [Int32]
    /// People by settlement and by round (any of their rounds), as CSR lists in node order: the meet
    /// suggestions reach people of my settlement and my latest round without scanning everyone.
    let settlementOffsets: [Int32]
    let settlementPeople: [Int32]
    let roundOffsets2: [Int32]
    let roundPeople: [Int32]
    /// A person who has not opted out of suggestions.
    let suggestable: [Bool]

    /// `progress` hears the fraction of nodes done.
    init(nodes: [GraphNode], progress: (Double) -> Void = { _ in }) {
        themes = Set(nodes.flatMap { $0.initiatives.map(\.theme) }).sorted()
        rounds = Set(nodes.flatMap(\.rounds)).sorted { $0.start != $1.start ? $0.start < $1.start : $0.id < $1.id }
        let themeIndex = Dictionary(uniqueKeysWithValues: themes.enumerated().map { ($1, Int32($0)) })
        let roundIndex = Dictionary(uniqueKeysWithValues: rounds.enumerated().map { ($1.id, Int32($0)) })
        var regionIndex: [String: Int32] = [:]
        var themeOffsets: [Int32] = [0], themeIndices: [Int32] = []
        var roundOffsets: [Int32] = [0], roundIndices: [Int32] = []
        var region: [Int32] = [], suggestable: [Bool] = []
        var settlementIndex: [String: Int32] = [:], settlement: [Int32] = []
        // Most people have one initiative and one round: their lists need no set and no sort (allocations per node
        // were a tenth of loading the graph at 100k people).
        var isPerson: [Bool] = []
        isPerson.reserveCapacity(nodes.count)
        var ticks = ProgressTicks(total: nodes.count)
        for (i, node) in nodes.enumerated() {
            ticks.advance(i, progress)
            settlement.append(settlementIndex[node.settlement] ?? {
                settlementIndex[node.settlement] = Int32(settlementIndex.count)
                return Int32(settlementIndex.count - 1)
            }())
            let initiatives = node.initiatives
            if initiatives.count == 1 {
                themeIndices.append(themeIndex[initiatives[0].theme]!)
            } else if initiatives.count > 1 {
                themeIndices += Set(initiatives.map { themeIndex[$0.theme]! }).sorted()
            }
            themeOffsets.append(Int32(themeIndices.count))
            let nodeRounds = node.rounds
            if nodeRounds.count == 1 {
                roundIndices.append(roundIndex[nodeRounds[0].id]!)
            } else if nodeRounds.count > 1 {
                roundIndices += Set(nodeRounds.map { roundIndex[$0.id]! }).sorted()
            }
            roundOffsets.append(Int32(roundIndices.count))
            region.append(regionIndex[node.region] ?? {
                regionIndex[node.region] = Int32(regionIndex.count)
                return Int32(regionIndex.count - 1)
            }())
            isPerson.append(node.isPerson)
            suggestable.append(node.isPerson && !node.suggestionsOptOut)
        }
        self.themeOffsets = themeOffsets
        self.themeIndices = themeIndices
        self.roundOffsets = roundOffsets
        self.roundIndices = roundIndices
        self.region = region
        self.suggestable = suggestable
        self.settlement = settlement
        /// People (in node order) listed under each key: node i's keys are `keys[range(i)]`.
        func inverted(_ keys: [Int32], _ range: (Int) -> Range<Int>, count: Int) -> (offsets: [Int32], members: [Int32]) {
            var sizes = [Int32](repeating: 0, count: count + 1)
            for i in nodes.indices where isPerson[i] { for j in range(i) { sizes[Int(keys[j]) + 1] += 1 } }
            for k in 0..<count { sizes[k + 1] += sizes[k] }
            var fill = sizes, members = [Int32](repeating: 0, count: Int(sizes[count]))
            for i in nodes.indices where isPerson[i] {
                for j in range(i) {
                    let k = Int(keys[j])
                    members[Int(fill[k])] = Int32(i)
                    fill[k] += 1
                }
            }
            return (sizes, members)
        }
        (settlementOffsets, settlementPeople) = inverted(settlement, { $0..<($0 + 1) }, count: settlementIndex.count)
        (roundOffsets2, roundPeople) = inverted(roundIndices, { Int(roundOffsets[$0])..<Int(roundOffsets[$0 + 1]) },
                                                count: rounds.count)
    }

    func people(inSettlement k: Int32) -> ArraySlice<Int32> {
        settlementPeople[Int(settlementOffsets[Int(k)])..<Int(settlementOffsets[Int(k) + 1])]
    }

    func people(inRound k: Int32) -> ArraySlice<Int32> { roundPeople[Int(roundOffsets2[Int(k)])..<Int(roundOffsets2[Int(k) + 1])] }

    func themes(of node: Int) -> Range<Int> { Int(themeOffsets[node])..<Int(themeOffsets[node + 1]) }
    func rounds(of node: Int) -> Range<Int> { Int(roundOffsets[node])..<Int(roundOffsets[node + 1]) }
}
