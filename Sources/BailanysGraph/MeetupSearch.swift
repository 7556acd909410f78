import BailanysCore

/// The planner's problem as docs/algorithms.md states it: the people who may be invited, what each brings
/// (isolation, online round, rounds, fading ties to the others), the seats, and the objective F.
/// Built once for the request's radius; smaller radii (the ladder) are subsets by distance.
struct MeetupProblem {
    struct Link {
        var other: Int32
        var lost: Double
        var fraction: Double
        var lastContact: Day
    }

    let weights: MeetupWeights
    let capacity: Int
    let mentorSeats: Int
    /// Snapshot indices of consenting people within the radius: alumni matching the focus, and mentors.
    var pool: [Int] = []
    /// Pool position of each snapshot node, or -1.
    var position: [Int32]
    var isCandidate: [Bool] = []
    var isMentor: [Bool] = []
    var distance: [Double] = []
    var isolated: [Bool] = []
    /// Modular part of F: isolation and online round.
    var value: [Double] = []
    /// Indices into `roundList`.
    var roundsOf: [[Int]] = []
    var roundList: [RoundRef] = []
    /// Fading ties between pool members, both directions.
    var fading: [[Link]] = []
    /// For mentors: the pool alumni whose initiative they mentored before `now`.
    var mentees: [[Int]] = []

