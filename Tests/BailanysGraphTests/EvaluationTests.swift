import BailanysCore
import Testing
@testable import BailanysGraph

@Suite struct LinkEvaluationTests {
    func options(_ days: Int, cuts: Int = 1, k: Int = 2) -> LinkEvaluation.Options {
        .init(horizonDays: days, cuts: cuts, k: k, negativeSamples: 1000, seed: 1, fitTempo: false, learn: false)
    }

    /// A star around P1 plus P4–P5: the hidden contact P2–P3 closes a triangle, so every neighbourhood index
    /// ranks it first for P2 and P3; an opted-out person's new contact is not counted.
    @Test func hiddenContactsArePredictedFromTheEarlierGraph() throws {
        var graph = GraphBuilder()
        for n in 1...6 { graph.addPerson(n, optOut: n == 6) }
        for n in 2...4 { graph.link(person(1), person(n), "2024-01-10") }
        graph.link(person(5), person(4), "2024-02-01")
        graph.link(person(2), person(3), "2026-05-01")   // hidden, predictable
        graph.link(person(5), person(6), "2026-05-02")   // hidden, but P6 opted out
        graph.link(person(2), person(1), "2026-05-03")   // not new
        graph.link(person(4), person(5), "2021-01-01", .mentorship)  // fading by the cut …
        graph.link(person(5), person(4), "2026-05-04")   // … and renewed
        let report = try LinkEvaluation.run(nodes: graph.nodes, events: graph.events, end: day("2026-06-01"),
                                            options: options(182))
        let cut = try #require(report.cuts.first)
        #expect(cut.cut == day("2025-12-01"))
        #expect(cut.people == 5)
        #expect(cut.trainingTies == 4)
        #expect(cut.meet.positives == 2, "P2–P3 from both sides")
        #expect(cut.meet.evaluatedPeople == 2)
        #expect(cut.meet.precisionPeople == 2, "each has 3 untied candidates, more than k = 2")
        let byName = Dictionary(uniqueKeysWithValues: cut.meet.rankings.map { ($0.name, $0) })
        for name in ["common neighbours", "adamic-adar", "resource allocation", "jaccard", "meet (hand-set)"] {
            // Top 2 for P2: P3 and P4 (both via P1); so precision 1/2 for each of P2 and P3.
            #expect(byName[name]?.precisionAtK == 0.5, "\(name)")
        }
        for name in ["common neighbours", "adamic-adar", "resource allocation", "jaccard"] {
            #expect(try #require(byName[name]?.auc) > 0.5, "\(name)")
        }
        // The hand-set score breaks the tie between P3 and P4 by activity: P4 keeps two ties, P3 one.
        #expect(byName["meet (hand-set)"]?.auc == 0.5)
        let chance = try #require(cut.meet.randomPrecision)
        #expect(chance > 0 && chance <= 0.5)
        // Reconnect: the one fading tie was renewed; each end lists it first.
        #expect(cut.reconnect.candidates == 2)
        #expect(cut.reconnect.positives == 2)
        #expect(cut.reconnect.evaluatedPeople == 2)
        #expect(cut.reconnect.precisionPeople == 0, "a list of one is held whole by every ranking")
        #expect(cut.reconnect.rankings.allSatisfy { $0.precisionAtK == nil })
        #expect(cut.reconnect.randomPrecision == nil)
        #expect(cut.reconnect.bestPossiblePrecision == nil)
        #expect(cut.reconnect.rankings.allSatisfy { $0.auc == nil }, "no quiet fading tie to compare with")
        let again = try LinkEvaluation.run(nodes: graph.nodes, events: graph.events, end: day("2026-06-01"), options: options(182))
        #expect(again == report)
    }

