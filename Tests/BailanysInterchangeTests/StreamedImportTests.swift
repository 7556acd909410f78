import BailanysCore
import BailanysPolicy
@testable import BailanysInterchange
import BailanysStore
import Foundation
import Testing

/// `bailanys import`'s path (`Importer.run`): chunks planned on one thread and written on the connection's, with files
/// of several chunks, so the planner runs ahead of the writes it waits for.
@Suite struct StreamedImportTests {
    let rows = Planner.chunkRows * 2 + 500
    let national = Actor(id: nil, roles: [.coordinator], reach: .country)

    func run(_ csv: String, _ store: DirectoryStore, by actor: Actor) throws -> ImportSummary {
        try Importer.run(file: "file.csv", bytes: Array(csv.utf8), store: store, options: ImportOptions(today: Fixtures.today, audience: .coordinator),
                         by: actor, dryRun: false)
    }

    func contacts(_ rows: Int, _ row: (Int) -> String) -> String {
        "a,b,date,channel,note\n" + (0..<rows).map(row).joined(separator: "\n") + "\n"
    }

    func contactCount(_ store: DirectoryStore) throws -> Int { try store.stats().interactions }

    /// A row the importer may not write, in the second chunk: refused whole, although the first chunk was already
    /// written when it was planned, and nothing is left of either (nor in the audit log).
    @Test func aRefusedRowInALaterChunkRefusesTheWholeFile() throws {
        let store = try Fixtures.store()
        let regional = try store.actor(Fixtures.p(5))  // Astana, as is zp-004; zp-001 and zp-002 are of Mangystau
        let before = try contactCount(store), auditBefore = try store.auditLog().count
        let csv = contacts(rows) { i in
            let day = Fixtures.today.adding(days: -(i % 900)).iso
            return i == Planner.chunkRows + 7 ? "zp-001,zp-002,\(day),call," : "zp-004,zp-001,\(day),call,\(i)"
        }
        #expect(throws: ImportRefusal.self) { try run(csv, store, by: regional) }
        #expect(try contactCount(store) == before)
        #expect(try store.auditLog().count == auditBefore)
        // The same file without that row imports whole.
        let clean = contacts(rows) { i in "zp-004,zp-001,\(Fixtures.today.adding(days: -(i % 900)).iso),call,\(i)" }
        #expect(try run(clean, store, by: regional).added == rows)
        #expect(try contactCount(store) == before + rows)
        #expect(try store.doctor().healthy)
    }

    /// A bad row in the last chunk: every problem is listed and nothing of the chunks before it stays.
    @Test func aBadRowInTheLastChunkLeavesNothing() throws {
        let store = try Fixtures.store()
        let before = try contactCount(store)
        let csv = contacts(rows) { i in
            i == rows - 3 ? "zp-001,zp-002,2026-13-01,call," : "zp-001,zp-002,\(Fixtures.today.adding(days: -(i % 900)).iso),call,\(i)"
        }
        do {
            _ = try run(csv, store, by: national)
            Issue.record("the import succeeded")
        } catch let failure as ImportFailure {
            #expect(failure.issues.map(\.line) == [rows - 1])
        }
        #expect(try contactCount(store) == before)
    }

    /// Updates of stored people in a later chunk read them while the chunks before are still being written: the result
    /// equals planning the whole file first and writing it in one go (`Importer.plan`).
    @Test func streamedPeopleEqualPlannedPeople() throws {
        var csv = "external_id,full_name,settlement,note\n"
        for i in 0..<rows {
            if i == Planner.chunkRows + 3 {
                csv += "zp-002,Ерлан Жақсылықов,Aktau,moved\n"
            } else if i == 2 * Planner.chunkRows + 1 {
                csv += "zp-003,Dana Bekova-Ospan,,\n"
            } else {
                csv += "new-\(i),Жаңа Адам \(i),Astana,\n"
            }
        }
        let streamed = try Fixtures.store(), planned = try Fixtures.store()
        let summary = try run(csv, streamed, by: national)
        let plan = try Importer.plan(file: "file.csv", bytes: Array(csv.utf8), store: planned,
                                     options: ImportOptions(today: Fixtures.today, audience: .coordinator))
        try planned.apply(plan.batch, by: national)
        #expect(summary == plan.summary)
        #expect(summary.added == rows - 2 && summary.updated == 2)
        for kind in [RecordKind.people, .interactions] {
            let exporter = { (store: DirectoryStore) in
                try DirectoryExporter(store: store, privacy: .includeSensitive).export(.csv, kind: kind, only: nil, now: Fixtures.today)
            }
            #expect(try exporter(streamed) == exporter(planned))
        }
    }
}
