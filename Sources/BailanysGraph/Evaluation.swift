import BailanysCore

/// Offline evaluation of link prediction in the manner of Liben-Nowell & Kleinberg (2007): hide the
/// most recent contacts, predict them from the earlier graph, and compare with chance.
public enum LinkEvaluation {
    /// One way of ranking pairs: a standard index or the blended "meet" score of the suggestions.
    public enum Scorer: Hashable, Sendable, CustomStringConvertible {
        case index(LinkIndex)
        case meet

        public static let all: [Scorer] = LinkIndex.allCases.map(Scorer.index) + [.meet]

        public var description: String {
            switch self {
            case .index(.commonNeighbors): "common-neighbors"
            case .index(.jaccard): "jaccard"
            case .index(.adamicAdar): "adamic-adar"
            case .index(.resourceAllocation): "resource-allocation"
            case .index(.preferentialAttachment): "preferential-attachment"
            case .meet: "meet (blended)"
            }
        }
    }

    public struct Row: Hashable, Sendable {
        public var scorer: Scorer
        /// Mean over evaluated people of |top k ∩ new contacts| / k; only pairs scoring above 0 are predicted.
        /// Nil when no one could be evaluated.
        public var precisionAtK: Double?
        /// Probability that a hidden new contact outscores a random non-contact (ties count half).
        public var auc: Double?
    }

    /// The reconnect ranking: fading ties at the cut, and which of them were renewed by a logged contact.
    public struct ReconnectRow: Hashable, Sendable {
        public var fadingTies: Int
        public var renewed: Int
        /// People with at least one renewed fading tie.
        public var evaluatedPeople: Int
        public var precisionAtK: Double?
        public var randomPrecision: Double?
        /// Probability that a renewed fading tie outscores a fading tie that stayed quiet.
        public var auc: Double?
    }

    public struct Report: Hashable, Sendable {
        /// Events before this day form the training graph; contacts from it to `now` are hidden.
        public var cut: Day
        public var now: Day
        public var k: Int
        /// People who may be suggested (opted-out people are left out as endpoints).
        public var people: Int
        public var trainingTies: Int
        /// Person pairs with no tie before `cut` who logged a contact between `cut` and `now`.
        public var newContacts: Int
        /// People with at least one new contact and at least one earlier tie; precision is averaged over them.
        public var evaluatedPeople: Int
        public var aucSamples: Int
        /// The expected precision@k of a uniformly random ranking, averaged the same way.
        public var randomPrecision: Double?
        public var rows: [Row]
        public var reconnect: ReconnectRow
    }