    /// precision@k counts only people with more than k candidates: with k or fewer, every ranking's top k is the
    /// whole list, so every ranking ties and the figure says nothing. P1 has three fading ties and renews the
    /// one it had least contact with; P2, P5 and P6 renew their only fading tie.
    @Test func precisionCountsOnlyListsLongerThanK() throws {
        var graph = GraphBuilder()
        for n in 1...6 { graph.addPerson(n) }
        for (n, contacts) in [(2, 1), (3, 3), (4, 3)] {
            for i in 0..<contacts { graph.link(person(1), person(n), day("2021-01-01").adding(days: i).iso, .mentorship) }
        }
        graph.link(person(5), person(6), "2021-01-01", .mentorship)
        graph.link(person(1), person(2), "2026-05-04")   // renewed: the tie with the fewest contacts
        graph.link(person(5), person(6), "2026-05-04")   // renewed, a list of one at each end
        let report = try LinkEvaluation.run(nodes: graph.nodes, events: graph.events, end: day("2026-06-01"),
                                            options: options(182))
        let reconnect = try #require(report.cuts.first?.reconnect)
        #expect(reconnect.candidates == 8)
        #expect(reconnect.evaluatedPeople == 4, "P1, P2, P5 and P6 renewed a fading tie")
        #expect(reconnect.precisionPeople == 1, "only P1 has more than k = 2 candidates")
        let byName = Dictionary(uniqueKeysWithValues: reconnect.rankings.map { ($0.name, $0) })
        // P1's top two by contact count are P3 and P4, which did not renew: 0 hits. Counted over everyone (as
        // before), the three single-tie lists would each add 1 / 2 and lift it to 0.375.
        #expect(byName["contact count"]?.precisionAtK == 0)
        #expect(reconnect.randomPrecision == 1.0 / 3)
        #expect(reconnect.bestPossiblePrecision == 0.5, "one renewed tie among P1's top two at best")
        let summary = try #require(report.summary.first { $0.task == .reconnect && $0.name == "reconnect (learned)" })
        #expect(summary.cutsWithPrecision == 1)
    }

    /// The old evaluation cut events but not attributes: a round starting after the cut, and today's
    /// "continuing" status, were visible to the scores. As of the cut neither exists.
    @Test func attributesAreTakenAsOfTheCut() throws {
        let later = RoundRef(id: EntityID(.round, 9), year: 2026, number: 1, format: .online, start: day("2026-03-01"))
        let node = GraphNode.person(person(1), name: "P", settlement: "aktau", region: "mangystau", latitude: 0, longitude: 0,
                                    rounds: [Rounds.first, later],
                                    initiatives: [membership(1, status: .continuing, round: Rounds.first),
                                                  membership(2, status: .continuing, round: later)])
        let known = node.asOf(day("2026-01-01"))
        #expect(known.rounds == [Rounds.first])
        #expect(known.initiatives.map(\.initiative) == [EntityID(.initiative, 1)])
        #expect(known.initiatives.allSatisfy { $0.status != .continuing })

        // Two strangers whose only link is the round starting after the cut, who meet in the window: the
        // "same latest round" baseline and the hand-set score must not see that round.
        var graph = GraphBuilder()
        graph.addPerson(1, rounds: [Rounds.first, later])
        graph.addPerson(2, at: .shymkent, rounds: [Rounds.second, later])
        graph.addPerson(3, at: .shymkent, rounds: [Rounds.second])
        graph.addPerson(4, rounds: [Rounds.first])
        graph.link(person(1), person(4), "2025-01-01")
        graph.link(person(2), person(3), "2025-01-01")
        graph.link(person(1), person(2), "2026-03-05")
        let report = try LinkEvaluation.run(nodes: graph.nodes, events: graph.events, end: day("2026-06-01"), options: options(182))
        let meet = try #require(report.cuts.first?.meet)
        #expect(meet.positives == 2)
        let sameRound = try #require(meet.rankings.first { $0.name == "same latest round" })
        #expect(sameRound.auc == 0.5, "no round in common before the cut: every candidate scores 0")
    }

