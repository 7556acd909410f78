@testable import BailanysStore
import Foundation
import Testing

/// The bulk writer's caches are `Sendable` and so may be used from many threads at once: each must
/// give every thread the same answer as a single-threaded call, and never corrupt its table.
@Suite struct CacheConcurrencyTests {
    /// Threads each filling in keys of their own and reading everyone's: the table grows (rehashes) while
    /// others read and write it, which corrupts an unguarded dictionary (a crash, or lost entries).
    static let threads = 8
    static let keysPerThread = 5_000

    /// Runs `body(thread, round)` on `threads` threads at once and waits for all of them.
    private func onManyThreads(_ body: @escaping @Sendable (Int, Int) -> Void) {
        let group = DispatchGroup()
        for thread in 0..<Self.threads {
            group.enter()
            Thread.detachNewThread {
                for round in 0..<Self.keysPerThread { body(thread, round) }
                group.leave()
            }
        }
        group.wait()
    }

    private static func key(_ thread: Int, _ round: Int) -> String { "place-\(thread)-\(round)" }

    @Test func placeCacheFromManyThreads() {
        let cache = SearchDocument.PlaceCache(gazetteer: Fixtures.gazetteer)
        let wrong = Counter()
        onManyThreads { thread, round in
            let mine = Self.key(thread, round), theirs = Self.key((thread + 1) % Self.threads, round / 2)
            if cache.place(mine) != SearchDocument.uniqueWords([mine]) { wrong.add() }  // an unknown place is its own words
            _ = cache.place(theirs)
        }
        #expect(wrong.value == 0)
        let single = SearchDocument.PlaceCache(gazetteer: Fixtures.gazetteer)
        for thread in 0..<Self.threads {
            for round in stride(from: 0, to: Self.keysPerThread, by: 97) {
                #expect(cache.place(Self.key(thread, round)) == single.place(Self.key(thread, round)))
            }
        }
        #expect(cache.place("aktau") == single.place("aktau"))
        #expect(cache.place("aktau").contains("manistau"), "a real settlement folds with its region: \(cache.place("aktau"))")
    }

    @Test func listCacheFromManyThreads() {
        let cache = ListCache()
        let wrong = Counter()
        onManyThreads { thread, round in
            let mine = [Self.key(thread, round), "kk"], theirs = [Self.key((thread + 1) % Self.threads, round / 2), "kk"]
            if cache.json(mine) != jsonList(mine) { wrong.add() }
            _ = cache.json(theirs)
        }
        #expect(wrong.value == 0)
    }
}

private final class Counter: @unchecked Sendable {
    // Guarded by `lock`.
    private var count = 0
    private let lock = NSLock()
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
