import BailanysCore

public struct MenteeEntry: Hashable, Sendable {
    public var mentee: EntityID
    public var name: String
    public var initiative: EntityID?
    public var initiativeTitle: String?
    public var status: InitiativeStatus?
    public var tie: TieState
    public var fading: Bool
    /// The last logged contact, as everywhere else people see "Last contact".
    public var lastContact: Day? { tie.lastLoggedContact }
}

public struct MenteeGroup: Hashable, Sendable {
    /// Nil when the mentorship events named no known round.
    public var round: RoundRef?
    /// Most at risk first: fading, then lowest share of peak, then weakest, then id.
    public var mentees: [MenteeEntry]
}

public struct FadingTie: Hashable, Sendable {
    public var a: EntityID
    public var b: EntityID
    public var tie: TieState
}

/// Counts for one slice of the network; shares are 0 when there is nothing to divide.
public struct HealthFigures: Hashable, Sendable {
    public var alumni = 0
    /// Ties (existing at `now`) with at least one endpoint among these alumni, each counted once.
    public var ties = 0
    public var fadingTies = 0
    /// Alumni with no live tie outside their own initiative teams (`GraphSnapshot.isIsolated`).
    public var isolatedAlumni = 0

    public var fadingShare: Double { ties == 0 ? 0 : Double(fadingTies) / Double(ties) }
    public var isolatedShare: Double { alumni == 0 ? 0 : Double(isolatedAlumni) / Double(alumni) }
}

/// Figures for one region, round or format.
public struct HealthSlice<Key: Hashable & Sendable>: Hashable, Sendable {
    public var key: Key
    public var figures: HealthFigures
}

public struct NetworkHealth: Hashable, Sendable {
    public var overall: HealthFigures
    /// By region key, sorted by key.
    public var regions: [HealthSlice<String>]
    /// By round (the key carries its format), oldest first.
    public var rounds: [HealthSlice<RoundRef>]
    /// Online versus offline (and hybrid) training, over the rounds of each format.
    public var formats: [HealthSlice<TrainingFormat>]
}

public enum GraphViews {
    /// Every person `mentor` mentored (mentorship events on or before `now`), grouped by round, newest round first.
    public static func menteesView(snapshot: GraphSnapshot, mentor: EntityID, now: Day,
                                   model: TieModel = .standard) throws -> [MenteeGroup] {
        let m = try snapshot.personIndex(of: mentor)
        let decay = DecayTable(model)
        var groups: [EntityID?: [MenteeEntry]] = [:]
        for slot in snapshot.adjacency(of: m) {
            let other = Int(snapshot.adjacentNodes[slot]), edge = Int(snapshot.adjacentEdges[slot])
            var seen: Set<EntityID?> = []
            var entries: [(round: EntityID?, initiative: EntityID?)] = []
            for i in snapshot.events(of: edge)
            where snapshot.eventDays[i] <= Int32(now.ordinal) && snapshot.kind(ofEvent: i) == .mentorship
                && snapshot.firstEndpoint(ofEvent: i, edge: edge) == m {
                let context = snapshot.context(ofEvent: i)
                let membership = snapshot.nodes[other].initiatives.first { $0.initiative == context?.initiative }
                let round = context?.round ?? membership?.round
                if seen.insert(round).inserted { entries.append((round, context?.initiative)) }
            }
            guard !entries.isEmpty else { continue }
            let state = snapshot.tieState(edge: edge, at: now, decay: decay)
            let node = snapshot.nodes[other]
            for entry in entries {
                let membership = node.initiatives.first { $0.initiative == entry.initiative }
                let key = entry.round.flatMap { snapshot.roundsByID[$0] == nil ? nil : $0 }
                groups[key, default: []].append(MenteeEntry(
                    mentee: node.id, name: node.name, initiative: entry.initiative, initiativeTitle: membership?.title,
                    status: membership?.status, tie: state, fading: state.isFading(at: now, model: model)))
            }
        }
        return groups.map { key, entries in
            MenteeGroup(round: key.flatMap { snapshot.roundsByID[$0] }, mentees: entries.sorted(by: moreAtRisk))
        }.sorted { a, b in
            switch (a.round, b.round) {
            case let (x?, y?): x.start != y.start ? x.start > y.start : x.id < y.id
            case (nil, _): false
            case (_, nil): true
            }
        }
    }

    static func moreAtRisk(_ a: MenteeEntry, _ b: MenteeEntry) -> Bool {
        if a.fading != b.fading { return a.fading }
        if a.tie.fractionOfPeak != b.tie.fractionOfPeak { return a.tie.fractionOfPeak < b.tie.fractionOfPeak }
        if a.tie.strength != b.tie.strength { return a.tie.strength < b.tie.strength }
        return a.mentee < b.mentee
    }

