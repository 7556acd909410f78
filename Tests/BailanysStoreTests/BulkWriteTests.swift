import BailanysCore
@testable import BailanysStore
import Foundation
import GRDB
import Testing

@Suite struct BulkWriteTests {
    /// Every table, index and trigger with its definition, as `sqlite_master` holds them.
    private func schema(_ store: DirectoryStore) throws -> [String] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
                .map { "\($0["type"] as String) \($0["name"] as String) \($0["tbl_name"] as String) \(($0["sql"] as String?) ?? "")" }
        }
    }

    /// A directory built as the demo is (a `.partial` file without journal, every index rebuilt after
    /// the inserts) ends with exactly the migrated schema, in WAL mode, healthy, and with the same rows.
    @Test func bulkBuiltDirectoryHasTheMigratedSchemaAndSameContent() throws {
        let migrated = try Fixtures.store(filled: false)
        let reference = try Fixtures.store()
        let built = try DirectoryStore.replace(path: Fixtures.temporaryPath(), gazetteer: Fixtures.gazetteer, overwrite: false) { store in
            try store.write { try BulkWriter(db: $0, gazetteer: Fixtures.gazetteer, bulkRows: 1).insert(Fixtures.directory) }
        }
        #expect(try schema(built) == schema(migrated))
        #expect(try built.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try built.doctor().healthy)
        let content = "SELECT * FROM person ORDER BY id; SELECT * FROM contact ORDER BY id; SELECT * FROM interaction ORDER BY id"
        for sql in content.split(separator: ";").map(String.init) {
            #expect(try built.read { try Row.fetchAll($0, sql: sql) } == reference.read { try Row.fetchAll($0, sql: sql) })
        }
        #expect(try built.read { try Row.fetchAll($0, sql: "SELECT rowid, * FROM search ORDER BY rowid") }
                == reference.read { try Row.fetchAll($0, sql: "SELECT rowid, * FROM search ORDER BY rowid") })
        // The rebuilt indexes answer queries: the planner uses one for a person's interactions.
        let plan = try built.read {
            try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN SELECT * FROM interaction WHERE a_person_id = 1").map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("interaction_a_person") }, "\(plan)")
    }

    /// Whether the file has a coordinator (what someone who has not said who they are may do) is asked before every
    /// command and the interface's first frame: it reads the few coordinators' index, not the whole person table.
    @Test func findingACoordinatorReadsTheirIndexNotEveryPerson() throws {
        for store in [try Fixtures.store(), try DirectoryStore.replace(path: Fixtures.temporaryPath(), gazetteer: Fixtures.gazetteer,
                                                                       overwrite: false) { store in
            try store.write { try BulkWriter(db: $0, gazetteer: Fixtures.gazetteer, bulkRows: 1).insert(Fixtures.directory) }
        }] {
            let plan = try store.read {
                try Row.fetchAll($0, sql: "EXPLAIN QUERY PLAN SELECT EXISTS (SELECT 1 FROM person WHERE is_coordinator)")
                    .map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("person_coordinators") }, "\(plan)")
            #expect(try store.actor(nil).isOwner == false, "the fixture has coordinators")
        }
    }

    /// A bulk import (SQLite's per-row reference lookups off) still refuses a missing party, or a missing
    /// person elsewhere in the batch, leaving the directory as it was; a good one lands whole, healthy,
    /// with foreign keys enforced again afterwards.
    @Test func bulkImportStillRefusesMissingReferences() throws {
        let store = try Fixtures.store()
        let first = Day(iso: "2024-01-01")!.ordinal
        var batch = ImportBatch()
        batch.interactions = (0..<BulkWriter.defaultBulkRows).map {
            Interaction(a: Fixtures.p(1 + $0 % 3), b: $0 % 10 == 0 ? EntityID(.organization, 1) : Fixtures.p(4),
                        day: Day(ordinal: first + $0 % 700), channel: .call, source: .imported)
        }
        var missingParty = batch
        missingParty.interactions.append(Interaction(a: Fixtures.p(1), b: Fixtures.p(99), day: Fixtures.today, channel: .call, source: .imported))
        var missingMember = batch
        missingMember.newInitiatives = [Initiative(id: EntityID(.initiative, 2), title: "Жаңа бастама", theme: "ecology",
                                                   round: EntityID(.round, 1), settlement: "aktau", status: .continuing,
                                                   team: [TeamMember(person: Fixtures.p(77), role: .leader)], mentors: [], partners: [])]
        for broken in [missingParty, missingMember] {
            #expect(throws: StoreError.self) { try store.apply(broken) }
            #expect(try store.stats().interactions == 3)
            #expect(try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM initiative") } == 1)
        }
        try store.apply(batch)
        #expect(try store.stats().interactions == 3 + BulkWriter.defaultBulkRows)
        #expect(try store.doctor().healthy)
        #expect(try store.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") } == 1)
    }
    /// The demo's path (`insert(_:contactsLater:)`): the contacts are asked for after every other row is written, and
    /// land as in an insert of the whole directory; a contact naming someone missing still refuses everything.
    @Test func contactsGivenLaterLandAsIfGivenAtOnce() throws {
        let reference = try Fixtures.store()
        var rest = Fixtures.directory
        let contacts = rest.interactions
        rest.interactions = []
        let later = try Fixtures.store(filled: false)
        var asked = 0
        try later.insert(rest) {
            asked += 1
            return contacts
        }
        #expect(asked == 1)
        #expect(try schema(later) == schema(reference))
        for sql in ["SELECT * FROM person ORDER BY id", "SELECT * FROM interaction ORDER BY id", "SELECT * FROM tie_pair ORDER BY low, high",
                    "SELECT rowid, * FROM search ORDER BY rowid"] {
            #expect(try later.read { try Row.fetchAll($0, sql: sql) } == reference.read { try Row.fetchAll($0, sql: sql) })
        }
        #expect(try later.doctor().healthy)
        let refused = try Fixtures.store(filled: false)
        let stranger = Interaction(a: Fixtures.p(1), b: Fixtures.p(99), day: Fixtures.today, channel: .call, source: .imported)
        #expect(throws: StoreError.self) { try refused.insert(rest) { contacts + [stranger] } }
        #expect(try refused.stats().people == 0)
        struct NoContacts: Error {}
        let failed = try Fixtures.store(filled: false)
        #expect(throws: NoContacts.self) { try failed.insert(rest) { throw NoContacts() } }
        #expect(try failed.stats().people == 0)
        // The contacts' own file (`StagedContacts`) is gone whether the write landed or not, and nothing stays attached.
        for store in [later, refused, failed] {
            #expect(!FileManager.default.fileExists(atPath: store.path + "-contacts"))
            #expect(try store.read { try String.fetchAll($0, sql: "SELECT name FROM pragma_database_list WHERE name NOT IN ('main', 'temp')") } == [])
        }
    }

    /// The staged contacts and pairs are copied by SQLite's transfer (records and index entries as they are), not row by
    /// row: the plan of each copy moves whole records (`RowData`); the contacts' makes none (`MakeRecord`). Fails when the
    /// directory's tables and the staged ones could differ, or foreign keys are on.
    @Test func stagedContactsAreCopiedWhole() throws {
        let store = try Fixtures.store(filled: false)
        let plans = try store.queue.writeWithoutTransaction { db -> [[String]] in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.execute(sql: "ATTACH DATABASE ':memory:' AS staged")
            defer { try? db.execute(sql: "DETACH DATABASE staged") }
            for definition in try StagedContacts.definitions(db) {
                try db.execute(sql: definition.replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE staged.")
                    .replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX staged."))
            }
            return try ["interaction", "tie_pair"].map { table in
                try Row.fetchAll(db, sql: "EXPLAIN INSERT INTO \(table) SELECT * FROM staged.\(table)").map { $0["opcode"] }
            }
        }
        #expect(plans.count == 2)
        for opcodes in plans { #expect(opcodes.contains("RowData")) }
        // A table without rowid also gets the row-by-row plan, taken only when it is not empty (it is).
        #expect(!plans[0].contains("MakeRecord"))
    }

    /// Staging copies into empty tables: a directory that already holds contacts is refused, and keeps them.
    @Test func contactsAreStagedOnlyForADirectoryWithoutAny() throws {
        let store = try Fixtures.store()
        let before = try store.stats().interactions
        #expect(throws: StoreError.self) { try store.insert(DirectoryData()) { Fixtures.directory.interactions } }
        #expect(try store.stats().interactions == before)
    }
}