    @Test func rollingCutsTileBackwardsAndSummarise() throws {
        var graph = GraphBuilder()
        for n in 1...8 { graph.addPerson(n) }
        var dayNumber = day("2025-01-01")
        for i in 0..<60 {
            graph.link(person(1 + i % 8), person(1 + (i * 3 + 1) % 8), dayNumber.iso)
            dayNumber = dayNumber.adding(days: 5)
        }
        let report = try LinkEvaluation.run(nodes: graph.nodes, events: graph.events, end: day("2025-10-01"),
                                            options: options(30, cuts: 3))
        #expect(report.cuts.map(\.cut) == [day("2025-07-03"), day("2025-08-02"), day("2025-09-01")])
        #expect(report.cuts.map(\.end) == [day("2025-08-02"), day("2025-09-01"), day("2025-10-01")])
        #expect(report.summary.count == report.cuts[0].reconnect.rankings.count + report.cuts[0].meet.rankings.count)
    }

    /// A cut where a baseline reaches the same precision@k (say both at the best possible) is level, not lost; a
    /// cut where a baseline is ahead is neither beaten nor level, and clearly behind when the paired interval is
    /// below 0.
    @Test func summaryCountsLevelPrecisionApartFromWins() {
        func task(_ task: LinkEvaluation.Task, mine: Double, baseline: Double) -> LinkEvaluation.TaskResult {
            // Per person, the baseline's precision and mine two apart or level, as the cut's means say.
            let theirs = [baseline - 0.05, baseline + 0.05], ours = theirs.map { $0 + mine - baseline }
            let versus = LinkEvaluation.PairedDifference.between(ours, theirs, baseline: "base")
            return .init(task: task, candidates: 10, positives: 2, evaluatedPeople: 2, precisionPeople: 2, randomPrecision: 0.1,
                         bestPossiblePrecision: 0.2,
                         rankings: [.init(name: "mine", isBaseline: false, precisionAtK: mine, auc: 0.6, calibration: [],
                                          versusBestBaseline: versus, aucVersusBestBaseline: versus),
                                    .init(name: "base", isBaseline: true, precisionAtK: baseline, auc: 0.6, calibration: [])],
                         weightsSource: .learned, weights: [:])
        }
        let tempo = TieTempo(gaps: 0, medianGapDays: nil, p90GapDays: nil, confidence: 0, halfLifeScale: 1, model: .standard)
        let cuts = [(0.2, 0.2), (0.2, 0.1), (0.1, 0.2)].map { mine, baseline in
            LinkEvaluation.Cut(cut: day("2025-01-01"), end: day("2025-01-15"), people: 2, trainingTies: 1, tempo: tempo,
                               reconnect: task(.reconnect, mine: mine, baseline: baseline),
                               meet: task(.meet, mine: mine, baseline: baseline))
        }
        let mine = LinkEvaluation.summarize(cuts).first { $0.task == .reconnect && $0.name == "mine" }
        #expect(mine?.cutsBestPrecision == 1)
        #expect(mine?.cutsLevelPrecision == 2)
        // Behind by 0.1 at every person: no spread, so the interval is that one value and below 0.
        #expect(mine?.cutsClearlyBehindPrecision == 1)
        #expect(mine?.cutsClearlyBehindAUC == 1)
        #expect(LinkEvaluation.summarize(cuts).first { $0.name == "base" }?.cutsLevelPrecision == nil)
    }

    /// The paired difference: mean of per-person differences with d̄ ± 1.96 s/√n; none below two people.
    @Test func pairedDifferenceOfPrecisions() throws {
        let versus = try #require(LinkEvaluation.PairedDifference.between([0.2, 0.1, 0.3, 0.2], [0.1, 0.1, 0.1, 0.2], baseline: "b"))
        // Differences 0.1, 0, 0.2, 0: mean 0.075, sample sd √(0.0275 / 3).
        let half = 1.96 * (0.0275 / 3).squareRoot() / 2
        #expect(abs(versus.difference - 0.075) < 1e-12)
        #expect(abs(versus.low - (0.075 - half)) < 1e-12 && abs(versus.high - (0.075 + half)) < 1e-12)
        #expect(versus.people == 4 && versus.baseline == "b")
        #expect(LinkEvaluation.PairedDifference.between([0.3], [0.1], baseline: "b") == nil)
    }

