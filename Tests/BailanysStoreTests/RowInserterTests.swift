@testable import BailanysStore
import GRDB
import Testing

@Suite struct RowInserterTests {
    /// SQLite keeps bindings across rows: a row given too few values must fail, not take the previous row's.
    @Test func tooFewValuesIsAnErrorNotThePreviousRowsValues() throws {
        let rows = try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER, b TEXT, c INTEGER)")
            let insert = try RowInserter(db, sql: "INSERT INTO t (a, b, c) VALUES (?, ?, ?)")
            try insert.insert(1, "one", 10)
            #expect(throws: DatabaseError.self) { try insert.insert(2, "two") }
            #expect(throws: DatabaseError.self) { try insert.insert(3) }
            try insert.insert(4, "four", 40)
            return try Row.fetchAll(db, sql: "SELECT a, b, c FROM t ORDER BY a").map { [$0[0] as Int, $0[1] as String, $0[2] as Int] as [AnyHashable] }
        }
        #expect(rows == [[1, "one", 10], [4, "four", 40]])
    }

    @Test func tooManyValuesIsAnError() throws {
        let count = try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER, b TEXT)")
            let insert = try RowInserter(db, sql: "INSERT INTO t (a, b) VALUES (?, ?)")
            #expect(throws: DatabaseError.self) { try insert.insert(1, "one", 99) }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM t")
        }
        #expect(count == 0)
    }
}
