import Foundation
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

    private func text(_ n: Int) -> String? { n % 3 == 0 ? nil : n % 3 == 1 ? "" : "row \(n)" }
    private func blob(_ n: Int) -> Data { n % 2 == 0 ? Data([UInt8(n % 256)]) : Data() }

    /// Rows go in order across full statements and the shorter last one, with NULL, '' and blobs kept apart.
    @Test func batchesKeepEveryRowInOrder() throws {
        let count = 2 * BatchInserter.rowsPerStatement + 37
        let rows = try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER, b TEXT, c BLOB)")
            try BatchInserter(db, into: "t", columns: ["a", "b", "c"]).insert(0..<count) { n in (n, text(n), blob(n)) }
            return try Row.fetchAll(db, sql: "SELECT a, b, typeof(b), c FROM t ORDER BY rowid")
        }
        #expect(rows.count == count)
        for (n, row) in rows.enumerated() {
            #expect(row[0] as Int == n)
            #expect(row[1] as String? == text(n))
            #expect(row[2] as String == (text(n) == nil ? "null" : "text"))
            #expect(row[3] as Data? == blob(n))
        }
    }

    /// A row with a column too few is refused before anything of its statement is written.
    @Test func batchRowsMustFillEveryColumn() throws {
        let count = try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER, b TEXT, c INTEGER)")
            #expect(throws: DatabaseError.self) {
                try BatchInserter(db, into: "t", columns: ["a", "b", "c"]).insert(0..<5) { n in (n, "x") }
            }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM t")
        }
        #expect(count == 0)
    }

    /// A constraint that fails on any row of a statement fails the insert.
    @Test func batchConstraintFailureIsAnError() throws {
        try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER NOT NULL)")
            #expect(throws: DatabaseError.self) {
                try BatchInserter(db, into: "t", columns: ["a"]).insert(0..<150) { (n: Int) -> Int? in n == 120 ? nil : n }
            }
        }
    }
}

@Suite struct IDSetTests {
    /// Dense ids (a bit each) and sparse ones (hashed) answer alike, for ids in, between, beyond and below them.
    @Test(arguments: [[1, 2, 3, 64, 65, 200], [5, 1_000_000_000], [], [0, 63, 64, 127, 128]])
    func answersAsASetDoes(ids: [Int]) {
        let set = IDSet(ids), reference = Set(ids)
        for probe in [-1, 0, 1, 2, 4, 63, 64, 65, 66, 127, 128, 199, 200, 201, 4_096, 1_000_000_000, Int.max] {
            #expect(set.contains(probe) == reference.contains(probe), "\(probe)")
        }
    }
}