    init(snapshot: GraphSnapshot, request: MeetupRequest, model: TieModel, weights: MeetupWeights) {
        self.weights = weights
        capacity = max(0, request.capacity)
        mentorSeats = Int((Double(capacity) * weights.mentorShare).rounded(.down))
        position = [Int32](repeating: -1, count: snapshot.nodeCount)
        let decay = DecayTable(model)
        let isLive = { (edge: Int) in snapshot.tieState(edge: edge, at: request.now, decay: decay).isLive(model: model) }
        var roundIndex: [EntityID: Int] = [:]
        for (i, node) in snapshot.nodes.enumerated() {
            guard node.isPerson, !node.suggestionsOptOut, node.role == .alumnus || node.role == .mentor else { continue }
            let km = greatCircleKm(lat1: request.host.latitude, lon1: request.host.longitude, lat2: node.latitude, lon2: node.longitude)
            guard km <= request.radiusKm else { continue }
            let alumnus = node.role == .alumnus
            let lonely = alumnus && snapshot.isIsolated(i, isLive: isLive)
            let candidate = alumnus && Self.matches(request.focus, node, isolated: lonely)
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
        fading = [[Link]](repeating: [], count: pool.count)
        mentees = [[Int]](repeating: [], count: pool.count)
        let today = Int32(request.now.ordinal)
        for (m, i) in pool.enumerated() {
            for slot in snapshot.adjacency(of: i) {
                let j = Int(snapshot.adjacentNodes[slot])
                guard position[j] >= 0 else { continue }
                let n = Int(position[j])
                let edge = Int(snapshot.adjacentEdges[slot])
                if isMentor[m], !isMentor[n], snapshot.events(of: edge).contains(where: { e in
                    snapshot.eventDays[e] <= today && snapshot.kind(ofEvent: e) == .mentorship
                        && snapshot.firstEndpoint(ofEvent: e, edge: edge) == i
                }) {
                    mentees[m].append(n)
                }
                guard j > i else { continue }
                let state = snapshot.tieState(edge: edge, at: request.now, decay: decay)
                guard state.isFading(at: request.now, model: model), let last = state.lastContact else { continue }
                fading[m].append(Link(other: Int32(n), lost: state.lostStrength, fraction: state.fractionOfPeak, lastContact: last))
                fading[n].append(Link(other: Int32(m), lost: state.lostStrength, fraction: state.fractionOfPeak, lastContact: last))
            }
        }
    }

    static func matches(_ focus: MeetupFocus?, _ node: GraphNode, isolated: Bool) -> Bool {
        switch focus {
        case nil: true
        case .round(let id)?: node.rounds.contains { $0.id == id }
        case .theme(let theme)?: node.initiatives.contains { $0.theme == theme }
        case .isolated?: isolated
        case .region(let region)?: node.region == region
        }
    }

    /// F(S) for the members marked in `chosen`.
    func objective(_ chosen: [Bool]) -> Double {
        var total = 0.0
        var counts = [Int](repeating: 0, count: roundList.count)
        for m in pool.indices where chosen[m] {
            total += value[m]
            for r in roundsOf[m] { counts[r] += 1 }
            for link in fading[m] where Int(link.other) > m && chosen[Int(link.other)] { total += weights.revivedTie * link.lost }
        }
        return total + weights.roundMix * counts.reduce(0) { $0 + Double($1).squareRoot() }
    }

    /// An upper bound on F over every set of at most `capacity` members within `radiusKm`: each fading tie's
    /// lost strength split between its two people (each counting only their capacity − 1 largest), the modular
    /// terms, and Σ_r √n_r ≤ min(Σ n_r, √(rounds · Σ n_r)) (Cauchy–Schwarz). Mentors count only when one of their
    /// mentees is a candidate in reach.
    func upperBound(radiusKm: Double) -> Double {
        let k = capacity
        guard k > 0 else { return 0 }
        var perMember: [Double] = []
        var roundCounts: [Int] = []
        var rounds = Set<Int>()
        // A mentor comes only with a mentee (the mentor rule): with no candidate in reach, nobody can be invited.
        func mayCome(_ m: Int) -> Bool { isCandidate[m] || (isMentor[m] && mentees[m].contains { isCandidate[$0] && distance[$0] <= radiusKm }) }
        for m in pool.indices where distance[m] <= radiusKm && mayCome(m) {
            let lost = fading[m].filter { distance[Int($0.other)] <= radiusKm }.map(\.lost).sorted(by: >).prefix(k - 1)
            perMember.append(value[m] + weights.revivedTie * 0.5 * lost.reduce(0, +))
            if isCandidate[m] {
                roundCounts.append(roundsOf[m].count)
                rounds.formUnion(roundsOf[m])
            }
        }
        let modular = perMember.sorted(by: >).prefix(k).reduce(0, +)
        let seats = Double(roundCounts.sorted(by: >).prefix(k).reduce(0, +))
        return modular + weights.roundMix * min(seats, (Double(rounds.count) * seats).squareRoot())
    }
}

/// A deterministic search for a set of invitees with a large F: greedy by marginal gain (a fading pair may
/// join together, scored per seat), then improving swaps until none is left; mentors by the mentor rule.
/// Along a ladder of radii each rung starts from the plan of the rung below, so a larger radius never plans worse.
/// No randomness: ties go to the lower snapshot position.
struct MeetupSearch {
    let problem: MeetupProblem
    /// Members within the current rung's radius.
    var eligible: [Bool]
    var chosen: [Bool]
    var order: [Int] = []
    var roundCount: [Int]
    /// Σ lost strength of fading ties from each member to chosen members.
    var revived: [Double]
    /// Whether greedy may also add a mentor with their fading mentees in one move (a hub); runs try both.
    var mentorMoves = false

    init(problem: MeetupProblem, radiusKm: Double) {
        self.problem = problem
        eligible = problem.distance.map { $0 <= radiusKm }
        chosen = [Bool](repeating: false, count: problem.pool.count)
        roundCount = [Int](repeating: 0, count: problem.roundList.count)
        revived = [Double](repeating: 0, count: problem.pool.count)
    }

    /// Rungs below `radiusKm` that the search climbs before the radius itself.
    static let ladder: [Double] = [25, 50, 100, 150, 200, 300, 400, 600, 800, 1000, 1500, 2000, 3000]

