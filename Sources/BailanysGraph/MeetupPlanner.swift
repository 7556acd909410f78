import BailanysCore

/// Narrows the alumni a meetup is for. Mentors of invitees are proposed whatever the focus.
public enum MeetupFocus: Hashable, Sendable {
    /// Alumni of this round.
    case round(EntityID)
    /// Alumni with an initiative on this theme key.
    case theme(String)
    /// Only isolated alumni (`GraphSnapshot.isIsolated`).
    case isolated
    /// Alumni living in this region key.
    case region(String)

    /// Canonical text, as saved with a meetup: `round:R3`, `theme:ecology`, `isolated`, `region:mangystau`.
    public var code: String {
        switch self {
        case .round(let id): "round:\(id)"
        case .theme(let theme): "theme:\(theme)"
        case .isolated: "isolated"
        case .region(let region): "region:\(region)"
        }
    }

    public init?(code: String) {
        if code == "isolated" {
            self = .isolated
            return
        }
        let (kind, value) = (code.prefix { $0 != ":" }, code.drop { $0 != ":" }.dropFirst())
        guard !value.isEmpty else { return nil }
        switch kind {
        case "round": guard let id = EntityID(value), id.kind == .round else { return nil }; self = .round(id)
        case "theme": self = .theme(String(value))
        case "region": self = .region(String(value))
        default: return nil
        }
    }
}

/// Where the meetup is: a gazetteer settlement and its coordinates.
public struct MeetupHost: Hashable, Sendable {
    public var settlement: String
    public var latitude: Double
    public var longitude: Double

    public init(settlement: String, latitude: Double, longitude: Double) {
        self.settlement = settlement
        self.latitude = latitude
        self.longitude = longitude
    }
}

public struct MeetupRequest: Hashable, Sendable {
    public var host: MeetupHost
    /// Seats in all: invited alumni plus proposed mentors.
    public var capacity: Int
    /// Travel radius: only people whose settlement lies within it (great-circle distance) are invited.
    public var radiusKm: Double
    public var focus: MeetupFocus?
    /// Breaks ties between equal gains and orders Louvain's visits; a seed always gives the same plan.
    public var seed: UInt64
    /// Ties are judged as they stand on this day.
    public var now: Day

    public init(host: MeetupHost, capacity: Int, radiusKm: Double, focus: MeetupFocus? = nil, seed: UInt64 = 1, now: Day) {
        self.host = host
        self.capacity = capacity
        self.radiusKm = radiusKm
        self.focus = focus
        self.seed = seed
        self.now = now
    }
}

/// The weights of the planner's objective (docs/algorithms.md, "Meetup planner").
public struct MeetupWeights: Hashable, Sendable, Codable {
    /// Per unit of strength a fading tie lost since its peak, when both its people are invited.
    public var revivedTie = 1.0
    /// Per isolated alumnus invited.
    public var isolated = 2.0
    /// Per alumnus of an online round invited.
    public var onlineRound = 1.0
    /// Weight of the mix term Σ_rounds √(invitees of the round).
    public var roundMix = 0.5
    /// Share of the seats kept for mentors of invitees (rounded down).
    public var mentorShare = 0.1
    /// Most people at one table.
    public var tableSize = 8

    public init() {}

    public static let standard = MeetupWeights()
}

/// Why someone is invited; every reason holds for the final plan.
public enum InviteReason: Hashable, Sendable {
    /// A fading tie with another invitee, which the meetup can revive.
    case revivesFadingTie(with: EntityID, name: String, fractionOfPeak: Double, lastContact: Day)
    /// No live tie outside their own initiative team.
    case isolated
    /// Trained in an online round (the study found these alumni the least connected).
    case onlineRound(RoundRef)
    /// Brings their round to the mix; `invited` alumni of that round are invited in all.
    case round(RoundRef, invited: Int)
    /// Mentored this invitee's initiative.
    case mentorOf(EntityID, name: String)
}

public struct Invitee: Hashable, Sendable {
    public var id: EntityID
    public var name: String
    public var settlement: String
    public var distanceKm: Double
    public var isMentor: Bool
    /// What adding this person added to the objective when chosen (0 for mentors, who are not chosen by gain).
    public var gain: Double
    /// Fading ties first (most strength lost first), then isolation, online round, rounds, mentees.
    public var reasons: [InviteReason]
}