    /// Runs every scorer on the same split. Deterministic for a given input, `now`, `months` and `seed`.
    public static func run(nodes: [GraphNode], events: [TieEvent], now: Day, hiddenMonths: Int = 6, k: Int = 10,
                           aucSamples: Int = 10_000, seed: UInt64 = 2021, model: TieModel = .standard) throws -> Report {
        let cut = now.adding(months: -hiddenMonths)
        let training = try GraphSnapshot.build(nodes: nodes, events: events.filter { $0.day < cut })
        let people = PeopleGraph(snapshot: training)
        let eligible = people.ids.map { training.node($0)?.suggestionsOptOut == false }

        // Hidden new contacts, as local pairs (u < v), both eligible and not tied before the cut.
        var hidden = Set<Pair>()
        for event in events where event.kind == .interaction && event.day >= cut && event.day <= now {
            guard let a = try? people.index(of: event.a), let b = try? people.index(of: event.b), a != b,
                  eligible[a], eligible[b], !people.adjacent(a, b) else { continue }
            hidden.insert(Pair(a, b))
        }
        var newByPerson: [Int: Set<Int>] = [:]
        for pair in hidden {
            newByPerson[pair.u, default: []].insert(pair.v)
            newByPerson[pair.v, default: []].insert(pair.u)
        }
        let evaluated = newByPerson.keys.filter { people.degree($0) > 0 }.sorted()
        let eligibleCount = eligible.filter { $0 }.count

        var scorer = PairScorer(people: people, snapshot: training, eligible: eligible, now: cut, model: model)
        var randomPrecision = 0.0
        for u in evaluated {
            let candidates = eligibleCount - 1 - people.neighbourRange(u).filter { eligible[Int(people.neighbours[$0])] }.count
            randomPrecision += expectedRandomPrecision(positives: newByPerson[u]!.count, candidates: candidates, k: k)
                / Double(evaluated.count)
        }

        // The same random (hidden, non-contact) pairs for every scorer.
        var random = SeededRandom(seed: seed)
        let positives = hidden.sorted()
        let eligibleIndices = eligible.indices.filter { eligible[$0] }
        var samples: [(positive: Pair, negative: Pair)] = []
        if !positives.isEmpty, eligibleIndices.count > 2 {
            while samples.count < aucSamples {
                let positive = positives[Int(random.next() % UInt64(positives.count))]
                let a = eligibleIndices[Int(random.next() % UInt64(eligibleIndices.count))]
                let b = eligibleIndices[Int(random.next() % UInt64(eligibleIndices.count))]
                guard a != b, !people.adjacent(a, b), !hidden.contains(Pair(a, b)) else { continue }
                samples.append((positive, Pair(a, b)))
            }
        }

        let rows = Scorer.all.map { method in
            var precision = 0.0
            for u in evaluated {
                let top = scorer.top(method, for: u, k: k)
                precision += Double(top.filter { newByPerson[u]!.contains($0) }.count) / Double(k) / Double(evaluated.count)
            }
            var wins = 0.0
            for (positive, negative) in samples {
                let p = scorer.score(method, positive), n = scorer.score(method, negative)
                wins += p > n ? 1 : p == n ? 0.5 : 0
            }
            return Row(scorer: method, precisionAtK: evaluated.isEmpty ? nil : precision,
                       auc: samples.isEmpty ? nil : wins / Double(samples.count))
        }
        let reconnect = evaluateReconnect(training: training, people: people, eligible: eligible, events: events,
                                          cut: cut, now: now, k: k, aucSamples: aucSamples, random: &random, model: model)
        return Report(cut: cut, now: now, k: k, people: eligibleCount, trainingTies: people.edgeCount,
                      newContacts: hidden.count, evaluatedPeople: evaluated.count, aucSamples: samples.count,
                      randomPrecision: evaluated.isEmpty ? nil : randomPrecision, rows: rows, reconnect: reconnect)
    }

    /// A random order of `candidates` lists min(k, candidates) of them; precision@k divides the hits by k.
    static func expectedRandomPrecision(positives: Int, candidates: Int, k: Int) -> Double {
        Double(positives) / Double(max(candidates, k))
    }

    /// Each person's reconnect suggestions at the cut, ranked by score; a tie is renewed when the pair logged a
    /// contact in the hidden window. AUC compares a renewed tie's score with a quiet one's, from the lower id's side.
    private static func evaluateReconnect(training: GraphSnapshot, people: PeopleGraph, eligible: [Bool], events: [TieEvent],
                                          cut: Day, now: Day, k: Int, aucSamples: Int, random: inout SeededRandom,
                                          model: TieModel) -> ReconnectRow {
        var renewed = Set<Pair>()
        for event in events where event.kind == .interaction && event.day >= cut && event.day <= now {
            if let a = try? people.index(of: event.a), let b = try? people.index(of: event.b), a != b { renewed.insert(Pair(a, b)) }
        }
        var scores: [Pair: Double] = [:]
        var precision = 0.0, randomPrecision = 0.0, evaluated = 0
        for u in 0..<people.nodeCount where eligible[u] {
            guard let me = try? training.personIndex(of: people.ids[u]) else { continue }
            let list = SuggestionContext(snapshot: training, me: me, now: cut, model: model).reconnect()
                .compactMap { s in (try? people.index(of: s.subject)).map { (v: $0, score: s.score) } }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.v < $1.v }
            for (v, score) in list where u < v { scores[Pair(u, v)] = score }
            let positives = list.filter { renewed.contains(Pair(u, $0.v)) }.count
            guard positives > 0 else { continue }
            evaluated += 1
            precision += Double(list.prefix(k).filter { renewed.contains(Pair(u, $0.v)) }.count) / Double(k)
            randomPrecision += expectedRandomPrecision(positives: positives, candidates: list.count, k: k)
        }
        let fading = scores.keys.sorted()
        let positives = fading.filter(renewed.contains), negatives = fading.filter { !renewed.contains($0) }
        var wins = 0.0
        if !positives.isEmpty, !negatives.isEmpty {
            for _ in 0..<aucSamples {
                let p = scores[positives[Int(random.next() % UInt64(positives.count))]]!
                let n = scores[negatives[Int(random.next() % UInt64(negatives.count))]]!
                wins += p > n ? 1 : p == n ? 0.5 : 0
            }
        }
        return ReconnectRow(fadingTies: fading.count, renewed: positives.count, evaluatedPeople: evaluated,
                            precisionAtK: evaluated == 0 ? nil : precision / Double(evaluated),
                            randomPrecision: evaluated == 0 ? nil : randomPrecision / Double(evaluated),
                            auc: positives.isEmpty || negatives.isEmpty ? nil : wins / Double(aucSamples))
    }

    struct Pair: Hashable, Comparable {
        var u: Int
        var v: Int

        init(_ a: Int, _ b: Int) {
            u = min(a, b)
            v = max(a, b)
        }

        static func < (x: Pair, y: Pair) -> Bool { (x.u, x.v) < (y.u, y.v) }
    }
}

