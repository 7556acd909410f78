import BailanysCore
import Foundation

/// Offline evaluation of the two person rankings, in the manner of Liben-Nowell & Kleinberg (2007), over rolling
/// origins: at each cut T the directory is rebuilt as it was known before T (events before T, rounds started
/// before T, no initiative status), every ranking scores its candidates, and the contacts logged in [T, T + h)
/// say which candidates were right. Each scorer is reported beside simple baselines on the same candidates.
public enum LinkEvaluation {
    public struct Options: Hashable, Sendable {
        /// Length h of each hidden window, in days.
        public var horizonDays: Int
        /// Number of cuts; the last window ends at `end`, the others tile backwards from it.
        public var cuts: Int
        public var k: Int
        /// Non-candidate pairs kept for the AUC and calibration (each kept with the same probability).
        public var negativeSamples: Int
        public var seed: UInt64
        /// The prior tie model; with `fitTempo`, each cut's model is fitted to the events before it.
        public var model: TieModel
        public var fitTempo: Bool
        /// Learn each cut's weights from the window before it (falls back to hand-set weights when too few).
        public var learn: Bool

        public init(horizonDays: Int = 182, cuts: Int = 6, k: Int = 10, negativeSamples: Int = 20_000, seed: UInt64 = 2021,
                    model: TieModel = .standard, fitTempo: Bool = true, learn: Bool = true) {
            self.horizonDays = horizonDays
            self.cuts = cuts
            self.k = k
            self.negativeSamples = negativeSamples
            self.seed = seed
            self.model = model
            self.fitTempo = fitTempo
            self.learn = learn
        }
    }

    public enum Task: String, Hashable, Sendable, Codable, CaseIterable { case reconnect, meet }

    /// One row of a calibration table: a tenth of the candidates (by weight), ranked by score.
    public struct Decile: Hashable, Sendable, Codable {
        public var decile: Int
        public var minScore: Double
        public var maxScore: Double
        /// Candidates in this tenth (estimated, for sampled non-positives).
        public var candidates: Double
        /// Share of them that renewed (reconnect) or formed (meet).
        public var positiveShare: Double
    }

    public struct Ranking: Hashable, Sendable, Codable {
        public var name: String
        /// A Bailanys ranking, or a baseline it must beat.
        public var isBaseline: Bool
        /// Mean of hits in the top k / k over the evaluated people with more than k candidates (ties broken by a
        /// seeded hash of the pair); nil when there is none. A list of k or fewer is held whole by every ranking.
        public var precisionAtK: Double?
        /// Probability that a positive outscores a non-positive (ties count half).
        public var auc: Double?
        public var calibration: [Decile]
        /// For a Bailanys ranking: its precision@k against the baseline with the most, person by person.
        public var versusBestBaseline: PairedDifference?
        /// For a Bailanys ranking: its AUC against the baseline with the highest, with a bootstrap interval.
        public var aucVersusBestBaseline: PairedDifference?
    }

    /// A's figure minus B's over the same people, with a 95 % interval: when it holds 0, the cut cannot tell the
    /// two apart, whichever is ahead. For precision@k the interval comes from the spread of the per-person
    /// differences (normal approximation, d̄ ± 1.96 · s / √n); for AUC from a bootstrap over people.
    public struct PairedDifference: Hashable, Sendable, Codable {
        public var baseline: String
        public var difference: Double
        public var low: Double
        public var high: Double
        public var people: Int

        /// nil below two people, where no spread can be measured.
        static func between(_ mine: [Double], _ theirs: [Double], baseline: String) -> PairedDifference? {
            let d = zip(mine, theirs).map { $0 - $1 }
            guard d.count > 1, let m = mean(d), let s = sd(d) else { return nil }
            let half = 1.96 * s / Double(d.count).squareRoot()
            return PairedDifference(baseline: baseline, difference: m, low: m - half, high: m + half, people: d.count)
        }

        /// Bootstrap replicates for the AUC interval.
        static let replicates = 200

        /// AUC(a) − AUC(b) over the same candidates, and the 2.5th and 97.5th percentiles of that difference over
        /// `replicates` resamples of the people (with replacement, a person's candidates drawn together, since
        /// they share that person). Deterministic for a seed; nil when either AUC is undefined.
        static func aucBetween(_ a: [Double], _ b: [Double], positive: [Bool], weight: [Double], person: [Int],
                               baseline: String, seed: UInt64) -> PairedDifference? {
            // People numbered 0 ..< n in order of first appearance.
            var localOf: [Int: Int] = [:]
            for p in person where localOf[p] == nil { localOf[p] = localOf.count }
            let local = person.map { localOf[$0]! }
            let orderA = a.indices.sorted { a[$0] < a[$1] }, orderB = b.indices.sorted { b[$0] < b[$1] }
            func difference(_ copies: [Double]) -> Double? {
                let weighed = { (i: Int) in weight[i] * copies[local[i]] }
                guard let x = LinkEvaluation.auc(order: orderA, scores: a, positive: positive, weight: weighed),
                      let y = LinkEvaluation.auc(order: orderB, scores: b, positive: positive, weight: weighed) else { return nil }
                return x - y
            }
            guard let observed = difference(Array(repeating: 1, count: localOf.count)) else { return nil }
            var random = SeededRandom(seed: seed)
            var draws: [Double] = []
            for _ in 0..<replicates {
                var copies = [Double](repeating: 0, count: localOf.count)
                for _ in 0..<localOf.count { copies[Int(random.next() % UInt64(localOf.count))] += 1 }
                if let d = difference(copies) { draws.append(d) }
            }
            guard !draws.isEmpty else { return nil }
            draws.sort()
            func percentile(_ q: Double) -> Double { draws[min(draws.count - 1, Int(q * Double(draws.count)))] }
            return PairedDifference(baseline: baseline, difference: observed, low: percentile(0.025), high: percentile(0.975),
                                    people: localOf.count)
        }
    }

