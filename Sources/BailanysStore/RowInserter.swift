import BailanysCore
import Foundation
import GRDB
import GRDBSQLite

/// A cached INSERT bound and stepped straight through SQLite's C API: no argument array, no boxing,
/// no per-row bookkeeping, which halves the time of a million-row bulk insert. Only for inserts
/// inside a transaction GRDB opened (an insert never begins or ends one, so GRDB's view of the
/// transaction stays true) and with no GRDB observers, which Bailanys never registers.
struct RowInserter {
    private let statement: Statement
    private let db: Database
    private let parameterCount: Int32

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        parameterCount = sqlite3_bind_parameter_count(statement.sqliteStatement)
    }

    /// Inserts one row; the values fill the statement's parameters in order, and must fill every one:
    /// SQLite keeps a parameter's binding across rows, so a missing value would silently repeat the
    /// previous row's.
    func insert<each Value: SQLiteBindable>(_ values: repeat each Value) throws {
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            value.bind(to: raw, at: index)
        }
        guard index == parameterCount else {
            throw DatabaseError(resultCode: .SQLITE_RANGE, message: "\(index) values for \(parameterCount) parameters",
                                sql: statement.sql)
        }
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(raw)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}

/// Rows of one table inserted many to a statement (`INSERT … VALUES (…), (…), …`), bound through the C API as
/// `RowInserter` binds them: stepping a statement per row cost four times SQLite's own work for the 3.6M contacts of
/// the 100k demo (3.2 s, against 0.8 s for the same rows copied by `INSERT … SELECT`), most of it the setup of each step.
struct BatchInserter {
    /// Rows per statement: 100 rows of 8 columns stay far below SQLite's limit on parameters (32,766).
    static let rowsPerStatement = 100

    private let db: Database
    private let head: String
    private let placeholders: String

    init(_ db: Database, into table: String, columns: [String]) {
        self.db = db
        head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    /// Inserts one row per element of `rows`, with the values `values` gives for it in the columns' order.
    func insert<Rows: Collection, each Value: SQLiteBindable>(_ rows: Rows,
                                                               _ values: (Rows.Element) -> (repeat each Value)) throws {
        var next = rows.startIndex
        var remaining = rows.count
        while remaining > 0 {
            let count = min(remaining, Self.rowsPerStatement)
            let sql = head + Array(repeating: placeholders, count: count).joined(separator: ", ")
            // The full size is reused across batches; the one shorter tail is made once.
            let statement = count == Self.rowsPerStatement ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
            let raw = statement.sqliteStatement
            sqlite3_reset(raw)
            var index: Int32 = 0
            for _ in 0..<count {
                let row = values(rows[next])
                next = rows.index(after: next)
                for value in repeat each row {
                    index += 1
                    value.bind(to: raw, at: index)
                }
            }
            let expected = sqlite3_bind_parameter_count(raw)
            guard index == expected else {
                throw DatabaseError(resultCode: .SQLITE_RANGE, message: "\(index) values for \(expected) parameters", sql: statement.sql)
            }
            let code = sqlite3_step(raw)
            let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
            // Bindings outlive the step in a cached statement; `StaticText` ones must not outlive their text.
            sqlite3_reset(raw)
            sqlite3_clear_bindings(raw)
            if let message { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql) }
            remaining -= count
        }
    }
}

/// Text that SQLite binds without copying it (`SQLITE_STATIC`), for a value repeated over millions of rows (a day, a
/// channel): copying each bound text cost an allocation and a free, four per contact. A plain pair of pointer and
/// length, so that a row of them costs no reference counting; the bytes belong to the `StaticTexts` that made it, which
/// outlives the statements it is bound to (`BatchInserter` clears its bindings after every statement).
struct StaticText: SQLiteBindable {
    fileprivate let start: UnsafePointer<CChar>
    fileprivate let count: Int32

    func bind(to statement: SQLiteStatement, at index: Int32) {
        sqlite3_bind_text(statement, index, start, count, staticBytes)
    }
}

/// Each key's `StaticText`, made once; their bytes live as long as this cache. The key asked last is answered without
/// hashing: contacts come day after day.
final class StaticTexts<Key: Hashable> {
    private var texts: [Key: StaticText] = [:]
    private var last: (key: Key, text: StaticText)?
    private var buffers: [UnsafeMutableBufferPointer<CChar>] = []

    deinit { for buffer in buffers { buffer.deallocate() } }