/// A partner body in the host settlement that could host the meetup.
public struct VenueOption: Hashable, Sendable {
    public var id: EntityID
    public var name: String
    public var kind: OrganizationKind?
    /// Invitees who have a tie with it.
    public var tiedInvitees: Int
    /// Sum of those ties' current strengths.
    public var strength: Double
}

public struct MeetupPlan: Hashable, Sendable {
    public var request: MeetupRequest
    /// People within the radius who could be invited (consenting alumni matching the focus).
    public var candidateCount: Int
    /// In the order chosen; mentors where they were added.
    public var invitees: [Invitee]
    /// Best first.
    public var venues: [VenueOption]
    /// Table groups, each a list of invitee ids; every invitee sits at exactly one.
    public var tables: [[EntityID]]
    /// Louvain modularity of the invitees' tie graph, before tables were cut to size.
    public var communityModularity: Double
    /// Modularity of the table partition over the same graph.
    public var tableModularity: Double
    /// Fading ties with both ends invited.
    public var revivedTies: Int
    /// Value of the objective for the invitees.
    public var objective: Double
}

/// Chooses whom to invite to a meetup: lazy greedy over the objective of docs/algorithms.md, then mentors,
/// a venue and table groups. Pure: the same snapshot, request and weights always give the same plan.
public enum MeetupPlanner {
    public static func plan(snapshot: GraphSnapshot, request: MeetupRequest, model: TieModel = .standard,
                            weights: MeetupWeights = .standard) -> MeetupPlan {
        var state = PlannerState(snapshot: snapshot, request: request, model: model, weights: weights)
        let capacity = max(0, request.capacity)
        let mentorSeats = Int((Double(capacity) * weights.mentorShare).rounded(.down))
        state.greedy(until: capacity - mentorSeats)
        state.addMentors(seats: mentorSeats)
        state.greedy(until: capacity)
        return state.finish()
    }
}

/// A binary max-heap of greedy entries: larger bound first, then larger seeded priority.
private struct GainHeap {
    struct Entry {
        var bound: Double
        var priority: UInt64
        var member: Int32
        var version: Int32

        func precedes(_ other: Entry) -> Bool {
            bound != other.bound ? bound > other.bound : priority > other.priority
        }
    }

    private var items: [Entry] = []

    var top: Entry? { items.first }

    mutating func push(_ entry: Entry) {
        items.append(entry)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].precedes(items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !items.isEmpty else { return nil }
        let first = items[0]
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < items.count, items[l].precedes(items[best]) { best = l }
            if r < items.count, items[r].precedes(items[best]) { best = r }
            guard best != i else { break }
            items.swapAt(i, best)
            i = best
        }
        return first
    }
}

private struct PlannerState {
    struct FadingLink {
        var other: Int32
        var lost: Double
        var fraction: Double
        var lastContact: Day
    }

    let snapshot: GraphSnapshot
    let request: MeetupRequest
    let model: TieModel
    let weights: MeetupWeights
    let decay: DecayTable

    /// Snapshot indices of consenting people within the radius: alumni matching the focus, and mentors.
    var pool: [Int] = []
    /// Pool position of each snapshot node, or -1.
    var position: [Int32]
    var isCandidate: [Bool] = []
    var isMentor: [Bool] = []
    var distance: [Double] = []
    var isolated: [Bool] = []
    /// Modular part of the gain: isolation and online round.
    var value: [Double] = []
    /// Indices into `roundList`.
    var roundsOf: [[Int]] = []
    var roundList: [RoundRef] = []
    var fading: [[FadingLink]] = []
    var priority: [UInt64] = []

    // Greedy state.
    var chosen: [Bool] = []
    var order: [Int] = []
    var gains: [Double] = []
    var roundCount: [Int] = []
    /// Lost strength of fading ties to people already chosen.
    var revivedGain: [Double] = []
    /// The mix gain when last computed; it only falls as rounds fill, so it bounds the current one.
    var lastMix: [Double] = []
    var version: [Int32] = []
    var heap = GainHeap()

