import BailanysCore
import Foundation
import GRDB

/// The contacts of a new directory and their tie state, written on a second core into a file of their own while the
/// first writes every other row, then copied into the directory whole (`insert(_:contactsLater:)`, the demo).
///
/// One SQLite connection writes on one core: the 100k demo spent 6 of its 11–13 s storing 3.6M contacts, sorting their
/// indexes and folding them into 420k pairs while the second core stood idle. Here the staged file holds the interaction
/// and tie_pair tables and their indexes, made from the directory's own definitions, so `INSERT INTO interaction SELECT *
/// FROM staged.interaction` into the still empty table is SQLite's transfer: records and index entries copied as they
/// are, in order, neither re-encoded nor re-sorted (1.5 s for what took 5.4). The file is made with the directory's
/// permissions and removed by `finish`.
final class StagedContacts: @unchecked Sendable {
    private let path: String
    private let definitions: [String]
    private let pageSize: Int
    /// The number of pairs written, once they are.
    private var written: OnSecondCore<Result<Int, any Error>>?

    /// The tables staged, each copied whole.
    private static let tables = ["interaction", "tie_pair"]

    /// Schema name under which the staged file is attached for the copy.
    private static let schema = "staged_contacts"

    /// `definitions`: the staged tables' and their indexes' `CREATE` statements, the tables' first (`definitions(_:)`);
    /// `pageSize`: the directory's, so that records move between files laid out alike.
    init(beside directory: String, definitions: [String], pageSize: Int) {
        path = directory + "-contacts"
        self.definitions = definitions
        self.pageSize = pageSize
    }

    /// The `CREATE` statements of the staged tables and their indexes as this database holds them, tables first.
    /// Refused when it holds any contact already: the copy is for a new directory.
    static func definitions(_ db: Database) throws -> [String] {
        guard try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM interaction)") ?? false) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "contacts can be staged only for a directory without any")
        }
        return try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE tbl_name IN (SELECT value FROM json_each(?)) AND sql IS NOT NULL
            ORDER BY type = 'index', rowid
            """, arguments: [jsonList(tables)])
    }

    /// Writes the contacts `contacts` gives on another thread, as soon as it gives them.
    func start(_ contacts: OnSecondCore<Result<[Interaction], any Error>>) {
        written = OnSecondCore { [self] in Result { try write(contacts.value.get()) } }
    }

    private func write(_ interactions: [Interaction]) throws -> Int {
        try DirectoryStore.createFile(path: path)
        var configuration = Configuration()
        // The table names people and organisations this file does not have: the directory checks them.
        configuration.foreignKeysEnabled = false
        configuration.label = "bailanys-staged-contacts"
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let pairs = try queue.writeWithoutTransaction { db in
            // Nobody else ever opens this file, and a failure discards it.
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            var pairs = 0
            try db.inTransaction {
                let tables = definitions.prefix(Self.tables.count)
                for table in tables { try db.execute(sql: table) }
                try BulkWriter.insertInteractionRows(db, interactions)
                try TiePairs.record(db, entries: TiePairs.entries(interactions))
                pairs = try Int.fetchOne(db, sql: "SELECT count(*) FROM tie_pair") ?? 0
                try BulkWriter.createIndexes(db, definitions.dropFirst(tables.count))
                return .commit
            }
            return pairs
        }
        try queue.close()
        return pairs
    }

    /// Copies the staged contacts (`count` of them) and their pairs into `db`'s empty tables, once they are written
    /// (waits for them). Inside the caller's transaction; the file stays attached until `finish`, after it.
    func copy(into db: Database, expecting count: Int) throws {
        guard let written else { preconditionFailure("copy before start") }
        let pairs = try written.value.get()
        try db.execute(sql: "ATTACH DATABASE ? AS \(Self.schema)", arguments: [path])
        for (table, expected) in zip(Self.tables, [count, pairs]) {
            try db.execute(sql: "INSERT INTO \(table) SELECT * FROM \(Self.schema).\(table)")
            guard db.changesCount == expected else {
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: "\(db.changesCount) rows of \(table) copied of \(expected) written")
            }
        }
    }

    /// Detaches the staged file (SQLite refuses within the transaction that read it), waits for the other thread and
    /// removes the file, on success or failure alike.
    func finish(_ queue: DatabaseQueue) {
        _ = written?.value
        try? queue.writeWithoutTransaction { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pragma_database_list WHERE name = ?)",
                                 arguments: [Self.schema]) == true {
                try db.execute(sql: "DETACH DATABASE \(Self.schema)")
            }
        }
        for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