    public struct TaskResult: Hashable, Sendable, Codable {
        public var task: Task
        /// Candidate pairs, from the evaluated people's side (fading ties for reconnect, untied pairs for meet).
        public var candidates: Int
        public var positives: Int
        public var evaluatedPeople: Int
        /// The evaluated people with more than k candidates: those precision@k is averaged over.
        public var precisionPeople: Int
        /// Expected precision@k of a random order, over the same people.
        public var randomPrecision: Double?
        /// The most precision@k any order could reach over them (min(positives, k) / k each): when rankings reach
        /// it together, none can beat another.
        public var bestPossiblePrecision: Double?
        public var rankings: [Ranking]
        /// Where the learned weights came from ("learned" from the previous window, or "hand-set").
        public var weightsSource: RankingWeights.Source
        public var weights: [String: Double]
    }

    public struct Cut: Hashable, Sendable, Codable {
        public var cut: Day
        public var end: Day
        public var people: Int
        public var trainingTies: Int
        public var tempo: TieTempo
        public var reconnect: TaskResult
        public var meet: TaskResult
    }

    public struct Summary: Hashable, Sendable, Codable {
        public var task: Task
        public var name: String
        public var isBaseline: Bool
        /// Cuts with both positives and non-positives.
        public var cutsScored: Int
        /// Cuts with a precision@k (some evaluated person had more than k candidates).
        public var cutsWithPrecision: Int
        public var meanAUC: Double?
        public var sdAUC: Double?
        public var minAUC: Double?
        public var meanPrecision: Double?
        public var sdPrecision: Double?
        /// For a Bailanys ranking: cuts where its AUC beat every baseline's, and where its precision@k did.
        public var cutsBestAUC: Int?
        public var cutsBestPrecision: Int?
        /// For a Bailanys ranking: cuts where no baseline's precision@k was above its own. Where every ranking
        /// reaches the best possible precision@k none can beat another, so a level cut is not a lost one.
        public var cutsLevelPrecision: Int?
        /// For a Bailanys ranking: cuts where the best baseline's precision@k was ahead beyond the 95 % interval
        /// of the paired difference (`PairedDifference.high` < 0), a loss the cut can tell from noise.
        public var cutsClearlyBehindPrecision: Int?
        /// The same for AUC, by the bootstrap interval.
        public var cutsClearlyBehindAUC: Int?
    }

    public struct Report: Hashable, Sendable, Codable {
        public var horizonDays: Int
        public var k: Int
        public var cuts: [Cut]
        public var summary: [Summary]
    }

    static let minimumPositivesToLearn = 20

    /// Evaluates `options.cuts` windows of `horizonDays` ending at `end`. Deterministic for a given input.
    public static func run(nodes: [GraphNode], events: [TieEvent], end: Day, options: Options = Options()) throws -> Report {
        var builder = CutBuilder(nodes: nodes, events: events.sorted { $0.day < $1.day }, options: options)
        var cuts: [Cut] = []
        for i in (0..<options.cuts).reversed() {
            let cut = end.adding(days: -options.horizonDays * (i + 1))
            cuts.append(try builder.evaluate(cut: cut))
        }
        return Report(horizonDays: options.horizonDays, k: options.k, cuts: cuts, summary: summarize(cuts))
    }

    static func summarize(_ cuts: [Cut]) -> [Summary] {
        var result: [Summary] = []
        for task in Task.allCases {
            let results = cuts.map { task == .meet ? $0.meet : $0.reconnect }
            guard let names = results.first?.rankings.map({ ($0.name, $0.isBaseline) }) else { continue }
            for (name, isBaseline) in names {
                let rows = results.compactMap { $0.rankings.first { $0.name == name } }
                let aucs = rows.compactMap(\.auc), precisions = rows.compactMap(\.precisionAtK)
                var bestAUC: Int?, bestPrecision: Int?, levelPrecision: Int?, clearlyBehind: Int?, clearlyBehindAUC: Int?
                if !isBaseline {
                    (bestAUC, bestPrecision, levelPrecision, clearlyBehind, clearlyBehindAUC) = (0, 0, 0, 0, 0)
                    for r in results {
                        guard let mine = r.rankings.first(where: { $0.name == name }) else { continue }
                        let baselines = r.rankings.filter(\.isBaseline)
                        if let a = mine.auc, baselines.allSatisfy({ beats(a, $0.auc) }) { bestAUC! += 1 }
                        if let p = mine.precisionAtK {
                            if baselines.allSatisfy({ beats(p, $0.precisionAtK) }) { bestPrecision! += 1 }
                            if !baselines.contains(where: { beats($0.precisionAtK ?? 0, p) }) { levelPrecision! += 1 }
                        }
                        if let versus = mine.versusBestBaseline, versus.high < 0 { clearlyBehind! += 1 }
                        if let versus = mine.aucVersusBestBaseline, versus.high < 0 { clearlyBehindAUC! += 1 }
                    }
                }
                result.append(Summary(task: task, name: name, isBaseline: isBaseline, cutsScored: aucs.count,
                                      cutsWithPrecision: precisions.count,
                                      meanAUC: mean(aucs), sdAUC: sd(aucs), minAUC: aucs.min(),
                                      meanPrecision: mean(precisions), sdPrecision: sd(precisions),
                                      cutsBestAUC: bestAUC, cutsBestPrecision: bestPrecision,
                                      cutsLevelPrecision: levelPrecision, cutsClearlyBehindPrecision: clearlyBehind,
                                      cutsClearlyBehindAUC: clearlyBehindAUC))
            }
        }
        return result
    }

