import BailanysCore
import BailanysGraph
import BailanysPolicy
import Foundation
import GRDB
@testable import BailanysStore
import Testing

/// The maintained tie state (`tie_pair`) always equals a rebuild from the raw events, whatever sequence of writes
/// made it, and the snapshot loaded from it is exactly the snapshot built from every raw event.
@Suite struct TieStateTests {
    let people = (1...5).map(Fixtures.p)
    let akimat = EntityID(.organization, 1)

    func expectMaintained(_ store: DirectoryStore, _ comment: Comment? = nil) throws {
        let (wrong, _) = try store.read { try TiePairs.mismatches($0) }
        #expect(wrong == 0, comment)
        #expect(try store.graphSnapshot().hasSameContent(as: store.rebuiltGraphSnapshot()), comment)
    }

    /// One random write that creates tie events: a logged contact, an import of several (duplicates and same-day
    /// contacts included), a member's edit of the team, or a meetup's attendance.
    func randomWrite(_ store: DirectoryStore, _ random: inout SeededRandom, step: Int) throws {
        let parties = people + [akimat]
        func party() -> EntityID { parties[Int(random.next() % UInt64(parties.count))] }
        func someDay() -> Day { Fixtures.today.adding(days: -Int(random.next() % 6) * 30) }
        switch random.next() % 5 {
        case 0, 1:
            let a = party(), b = party()
            guard a != b else { return }
            try store.logInteraction(Interaction(a: a, b: b, day: someDay(), channel: .call, source: .manual),
                                     by: Fixtures.national, today: Fixtures.today)
        case 2:
            var batch = ImportBatch()
            for _ in 0..<Int(random.next() % 6) + 1 {
                let a = party(), b = party()
                guard a != b else { continue }
                let contact = Interaction(a: a, b: b, day: someDay(), channel: .message, source: .imported)
                batch.interactions += random.chance(0.3) ? [contact, contact] : [contact]
            }
            try store.apply(batch)
        case 3:
            var initiative = try store.initiative(EntityID(.initiative, 1))
            let newcomer = people[Int(random.next() % UInt64(people.count))]
            if !initiative.team.contains(where: { $0.person == newcomer }) {
                initiative.team.append(TeamMember(person: newcomer, role: .member))
            }
            var batch = ImportBatch()
            batch.updatedInitiatives = [initiative]
            try store.apply(batch)
        default:
            let draft = MeetupDraft(host: "aktau", venue: akimat, startsAt: LocalDateTime(iso: "2026-10-0\(step % 9 + 1)T18:00")!,
                                    capacity: 10, radiusKm: 50, focus: nil,
                                    invitees: [MeetupInvite(person: EntityRef(id: people[0], name: ""), isMentor: false, table: nil, reasons: [])])
            let meetup = try store.saveMeetup(draft)
            _ = try store.markAttendance(meetup, people: people.filter { _ in random.chance(0.6) }, today: Fixtures.today)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomWriteSequencesKeepTheStateEqualToARebuild(seed: UInt64) throws {
        let store = try Fixtures.store()
        try expectMaintained(store, "after the first insert")
        var random = SeededRandom(seed: seed)
        for step in 0..<12 {
            try randomWrite(store, &random, step: step)
            try expectMaintained(store, "seed \(seed), step \(step)")
        }
        #expect(try store.doctor().checks.first { $0.name == "tie state" }?.ok == true)
    }

    /// A streamed import folds its contacts into `tie_pair` once, after its last chunk: pairs named by several chunks
    /// (either way round, some twice in one chunk) end as a rebuild has them, and a dry run leaves the state alone.
    @Test func aStreamedImportRecordsPairsNamedBySeveralChunks() throws {
        let store = try Fixtures.store()
        let chunks: [[Interaction]] = (0..<3).map { chunk in
            (0..<4).flatMap { i in
                let contact = Interaction(a: people[i], b: people[(i + chunk + 1) % 5], day: Fixtures.today.adding(days: -chunk * 40 - i),
                                          channel: .message, source: .imported)
                return i == chunk ? [contact, contact] : [contact]
            }
        }
        func contactsRecorded() throws -> Int { try store.read { try TiePairs.rebuilt($0) }.values.reduce(0) { $0 + $1.count } }
        let before = try contactsRecorded()
        for writes in [false, true] {
            try store.importing(writes: writes, expectedRows: 15) { session in
                for chunk in chunks {
                    var batch = ImportBatch()
                    batch.interactions = chunk
                    try session.apply(batch)
                }
            }
            try expectMaintained(store, "writes: \(writes)")
        }
        #expect(try contactsRecorded() == before + 15)
    }

    @Test func removingContactsTakesOutOneCodeEach() throws {
        let store = try Fixtures.store()
        let day = Fixtures.today
        let twice = Interaction(a: people[0], b: people[1], day: day, channel: .call, source: .imported)
        var batch = ImportBatch()
        batch.interactions = [twice, twice, Interaction(a: people[1], b: people[0], day: day, channel: .call, source: .imported)]
        try store.apply(batch)
        try store.write { db in
            try db.execute(sql: "DELETE FROM interaction WHERE id = (SELECT max(id) FROM interaction WHERE a_person_id = 1 AND b_person_id = 2)")
            try TiePairs.record(db, [(people[0], people[1], day)], removing: true)
        }
        try expectMaintained(store)
        #expect(try store.graphSnapshot().events(between: people[0], people[1]).filter { $0.day == day }.count == 2)
    }

    @Test func doctorFindsADriftedStateAndRepairRebuildsIt() throws {
        let store = try Fixtures.store()
        #expect(try store.doctor().healthy)
        try store.write { db in
            try db.execute(sql: "UPDATE tie_pair SET contacts = ? WHERE low = 1 AND high = 2", arguments: [TiePairs.encode([0])])
            try db.execute(sql: "DELETE FROM tie_pair WHERE low = 1 AND high = 4")
        }
        let check = try #require(try store.doctor().checks.first { $0.name == "tie state" })
        #expect(!check.ok)
        #expect(check.detail.contains("2 pairs"))
        #expect(try store.repairTieState() == 3)
        #expect(try store.doctor().healthy)
        try expectMaintained(store)
    }

    @Test func theMigrationBuildsTheStateFromStoredInteractions() throws {
        let store = try Fixtures.store()
        try store.write { db in try db.execute(sql: "DELETE FROM tie_pair") }
        // What an older directory holds: interactions, no state; the v7 migration's body fills it.
        try store.write { db in try TiePairs.rebuild(db) }
        try expectMaintained(store)
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM tie_pair") } == 3)
    }

    @Test func aDemoDirectoryLoadsTheSameSnapshotAsARebuild() throws {
        let (store, _) = try Fixtures.sampleStore(alumni: 300, seed: 5)
        try expectMaintained(store)
    }
}

/// Fitted tempo and learned weights are cached under the snapshot's fingerprint: a hit gives exactly what fitting
/// gives, and any write that changes a tie misses.
@Suite struct TieFitCacheTests {
    @Test func aHitEqualsFittingAndAWriteMisses() throws {
        let (store, _) = try Fixtures.sampleStore(alumni: 200, seed: 3)
        let today = Fixtures.today
        let snapshot = try store.graphSnapshot()
        let tempo = TieTempo.fit(snapshot: snapshot, before: today, prior: .standard)
        let direct = FittedTies(tempo: tempo, weights: try RankingLearner.learn(
            snapshot: snapshot, now: today, model: tempo.model, horizonDays: RankingLearner.horizonDays(tempo)))
        let first = try store.fittedTies(snapshot: snapshot, today: today, prior: .standard, learnWeights: true)
        #expect(first == direct)
        // Served from the table: a marked entry comes back as stored.
        try store.write { db in try db.execute(sql: "UPDATE tie_fit SET fitted = json_set(fitted, '$.tempo.gaps', 424242)") }
        let second = try store.fittedTies(snapshot: try store.graphSnapshot(), today: today, prior: .standard, learnWeights: true)
        #expect(second.tempo.gaps == 424242)
        #expect(second.weights == direct.weights)
        #expect(try store.fittedTies(snapshot: snapshot, today: today.adding(days: 1), prior: .standard, learnWeights: false).weights == nil,
                "another day is another key")

        let people = try store.loadDirectory().people.prefix(2).map(\.id)
        try store.logInteraction(Interaction(a: people[0], b: people[1], day: today, channel: .call, source: .manual),
                                 by: Actor(id: people[0], roles: [.coordinator], reach: .country), today: today)
        let changed = try store.graphSnapshot()
        #expect(changed.contentFingerprint != snapshot.contentFingerprint)
        let refit = try store.fittedTies(snapshot: changed, today: today, prior: .standard, learnWeights: false)
        #expect(refit.tempo == TieTempo.fit(snapshot: changed, before: today, prior: .standard))
    }

    @Test func theFingerprintIsTheSameForTheSameContent() throws {
        let (store, _) = try Fixtures.sampleStore(alumni: 120, seed: 8)
        #expect(try store.graphSnapshot().contentFingerprint == store.rebuiltGraphSnapshot().contentFingerprint)
    }
}