    /// The plan for the request's radius: each rung keeps the better of a fresh search and one started from
    /// the rung below (which is feasible at the larger radius, so F never falls as the radius grows).
    static func run(problem: MeetupProblem, radiusKm: Double) -> MeetupSearch {
        var best: MeetupSearch?
        var lastEligible = -1
        for rung in ladder.filter({ $0 < radiusKm }) + [radiusKm] {
            let count = problem.distance.filter { $0 <= rung }.count
            guard count != lastEligible || rung == radiusKm else { continue }
            lastEligible = count
            // Greedy alone, greedy that may add a mentor with fading mentees, and one start from each of the mentors
            // with the most fading ties in reach, who come with all of them at once (swaps never trade a mentor).
            let starts = [(hubs: false, mentor: nil), (hubs: true, mentor: nil)]
                + hubMentors(problem: problem, radiusKm: rung).map { (hubs: false, mentor: Optional($0)) }
            let fresh = starts.map { start in
                var search = MeetupSearch(problem: problem, radiusKm: rung)
                search.mentorMoves = start.hubs
                if let mentor = start.mentor { search.addWithFadingTies(mentor, seats: problem.capacity - problem.mentorSeats) }
                search.optimize(seats: problem.capacity - problem.mentorSeats)
                search.addMentors(seats: problem.mentorSeats)
                search.optimize(seats: problem.capacity)
                return search
            }.max { $0.objective < $1.objective - 1e-9 }!
            guard var warm = best else {
                best = fresh
                continue
            }
            warm.eligible = problem.distance.map { $0 <= rung }
            warm.addMentors(seats: problem.mentorSeats - warm.order.filter { problem.isMentor[$0] }.count)
            warm.optimize(seats: problem.capacity)
            best = fresh.objective > warm.objective + 1e-9 ? fresh : warm
        }
        return best ?? MeetupSearch(problem: problem, radiusKm: radiusKm)
    }

    /// How many mentors `run` starts from, each with their fading ties.
    static let hubStarts = 4

    /// The mentors within `radiusKm` whose start (`addWithFadingTies`) is worth most on its own, at most `hubStarts`:
    /// a mentor whose mentees' teams have faded together brings the ties among them too, which a sum over the
    /// mentor's own ties misses.
    static func hubMentors(problem: MeetupProblem, radiusKm: Double) -> [Int] {
        guard problem.mentorSeats > 0 else { return [] }
        var ranked: [(mentor: Int, value: Double)] = []
        // One probe, emptied after each start: a search per mentor would cost the pool's size each time.
        var probe = MeetupSearch(problem: problem, radiusKm: radiusKm)
        for m in problem.pool.indices where problem.isMentor[m] && problem.distance[m] <= radiusKm {
            let value = probe.addWithFadingTies(m, seats: problem.capacity - problem.mentorSeats)
            if probe.chosen[m] { ranked.append((m, value)) }
            for invited in probe.order.reversed() { probe.remove(invited) }
        }
        ranked.sort { $0.value != $1.value ? $0.value > $1.value : $0.mentor < $1.mentor }
        return ranked.prefix(hubStarts).map(\.mentor)
    }

    /// `mentor` and the candidates they have fading ties with, most lost strength first, within `seats`; at least
    /// one of them a mentee, as the mentor rule asks. Returns what they add to F (nothing when they cannot come).
    @discardableResult
    mutating func addWithFadingTies(_ mentor: Int, seats: Int) -> Double {
        let partners = problem.fading[mentor].filter { selectable(Int($0.other)) }
            .sorted { $0.lost != $1.lost ? $0.lost > $1.lost : $0.other < $1.other }.map { Int($0.other) }
        var group = Array(partners.prefix(max(0, seats - 1)))
        if !group.contains(where: { problem.mentees[mentor].contains($0) }),
           let mentee = problem.mentees[mentor].first(where: selectable) {
            group = Array(group.prefix(max(0, seats - 2))) + [mentee]
        }
        guard seats >= 2, group.contains(where: { problem.mentees[mentor].contains($0) }) else { return 0 }
        var gained = 0.0
        for m in [mentor] + group {
            gained += addGain(m)
            add(m)
        }
        return gained
    }

    var objective: Double { problem.objective(chosen) }

    private func selectable(_ m: Int) -> Bool { eligible[m] && problem.isCandidate[m] && !chosen[m] }

    private func mixStep(_ n: Int) -> Double { (Double(n) + 1).squareRoot() - Double(n).squareRoot() }

