import BailanysCore
@testable import BailanysStore
import GRDB
import Testing

/// A card's recent contacts are each side's (party, day) index walked backwards and merged: the same entries, in the
/// same order, as reading every contact of the party and sorting them (the query they replaced).
@Suite struct CardReadsTests {
    @Test(arguments: [3, 4] as [UInt64])
    func recentContactsEqualEveryContactSorted(seed: UInt64) throws {
        let store = try Fixtures.store()
        let parties = (1...5).map(Fixtures.p) + [EntityID(.organization, 1)]
        var random = SeededRandom(seed: seed)
        var batch = ImportBatch()
        for _ in 0..<60 {
            let a = parties[Int(random.next() % 6)], b = parties[Int(random.next() % 6)]
            guard a != b else { continue }
            // Few days, so that many contacts share one and the id decides.
            batch.interactions.append(Interaction(a: a, b: b, day: Fixtures.today.adding(days: -Int(random.next() % 4)),
                                                  channel: .call, note: "n\(random.next() % 3)", source: .imported))
        }
        try store.apply(batch)
        for party in parties {
            let column = party.kind == .person ? "person_id" : "organization_id"
            let every: [Int] = try store.read { db in
                try Int.fetchAll(db, sql: """
                    SELECT id FROM interaction WHERE a_\(column) = ? OR b_\(column) = ? ORDER BY day DESC, id DESC
                    """, arguments: [party.number, party.number])
            }
            #expect(every.count > 5, "\(party) has contacts on both sides")
            for limit in [1, 3, 5, every.count, .max] {
                let recent = try store.interactions(of: party, limit: limit)
                #expect(recent.map(\.id.number) == Array(every.prefix(limit)), "\(party), limit \(limit)")
                #expect(recent.allSatisfy { $0.other.id != party })
            }
        }
    }

    /// A person browsing keeps 16 MiB of pages (a partner body's card reads ~600 scattered ones); other connections keep
    /// SQLite's default.
    @Test func browsingKeepsMorePagesThanADefaultConnection() throws {
        let store = try Fixtures.store()
        func cacheSize() throws -> Int? { try store.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } }
        #expect(try cacheSize() == BulkWriter.defaultCacheKiB)
        try store.keepPagesForBrowsing()
        #expect(try cacheSize() == DirectoryStore.browsingCacheKiB)
    }
}