    static func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }

    /// Strictly above, by more than the rounding of a sum: the same hits summed in another order are a tie.
    static func beats(_ mine: Double, _ baseline: Double?) -> Bool { mine > (baseline ?? 0) + 1e-9 }

    /// Sample standard deviation; nil below two values.
    static func sd(_ xs: [Double]) -> Double? {
        guard xs.count > 1, let m = mean(xs) else { return nil }
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
    }

    /// Mann–Whitney AUC with average ranks for ties, weighted.
    static func auc(_ items: [(score: Double, positive: Bool, weight: Double)]) -> Double? {
        let order = items.indices.sorted { items[$0].score < items[$1].score }
        return auc(order: order, scores: items.map(\.score), positive: items.map(\.positive), weight: { items[$0].weight })
    }

    /// The same over candidates already put in ascending order of score, so a bootstrap that only changes the
    /// weights sorts once.
    static func auc(order: [Int], scores: [Double], positive: [Bool], weight: (Int) -> Double) -> Double? {
        var positiveWeight = 0.0, negativeWeight = 0.0, sum = 0.0
        var i = 0, negativesBelow = 0.0
        while i < order.count {
            var j = i, pos = 0.0, neg = 0.0
            while j < order.count, scores[order[j]] == scores[order[i]] {
                let w = weight(order[j])
                if positive[order[j]] { pos += w } else { neg += w }
                j += 1
            }
            sum += pos * (negativesBelow + neg / 2)
            negativesBelow += neg
            positiveWeight += pos
            negativeWeight += neg
            i = j
        }
        guard positiveWeight > 0, negativeWeight > 0 else { return nil }
        return sum / (positiveWeight * negativeWeight)
    }

    /// Ten bins of equal weight, by score (ties broken by `tiebreak`), lowest scores first.
    static func calibration(_ items: [(score: Double, positive: Bool, weight: Double, tiebreak: UInt64)]) -> [Decile] {
        let sorted = items.sorted { $0.score != $1.score ? $0.score < $1.score : $0.tiebreak < $1.tiebreak }
        let total = sorted.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return [] }
        var bins = (1...10).map { Decile(decile: $0, minScore: .infinity, maxScore: -.infinity, candidates: 0, positiveShare: 0) }
        var cumulative = 0.0
        for item in sorted {
            let bin = min(9, Int((cumulative + item.weight / 2) / total * 10))
            cumulative += item.weight
            bins[bin].minScore = min(bins[bin].minScore, item.score)
            bins[bin].maxScore = max(bins[bin].maxScore, item.score)
            bins[bin].candidates += item.weight
            if item.positive { bins[bin].positiveShare += item.weight }
        }
        return bins.filter { $0.candidates > 0 }.map { bin in
            var b = bin
            b.positiveShare /= b.candidates
            return b
        }
    }

    /// A uniform value in [0, 1) from the seed and an unordered pair of local indices: the random baseline and
    /// the tie-breaker of every ranking.
    static func pairHash(_ seed: UInt64, _ a: Int, _ b: Int) -> UInt64 {
        var r = SeededRandom(seed: seed ^ (UInt64(min(a, b)) << 32 | UInt64(max(a, b))))
        return r.next()
    }
}

/// Builds the snapshot known before a day once, and the examples of each task from it.
private struct CutBuilder {
    let nodes: [GraphNode]
    let events: [TieEvent]
    let options: LinkEvaluation.Options
    var snapshots: [Day: GraphSnapshot] = [:]

    init(nodes: [GraphNode], events: [TieEvent], options: LinkEvaluation.Options) {
        self.nodes = nodes
        self.events = events
        self.options = options
    }

    /// Events are sorted by day: binary search for the first on or after `day`.
    func firstIndex(onOrAfter day: Day) -> Int {
        var low = 0, high = events.count
        while low < high {
            let mid = (low + high) / 2
            if events[mid].day < day { low = mid + 1 } else { high = mid }
        }
        return low
    }

    mutating func snapshot(before day: Day) throws -> GraphSnapshot {
        if let known = snapshots[day] { return known }
        let end = firstIndex(onOrAfter: day)
        let built = try GraphSnapshot.build(nodes: nodes.map { $0.asOf(day) }, events: Array(events[..<end]))
        snapshots[day] = built
        return built
    }