    init(snapshot: GraphSnapshot, request: MeetupRequest, model: TieModel, weights: MeetupWeights) {
        self.snapshot = snapshot
        self.request = request
        self.model = model
        self.weights = weights
        decay = DecayTable(model)
        position = [Int32](repeating: -1, count: snapshot.nodeCount)
        collectPool()
        collectFadingTies()
        var random = SeededRandom(seed: request.seed)
        priority = pool.map { _ in random.next() }
        chosen = [Bool](repeating: false, count: pool.count)
        roundCount = [Int](repeating: 0, count: roundList.count)
        revivedGain = [Double](repeating: 0, count: pool.count)
        version = [Int32](repeating: 0, count: pool.count)
        lastMix = pool.indices.map(mixGain)
        for m in pool.indices where isCandidate[m] { push(m) }
    }

    private func isLive(_ edge: Int) -> Bool {
        snapshot.tieState(edge: edge, at: request.now, decay: decay).isLive(model: model)
    }

    mutating func collectPool() {
        let host = request.host
        var roundIndex: [EntityID: Int] = [:]
        for (i, node) in snapshot.nodes.enumerated() {
            guard node.isPerson, !node.suggestionsOptOut, node.role == .alumnus || node.role == .mentor else { continue }
            let km = greatCircleKm(lat1: host.latitude, lon1: host.longitude, lat2: node.latitude, lon2: node.longitude)
            guard km <= request.radiusKm else { continue }
            let alumnus = node.role == .alumnus
            let lonely = alumnus && snapshot.isIsolated(i, isLive: isLive)
            let candidate = alumnus && matchesFocus(node, isolated: lonely)
            guard candidate || node.role == .mentor else { continue }
            position[i] = Int32(pool.count)
            pool.append(i)
            isCandidate.append(candidate)
            isMentor.append(!alumnus)
            distance.append(km)
            isolated.append(lonely)
            let online = alumnus && node.rounds.contains { $0.format == .online }
            value.append((lonely ? weights.isolated : 0) + (online ? weights.onlineRound : 0))
            roundsOf.append(alumnus ? node.rounds.map { round in
                if let known = roundIndex[round.id] { return known }
                roundIndex[round.id] = roundList.count
                roundList.append(round)
                return roundList.count - 1
            } : [])
        }
    }

    func matchesFocus(_ node: GraphNode, isolated: Bool) -> Bool {
        switch request.focus {
        case nil: true
        case .round(let id)?: node.rounds.contains { $0.id == id }
        case .theme(let theme)?: node.initiatives.contains { $0.theme == theme }
        case .isolated?: isolated
        case .region(let region)?: node.region == region
        }
    }

    /// Fading ties between pool members, each edge judged once (from its lower endpoint).
    mutating func collectFadingTies() {
        fading = [[FadingLink]](repeating: [], count: pool.count)
        for (m, i) in pool.enumerated() {
            for slot in snapshot.adjacency(of: i) {
                let j = Int(snapshot.adjacentNodes[slot])
                guard j > i, position[j] >= 0 else { continue }
                let state = snapshot.tieState(edge: Int(snapshot.adjacentEdges[slot]), at: request.now, decay: decay)
                guard state.isFading(at: request.now, model: model), let last = state.lastContact else { continue }
                let n = Int(position[j])
                fading[m].append(FadingLink(other: Int32(n), lost: state.lostStrength, fraction: state.fractionOfPeak, lastContact: last))
                fading[n].append(FadingLink(other: Int32(m), lost: state.lostStrength, fraction: state.fractionOfPeak, lastContact: last))
            }
        }
    }

    /// Σ over the member's rounds of √(n + 1) − √n: what the mix term gains by adding them now.
    func mixGain(_ m: Int) -> Double {
        roundsOf[m].reduce(0) { sum, r in
            let n = Double(roundCount[r])
            return sum + (n + 1).squareRoot() - n.squareRoot()
        }
    }

    func bound(_ m: Int) -> Double { value[m] + weights.revivedTie * revivedGain[m] + weights.roundMix * lastMix[m] }

    mutating func push(_ m: Int) {
        heap.push(.init(bound: bound(m), priority: priority[m], member: Int32(m), version: version[m]))
    }

