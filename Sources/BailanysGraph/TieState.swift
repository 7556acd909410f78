import BailanysCore
import Foundation

/// How a tie stands at a given day, everything derived from its events up to that day.
public struct TieState: Hashable, Sendable {
    public var strength: Double
    /// Highest strength ever reached up to `now` (always on an event day).
    public var peak: Double
    public var peakDay: Day?
    public var firstContact: Day?
    /// The last event of any kind (a shared round's start counts): what decay and fading measure from.
    public var lastContact: Day?
    /// The last logged contact (an `interaction` event): what people are shown as "Last contact" everywhere
    /// (directory, card, suggestions, mentees; docs/algorithms.md). Nil when none was ever logged.
    public var lastLoggedContact: Day?
    /// Events counted (those on or before `now`), per kind slot; fixed-size vectors keep the hot loop allocation-free.
    var eventCounts: SIMD8<Int32>
    /// Each kind's part of the strength on the peak day; sums to `peak`.
    var peakByKind: SIMD8<Double>

    /// strength / peak, or 0 for a tie that never existed.
    public var fractionOfPeak: Double { peak > 0 ? strength / peak : 0 }
    /// Strength lost since the peak.
    public var lostStrength: Double { peak - strength }
    public var exists: Bool { lastContact != nil }

    public func eventCount(of kind: TieEventKind) -> Int { Int(eventCounts[kind.slot]) }
    public func peakContribution(of kind: TieEventKind) -> Double { peakByKind[kind.slot] }

    public func isFading(at now: Day, model: TieModel) -> Bool {
        guard let last = lastContact else { return false }
        return peak >= model.fadingMinPeak && strength < model.fadingFraction * peak
            && now.days(since: last) > model.fadingMinQuietDays
    }

    public func isLive(model: TieModel) -> Bool { strength >= model.liveThreshold }
}

/// Precomputed per-kind constants so the hot loop does one multiply per kind.
struct DecayTable {
    static let kinds = TieEventKind.bySlot.count
    var weights = SIMD8<Double>()
    var negativeInverseHalfLives = SIMD8<Double>()

    init(_ model: TieModel) {
        for kind in TieEventKind.bySlot {
            let parameters = model.parameters(for: kind)
            weights[kind.slot] = parameters.weight
            negativeInverseHalfLives[kind.slot] = -1 / parameters.halfLifeDays
        }
    }

    func decay(_ sums: inout SIMD8<Double>, days: Int) {
        guard days > 0 else { return }
        for k in 0..<Self.kinds where sums[k] != 0 {
            sums[k] *= exp2(Double(days) * negativeInverseHalfLives[k])
        }
    }
}

extension GraphSnapshot {
    /// Strength and peak of one edge at `now`, in a single pass over its day-sorted events.
    ///
    /// Carries the per-kind sum S_k, decayed from one event day to the next, so the strength on every
    /// event day is known exactly; between events strength only falls, so the peak is the largest of them.
    func tieState(edge: Int, at now: Day, decay: DecayTable) -> TieState {
        var sums = SIMD8<Double>()
        var counts = SIMD8<Int32>()
        var peak = 0.0, peakDay: Int32 = 0, peakSums = sums
        var firstDay: Int32?, lastDay: Int32?, lastLogged: Int32?
        let logged = TieEventKind.interaction.slot
        let range = events(of: edge)
        var i = range.lowerBound
        while i < range.upperBound, eventDays[i] <= Int32(now.ordinal) {
            let day = eventDays[i]
            if let last = lastDay { decay.decay(&sums, days: Int(day - last)) }
            while i < range.upperBound, eventDays[i] == day {
                let slot = Int(eventCodes[i] & Self.kindMask)
                if slot == logged { lastLogged = day }
                sums[slot] += decay.weights[slot]
                counts[slot] += 1
                i += 1
            }
            let total = Self.total(sums)
            if total > peak {
                peak = total
                peakDay = day
                peakSums = sums
            }
            if firstDay == nil { firstDay = day }
            lastDay = day
        }
        guard let last = lastDay else {
            return TieState(strength: 0, peak: 0, peakDay: nil, firstContact: nil, lastContact: nil, lastLoggedContact: nil,
                            eventCounts: counts, peakByKind: peakSums)
        }
        decay.decay(&sums, days: now.ordinal - Int(last))
        return TieState(strength: Self.total(sums), peak: peak, peakDay: Day(ordinal: Int(peakDay)),
                        firstContact: firstDay.map { Day(ordinal: Int($0)) }, lastContact: Day(ordinal: Int(last)),
                        lastLoggedContact: lastLogged.map { Day(ordinal: Int($0)) },
                        eventCounts: counts, peakByKind: peakSums)
    }

    /// Fixed summation order, so the strength on the last event day equals the running value exactly.
    private static func total(_ sums: SIMD8<Double>) -> Double {
        var t = 0.0
        for k in 0..<DecayTable.kinds { t += sums[k] }
        return t
    }

    /// The state of the tie between two nodes at `now`; a zero state when they never met.
    public func tie(_ a: EntityID, _ b: EntityID, at now: Day, model: TieModel = .standard) throws -> TieState {
        let i = try index(of: a), j = try index(of: b)
        guard let e = edge(between: i, j) else {
            return TieState(strength: 0, peak: 0, peakDay: nil, firstContact: nil, lastContact: nil, lastLoggedContact: nil,
                            eventCounts: SIMD8(), peakByKind: SIMD8())
        }
        return tieState(edge: e, at: now, decay: DecayTable(model))
    }

    /// Every tie of one node that existed by `now` (an event on or before it), in adjacency order.
    public func ties(of id: EntityID, at now: Day, model: TieModel = .standard) throws -> [(other: EntityID, tie: TieState)] {
        let node = try index(of: id)
        let decay = DecayTable(model)
        return adjacency(of: node).compactMap { slot in
            let state = tieState(edge: Int(adjacentEdges[slot]), at: now, decay: decay)
            return state.exists ? (nodes[Int(adjacentNodes[slot])].id, state) : nil
        }
    }
}