    /// The AUC difference is exact on the whole sample and its bootstrap interval resamples people: a ranking
    /// against itself differs by nothing; a perfect ranking against a useless one is ahead beyond the interval;
    /// the same seed gives the same interval.
    @Test func aucDifferenceIsBootstrappedOverPeople() throws {
        // Ten people, each with one positive and three negatives.
        let person = (0..<40).map { $0 / 4 }, positive = (0..<40).map { $0 % 4 == 0 }, weight = [Double](repeating: 1, count: 40)
        let perfect = positive.map { $0 ? 1.0 : 0 }, useless = (0..<40).map { Double(($0 * 7) % 5) }
        let same = try #require(LinkEvaluation.PairedDifference.aucBetween(perfect, perfect, positive: positive, weight: weight,
                                                                           person: person, baseline: "b", seed: 1))
        #expect(same.difference == 0 && same.low == 0 && same.high == 0 && same.people == 10)
        let ahead = try #require(LinkEvaluation.PairedDifference.aucBetween(perfect, useless, positive: positive, weight: weight,
                                                                            person: person, baseline: "b", seed: 1))
        let exact = try #require(LinkEvaluation.auc(zip(useless, positive).map { ($0, $1, 1) }))
        #expect(abs(ahead.difference - (1 - exact)) < 1e-12)
        #expect(ahead.low > 0 && ahead.low <= ahead.difference && ahead.difference <= ahead.high)
        #expect(LinkEvaluation.PairedDifference.aucBetween(perfect, useless, positive: positive, weight: weight,
                                                           person: person, baseline: "b", seed: 1) == ahead)
    }

    /// Equal hit counts summed in another order differ in the last bit: that is a tie, not a win.
    @Test func beatingIsStrictBeyondRounding() {
        let a = [0.1, 0.2, 0.3].reduce(0, +), b = [0.3, 0.2, 0.1].reduce(0, +)
        #expect(a != b)
        #expect(!LinkEvaluation.beats(max(a, b), min(a, b)))
        #expect(LinkEvaluation.beats(0.0605, 0.0604))
        #expect(LinkEvaluation.beats(0.1, nil) && !LinkEvaluation.beats(0, nil))
    }

    @Test func aucCountsTiesAsHalfAndWeighs() {
        #expect(LinkEvaluation.auc([(1, true, 1), (0, false, 1)]) == 1)
        #expect(LinkEvaluation.auc([(1, true, 1), (1, false, 1)]) == 0.5)
        #expect(LinkEvaluation.auc([(0, true, 1), (1, false, 1)]) == 0)
        // One positive above one negative of weight 3 and below one of weight 1: 3 / 4.
        #expect(LinkEvaluation.auc([(1, true, 1), (0, false, 3), (2, false, 1)]) == 0.75)
        #expect(LinkEvaluation.auc([(1, true, 1)]) == nil)
    }

    @Test func calibrationSplitsTheWeightIntoTenths() {
        let items = (0..<100).map { (score: Double($0), positive: $0 >= 90, weight: 1.0, tiebreak: UInt64($0)) }
        let table = LinkEvaluation.calibration(items)
        #expect(table.count == 10)
        #expect(table.allSatisfy { $0.candidates == 10 })
        #expect(table.last?.positiveShare == 1)
        #expect(table.first?.positiveShare == 0)
        #expect(table.first?.minScore == 0 && table.last?.maxScore == 99)
    }
}

@Suite struct TieTempoTests {
    @Test func youngDirectoryKeepsThePrior() {
        let tempo = TieTempo.fit(gaps: [], prior: .standard)
        #expect(tempo.model == .standard)
        #expect(tempo.halfLifeScale == 1)
    }