    /// Pairs of people (local indices, low first) who logged a contact in [from, to).
    func contacts(_ people: PeopleGraph, from: Day, to: Day) -> Set<LinkEvaluation.Pair> {
        var result = Set<LinkEvaluation.Pair>()
        let start = firstIndex(onOrAfter: from)
        for event in events[start...] {
            guard event.day < to else { break }
            guard event.kind == .interaction, let a = try? people.index(of: event.a), let b = try? people.index(of: event.b),
                  a != b else { continue }
            result.insert(LinkEvaluation.Pair(a, b))
        }
        return result
    }

    mutating func evaluate(cut: Day) throws -> LinkEvaluation.Cut {
        let h = options.horizonDays
        let snapshot = try snapshot(before: cut)
        let tempo = options.fitTempo ? TieTempo.fit(snapshot: snapshot, before: cut, prior: options.model)
            : TieTempo.fit(gaps: [], prior: options.model)
        let model = tempo.model
        var learned = RankingWeights.handSet(model)
        if options.learn {
            // Learn from the windows before the cut: features known before T − h, outcomes in [T − h, T); in a
            // small directory also [T − 2h, T − h) from T − 2h, and so on (RankingLearner).
            var windows: [RankingLearner.LearningWindow] = []
            for i in 0..<RankingLearner.maximumWindows {
                let earlier = cut.adding(days: -h * (i + 1))
                let past = try self.snapshot(before: earlier)
                let pastPeople = PeopleGraph(snapshot: past)
                let pastModel = options.fitTempo ? TieTempo.fit(snapshot: past, before: earlier, prior: options.model).model : options.model
                windows.append(.init(known: past, people: pastPeople, outcomes: contacts(pastPeople, from: earlier, to: earlier.adding(days: h)),
                                     start: earlier, model: pastModel))
            }
            learned = RankingLearner.learn(window: { $0 < windows.count ? windows[$0] : nil }, fallback: model, options: options)
        }
        let people = PeopleGraph(snapshot: snapshot)
        let outcomes = contacts(people, from: cut, to: cut.adding(days: h))
        var study = TaskStudy(snapshot: snapshot, people: people, outcomes: outcomes, now: cut, model: model,
                              weights: learned, options: options, collectTopK: true)
        let reconnect = study.reconnect(), meet = study.meet()
        return LinkEvaluation.Cut(
            cut: cut, end: cut.adding(days: h), people: study.eligible.filter { $0 }.count, trainingTies: people.edgeCount,
            tempo: tempo,
            reconnect: reconnect.result(weights: learned, seed: options.seed ^ UInt64(cut.ordinal)),
            meet: meet.result(weights: learned, seed: options.seed ^ UInt64(cut.ordinal)))
    }
}

extension Array where Element == Double {
    init(_ v: SIMD16<Double>, count: Int) { self = (0..<count).map { v[$0] } }
}

/// The candidates of one task at one cut, scored by every ranking.
struct TaskOutcome {
    struct Example {
        var features: SIMD16<Double>
        var positive: Bool
    }
    let task: LinkEvaluation.Task
    let names: [String]
    let isBaseline: [Bool]
    /// Per ranking, per person with more than k candidates: that person's precision@k (summed for the mean, paired
    /// for the differences).
    var personPrecisions: [[Double]]
    var evaluatedPeople = 0
    var precisionPeople = 0
    var randomPrecisionSum = 0.0
    var bestPossiblePrecisionSum = 0.0
    var candidates = 0
    var positives = 0
    /// The pooled sample for AUC and calibration: scores per ranking, label, weight, tiebreak, and the person
    /// whose list the candidate is in.
    var pooled: [(scores: [Double], positive: Bool, weight: Double, tiebreak: UInt64, person: Int)] = []
    /// Features and labels for learning (the same pooled sample).
    var examples: [Example] = []
    /// For learning (reconnect): the lists with a positive and more than k candidates, for `topK`.
    var lists: [PersonList] = []

    /// One person's candidates: features, labels and the pair hashes that break ties.
    struct PersonList {
        var features: [SIMD16<Double>] = []
        var labels: [Bool] = []
        var tiebreaks: [UInt64] = []
    }

    /// One evaluated person's list, scored by every ranking: it enters precision@k only when it holds more than k
    /// candidates; otherwise every ranking's top k is the whole list and all of them tie.
    mutating func addPrecision(_ scores: [[Double]], labels: [Bool], tiebreaks: [UInt64], positives: Int, study: TaskStudy) {
        guard labels.count > study.options.k else { return }
        precisionPeople += 1
        randomPrecisionSum += Double(positives) / Double(labels.count)
        bestPossiblePrecisionSum += Double(min(positives, study.options.k)) / Double(study.options.k)
        let hits = study.topKHits(scores, labels: labels, tiebreaks: tiebreaks)
        for r in hits.indices { personPrecisions[r].append(hits[r]) }
    }

    init(task: LinkEvaluation.Task, names: [String], isBaseline: [Bool]) {
        self.task = task
        self.names = names
        self.isBaseline = isBaseline
        personPrecisions = Array(repeating: [], count: names.count)
    }

