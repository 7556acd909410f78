import BailanysCore
import Foundation

// Draws built only on `next()`/`unit()`, so the sample never depends on how the standard
// library maps random bits to ranges (which it does not promise to keep across releases).
extension SeededRandom {
    /// Uniform in `0..<count`; `count` must be positive.
    mutating func index(below count: Int) -> Int {
        min(count - 1, Int(unit() * Double(count)))
    }

    /// Uniform in a closed integer range.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + index(below: range.count)
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[index(below: items.count)]
    }

    /// Index skewed towards the front of a list ordered from most to least popular.
    mutating func popularIndex(below count: Int, skew: Double = 1.2) -> Int {
        min(count - 1, Int(pow(unit(), skew) * Double(count)))
    }

    /// A number of events with the given mean: the floor plus one with the fractional chance.
    mutating func count(mean: Double) -> Int {
        let whole = Int(mean)
        return whole + (chance(mean - Double(whole)) ? 1 : 0)
    }
}

/// Precomputed cumulative weights for repeated weighted draws in O(log n).
struct WeightedTable {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var running = 0.0
        cumulative = weights.map { running += max(0, $0); return running }
    }

    var isEmpty: Bool { cumulative.last ?? 0 <= 0 }

    func draw(_ rng: inout SeededRandom) -> Int {
        let target = rng.unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