    /// ΔF(m | S).
    func addGain(_ m: Int) -> Double {
        let w = problem.weights
        return problem.value[m] + w.revivedTie * revived[m] + w.roundMix * problem.roundsOf[m].reduce(0) { $0 + mixStep(roundCount[$1]) }
    }

    /// F(S) − F(S − m) for a chosen m.
    func removeLoss(_ m: Int) -> Double {
        let w = problem.weights
        return problem.value[m] + w.revivedTie * revived[m] + w.roundMix * problem.roundsOf[m].reduce(0) { $0 + mixStep(roundCount[$1] - 1) }
    }

    mutating func add(_ m: Int, at index: Int? = nil) {
        chosen[m] = true
        if let index { order.insert(m, at: index) } else { order.append(m) }
        for r in problem.roundsOf[m] { roundCount[r] += 1 }
        for link in problem.fading[m] { revived[Int(link.other)] += link.lost }
    }

    @discardableResult
    mutating func remove(_ m: Int) -> Int {
        chosen[m] = false
        let index = order.firstIndex(of: m)!
        order.remove(at: index)
        for r in problem.roundsOf[m] { roundCount[r] -= 1 }
        for link in problem.fading[m] { revived[Int(link.other)] -= link.lost }
        return index
    }

    /// Greedy and improving swaps, in turn, until neither changes the plan.
    mutating func optimize(seats: Int) {
        for _ in 0..<10_000 {
            greedy(seats: seats)
            guard improve() else { return }
        }
    }

    /// Adds the best alumnus, fading pair or fading group (an alumnus with their fading partners, as many as
    /// the seats allow, largest lost strength first) by gain per seat, while seats remain and the gain is positive.
    mutating func greedy(seats: Int) {
        let w = problem.weights
        var gain = [Double](repeating: 0, count: problem.pool.count)
        var inGroup = [Bool](repeating: false, count: problem.pool.count)
        while order.count < seats {
            let room = seats - order.count
            let mentorRoom = mentorMoves && order.filter { problem.isMentor[$0] }.count < problem.mentorSeats
            func centre(_ m: Int) -> Bool { selectable(m) || (mentorRoom && eligible[m] && problem.isMentor[m] && !chosen[m]) }
            /// A mentor comes only with an invited mentee (already invited, or in the same move).
            func allowed(_ group: [Int]) -> Bool {
                !problem.isMentor[group[0]] || problem.mentees[group[0]].contains { chosen[$0] || group.contains($0) }
            }
            for m in problem.pool.indices where centre(m) { gain[m] = addGain(m) }
            var best = 0.0, pick: [Int] = []
            for m in problem.pool.indices where centre(m) {
                if gain[m] > best + 1e-12, allowed([m]) { (best, pick) = (gain[m], [m]) }
                guard room >= 2 else { continue }
                var partners: [(other: Int, lost: Double)] = []
                for link in problem.fading[m] where selectable(Int(link.other)) {
                    let o = Int(link.other)
                    partners.append((o, link.lost))
                    let perSeat = (gain[m] + gain[o] + w.revivedTie * link.lost) / 2
                    if o > m || problem.isMentor[m], perSeat > best + 1e-12, allowed([m, o]) { (best, pick) = (perSeat, [m, o]) }
                }
                guard partners.count >= 2 else { continue }
                partners.sort { $0.lost != $1.lost ? $0.lost > $1.lost : $0.other < $1.other }
                let group = [m] + partners.prefix(room - 1).map(\.other)
                for g in group { inGroup[g] = true }
                var total = 0.0
                for g in group {
                    total += gain[g]
                    for link in problem.fading[g] where Int(link.other) > g && inGroup[Int(link.other)] { total += w.revivedTie * link.lost }
                }
                for g in group { inGroup[g] = false }
                let perSeat = total / Double(group.count)
                if perSeat > best + 1e-12, allowed(group) { (best, pick) = (perSeat, group) }
            }
            guard !pick.isEmpty else { return }
            for m in pick { add(m) }
        }
    }