    func result(weights: RankingWeights, seed: UInt64) -> LinkEvaluation.TaskResult {
        let precisionSums = personPrecisions.map { $0.reduce(0, +) }
        // The baseline with the most hits (the first of equals, as `max` keeps): the one a Bailanys ranking is
        // compared with, person by person.
        let bestBaseline = names.indices.filter { isBaseline[$0] }.max { precisionSums[$0] < precisionSums[$1] }
        let aucs = names.indices.map { r in LinkEvaluation.auc(pooled.map { ($0.scores[r], $0.positive, $0.weight) }) }
        let bestAUCBaseline = names.indices.filter { isBaseline[$0] && aucs[$0] != nil }.max { aucs[$0]! < aucs[$1]! }
        let rankings = names.indices.map { r in
            LinkEvaluation.Ranking(
                name: names[r], isBaseline: isBaseline[r],
                precisionAtK: precisionPeople == 0 ? nil : precisionSums[r] / Double(precisionPeople),
                auc: aucs[r],
                calibration: LinkEvaluation.calibration(pooled.map { ($0.scores[r], $0.positive, $0.weight, $0.tiebreak) }),
                versusBestBaseline: isBaseline[r] ? nil : bestBaseline.flatMap {
                    LinkEvaluation.PairedDifference.between(personPrecisions[r], personPrecisions[$0], baseline: names[$0])
                },
                aucVersusBestBaseline: isBaseline[r] ? nil : bestAUCBaseline.flatMap { b in
                    LinkEvaluation.PairedDifference.aucBetween(
                        pooled.map { $0.scores[r] }, pooled.map { $0.scores[b] }, positive: pooled.map(\.positive),
                        weight: pooled.map(\.weight), person: pooled.map(\.person), baseline: names[b], seed: seed)
                })
        }
        let (values, labels): ([Double], [String]) = task == .meet
            ? (weights.meet, MeetFeature.allCases.map(\.description))
            : (weights.reconnect, ReconnectFeature.allCases.map(\.description))
        return LinkEvaluation.TaskResult(
            task: task, candidates: candidates, positives: positives, evaluatedPeople: evaluatedPeople,
            precisionPeople: precisionPeople,
            randomPrecision: precisionPeople == 0 ? nil : randomPrecisionSum / Double(precisionPeople),
            bestPossiblePrecision: precisionPeople == 0 ? nil : bestPossiblePrecisionSum / Double(precisionPeople), rankings: rankings,
            weightsSource: task == .meet ? weights.meetSource : weights.reconnectSource,
            weights: Dictionary(uniqueKeysWithValues: zip(labels, values)))
    }
}

struct TaskStudy {
    let snapshot: GraphSnapshot
    let people: PeopleGraph
    let outcomes: Set<LinkEvaluation.Pair>
    let now: Day
    let model: TieModel
    let weights: RankingWeights
    let options: LinkEvaluation.Options
    let collectTopK: Bool
    let eligible: [Bool]
    /// Snapshot index of each local person.
    let snapshotIndex: [Int]
    /// `SuggestionContext.activeLately` of every snapshot node at `now`, computed once for all people's lists.
    let activeLately: [Double]

    init(snapshot: GraphSnapshot, people: PeopleGraph, outcomes: Set<LinkEvaluation.Pair>, now: Day, model: TieModel,
         weights: RankingWeights, options: LinkEvaluation.Options, collectTopK: Bool) {
        self.snapshot = snapshot
        self.people = people
        self.outcomes = outcomes
        self.now = now
        self.model = model
        self.weights = weights
        self.options = options
        self.collectTopK = collectTopK
        snapshotIndex = people.ids.map { try! snapshot.personIndex(of: $0) }
        eligible = snapshotIndex.map { snapshot.profiles.suggestable[$0] }
        let any = SuggestionContext(snapshot: snapshot, me: 0, now: now, model: model)
        activeLately = snapshot.nodes.indices.map { any.activeLately($0) }
    }

    func suggestionContext(_ u: Int) -> SuggestionContext {
        var context = SuggestionContext(snapshot: snapshot, me: snapshotIndex[u], now: now, model: model)
        context.computesAllFeatures = true
        context.activeLatelyCache = activeLately
        return context
    }

    /// New ties: pairs with no tie before `now` who logged a contact in the window, by person; and the people
    /// evaluated for meet (a new tie and an earlier tie), ascending.
    func newTies() -> (byPerson: [Int: Set<Int>], evaluated: [Int]) {
        var newByPerson: [Int: Set<Int>] = [:]
        for pair in outcomes where eligible[pair.u] && eligible[pair.v] && !people.adjacent(pair.u, pair.v) {
            newByPerson[pair.u, default: []].insert(pair.v)
            newByPerson[pair.v, default: []].insert(pair.u)
        }
        return (newByPerson, newByPerson.keys.filter { people.degree($0) > 0 }.sorted())
    }

    /// Summed precision@k of each weight vector over `lists` (people with more than k candidates and a
    /// positive), and how many there are: the learner's check of its candidates on its own window.
    func topK(_ vectors: [[Double]], _ lists: [TaskOutcome.PersonList]) -> (sums: [Double], people: Int) {
        let w = vectors.map(SuggestionContext.vector)
        var sums = [Double](repeating: 0, count: vectors.count)
        for list in lists {
            let scores = w.map { w in list.features.map { (w * $0).sum() } }
            let hits = topKHits(scores, labels: list.labels, tiebreaks: list.tiebreaks)
            for r in hits.indices { sums[r] += hits[r] }
        }
        return (sums, lists.count)
    }