    /// A network whose ties see a contact every 7 days (median) and 30 days at most (p90) gets half-lives and a
    /// fading threshold in weeks, not years, once it has many gaps; with few gaps it stays near the prior.
    @Test func fastNetworkShortensHalfLivesAndQuietDays() {
        let gaps = (0..<10_000).map { Int32($0 % 10 < 5 ? 3 : $0 % 10 < 9 ? 7 : 30) }
        let tempo = TieTempo.fit(gaps: gaps, prior: .standard)
        #expect(tempo.medianGapDays == 7)
        #expect(tempo.p90GapDays == 30)
        #expect(tempo.model.interaction.halfLifeDays < 40)
        #expect(tempo.model.fadingMinQuietDays < 35)
        #expect(abs(tempo.model.team.halfLifeDays / tempo.model.interaction.halfLifeDays - 1095.0 / 180.0) < 1e-9)
        let few = TieTempo.fit(gaps: Array(gaps.prefix(10)), prior: .standard)
        #expect(few.model.interaction.halfLifeDays > 100)
        #expect(TieTempo.fit(gaps: gaps.reversed(), prior: .standard) == tempo, "order does not matter")
    }

    @Test func gapsComeFromRepeatedContactsOfTheSamePair() throws {
        var graph = GraphBuilder()
        graph.addPerson(1)
        graph.addPerson(2)
        graph.addPerson(3)
        for iso in ["2025-01-01", "2025-01-01", "2025-01-11", "2025-01-31", "2025-03-01"] { graph.link(person(1), person(2), iso) }
        graph.link(person(1), person(3), "2025-01-05", .team)
        graph.link(person(1), person(3), "2025-01-06", .team)
        let tempo = TieTempo.fit(snapshot: try graph.snapshot(), before: day("2025-02-15"), prior: .standard)
        #expect(tempo.gaps == 2, "10 and 20 days; team events and events after the day do not count")
        #expect(tempo.medianGapDays == 20)
    }
}

