import BailanysCore
import Foundation

/// What the reconnect ranking knows about one fading tie at `now`. Every feature is ≥ 0 and every weight is ≥ 0,
/// so a score is a sum of non-negative terms and each term is one reason's share: explanations stay true to it.
public enum ReconnectFeature: Int, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// peak − strength: what the tie lost.
    case lostStrength
    /// 2^(−quiet days / interaction half-life): how recent the last contact was.
    case recency
    /// Strength at `now`.
    case strength
    /// Peak strength.
    case peak
    /// ln(1 + events on the tie).
    case contacts
    /// 1 when the tie includes mentorship.
    case mentorship
    /// 1 when the other person leads an initiative.
    case leader
    /// 1 when the other person's latest initiative continues.
    case continuing
    /// 2^(−days since the other person's last contact with anyone / interaction half-life).
    case otherActive

    public var description: String {
        switch self {
        case .lostStrength: "lost strength"
        case .recency: "recency"
        case .strength: "strength"
        case .peak: "peak"
        case .contacts: "contacts"
        case .mentorship: "mentorship"
        case .leader: "leader"
        case .continuing: "continuing"
        case .otherActive: "other active lately"
        }
    }
}

/// What the meet ranking knows about a person I have no tie with, at `now`. All ≥ 0.
public enum MeetFeature: Int, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Weighted resource allocation over current strengths (see docs/algorithms.md).
    case mutualStrength
    /// ln(1 + mutual contacts).
    case mutualCount
    case sameSettlement
    /// Same region, other settlement.
    case sameRegion
    case sharedTheme
    /// Any round in common.
    case sameRound
    /// Our latest rounds are the same round.
    case sameLatestRound
    /// 1 − ½ · distance / radius for an earlier, continuing initiative on my theme nearby; else 0.
    case crossRound
    /// ln(1 + their ties) + ln(1 + my ties): people who keep in touch with many make new contacts more often.
    case activity
    /// 2^(−days since their last contact with anyone / interaction half-life).
    case active
    /// Σ over mutual contacts of 1 / their number of ties: resource allocation without strengths (Zhou, Lü &
    /// Zhang 2009), which on a real network ranked new ties about as well as the weighted one or better.
    case mutualAllocation

    public var description: String {
        switch self {
        case .mutualStrength: "mutual strength"
        case .mutualCount: "mutual count"
        case .sameSettlement: "same settlement"
        case .sameRegion: "same region"
        case .sharedTheme: "shared theme"
        case .sameRound: "same round"
        case .sameLatestRound: "same latest round"
        case .crossRound: "cross-round"
        case .activity: "activity"
        case .active: "active lately"
        case .mutualAllocation: "mutual allocation"
        }
    }
}

/// The weights of the two person rankings. Hand-set from `TieModel` for a young directory, or learned from the
/// directory's own history (`RankingLearner`).
public struct RankingWeights: Hashable, Sendable, Codable {
    public enum Source: String, Hashable, Sendable, Codable { case handSet = "hand-set", learned }

    /// By `ReconnectFeature.rawValue`.
    public var reconnect: [Double]
    /// By `MeetFeature.rawValue`.
    public var meet: [Double]
    public var reconnectSource: Source
    public var meetSource: Source

    public init(reconnect: [Double], meet: [Double], reconnectSource: Source, meetSource: Source) {
        precondition(reconnect.count == ReconnectFeature.allCases.count && meet.count == MeetFeature.allCases.count)
        self.reconnect = reconnect
        self.meet = meet
        self.reconnectSource = reconnectSource
        self.meetSource = meetSource
    }