    /// As `topK`, for meet: over at most `maximumPeople` of the evaluated people (evenly spread, so the
    /// cost stays bounded at 100k), each over every person they had no tie with.
    func meetTopK(_ vectors: [[Double]], maximumPeople: Int) -> (sums: [Double], people: Int) {
        let (newByPerson, evaluated) = newTies()
        let chosen = evaluated.count <= maximumPeople ? evaluated
            : (0..<maximumPeople).map { evaluated[$0 * evaluated.count / maximumPeople] }
        var sums = [Double](repeating: 0, count: vectors.count), count = 0
        let w = vectors.map(SuggestionContext.vector)
        for u in chosen {
            let positives = newByPerson[u]!
            let context = suggestionContext(u)
            let evidence = context.meetEvidence()
            var scores = Array(repeating: [Double](), count: vectors.count)
            var labels: [Bool] = [], tiebreaks: [UInt64] = []
            for v in people.ids.indices where v != u && eligible[v] && !people.adjacent(u, v) {
                let x = context.meetFeatures(snapshotIndex[v], evidence[snapshotIndex[v]])
                for r in w.indices { scores[r].append((w[r] * x).sum()) }
                labels.append(positives.contains(v))
                tiebreaks.append(LinkEvaluation.pairHash(options.seed, u, v))
            }
            guard labels.count > options.k else { continue }
            let hits = topKHits(scores, labels: labels, tiebreaks: tiebreaks)
            for r in hits.indices { sums[r] += hits[r] }
            count += 1
        }
        return (sums, count)
    }

    func dot(_ w: [Double], _ x: SIMD16<Double>) -> Double {
        var s = 0.0
        for i in w.indices { s += w[i] * x[i] }
        return s
    }

    /// Hits in the top k of one person's list, for every ranking, ties broken by the pair hash.
    func topKHits(_ scores: [[Double]], labels: [Bool], tiebreaks: [UInt64]) -> [Double] {
        let k = options.k
        return scores.map { s in
            // The k best by (score desc, tiebreak asc), kept sorted in a small array: O(n · k) at worst.
            var best: [Int] = []
            best.reserveCapacity(k + 1)
            func before(_ a: Int, _ b: Int) -> Bool { s[a] != s[b] ? s[a] > s[b] : tiebreaks[a] < tiebreaks[b] }
            for i in s.indices {
                if best.count == k, !before(i, best[k - 1]) { continue }
                var position = best.count
                while position > 0, before(i, best[position - 1]) { position -= 1 }
                best.insert(i, at: position)
                if best.count > k { best.removeLast() }
            }
            return Double(best.filter { labels[$0] }.count) / Double(k)
        }
    }

    // MARK: Reconnect

    /// `progress` hears the fraction of people done.
    mutating func reconnect(progress: (Double) -> Void = { _ in }) -> TaskOutcome {
        let names = ["reconnect (learned)", "reconnect (hand-set)", "recency", "contact count", "current strength", "peak", "random"]
        var outcome = TaskOutcome(task: .reconnect, names: names, isBaseline: [false, false, true, true, true, true, true])
        let hand = RankingWeights.handSet(model).reconnect, learned = weights.reconnect
        var ticks = ProgressTicks(total: people.ids.count)
        for u in people.ids.indices where eligible[u] {
            ticks.advance(u, progress)
            let ties = suggestionContext(u).fadingTies()
            guard !ties.isEmpty else { continue }
            var scores = Array(repeating: [Double](), count: names.count)
            var labels: [Bool] = [], tiebreaks: [UInt64] = []
            for tie in ties {
                guard let v = try? people.index(of: snapshot.nodes[tie.other].id) else { continue }
                let x = tie.features, state = tie.state
                let hash = LinkEvaluation.pairHash(options.seed, u, v)
                let row = [dot(learned, x), dot(hand, x), Double(state.lastContact!.ordinal),
                           Double(state.eventCounts.wrappedSum()), state.strength, state.peak,
                           Double(hash >> 11) * 0x1.0p-53]
                for r in row.indices { scores[r].append(row[r]) }
                let positive = outcomes.contains(LinkEvaluation.Pair(u, v))
                labels.append(positive)
                tiebreaks.append(hash)
                outcome.pooled.append((row, positive, 1, hash, u))
                outcome.examples.append(.init(features: x, positive: positive))
            }
            outcome.candidates += labels.count
            let positives = labels.filter { $0 }.count
            outcome.positives += positives
            if !collectTopK, positives > 0, labels.count > options.k {
                outcome.lists.append(.init(features: Array(outcome.examples.suffix(labels.count).map(\.features)), labels: labels,
                                           tiebreaks: tiebreaks))
            }
            guard collectTopK, positives > 0 else { continue }
            outcome.evaluatedPeople += 1
            outcome.addPrecision(scores, labels: labels, tiebreaks: tiebreaks, positives: positives, study: self)
        }
        return outcome
    }

    // MARK: Meet