@Suite struct LearnedWeightsTests {
    /// A feature that separates the classes gets a positive weight; one that points the wrong way gets 0, so no
    /// reason ever takes a negative share.
    @Test func informativeFeaturesGetWeightAndContraryOnesNone() {
        var rows: [[Double]] = [], labels: [Bool] = []
        var random = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let positive = random.unit() < 0.3
            let good = (positive ? 1.0 : 0.0) + random.unit()
            let contrary = (positive ? 0.0 : 1.0) + random.unit()
            let noise = random.unit()
            rows.append([good, contrary, noise])
            labels.append(positive)
        }
        let w = NonNegativeLogistic.fit(rows, labels)
        #expect(w[0] > 1)
        #expect(w[1] == 0)
        #expect(w[2] < w[0] / 10)
        #expect(NonNegativeLogistic.fit(rows, labels) == w, "deterministic")
    }

    /// The pooled logistic fit can lean on a feature that only tells people apart, not one person's candidates:
    /// here half the people are busy (15 new contacts each, half their candidates marked A at random) and half
    /// are quiet (one new contact, nobody marked A). A rises with the positives across people, so the fit gives
    /// it weight, which only shuffles a busy person's list; B is the signal within each list. The selection ranks
    /// the learning window's own lists and keeps a variant led by B, with a better precision@10 than the fit's.
    @Test func selectionPrefersTheOrderWithinEachPersonsList() throws {
        var random = SeededRandom(seed: 11)
        var rows: [[Double]] = [], labels: [Bool] = [], people: [Range<Int>] = []
        for person in 0..<300 {
            let busy = person % 2 == 0, start = rows.count
            for candidate in 0..<60 {
                let positive = candidate < (busy ? 15 : 1)
                let a: Double = busy && random.unit() < 0.5 ? 1 : 0
                let b = random.unit() + (positive ? 0.4 : 0)
                rows.append([a, b])
                labels.append(positive)
            }
            people.append(start..<rows.count)
        }
        func precision(_ w: [Double]) -> Double {
            people.reduce(0.0) { sum, range in
                let top = range.sorted { w[0] * rows[$0][0] + w[1] * rows[$0][1] > w[0] * rows[$1][0] + w[1] * rows[$1][1] }
                return sum + Double(top.prefix(10).filter { labels[$0] }.count) / 10
            } / Double(people.count)
        }
        let fitted = NonNegativeLogistic.fit(rows, labels)
        #expect(fitted[0] > 0, "the old learner weighs A")
        let candidates = WeightSelection.candidates(fitted: fitted, rows: rows)
        #expect(candidates.first == fitted)
        #expect(candidates.allSatisfy { $0.allSatisfy { $0 >= 0 } })
        let precisions = candidates.map(precision)
        let chosen = WeightSelection.choose(candidates, rows: rows, labels: labels, precision: precisions)
        #expect(chosen != 0)
        #expect(precisions[chosen] > precisions[0] + 0.01, "\(precisions[chosen]) against the fit's \(precisions[0])")
        #expect(candidates[chosen][1] / candidates[chosen][0] > fitted[1] / fitted[0], "B leads")
        #expect(WeightSelection.choose(candidates, rows: rows, labels: labels, precision: precisions) == chosen, "deterministic")
        // Without a precision (no list longer than k), AUC alone decides, and the fit stays unless a variant
        // ranks the pooled sample better.
        let byAUC = WeightSelection.choose(candidates, rows: rows, labels: labels, precision: nil)
        let aucs = candidates.map { w in LinkEvaluation.auc(zip(rows, labels).map { (w[0] * $0[0] + w[1] * $0[1], $1, 1.0) })! }
        #expect(aucs[byAUC] == aucs.max())
    }

    /// With learned weights every reason's share times the score is its feature's weighted term: the
    /// explanation is the score.
    @Test func learnedSharesAddUpToTheScore() throws {
        var graph = GraphBuilder()
        for n in 1...6 { graph.addPerson(n, rounds: [Rounds.first]) }
        for n in 2...4 { graph.link(person(1), person(n), "2024-01-10", .team) }
        graph.link(person(4), person(5), "2024-02-01")
        graph.link(person(5), person(6), "2024-02-01")
        let snapshot = try graph.snapshot()
        var weights = RankingWeights.handSet(.standard)
        weights.meet = MeetFeature.allCases.map { Double($0.rawValue + 1) / 10 }
        weights.reconnect = ReconnectFeature.allCases.map { Double($0.rawValue + 1) / 10 }
        let set = try Suggestions.compute(snapshot: snapshot, me: person(1), now: day("2030-01-01"), weights: weights)
        #expect(!set.meet.isEmpty && !set.reconnect.isEmpty)
        for s in set.meet + set.reconnect {
            #expect(abs(s.reasons.reduce(0) { $0 + $1.share } - 1) < 1e-12)
            #expect(s.score > 0)
        }
        // Attributes alone now reach a candidate: P6 shares my round but no mutual contact.
        #expect(set.meet.contains { $0.subject == person(6) })
        // Mutual allocation: P5 is reached through P4, who has two ties (P1 and P5).
        let me = try snapshot.personIndex(of: person(1)), p5 = try snapshot.personIndex(of: person(5))
        let context = SuggestionContext(snapshot: snapshot, me: me, now: day("2030-01-01"), model: .standard, weights: weights)
        #expect(context.meetFeatures(p5, context.meetEvidence()[p5])[MeetFeature.mutualAllocation.rawValue] == 0.5)
    }

    /// A small directory's one window is a noisy sample: the learner pools the windows before it, up to three;
    /// it stops when there are no more.
    @Test func smallDirectoryPoolsEarlierWindows() throws {
        var graph = GraphBuilder()
        for n in 1...6 { graph.addPerson(n) }
        for n in 2...6 { graph.link(person(1), person(n), "2025-01-10") }
        let snapshot = try graph.snapshot()
        let people = PeopleGraph(snapshot: snapshot)
        var asked: [Int] = []
        let window = { (i: Int) -> RankingLearner.LearningWindow? in
            asked.append(i)
            return i < 5 ? .init(known: snapshot, people: people, outcomes: [], start: day("2026-01-01"), model: .standard) : nil
        }
        let weights = RankingLearner.learn(window: window, fallback: .standard, options: .init(learn: true))
        #expect(asked == [0, 1, 2])
        #expect(weights == .handSet(.standard), "no positives: the hand-set weights")
    }
}
