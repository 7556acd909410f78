import BailanysCore
import BailanysPolicy
@testable import BailanysStore
import Foundation
import GRDB
import PythonCrossCheck
import Testing

/// A directory open in this process (the app, its background lanes) while other processes read and write it.
@Suite struct SharedUseTests {
    /// What another process sees: it opens the file with SQLite, counts the interactions and closes it.
    static func interactionsSeenByAnotherProcess(_ path: String) throws -> Int {
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(db.execute("SELECT count(*) FROM interaction").fetchone()[0])
            db.close()
            """
        return Int(try Python.run(script, file: path, modules: []).trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    static func contact(_ a: Int, _ b: Int) -> Interaction {
        Interaction(a: Fixtures.p(a), b: Fixtures.p(b), day: Fixtures.today, channel: .call, source: .manual)
    }

    /// The app opened a second store on its file for a background lane; closing the header check's file handle
    /// dropped every POSIX lock of the process, so the next process to close deleted the app's WAL under it.
    @Test func anotherProcessNeverTakesTheWALFromUnderAnOpenDirectory() throws {
        let store = try Fixtures.store()
        try store.logInteraction(Self.contact(1, 3), by: Fixtures.national, today: Fixtures.today)
        let lane = try DirectoryStore.open(path: store.path, gazetteer: Fixtures.gazetteer)
        #expect(try lane.stats().people == 5)
        let reader = try store.readingConnection()
        #expect(try reader.stats().interactions == 4)
        #expect(throws: StoreError.readOnly(path: store.path)) { try reader.logInteraction(Self.contact(1, 2), by: Fixtures.national, today: Fixtures.today) }

        #expect(try Self.interactionsSeenByAnotherProcess(store.path) == 4)
        #expect(FileManager.default.fileExists(atPath: store.path + "-wal"))
        try store.logInteraction(Self.contact(2, 3), by: Fixtures.national, today: Fixtures.today)
        try lane.logInteraction(Self.contact(2, 4), by: Fixtures.national, today: Fixtures.today)
        #expect(try Self.interactionsSeenByAnotherProcess(store.path) == 6)
        #expect(try store.doctor().healthy)
    }

    /// A newer Bailanys (another process) migrated the file while this older one had it open: the older one wrote on
    /// into a schema whose rules it does not know. Now every write, whatever path it takes, refuses before writing.
    @Test func aFileMigratedByANewerBailanysWhileOpenRefusesEveryWrite() throws {
        let store = try Fixtures.store(), empty = try Fixtures.store(filled: false)
        for path in [store.path, empty.path] {
            let newer = try DatabaseQueue(path: path)
            try newer.write { db in
                try db.execute(sql: "CREATE TABLE future_audit (id INTEGER PRIMARY KEY)")
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
            try newer.close()
        }
        let refusal = StoreError.upgradedWhileOpen(path: store.path, version: "v99-from-the-future")
        #expect(throws: refusal) { try store.logInteraction(Self.contact(1, 2), by: Fixtures.national, today: Fixtures.today) }
        #expect(try Self.interactionsSeenByAnotherProcess(store.path) == 3)
        // An import's bulk path: references checked by the store at the end of its one transaction.
        #expect(throws: StoreError.upgradedWhileOpen(path: empty.path, version: "v99-from-the-future")) {
            try empty.insert(Fixtures.directory, bulkFrom: 1)
        }
        #expect(try empty.stats().people == 0)
        #expect(refusal.description.contains("newer Bailanys"))
        #expect(refusal.exitCode == 3)
    }
}