    /// `progress` hears the fraction of evaluated people done.
    mutating func meet(progress: (Double) -> Void = { _ in }) -> TaskOutcome {
        let names = ["meet (learned)", "meet (hand-set)", "common neighbours", "resource allocation", "adamic-adar",
                     "jaccard", "preferential attachment", "same latest round", "same place", "random"]
        var outcome = TaskOutcome(task: .meet, names: names, isBaseline: [false, false] + Array(repeating: true, count: 8))
        // New ties: pairs with no tie before the cut who logged a contact in the window.
        let (newByPerson, evaluated) = newTies()
        let eligibleCount = eligible.filter { $0 }.count
        // Each evaluated person's non-positive candidates are kept with one probability, so that about
        // `negativeSamples` of them are pooled; each kept one stands for 1 / q of them.
        let totalNegatives = evaluated.reduce(0) { $0 + eligibleCount - 1 - people.degree($1) }
        let q = min(1, Double(options.negativeSamples) / Double(max(1, totalNegatives)))
        let hand = RankingWeights.handSet(model).meet, learned = weights.meet
        var scratch = PeopleGraph.TwoHop(count: people.nodeCount)
        var random = SeededRandom(seed: options.seed)
        var ticks = ProgressTicks(total: evaluated.count)
        for (done, u) in evaluated.enumerated() {
            ticks.advance(done, progress)
            let positives = newByPerson[u]!
            let context = suggestionContext(u)
            let evidence = context.meetEvidence()
            scratch.reset()
            people.accumulate(u, into: &scratch, onlyAbove: false)
            var scores = Array(repeating: [Double](), count: names.count)
            var labels: [Bool] = [], tiebreaks: [UInt64] = []
            if collectTopK {
                for r in scores.indices { scores[r].reserveCapacity(eligibleCount) }
                labels.reserveCapacity(eligibleCount)
                tiebreaks.reserveCapacity(eligibleCount)
            }
            func consider(_ v: Int, keep: Bool) {
                let positive = positives.contains(v)
                let x = context.meetFeatures(snapshotIndex[v], evidence[snapshotIndex[v]])
                let hash = LinkEvaluation.pairHash(options.seed, u, v)
                let row = [dot(learned, x), dot(hand, x),
                           people.score(.commonNeighbors, u, v, scratch), people.score(.resourceAllocation, u, v, scratch),
                           people.score(.adamicAdar, u, v, scratch), people.score(.jaccard, u, v, scratch),
                           people.score(.preferentialAttachment, u, v, scratch),
                           x[MeetFeature.sameLatestRound.rawValue], x[MeetFeature.sameSettlement.rawValue],
                           Double(hash >> 11) * 0x1.0p-53]
                if collectTopK {
                    for r in row.indices { scores[r].append(row[r]) }
                    labels.append(positive)
                    tiebreaks.append(hash)
                }
                if keep {
                    outcome.pooled.append((row, positive, positive ? 1 : 1 / q, hash, u))
                    outcome.examples.append(.init(features: x, positive: positive))
                }
            }
            if collectTopK {
                for v in people.ids.indices where v != u && eligible[v] && !people.adjacent(u, v) {
                    consider(v, keep: positives.contains(v) || random.unit() < q)
                }
            } else {
                // Learning needs only the sample: every positive, and about q of the others drawn at random.
                for v in positives.sorted() { consider(v, keep: true) }
                let draws = Int((q * Double(eligibleCount - 1 - people.degree(u))).rounded(.up))
                for _ in 0..<draws {
                    let v = Int(random.next() % UInt64(people.nodeCount))
                    guard v != u, eligible[v], !people.adjacent(u, v), !positives.contains(v) else { continue }
                    consider(v, keep: true)
                }
            }
            outcome.candidates += eligibleCount - 1 - people.degree(u)
            outcome.positives += positives.count
            guard collectTopK else { continue }
            outcome.evaluatedPeople += 1
            outcome.addPrecision(scores, labels: labels, tiebreaks: tiebreaks, positives: positives.count, study: self)
        }
        return outcome
    }
}

extension LinkEvaluation {
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

/// Weights learned from the directory's own history: which fading ties renewed and which untied pairs made
/// contact in the last window, from what was known at its start. A task with fewer than
/// `LinkEvaluation.minimumPositivesToLearn` positives keeps the hand-set weights (a young directory).
public enum RankingLearner {
    /// Changes when the learner or the features change, so weights cached by an older one are not reused.
    public static let version = 2

    /// The meet lists ranked to check the candidate weights' precision@k hold about this many candidates in all
    /// (people × directory size): 450 people at 8,900, 40 at 100k, so the cost stays bounded.
    static let selectionCandidates = 4_000_000

    /// The window to learn from: six months, scaled by the directory's tempo (at least two weeks).
    public static func horizonDays(_ tempo: TieTempo) -> Int { max(14, Int((182 * tempo.halfLifeScale).rounded())) }

