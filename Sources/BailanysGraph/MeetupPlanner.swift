import BailanysCore
import Foundation

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

    /// The radii a plan may ask for, in km: Kazakhstan is about 3,000 km across, so 5,000 reaches everyone from any
    /// host. Beyond it a typing slip ("1e308") was printed back as a 300-digit number of kilometres (review D).
    public static let radii: ClosedRange<Double> = 0...5000

    /// A radius as a person types it: plain kilometres with a decimal point or comma ("4999,5"), within `radii`; nil
    /// otherwise. Swift's own number parser also took "0x10" (16 km), "1e3" and "-0" (shown as "-0 km"; review).
    public static func radius(typed text: String) -> Double? {
        let digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard digits.contains(where: \.isNumber), digits.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }),
              digits.filter({ $0 == "." }).count <= 1, let value = Double(digits), radii.contains(value) else { return nil }
        return value
    }
    public var focus: MeetupFocus?
    /// Ties are judged as they stand on this day.
    public var now: Day

    public init(host: MeetupHost, capacity: Int, radiusKm: Double, focus: MeetupFocus? = nil, now: Day) {
        self.host = host
        self.capacity = capacity
        self.radiusKm = radiusKm
        self.focus = focus
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
    /// What adding this person added to the objective, taking the invitees in plan order (mentors too); the
    /// gains sum to the objective.
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
    public var settlement: String
    /// From the host settlement: 0 there; offered from elsewhere only when the host settlement has no partner body.
    public var distanceKm: Double
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
    /// Louvain modularity of the invitees' tie graph, before communities were split to the table size.
    public var communityModularity: Double
    /// Modularity of the table partition over the same graph.
    public var tableModularity: Double
    /// Fading ties with both ends invited.
    public var revivedTies: Int
    /// Value of the objective for the invitees.
    public var objective: Double
    /// No set of invitees within the radius and capacity can score more (`MeetupProblem.upperBound`).
    public var upperBound: Double
}

/// Chooses whom to invite to a meetup: a deterministic search over the objective of docs/algorithms.md
/// (`MeetupSearch`), then a venue and table groups. Pure: the same snapshot, request and weights
/// always give the same plan.
public enum MeetupPlanner {
    public static func plan(snapshot: GraphSnapshot, request: MeetupRequest, model: TieModel = .standard,
                            weights: MeetupWeights = .standard) -> MeetupPlan {
        let problem = MeetupProblem(snapshot: snapshot, request: request, model: model, weights: weights)
        let search = MeetupSearch.run(problem: problem, radiusKm: request.radiusKm)
        return PlanAssembly(snapshot: snapshot, request: request, decay: DecayTable(model), problem: problem, search: search).plan()
    }
}

/// Turns the chosen set into the plan the screens show: reasons, gains, venues, tables.
private struct PlanAssembly {
    let snapshot: GraphSnapshot
    let request: MeetupRequest
    let decay: DecayTable
    let problem: MeetupProblem
    let search: MeetupSearch

    var order: [Int] { search.order }
    var pool: [Int] { problem.pool }
    func chosen(_ m: Int) -> Bool { search.chosen[m] }

    func plan() -> MeetupPlan {
        let gains = search.gains()
        let invitees = order.enumerated().map { k, m in
            let node = snapshot.nodes[pool[m]]
            return Invitee(id: node.id, name: node.name, settlement: node.settlement, distanceKm: problem.distance[m],
                           isMentor: problem.isMentor[m], gain: gains[k], reasons: reasons(m))
        }
        var revived = 0
        for m in order {
            revived += problem.fading[m].filter { chosen(Int($0.other)) && Int($0.other) > m }.count
        }
        let (tables, communityQ, tableQ) = tableGroups()
        return MeetupPlan(request: request, candidateCount: problem.isCandidate.filter { $0 }.count, invitees: invitees,
                          venues: venues(), tables: tables, communityModularity: communityQ, tableModularity: tableQ,
                          revivedTies: revived, objective: search.objective, upperBound: problem.upperBound(radiusKm: request.radiusKm))
    }

    func reasons(_ m: Int) -> [InviteReason] {
        var result: [InviteReason] = problem.fading[m].filter { chosen(Int($0.other)) }
            .sorted { $0.lost != $1.lost ? $0.lost > $1.lost : pool[Int($0.other)] < pool[Int($1.other)] }
            .map { link in
                let other = snapshot.nodes[pool[Int(link.other)]]
                return .revivesFadingTie(with: other.id, name: other.name, fractionOfPeak: link.fraction, lastContact: link.lastContact)
            }
        guard !problem.isMentor[m] else {
            return result + problem.mentees[m].filter(chosen).map { .mentorOf(snapshot.nodes[pool[$0]].id, name: snapshot.nodes[pool[$0]].name) }
        }
        if problem.isolated[m] { result.append(.isolated) }
        let rounds = problem.roundsOf[m].map { problem.roundList[$0] }
        if let online = rounds.filter({ $0.format == .online }).max(by: { $0.start < $1.start }) {
            result.append(.onlineRound(online))
        }
        for r in problem.roundsOf[m] { result.append(.round(problem.roundList[r], invited: search.roundCount[r])) }
        return result
    }

