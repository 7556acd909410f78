@testable import BailanysStore
import Foundation
import Testing

/// The bulk writer's caches are `Sendable` and so may be used from many threads at once: each must
/// give every thread the same answer as a single-threaded call, and never corrupt its table.
@Suite struct CacheConcurrencyTests {
    /// Many distinct keys make the table grow (rehash) while other threads read it: an unguarded
    /// dictionary crashes or loses entries here within a few thousand calls.
    static let keys = (0..<4_000).map { "place-\($0 % 1_000)-\($0)" }

    @Test func placeCacheFromManyThreads() {
        let cache = SearchDocument.PlaceCache(gazetteer: Fixtures.gazetteer)
        let single = SearchDocument.PlaceCache(gazetteer: Fixtures.gazetteer)
        let results = Results(count: Self.keys.count)
        DispatchQueue.concurrentPerform(iterations: Self.keys.count * 4) { i in
            let n = i % Self.keys.count
            results.set(n, cache.place(Self.keys[n]))
        }
        #expect(results.all == Self.keys.map(single.place))
        #expect(cache.place("aktau") == single.place("aktau"))
        #expect(cache.place("aktau").contains("manistau"), "a real settlement folds with its region: \(cache.place("aktau"))")
    }

    @Test func listCacheFromManyThreads() {
        let cache = ListCache()
        let lists = Self.keys.map { [$0, "kk"] }
        let results = Results(count: lists.count)
        DispatchQueue.concurrentPerform(iterations: lists.count * 4) { i in
            let n = i % lists.count
            results.set(n, cache.json(lists[n]))
        }
        #expect(results.all == lists.map(jsonList))
    }
}

/// One answer per index, written from many threads.
private final class Results: @unchecked Sendable {
    // Guarded by `lock`.
    private var values: [String?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: String) { lock.withLock { values[index] = value } }
    var all: [String] { lock.withLock { values.map { $0 ?? "<missing>" } } }
}