    /// Learns from `snapshot` at `now`: features known before now − horizon, outcomes in [now − horizon, now), and
    /// in a small directory the windows before that too (see `learn(window:)`). `progress` hears the fraction done.
    public static func learn(snapshot: GraphSnapshot, now: Day, model: TieModel, horizonDays: Int,
                             seed: UInt64 = 2021, progress: (Double) -> Void = { _ in }) throws -> RankingWeights {
        try learn(window: { i in
            let end = now.adding(days: -horizonDays * i), start = end.adding(days: -horizonDays)
            // The parts' shares of the time at 100k people (one window), so the fraction reported moves at about
            // an even pace; earlier windows only come in a small directory, where it hardly matters.
            let known = try snapshot.known(before: start) { if i == 0 { progress(0.2 * $0) } }
            let people = PeopleGraph(snapshot: known)
            var outcomes = Set<LinkEvaluation.Pair>()
            var ticks = ProgressTicks(total: snapshot.edgeCount)
            for edge in 0..<snapshot.edgeCount {
                if i == 0 { ticks.advance(edge) { progress(0.25 + 0.1 * $0) } }
                let a = snapshot.nodes[Int(snapshot.edgeLow[edge])], b = snapshot.nodes[Int(snapshot.edgeHigh[edge])]
                guard a.isPerson, b.isPerson else { continue }
                let contacted = snapshot.events(of: edge).contains { i in
                    snapshot.kind(ofEvent: i) == .interaction && snapshot.eventDays[i] >= Int32(start.ordinal)
                        && snapshot.eventDays[i] < Int32(end.ordinal)
                }
                if contacted, let u = try? people.index(of: a.id), let v = try? people.index(of: b.id) {
                    outcomes.insert(LinkEvaluation.Pair(u, v))
                }
            }
            return LearningWindow(known: known, people: people, outcomes: outcomes, start: start, model: model)
        }, fallback: model, options: .init(horizonDays: horizonDays, seed: seed, model: model)) { progress(0.35 + 0.65 * $0) }
    }

    /// One window to learn from: the directory as known at `start`, and the pairs (local indices of `people`) who
    /// logged a contact in the window after it.
    struct LearningWindow {
        var known: GraphSnapshot
        var people: PeopleGraph
        var outcomes: Set<LinkEvaluation.Pair>
        var start: Day
        var model: TieModel
    }

    /// Earlier windows are pooled while the windows so far hold fewer fading ties than this (a small directory,
    /// whose one window is a noisy sample), up to `maximumWindows`; a large directory learns from one window, so
    /// its cost does not grow.
    static let smallDirectoryTies = 20_000
    static let maximumWindows = 3

    /// Learns from `window(0)` (the latest), `window(1)` (the one before it), … : a non-negative logistic fit on
    /// the pooled examples of each task, then `WeightSelection` among the fit and its variants by how they rank
    /// the same windows. A task with too few positives keeps the hand-set weights of `fallback`.
    static func learn(window: (Int) throws -> LearningWindow?, fallback: TieModel, options: LinkEvaluation.Options,
                      progress: (Double) -> Void = { _ in }) rethrows -> RankingWeights {
        var weights = RankingWeights.handSet(fallback)
        var studies: [TaskStudy] = []
        var reconnectExamples: [TaskOutcome.Example] = [], meetExamples: [TaskOutcome.Example] = []
        var reconnectLists: [TaskOutcome.PersonList] = []
        for i in 0..<maximumWindows {
            guard i == 0 || reconnectExamples.count < smallDirectoryTies, let w = try window(i) else { break }
            var study = TaskStudy(snapshot: w.known, people: w.people, outcomes: w.outcomes, now: w.start, model: w.model,
                                  weights: weights, options: options, collectTopK: false)
            let r = study.reconnect { if i == 0 { progress(0.6 * $0) } }
            reconnectExamples += r.examples
            reconnectLists += r.lists
            meetExamples += study.meet { if i == 0 { progress(0.6 + 0.2 * $0) } }.examples
            studies.append(study)
        }
        if reconnectExamples.filter(\.positive).count >= LinkEvaluation.minimumPositivesToLearn {
            let rows = reconnectExamples.map { Array($0.features, count: ReconnectFeature.allCases.count) }
            let labels = reconnectExamples.map(\.positive)
            let candidates = WeightSelection.candidates(fitted: NonNegativeLogistic.fit(rows, labels), rows: rows)
            let (sums, people) = studies[0].topK(candidates, reconnectLists)
            weights.reconnect = candidates[WeightSelection.choose(
                candidates, rows: rows, labels: labels,
                precision: people < WeightSelection.minimumPrecisionPeople ? nil : sums.map { $0 / Double(people) })]
            weights.reconnectSource = .learned
        }
        progress(0.85)
        if meetExamples.filter(\.positive).count >= LinkEvaluation.minimumPositivesToLearn {
            let rows = meetExamples.map { Array($0.features, count: MeetFeature.allCases.count) }, labels = meetExamples.map(\.positive)
            let candidates = WeightSelection.candidates(fitted: NonNegativeLogistic.fit(rows, labels), rows: rows)
            var sums = [Double](repeating: 0, count: candidates.count), people = 0
            for study in studies {
                let found = study.meetTopK(candidates, maximumPeople: max(1, selectionCandidates / max(1, study.people.nodeCount) / studies.count))
                for r in sums.indices { sums[r] += found.sums[r] }
                people += found.people
            }
            weights.meet = candidates[WeightSelection.choose(
                candidates, rows: rows, labels: labels,
                precision: people < WeightSelection.minimumPrecisionPeople ? nil : sums.map { $0 / Double(people) })]
            weights.meetSource = .learned
        }
        progress(1)
        return weights
    }
}