    /// Lazy greedy (Minoux 1978): pop the best bound, recompute that member's exact gain, and take them if
    /// it still beats every other bound. Fading-tie gains only grow, so they are pushed up when they do;
    /// the mix gain only falls, so a stale one is an upper bound.
    mutating func greedy(until seats: Int) {
        while order.count < seats, let entry = heap.pop() {
            let m = Int(entry.member)
            guard !chosen[m], entry.version == version[m] else { continue }
            lastMix[m] = mixGain(m)
            let exact = bound(m)
            let candidate = GainHeap.Entry(bound: exact, priority: priority[m], member: entry.member, version: version[m])
            if let next = heap.top, next.precedes(candidate) {
                heap.push(candidate)
                continue
            }
            guard exact > 0 else { break }
            choose(m, gain: exact)
        }
    }

    mutating func choose(_ m: Int, gain: Double) {
        chosen[m] = true
        order.append(m)
        gains.append(gain)
        for r in roundsOf[m] { roundCount[r] += 1 }
        for link in fading[m] {
            let u = Int(link.other)
            guard !chosen[u] else { continue }
            revivedGain[u] += link.lost
            version[u] += 1
            if isCandidate[u] { push(u) }
        }
    }

    /// Mentors (in the pool) of chosen alumni, those mentoring the most invitees first.
    func mentees(of mentor: Int) -> [Int] {
        let i = pool[mentor]
        return snapshot.adjacency(of: i).compactMap { slot -> Int? in
            let m = Int(position[Int(snapshot.adjacentNodes[slot])])
            guard m >= 0, chosen[m], !isMentor[m] else { return nil }
            let edge = Int(snapshot.adjacentEdges[slot])
            let mentored = snapshot.events(of: edge).contains { e in
                snapshot.eventDays[e] <= Int32(request.now.ordinal) && snapshot.kind(ofEvent: e) == .mentorship
                    && snapshot.firstEndpoint(ofEvent: e, edge: edge) == i
            }
            return mentored ? m : nil
        }
    }

    mutating func addMentors(seats: Int) {
        guard seats > 0 else { return }
        let ranked = pool.indices.filter { isMentor[$0] && !chosen[$0] }
            .map { (mentor: $0, mentees: mentees(of: $0).count) }
            .filter { $0.mentees > 0 }
            .sorted { a, b in
                if a.mentees != b.mentees { return a.mentees > b.mentees }
                if revivedGain[a.mentor] != revivedGain[b.mentor] { return revivedGain[a.mentor] > revivedGain[b.mentor] }
                return priority[a.mentor] > priority[b.mentor]
            }
        for entry in ranked.prefix(seats) { choose(entry.mentor, gain: 0) }
    }

    // MARK: The plan

    func finish() -> MeetupPlan {
        let invitees = order.enumerated().map { k, m in
            let node = snapshot.nodes[pool[m]]
            return Invitee(id: node.id, name: node.name, settlement: node.settlement, distanceKm: distance[m], isMentor: isMentor[m],
                           gain: isMentor[m] ? 0 : gains[k], reasons: reasons(m))
        }
        var revived = 0, objective = 0.0
        for m in order {
            objective += value[m]
            for link in fading[m] where chosen[Int(link.other)] && Int(link.other) > m {
                revived += 1
                objective += weights.revivedTie * link.lost
            }
        }
        objective += weights.roundMix * roundCount.reduce(0) { $0 + Double($1).squareRoot() }
        let (tables, communityQ, tableQ) = tableGroups()
        return MeetupPlan(request: request, candidateCount: isCandidate.filter { $0 }.count, invitees: invitees,
                          venues: venues(), tables: tables, communityModularity: communityQ, tableModularity: tableQ,
                          revivedTies: revived, objective: objective)
    }

    func reasons(_ m: Int) -> [InviteReason] {
        var result: [InviteReason] = fading[m].filter { chosen[Int($0.other)] }
            .sorted { $0.lost != $1.lost ? $0.lost > $1.lost : pool[Int($0.other)] < pool[Int($1.other)] }
            .map { link in
                let other = snapshot.nodes[pool[Int(link.other)]]
                return .revivesFadingTie(with: other.id, name: other.name, fractionOfPeak: link.fraction, lastContact: link.lastContact)
            }
        guard !isMentor[m] else {
            return result + mentees(of: m).map { .mentorOf(snapshot.nodes[pool[$0]].id, name: snapshot.nodes[pool[$0]].name) }
        }
        if isolated[m] { result.append(.isolated) }
        let rounds = roundsOf[m].map { roundList[$0] }
        if let online = rounds.filter({ $0.format == .online }).max(by: { $0.start < $1.start }) {
            result.append(.onlineRound(online))
        }
        for r in roundsOf[m] { result.append(.round(roundList[r], invited: roundCount[r])) }
        return result
    }