/// Scores pairs and ranks one person's candidates, by any scorer, over the training graph.
private struct PairScorer {
    let people: PeopleGraph
    let snapshot: GraphSnapshot
    let eligible: [Bool]
    let now: Day
    let model: TieModel
    /// People by degree, highest first, for preferential attachment's top k.
    let byDegree: [Int]
    var scratch: PeopleGraph.TwoHop
    /// Blended meet scores per person, computed once each (local index → score).
    var meetCache: [Int: [Int: Double]] = [:]

    init(people: PeopleGraph, snapshot: GraphSnapshot, eligible: [Bool], now: Day, model: TieModel) {
        self.people = people
        self.snapshot = snapshot
        self.eligible = eligible
        self.now = now
        self.model = model
        byDegree = (0..<people.nodeCount).sorted { people.degree($0) != people.degree($1) ? people.degree($0) > people.degree($1) : $0 < $1 }
        scratch = PeopleGraph.TwoHop(count: people.nodeCount)
    }

    /// The k best eligible non-neighbours of `u` with a positive score, best first (ties by id).
    mutating func top(_ scorer: LinkEvaluation.Scorer, for u: Int, k: Int) -> [Int] {
        switch scorer {
        case .index(.preferentialAttachment):
            let (people, eligible) = (self.people, self.eligible)
            return Array(byDegree.lazy.filter { v in
                v != u && eligible[v] && people.degree(v) > 0 && !people.adjacent(u, v)
            }.prefix(k))
        case .index(let index):
            scratch.reset()
            people.accumulate(u, into: &scratch, onlyAbove: false)
            let scored = scratch.touched.map(Int.init).filter { eligible[$0] && !people.adjacent(u, $0) }
                .map { (v: $0, score: people.score(index, u, $0, scratch)) }
            return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.v < $1.v }.prefix(k).map(\.v)
        case .meet:
            return meet(u).filter { $0.value > 0 }
                .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(k).map(\.key)
        }
    }

    mutating func score(_ scorer: LinkEvaluation.Scorer, _ pair: LinkEvaluation.Pair) -> Double {
        switch scorer {
        case .index(let index):
            scratch.reset()
            people.accumulate(pair.u, into: &scratch, onlyAbove: false)
            return people.score(index, pair.u, pair.v, scratch)
        case .meet:
            return meet(pair.u)[pair.v] ?? 0
        }
    }

    /// The meet scores the suggestions would give `u` at the cut, for every person they would suggest.
    mutating func meet(_ u: Int) -> [Int: Double] {
        if let known = meetCache[u] { return known }
        var scores: [Int: Double] = [:]
        if let me = try? snapshot.personIndex(of: people.ids[u]) {
            for suggestion in SuggestionContext(snapshot: snapshot, me: me, now: now, model: model).meet() {
                if let v = try? people.index(of: suggestion.subject) { scores[v] = suggestion.score }
            }
        }
        meetCache[u] = scores
        return scores
    }
}