    /// The best single swap of a chosen alumnus for an unchosen candidate, or failing that of two chosen alumni
    /// for a fading pair; true when one improved F.
    mutating func improve() -> Bool {
        let w = problem.weights
        let pinned = soleMentees()
        let outs = order.filter { problem.isCandidate[$0] && !pinned.contains($0) }
        let ins = problem.pool.indices.filter(selectable).map { (m: $0, gain: addGain($0)) }
            .sorted { $0.gain != $1.gain ? $0.gain > $1.gain : $0.m < $1.m }
        guard !outs.isEmpty, !ins.isEmpty else { return false }
        var linkTo = [Double](repeating: 0, count: problem.pool.count)
        var bestDelta = 1e-9, move: (out: Int, in: Int)?
        for u in outs {
            let loss = removeLoss(u)
            // Removing u can raise a newcomer's mix gain by at most this much.
            let slack = problem.roundsOf[u].reduce(0.0) { $0 + mixStep(roundCount[$1] - 1) - mixStep(roundCount[$1]) }
            for link in problem.fading[u] { linkTo[Int(link.other)] += link.lost }
            for (v, g) in ins {
                guard g + w.roundMix * slack - loss > bestDelta else { break }
                let mix = problem.roundsOf[v].reduce(0.0) { sum, r in
                    sum + mixStep(roundCount[r] - (problem.roundsOf[u].contains(r) ? 1 : 0))
                }
                let delta = problem.value[v] + w.revivedTie * (revived[v] - linkTo[v]) + w.roundMix * mix - loss
                if delta > bestDelta { (bestDelta, move) = (delta, (u, v)) }
            }
            for link in problem.fading[u] { linkTo[Int(link.other)] = 0 }
        }
        if let move {
            let index = remove(move.out)
            add(move.in, at: index)
            return true
        }
        return groupSwap()
    }

    /// A fading group in (an alumnus and up to `maxGroup` − 1 fading partners, or a pair), as many of the invitees
    /// cheapest to lose out, when F rises: the sixteen groups of largest estimated gain are tried exactly.
    private mutating func groupSwap() -> Bool {
        let w = problem.weights
        let pinned = soleMentees()
        let outs = order.filter { problem.isCandidate[$0] && !pinned.contains($0) }.map { (m: $0, loss: removeLoss($0)) }
            .sorted { $0.loss != $1.loss ? $0.loss < $1.loss : $0.m < $1.m }
        guard outs.count >= 2 else { return false }
        var cheapest = [0.0]
        for out in outs { cheapest.append(cheapest.last! + out.loss) }
        var inGroup = [Bool](repeating: false, count: problem.pool.count)
        var groups: [(members: [Int], estimate: Double)] = []
        for m in problem.pool.indices where selectable(m) {
            let partners = problem.fading[m].filter { selectable(Int($0.other)) }
                .sorted { $0.lost != $1.lost ? $0.lost > $1.lost : $0.other < $1.other }.map { Int($0.other) }
            for size in 2...max(2, min(outs.count, Self.maxGroup)) where partners.count >= size - 1 {
                let group = [m] + partners.prefix(size - 1)
                for g in group { inGroup[g] = true }
                var total = 0.0
                for g in group {
                    total += addGain(g)
                    for link in problem.fading[g] where Int(link.other) > g && inGroup[Int(link.other)] { total += w.revivedTie * link.lost }
                }
                for g in group { inGroup[g] = false }
                groups.append((group, total - cheapest[group.count]))
            }
        }
        groups.sort { $0.estimate != $1.estimate ? $0.estimate > $1.estimate : $0.members.lexicographicallyPrecedes($1.members) }
        let before = objective
        for group in groups.prefix(16) where group.estimate > -before {
            let leaving = outs.prefix(group.members.count).map(\.m)
            let saved = order
            for m in leaving { remove(m) }
            for m in group.members { add(m) }
            if objective > before + 1e-9, mentorsHaveMentees() { return true }
            for m in group.members { remove(m) }
            for m in leaving { add(m) }
            order = saved
        }
        return false
    }

    static let maxGroup = 6

    /// Every invited mentor still has an invited mentee.
    private func mentorsHaveMentees() -> Bool {
        order.allSatisfy { !problem.isMentor[$0] || problem.mentees[$0].contains { chosen[$0] } }
    }

