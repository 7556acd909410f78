import BailanysCore
import Foundation
import GRDB

/// The contacts of a new directory, written on a second core into a file of their own while the first writes every
/// other row, then copied into the directory whole (`insert(_:contactsLater:)`, the demo).
///
/// One SQLite connection writes on one core: the 100k demo spent 5.4 of its 11–13 s storing 3.6M contacts and sorting
/// their indexes while the second core stood idle. Here the staged file holds the interaction table and its indexes
/// made from the directory's own definitions, so `INSERT INTO interaction SELECT * FROM staged.interaction` into the
/// still empty table is SQLite's transfer: records and index entries copied as they are, in order, neither re-encoded
/// nor re-sorted (1.8 s for what took 5.4). The file is made with the directory's permissions and removed by `finish`.
final class StagedContacts: @unchecked Sendable {
    private let path: String
    private let definitions: [String]
    private var written: OnSecondCore<Result<Void, any Error>>?

    /// Schema name under which the staged file is attached for the copy.
    private static let schema = "staged_contacts"

    /// `definitions`: the interaction table's and its indexes' `CREATE` statements, the table's first.
    init(beside directory: String, definitions: [String]) {
        path = directory + "-contacts"
        self.definitions = definitions
    }

    /// The `CREATE` statements of the interaction table and its indexes as this database holds them.
    static func definitions(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE tbl_name = 'interaction' AND sql IS NOT NULL
            ORDER BY type = 'index', rowid
            """)
    }

    /// Writes the contacts `contacts` gives on another thread, as soon as it gives them.
    func start(_ contacts: OnSecondCore<Result<[Interaction], any Error>>) {
        written = OnSecondCore { [self] in Result { try write(contacts.value.get()) } }
    }

    private func write(_ interactions: [Interaction]) throws {
        try DirectoryStore.createFile(path: path)
        var configuration = Configuration()
        // The table names people and organisations this file does not have: the directory checks them.
        configuration.foreignKeysEnabled = false
        configuration.label = "bailanys-staged-contacts"
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            // Nobody else ever opens this file, and a failure discards it.
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            try db.inTransaction {
                try db.execute(sql: definitions[0])
                try BulkWriter.insertInteractionRows(db, interactions)
                try BulkWriter.createIndexes(db, definitions.dropFirst())
                return .commit
            }
        }
        try queue.close()
    }

    /// Copies the staged contacts into `db`'s empty interaction table, once they are written (waits for them).
    /// Inside the caller's transaction; the file stays attached until `detach` after it.
    func copy(into db: Database, expecting count: Int) throws {
        guard let written else { preconditionFailure("copy before start") }
        try written.value.get()
        try db.execute(sql: "ATTACH DATABASE ? AS \(Self.schema)", arguments: [path])
        try db.execute(sql: "INSERT INTO interaction SELECT * FROM \(Self.schema).interaction")
        guard db.changesCount == count else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "\(db.changesCount) contacts copied of \(count) written")
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