    /// The documented hand-set scores, written as weights: reconnect = recency + contacts and bonuses; meet =
    /// weighted resource allocation + place, theme, round and cross-round bonuses + an activity tie-break.
    public static func handSet(_ model: TieModel) -> RankingWeights {
        var reconnect = [Double](repeating: 0, count: ReconnectFeature.allCases.count)
        reconnect[ReconnectFeature.recency.rawValue] = 1
        reconnect[ReconnectFeature.contacts.rawValue] = model.reconnectContactsWeight
        reconnect[ReconnectFeature.mentorship.rawValue] = model.reconnectMentorBonus
        reconnect[ReconnectFeature.leader.rawValue] = model.reconnectLeaderBonus
        reconnect[ReconnectFeature.continuing.rawValue] = model.reconnectContinuingBonus
        var meet = [Double](repeating: 0, count: MeetFeature.allCases.count)
        meet[MeetFeature.mutualStrength.rawValue] = 1
        meet[MeetFeature.sameSettlement.rawValue] = model.meetSameSettlementBonus
        meet[MeetFeature.sameRegion.rawValue] = model.meetSameRegionBonus
        meet[MeetFeature.sharedTheme.rawValue] = model.meetSharedThemeBonus
        meet[MeetFeature.sameRound.rawValue] = model.meetSameRoundBonus
        meet[MeetFeature.crossRound.rawValue] = model.crossRoundBonus
        meet[MeetFeature.activity.rawValue] = model.meetActivityTieBreak
        return RankingWeights(reconnect: reconnect, meet: meet, reconnectSource: .handSet, meetSource: .handSet)
    }

    public func weight(_ f: ReconnectFeature) -> Double { reconnect[f.rawValue] }
    public func weight(_ f: MeetFeature) -> Double { meet[f.rawValue] }
}

/// A logistic regression with non-negative weights (so every term of a score is a reason's share), fitted by
/// projected accelerated gradient descent on standardised features: deterministic, no randomness, a fixed number
/// of steps. Returns weights on the original feature scale (the intercept and centring do not change a ranking).
enum NonNegativeLogistic {
    /// At most this many examples are used: every positive up to half of it, the rest spread evenly over the
    /// negatives (deterministic thinning; the slopes of a case-control fit stay consistent).
    static let maximumExamples = 6000

    static func fit(_ allRows: [[Double]], _ allLabels: [Bool], l2: Double = 1e-3, iterations: Int = 300) -> [Double] {
        let (rows, labels) = thin(allRows, allLabels)
        let p = rows.first?.count ?? 0
        let n = rows.count
        guard p > 0, n > 1 else { return [Double](repeating: 0, count: p) }
        var mean = [Double](repeating: 0, count: p), sd = [Double](repeating: 0, count: p)
        for r in rows { for j in 0..<p { mean[j] += r[j] / Double(n) } }
        for r in rows { for j in 0..<p { sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / Double(n) } }
        sd = sd.map { $0 > 1e-18 ? $0.squareRoot() : 0 }
        // Standardised features, row-major in one buffer.
        var z = [Double](repeating: 0, count: n * p)
        for (i, r) in rows.enumerated() { for j in 0..<p where sd[j] > 0 { z[i * p + j] = (r[j] - mean[j]) / sd[j] } }
        let y = labels.map { $0 ? 1.0 : 0.0 }
        // Gradient of the mean log-loss is Lipschitz with constant ≤ ¼ · λmax(ZᵀZ/n) + l2 ≤ ¼ · (p + 1) + l2.
        let step = 1 / (0.25 * Double(p + 1) + l2)
        var w = [Double](repeating: 0, count: p), b = 0.0
        var wPrev = w, bPrev = b
        var v = w, grad = w
        z.withUnsafeBufferPointer { z in
            for t in 1...iterations {
                let momentum = Double(t - 1) / Double(t + 2)
                for j in 0..<p { v[j] = w[j] + momentum * (w[j] - wPrev[j]) }
                let vb = b + momentum * (b - bPrev)
                for j in 0..<p { grad[j] = 0 }
                var gradB = 0.0
                for i in 0..<n {
                    var s = vb
                    for j in 0..<p { s += v[j] * z[i * p + j] }
                    let residual = (1 / (1 + exp(-s)) - y[i]) / Double(n)
                    gradB += residual
                    for j in 0..<p { grad[j] += residual * z[i * p + j] }
                }
                wPrev = w
                bPrev = b
                for j in 0..<p { w[j] = max(0, v[j] - step * (grad[j] + l2 * v[j])) }
                b = vb - step * gradB
            }
        }
        return (0..<p).map { sd[$0] > 0 ? w[$0] / sd[$0] : 0 }
    }