    /// Invited alumni who are the only invited mentee of an invited mentor: a swap may not take them out.
    private func soleMentees() -> Set<Int> {
        var pinned = Set<Int>()
        for m in order where problem.isMentor[m] {
            let invited = problem.mentees[m].filter { chosen[$0] }
            if invited.count == 1 { pinned.insert(invited[0]) }
        }
        return pinned
    }

    /// Mentors within reach who mentored an invitee, one at a time: the largest gain first (their fading ties
    /// to invitees), then the most invited mentees, then position.
    mutating func addMentors(seats: Int) {
        var seats = min(seats, problem.capacity - order.count, problem.mentorSeats - order.filter { problem.isMentor[$0] }.count)
        while seats > 0 {
            let ranked = problem.pool.indices.filter { eligible[$0] && problem.isMentor[$0] && !chosen[$0] }
                .map { (mentor: $0, gain: addGain($0), mentees: problem.mentees[$0].filter { chosen[$0] }.count) }
                .filter { $0.mentees > 0 }
            guard let best = ranked.min(by: { a, b in
                if a.gain != b.gain { return a.gain > b.gain }
                if a.mentees != b.mentees { return a.mentees > b.mentees }
                return a.mentor < b.mentor
            }) else { return }
            add(best.mentor)
            seats -= 1
        }
    }

    /// Each invitee's marginal gain when added in plan order; they sum to F.
    func gains() -> [Double] {
        var replay = MeetupSearch(problem: problem, radiusKm: .infinity)
        return order.map { m in
            let gain = replay.addGain(m)
            replay.add(m)
            return gain
        }
    }
}

/// The planner's problem as data, for an exact solver outside the app (`scripts/meetup-optimum.py`): who may
/// be invited, what each brings, the fading ties among them, the seats and the weights.
public struct MeetupProblemExport: Hashable, Sendable, Encodable {
    public struct Member: Hashable, Sendable, Encodable {
        public var id: String
        /// Isolation and online-round terms, already weighted.
        public var value: Double
        /// Indices of the member's rounds (alumni only).
        public var rounds: [Int]
        public var mentor: Bool
        /// For mentors: indices of the members whose initiative they mentored.
        public var mentees: [Int]
    }

    public struct Link: Hashable, Sendable, Encodable {
        public var a: Int
        public var b: Int
        /// Strength lost since the peak (unweighted).
        public var lost: Double
    }

    public var capacity: Int
    public var mentorSeats: Int
    public var revivedTie: Double
    public var roundMix: Double
    public var members: [Member]
    public var links: [Link]
}

extension MeetupPlanner {
    /// The problem `plan` solves, for checking it against an exact optimum. Members are the focus-matching
    /// alumni and the mentors within the radius.
    public static func problem(snapshot: GraphSnapshot, request: MeetupRequest, model: TieModel = .standard,
                               weights: MeetupWeights = .standard) -> MeetupProblemExport {
        let problem = MeetupProblem(snapshot: snapshot, request: request, model: model, weights: weights)
        let kept = problem.pool.indices.filter { problem.isCandidate[$0] || problem.isMentor[$0] }
        var index = [Int](repeating: -1, count: problem.pool.count)
        for (k, m) in kept.enumerated() { index[m] = k }
        let members = kept.map { m in
            MeetupProblemExport.Member(id: snapshot.nodes[problem.pool[m]].id.description, value: problem.value[m],
                                       rounds: problem.roundsOf[m], mentor: problem.isMentor[m],
                                       mentees: problem.mentees[m].map { index[$0] }.filter { $0 >= 0 })
        }
        let links = kept.flatMap { m in
            problem.fading[m].filter { Int($0.other) > m && index[Int($0.other)] >= 0 }
                .map { MeetupProblemExport.Link(a: index[m], b: index[Int($0.other)], lost: $0.lost) }
        }
        return MeetupProblemExport(capacity: problem.capacity, mentorSeats: problem.mentorSeats, revivedTie: weights.revivedTie,
                                   roundMix: weights.roundMix, members: members, links: links)
    }
}