    /// Partner bodies in the host settlement, most invitees tied first, then strongest ties, then id. When the
    /// settlement has none, those of the nearest settlement that has one, with their distance.
    func venues() -> [VenueOption] {
        let host = request.host
        let all = snapshot.organizations.map(Int.init).map { org in
            let node = snapshot.nodes[org]
            let km = node.settlement == host.settlement ? 0
                : greatCircleKm(lat1: host.latitude, lon1: host.longitude, lat2: node.latitude, lon2: node.longitude)
            return (org: org, km: km)
        }
        guard let nearest = all.map(\.km).min() else { return [] }
        return all.filter { $0.km == nearest }
            .map { org, km in
                var tied = 0, strength = 0.0
                for m in order {
                    guard let e = snapshot.edge(between: org, pool[m]), snapshot.existed(edge: e, at: request.now) else { continue }
                    tied += 1
                    strength += snapshot.tieState(edge: e, at: request.now, decay: decay).strength
                }
                let node = snapshot.nodes[org]
                return VenueOption(id: node.id, name: node.name, kind: node.organizationKind, tiedInvitees: tied, strength: strength,
                                   settlement: node.settlement, distanceKm: km)
            }
            .sorted { a, b in
                if a.tiedInvitees != b.tiedInvitees { return a.tiedInvitees > b.tiedInvitees }
                if a.strength != b.strength { return a.strength > b.strength }
                return a.id < b.id
            }
    }

    /// Louvain over the invitees' ties (weighted by peak strength: how well they once knew each other), then
    /// communities larger than `tableSize` split recursively (`TableSplit`), and people with no tie among the
    /// invitees seated at the emptiest table, preferring one with fewest people of their round.
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
        let communities = Louvain.detect(nodeCount: n, edges: edges, seed: TableSplit.louvainSeed)
        var degree = [Int](repeating: 0, count: n)
        for edge in edges {
            degree[edge.a] += 1
            degree[edge.b] += 1
        }
        let size = max(2, problem.weights.tableSize)
        var tables: [[Int]] = []
        var loners: [Int] = []
        for group in communities.groups {
            guard group.count > 1 || degree[group[0]] > 0 else {
                loners.append(group[0])
                continue
            }
            tables += TableSplit.split(group, edges: edges, size: size)
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

/// Cuts a community larger than a table into tables: Louvain again on the community's own ties, recursively,
/// and where Louvain finds no split, consecutive runs of a breadth-first walk (strongest ties first), so that
/// people who know each other stay together. Pieces of one person join the table they are most tied to.
enum TableSplit {
    /// Fixed: plans do not depend on a seed.
    static let louvainSeed: UInt64 = 1

    static func split(_ group: [Int], edges: [WeightedEdge], size: Int) -> [[Int]] {
        guard group.count > size else { return [group] }
        var local = [Int: Int]()
        for (k, v) in group.enumerated() { local[v] = k }
        let sub = edges.compactMap { e -> WeightedEdge? in
            guard let a = local[e.a], let b = local[e.b] else { return nil }
            return WeightedEdge(a, b, weight: e.weight)
        }
        let parts = Louvain.detect(nodeCount: group.count, edges: sub, seed: louvainSeed).groups
        var pieces = parts.count > 1
            ? parts.flatMap { split($0.map { group[$0] }, edges: edges, size: size) }
            : walk(group, sub: sub, size: size)
        let singles = pieces.filter { $0.count == 1 }.map { $0[0] }
        pieces.removeAll { $0.count == 1 }
        for person in singles {
            let weight = pieces.map { piece in
                edges.reduce(0.0) { sum, e in
                    sum + ((e.a == person && piece.contains(e.b)) || (e.b == person && piece.contains(e.a)) ? e.weight : 0)
                }
            }
            let open = pieces.indices.filter { pieces[$0].count < size && weight[$0] > 0 }
            if let best = open.max(by: { weight[$0] != weight[$1] ? weight[$0] < weight[$1] : $0 > $1 }) {
                pieces[best].append(person)
            } else {
                pieces.append([person])
            }
        }
        return pieces
    }

    /// ⌈n / size⌉ runs of equal length along a breadth-first walk from the first member, heaviest ties first.
    private static func walk(_ group: [Int], sub: [WeightedEdge], size: Int) -> [[Int]] {
        var neighbours = [[(Int, Double)]](repeating: [], count: group.count)
        for e in sub {
            neighbours[e.a].append((e.b, e.weight))
            neighbours[e.b].append((e.a, e.weight))
        }
        var seen = [Bool](repeating: false, count: group.count)
        var sequence: [Int] = []
        for start in group.indices where !seen[start] {
            seen[start] = true
            var queue = [start], head = 0
            while head < queue.count {
                let k = queue[head]
                head += 1
                sequence.append(k)
                for (j, _) in neighbours[k].sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where !seen[j] {
                    seen[j] = true
                    queue.append(j)
                }
            }
        }
        let parts = (group.count + size - 1) / size
        return (0..<parts).map { p in
            sequence[(p * group.count / parts)..<((p + 1) * group.count / parts)].map { group[$0] }
        }
    }

    /// The earlier cut, for comparison (bailanys-bench): members dealt out in turn to ⌈n / size⌉ tables.
    static func roundRobin(_ group: [Int], size: Int) -> [[Int]] {
        let parts = (group.count + size - 1) / size
        var cut = [[Int]](repeating: [], count: parts)
        for (k, member) in group.enumerated() { cut[k % parts].append(member) }
        return cut
    }
}
