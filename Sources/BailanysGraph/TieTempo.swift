import BailanysCore
import Foundation

/// The directory's own tempo: how long people usually wait between two contacts on the same tie, and the tie
/// model scaled to it. Half-lives and the quiet days before a tie counts as fading are modelling choices for a
/// programme measured in years; a network whose contacts come weeks apart needs them shorter.
///
/// Deterministic: a pure function of the events before `before`. Gaps are the days between consecutive distinct
/// contact days (logged contacts and meetups) of the same pair of people. The estimate is shrunk towards the
/// prior on a log scale with weight n / (n + `priorGaps`), so a young directory with few gaps keeps the prior.
public struct TieTempo: Hashable, Sendable, Codable {
    /// Gaps observed.
    public var gaps: Int
    public var medianGapDays: Double?
    public var p90GapDays: Double?
    /// Weight of the directory's own estimate against the prior, n / (n + priorGaps).
    public var confidence: Double
    /// Factor applied to every half-life of the prior.
    public var halfLifeScale: Double
    /// The prior with the fitted half-lives and fading threshold.
    public var model: TieModel

    /// The typical gap between two contacts of a tie that the prior's half-lives assume: teams that keep in touch
    /// after a round talk every month or two (an interaction half-life of 180 days is four such gaps).
    public static let priorMedianGapDays = 45.0
    /// Pseudo-count of the prior: with this many gaps observed, the directory and the prior weigh the same.
    public static let priorGaps = 200.0

    /// `progress` hears the fraction of edges read.
    public static func fit(snapshot: GraphSnapshot, before day: Day, prior: TieModel = .standard,
                           progress: (Double) -> Void = { _ in }) -> TieTempo {
        var gaps: [Int32] = []
        var ticks = ProgressTicks(total: snapshot.edgeCount)
        for edge in 0..<snapshot.edgeCount {
            ticks.advance(edge, progress)
            guard snapshot.nodes[Int(snapshot.edgeLow[edge])].isPerson, snapshot.nodes[Int(snapshot.edgeHigh[edge])].isPerson
            else { continue }
            var last: Int32?
            for i in snapshot.events(of: edge) {
                let d = snapshot.eventDays[i]
                guard d < Int32(day.ordinal) else { break }
                let kind = snapshot.kind(ofEvent: i)
                guard kind == .interaction || kind == .meetup else { continue }
                if let l = last, d > l { gaps.append(d - l) }
                last = d
            }
        }
        let tempo = fit(gaps: gaps, prior: prior)
        progress(1)
        return tempo
    }

    static func fit(gaps unsorted: [Int32], prior: TieModel) -> TieTempo {
        let gaps = countingSorted(unsorted)
        func quantile(_ q: Double) -> Double? {
            guard !gaps.isEmpty else { return nil }
            // Lower empirical quantile: an observed gap, so the figure is a number of days someone waited.
            return Double(gaps[min(gaps.count - 1, Int((q * Double(gaps.count)).rounded(.down)))])
        }
        let n = Double(gaps.count)
        let confidence = n / (n + priorGaps)
        let median = quantile(0.5), p90 = quantile(0.9)
        let scale = median.map { exp(confidence * log($0 / priorMedianGapDays)) } ?? 1
        var model = prior
        for keyPath in [\TieModel.team, \.mentorship, \.cohort, \.meetup, \.interaction, \.organization] {
            model[keyPath: keyPath].halfLifeDays *= scale
        }
        if let p90 {
            // A tie is quiet enough to fade when its silence is longer than 9 in 10 of the directory's gaps.
            let quiet = exp(confidence * log(p90) + (1 - confidence) * log(Double(prior.fadingMinQuietDays)))
            model.fadingMinQuietDays = max(1, Int(quiet.rounded()))
        }
        return TieTempo(gaps: gaps.count, medianGapDays: median, p90GapDays: p90, confidence: confidence,
                        halfLifeScale: scale, model: model)
    }

    /// `values.sorted()`, by counting: gaps are days (a few thousand distinct values), and a comparison sort of the
    /// millions of them at 100k people took longer than loading the graph.
    static func countingSorted(_ values: [Int32]) -> [Int32] {
        guard let low = values.min(), let high = values.max(), Int(high) - Int(low) < 1 << 20 else { return values.sorted() }
        var counts = [Int](repeating: 0, count: Int(high) - Int(low) + 1)
        for v in values { counts[Int(v - low)] += 1 }
        var sorted: [Int32] = []
        sorted.reserveCapacity(values.count)
        for (offset, count) in counts.enumerated() where count > 0 {
            sorted.append(contentsOf: repeatElement(low + Int32(offset), count: count))
        }
        return sorted
    }
}