    func text(_ key: Key, _ make: (Key) -> String) -> StaticText {
        if let last, last.key == key { return last.text }
        let text = texts[key] ?? store(key, make(key))
        last = (key, text)
        return text
    }

    private func store(_ key: Key, _ string: String) -> StaticText {
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(1, string.utf8.count))
        _ = buffer.initialize(from: string.utf8.lazy.map { CChar(bitPattern: $0) })
        buffers.append(buffer)
        let text = StaticText(start: UnsafePointer(buffer.baseAddress!), count: Int32(string.utf8.count))
        texts[key] = text
        return text
    }
}

/// Steps a read-only SELECT through SQLite's C API and hands each row's statement to `body`, as `RowInserter` steps
/// inserts: a GRDB row per result row (and a `Data` per blob) costs more than the bulk reads of the tie graph and the
/// study indicators do with it at 100k people (400k pairs holding 3.6M contacts, 100k team rows).
func forEachRawRow(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                   _ body: (SQLiteStatement) throws -> Void) throws {
    try stepRawRows(db, sql: sql, arguments: arguments) { raw in
        try body(raw)
        return true
    }
}

/// `forEachRawRow` that stops as soon as `body` returns false (a walk in index order that has found enough).
func stepRawRows(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
                 _ body: (SQLiteStatement) throws -> Bool) throws {
    let statement = try db.makeStatement(sql: sql)
    try statement.setArguments(arguments)
    try stepRawRows(statement, body)
}

/// Steps a statement whose arguments are already bound (a cached one, run once per key of a long loop), from its
/// start; it is reset afterwards.
func stepRawRows(_ statement: Statement, _ body: (SQLiteStatement) throws -> Bool) throws {
    let raw = statement.sqliteStatement
    sqlite3_reset(raw)
    defer { sqlite3_reset(raw) }
    while true {
        let step = sqlite3_step(raw)
        if step == SQLITE_DONE { return }
        guard step == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(raw))),
                                sql: statement.sql)
        }
        guard try body(raw) else { return }
    }
}

/// Column readers for `forEachRawRow`'s rows: NULL reads as 0, "" or nil.
func columnInt(_ raw: SQLiteStatement, _ column: Int32) -> Int { Int(sqlite3_column_int64(raw, column)) }

func columnText(_ raw: SQLiteStatement, _ column: Int32) -> String {
    sqlite3_column_text(raw, column).map { String(cString: $0) } ?? ""
}

func columnOptionalText(_ raw: SQLiteStatement, _ column: Int32) -> String? {
    sqlite3_column_text(raw, column).map { String(cString: $0) }
}

/// The roles of a person row that selects `is_alumnus, is_mentor, is_coordinator` from column `first` on.
func columnRoles(_ raw: SQLiteStatement, from first: Int32) -> Set<Role> {
    var roles = Set<Role>()
    if columnInt(raw, first) != 0 { roles.insert(.alumnus) }
    if columnInt(raw, first + 1) != 0 { roles.insert(.mentor) }
    if columnInt(raw, first + 2) != 0 { roles.insert(.coordinator) }
    return roles
}

func columnData(_ raw: SQLiteStatement, _ column: Int32) -> Data {
    guard let bytes = sqlite3_column_blob(raw, column) else { return Data() }
    return Data(bytes: bytes, count: Int(sqlite3_column_bytes(raw, column)))
}

/// A value bound as GRDB would bind it: integers and booleans as INTEGER, text as TEXT, data as BLOB, nil as NULL.
protocol SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32)
}

/// SQLite copies the bytes before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// SQLite uses the bytes where they are until the parameter is bound again or cleared.
private let staticBytes = unsafeBitCast(0, to: sqlite3_destructor_type.self)

extension Int: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Int64: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) { sqlite3_bind_int64(statement, index, self) }
}

extension Bool: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) { sqlite3_bind_int64(statement, index, self ? 1 : 0) }
}

extension String: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) {
        var text = self
        text.withUTF8 { bytes in
            // An empty buffer may have no address; SQLite would then bind NULL instead of ''.
            let start = bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(("" as StaticString).utf8Start)
            sqlite3_bind_text(statement, index, start.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
        }
    }
}

extension Data: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) {
        guard !isEmpty else {
            sqlite3_bind_zeroblob(statement, index, 0)
            return
        }
        withUnsafeBytes { bytes in _ = sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), transient) }
    }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    func bind(to statement: SQLiteStatement, at index: Int32) {
        if let value = self { value.bind(to: statement, at: index) } else { sqlite3_bind_null(statement, index) }
    }
}