    /// Alumni counts, fading shares and isolation per region, per round and per training format.
    public static func networkHealth(snapshot: GraphSnapshot, now: Day, model: TieModel = .standard) -> NetworkHealth {
        let decay = DecayTable(model)
        let nodes = snapshot.nodes
        var fading = [Bool](repeating: false, count: snapshot.edgeCount)
        var live = [Bool](repeating: false, count: snapshot.edgeCount)
        var exists = [Bool](repeating: false, count: snapshot.edgeCount)
        for e in 0..<snapshot.edgeCount where snapshot.existed(edge: e, at: now) {
            let state = snapshot.tieState(edge: e, at: now, decay: decay)
            exists[e] = true
            fading[e] = state.isFading(at: now, model: model)
            live[e] = state.isLive(model: model)
        }
        let isAlumnus = nodes.map { $0.isPerson && $0.isAlumnus }

        var overall = HealthFigures()
        var regions: [String: HealthFigures] = [:]
        var rounds: [EntityID: HealthFigures] = [:]
        var formats: [TrainingFormat: HealthFigures] = [:]
        for (i, node) in nodes.enumerated() where isAlumnus[i] {
            let isolated = snapshot.isIsolated(i) { live[$0] }
            func count(_ f: inout HealthFigures) {
                f.alumni += 1
                if isolated { f.isolatedAlumni += 1 }
            }
            count(&overall)
            count(&regions[node.region, default: HealthFigures()])
            for round in Set(node.rounds.map(\.id)) { count(&rounds[round, default: HealthFigures()]) }
            for format in Set(node.rounds.map(\.format)) { count(&formats[format, default: HealthFigures()]) }
        }
        for e in 0..<snapshot.edgeCount where exists[e] {
            let ends = [Int(snapshot.edgeLow[e]), Int(snapshot.edgeHigh[e])].filter { isAlumnus[$0] }
            guard !ends.isEmpty else { continue }
            func count(_ f: inout HealthFigures) {
                f.ties += 1
                if fading[e] { f.fadingTies += 1 }
            }
            count(&overall)
            for region in Set(ends.map { nodes[$0].region }) { count(&regions[region, default: HealthFigures()]) }
            for round in Set(ends.flatMap { nodes[$0].rounds.map(\.id) }) { count(&rounds[round, default: HealthFigures()]) }
            for format in Set(ends.flatMap { nodes[$0].rounds.map(\.format) }) { count(&formats[format, default: HealthFigures()]) }
        }
        return NetworkHealth(
            overall: overall,
            regions: regions.sorted { $0.key < $1.key }.map { HealthSlice(key: $0.key, figures: $0.value) },
            rounds: rounds.compactMap { id, f in snapshot.roundsByID[id].map { HealthSlice(key: $0, figures: f) } }
                .sorted { $0.key.start != $1.key.start ? $0.key.start < $1.key.start : $0.key.id < $1.key.id },
            formats: TrainingFormat.allCases.compactMap { format in
                formats[format].map { HealthSlice(key: format, figures: $0) }
            })
    }

    /// A person's fading ties, most strength lost first.
    public static func fadingTies(snapshot: GraphSnapshot, now: Day, person: EntityID,
                                  model: TieModel = .standard) throws -> [FadingTie] {
        let p = try snapshot.index(of: person)
        let decay = DecayTable(model)
        return sortedByLoss(snapshot.adjacency(of: p).compactMap { slot in
            let state = snapshot.tieState(edge: Int(snapshot.adjacentEdges[slot]), at: now, decay: decay)
            guard state.isFading(at: now, model: model) else { return nil }
            return FadingTie(a: person, b: snapshot.nodes[Int(snapshot.adjacentNodes[slot])].id, tie: state)
        })
    }

    /// Fading ties with at least one person endpoint in `region`, most strength lost first.
    public static func fadingTies(snapshot: GraphSnapshot, now: Day, region: String,
                                  model: TieModel = .standard) -> [FadingTie] {
        let decay = DecayTable(model)
        return sortedByLoss((0..<snapshot.edgeCount).compactMap { e in
            let low = snapshot.nodes[Int(snapshot.edgeLow[e])], high = snapshot.nodes[Int(snapshot.edgeHigh[e])]
            guard (low.isPerson && low.region == region) || (high.isPerson && high.region == region) else { return nil }
            let state = snapshot.tieState(edge: e, at: now, decay: decay)
            return state.isFading(at: now, model: model) ? FadingTie(a: low.id, b: high.id, tie: state) : nil
        })
    }

    /// Every fading tie in the graph (whole-graph scan).
    public static func allFadingTies(snapshot: GraphSnapshot, now: Day, model: TieModel = .standard) -> [FadingTie] {
        let decay = DecayTable(model)
        return sortedByLoss((0..<snapshot.edgeCount).compactMap { e in
            let state = snapshot.tieState(edge: e, at: now, decay: decay)
            guard state.isFading(at: now, model: model) else { return nil }
            return FadingTie(a: snapshot.nodes[Int(snapshot.edgeLow[e])].id, b: snapshot.nodes[Int(snapshot.edgeHigh[e])].id,
                             tie: state)
        })
    }

    static func sortedByLoss(_ ties: [FadingTie]) -> [FadingTie] {
        ties.sorted { x, y in
            if x.tie.lostStrength != y.tie.lostStrength { return x.tie.lostStrength > y.tie.lostStrength }
            return x.a != y.a ? x.a < y.a : x.b < y.b
        }
    }
}

extension GraphSnapshot {
    /// Isolated: no live tie to anyone outside the node's own initiative teams. The one definition shared by
    /// network health and the meetup planner; `isLive` says whether an edge is live at the day in question.
    func isIsolated(_ node: Int, isLive: (Int) -> Bool) -> Bool {
        let teams = Set(nodes[node].initiatives.map(\.initiative))
        return !adjacency(of: node).contains { slot in
            let other = nodes[Int(adjacentNodes[slot])]
            return isLive(Int(adjacentEdges[slot])) && !other.initiatives.contains { teams.contains($0.initiative) }
        }
    }

    /// Whether a person is isolated at `now` (see `isIsolated(_:isLive:)`).
    public func isIsolated(_ id: EntityID, at now: Day, model: TieModel = .standard) throws -> Bool {
        let decay = DecayTable(model)
        return isIsolated(try personIndex(of: id)) { tieState(edge: $0, at: now, decay: decay).isLive(model: model) }
    }
}