    /// Partner bodies in the host settlement, most invitees tied first, then strongest ties, then id.
    func venues() -> [VenueOption] {
        snapshot.organizations.map(Int.init).filter { snapshot.nodes[$0].settlement == request.host.settlement }
            .map { org in
                var tied = 0, strength = 0.0
                for m in order {
                    guard let e = snapshot.edge(between: org, pool[m]), snapshot.existed(edge: e, at: request.now) else { continue }
                    tied += 1
                    strength += snapshot.tieState(edge: e, at: request.now, decay: decay).strength
                }
                let node = snapshot.nodes[org]
                return VenueOption(id: node.id, name: node.name, kind: node.organizationKind, tiedInvitees: tied, strength: strength)
            }
            .sorted { a, b in
                if a.tiedInvitees != b.tiedInvitees { return a.tiedInvitees > b.tiedInvitees }
                if a.strength != b.strength { return a.strength > b.strength }
                return a.id < b.id
            }
    }

    /// Louvain over the invitees' ties (weighted by peak strength: how well they once knew each other), then
    /// communities cut to `tableSize` by dealing their members out, and people with no tie among the invitees
    /// seated at the emptiest table, preferring one with fewest people of their round.
    func tableGroups() -> (tables: [[EntityID]], communityModularity: Double, tableModularity: Double) {
        let n = order.count
        guard n > 0 else { return ([], 0, 0) }
        var seat = [Int: Int]()
        for (k, m) in order.enumerated() { seat[pool[m]] = k }
        var edges: [WeightedEdge] = []
        for (k, m) in order.enumerated() {
            let i = pool[m]
            for slot in snapshot.adjacency(of: i) {
                let j = Int(snapshot.adjacentNodes[slot])
                guard j > i, let other = seat[j] else { continue }
                let state = snapshot.tieState(edge: Int(snapshot.adjacentEdges[slot]), at: request.now, decay: decay)
                if state.peak > 0 { edges.append(WeightedEdge(k, other, weight: state.peak)) }
            }
        }
        let communities = Louvain.detect(nodeCount: n, edges: edges, seed: request.seed)
        var degree = [Int](repeating: 0, count: n)
        for edge in edges {
            degree[edge.a] += 1
            degree[edge.b] += 1
        }
        let size = max(2, weights.tableSize)
        var tables: [[Int]] = []
        var loners: [Int] = []
        for group in communities.groups {
            guard group.count > 1 || degree[group[0]] > 0 else {
                loners.append(group[0])
                continue
            }
            let parts = (group.count + size - 1) / size
            var cut = [[Int]](repeating: [], count: parts)
            for (k, member) in group.enumerated() { cut[k % parts].append(member) }
            tables += cut
        }
        func firstRound(_ k: Int) -> EntityID? { snapshot.nodes[pool[order[k]]].rounds.first?.id }
        for loner in loners {
            let open = tables.indices.filter { tables[$0].count < size }
            let best = open.min { a, b in
                if tables[a].count != tables[b].count { return tables[a].count < tables[b].count }
                let sa = tables[a].filter { firstRound($0) == firstRound(loner) }.count
                let sb = tables[b].filter { firstRound($0) == firstRound(loner) }.count
                return sa != sb ? sa < sb : a < b
            }
            if let best { tables[best].append(loner) } else { tables.append([loner]) }
        }
        var membership = [Int](repeating: 0, count: n)
        for (t, table) in tables.enumerated() { for k in table { membership[k] = t } }
        let tableQ = Louvain.modularity(nodeCount: n, edges: edges, membership: membership)
        let ids = tables.map { $0.sorted().map { snapshot.nodes[pool[order[$0]]].id } }
        return (ids, communities.modularity, tableQ)
    }
}