    static func thin(_ rows: [[Double]], _ labels: [Bool], maximum maximumExamples: Int = maximumExamples) -> ([[Double]], [Bool]) {
        guard rows.count > maximumExamples else { return (rows, labels) }
        let positives = rows.indices.filter { labels[$0] }, negatives = rows.indices.filter { !labels[$0] }
        let keptPositives = Array(positives.prefix(maximumExamples / 2))
        let room = maximumExamples - keptPositives.count
        let keptNegatives = negatives.count <= room ? negatives
            : (0..<room).map { negatives[$0 * negatives.count / room] }
        let kept = (keptPositives + keptNegatives).sorted()
        return (kept.map { rows[$0] }, kept.map { labels[$0] })
    }
}

/// The learner's candidate weights and its choice among them on the window it learned from. A logistic fit
/// minimises a log-loss over everyone's candidates at once, which is not the order within one person's list: on
/// the demo its place and round weights, shared by thousands of a person's candidates, decided the top ten among
/// near-ties. So the fitted weights compete with variants in which one feature leads (the fitted weights plus
/// that feature scaled up; each feature alone when the fit gave every feature 0), all still non-negative
/// weights × features; the winner is the one that ranked the learning window best.
enum WeightSelection {
    /// How far a leading feature is scaled: β · (the fitted score's largest value) / (the feature's largest
    /// value), so at β ≥ 1 the feature at its largest outweighs every other term together; at 64 the feature
    /// orders the list nearly alone and the fitted weights break its ties.
    static let leadFactors: [Double] = [0.5, 2, 8, 64]
    /// Precision@k on fewer people than this is too noisy to choose by; AUC alone decides then.
    static let minimumPrecisionPeople = 30
    /// The AUC of each candidate is measured on at most this many examples.
    static let aucExamples = 40_000

    /// The fitted weights first, then for each feature that is not always 0: the fitted weights with it leading
    /// (each β); when the fit gave every feature 0, each feature alone (weight 1). Duplicates are dropped,
    /// keeping the first.
    static func candidates(fitted: [Double], rows: [[Double]]) -> [[Double]] {
        let p = fitted.count
        var maxima = [Double](repeating: 0, count: p)
        for r in rows { for j in 0..<p { maxima[j] = max(maxima[j], r[j]) } }
        let range = (0..<p).reduce(0.0) { $0 + fitted[$1] * maxima[$1] }
        var result: [[Double]] = [fitted]
        for j in 0..<p where maxima[j] > 0 {
            if range > 0 {
                for beta in leadFactors {
                    var w = fitted
                    w[j] += beta * range / maxima[j]
                    result.append(w)
                }
            } else {
                var alone = [Double](repeating: 0, count: p)
                alone[j] = 1
                result.append(alone)
            }
        }
        var seen = Set<[Double]>()
        return result.filter { seen.insert($0).inserted }
    }

    /// The index of the candidate with the largest sum of its lifts, each as a fraction of the best candidate's:
    /// AUC − ½ on the learning sample (`rows`, `labels`) and, when given (some person had more than k
    /// candidates), precision@k on the learning window's lists. The earlier candidate wins a tie, so the fitted
    /// weights stay unless a variant ranks the window better.
    static func choose(_ candidates: [[Double]], rows: [[Double]], labels: [Bool], precision: [Double]?) -> Int {
        // A large sample is thinned as for the fit (to `aucExamples`), which keeps the cost of many candidates low.
        let (rows, labels) = NonNegativeLogistic.thin(rows, labels, maximum: aucExamples)
        let x = rows.map(SuggestionContext.vector)
        let lifts = candidates.map { w -> Double in
            let w = SuggestionContext.vector(w)
            let auc = LinkEvaluation.auc(zip(x, labels).map { ((w * $0).sum(), $1, 1.0) })
            return max(0, (auc ?? 0.5) - 0.5)
        }
        let bestLift = lifts.max() ?? 0, bestPrecision = precision?.max() ?? 0
        var best = 0, bestValue = -Double.infinity
        for i in candidates.indices {
            var value = bestLift > 0 ? lifts[i] / bestLift : 0
            if let precision, bestPrecision > 0 { value += precision[i] / bestPrecision }
            if value > bestValue {
                best = i
                bestValue = value
            }
        }
        return best
    }
}
