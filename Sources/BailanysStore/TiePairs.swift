import BailanysCore
import BailanysGraph
import Foundation
import GRDB
import GRDBSQLite

/// Logged contacts kept per pair (`tie_pair`, schema v7): the bulk of the tie graph, stored the way the snapshot
/// wants it, so loading the graph reads one row per pair instead of parsing every interaction's text date.
///
/// Every write that adds or removes interactions calls `record` in its own transaction; `rebuilt` derives the
/// same rows from the interaction table (migration, `doctor`, `doctor --repair`). See docs/architecture.md.
enum TiePairs {
    /// Organisation ids are shifted below every person id, so integer order of keys is `EntityID` order
    /// (organisations first, then people, each by number) — the snapshot's node order.
    static let organizationOffset: Int64 = 1 << 40

    struct Pair: Hashable, Comparable {
        var low: Int64
        var high: Int64

        static func < (x: Pair, y: Pair) -> Bool { (x.low, x.high) < (y.low, y.high) }
    }

    static func key(_ id: EntityID) -> Int64 {
        id.kind == .person ? Int64(id.number) : Int64(id.number) - organizationOffset
    }

    static func id(key: Int64) -> EntityID {
        key >= 0 ? EntityID(.person, Int(key)) : EntityID(.organization, Int(key + organizationOffset))
    }

    /// The pair and the contact's code: day ordinal × 2, plus 1 when it was logged from the higher id to the lower.
    static func entry(_ a: EntityID, _ b: EntityID, day: Day) -> (Pair, Int32) {
        let ka = key(a), kb = key(b)
        return (Pair(low: min(ka, kb), high: max(ka, kb)), Int32(day.ordinal * 2 + (ka > kb ? 1 : 0)))
    }

    /// The entries of interactions, in their order.
    static func entries(_ interactions: [Interaction]) -> [(Pair, Int32)] {
        interactions.map { entry($0.a, $0.b, day: $0.day) }
    }

    /// Folds interactions that were just inserted (or, with `removing`, deleted) into `tie_pair`, in the caller's
    /// transaction. Cost: one read and one write per touched pair.
    static func record(_ db: Database, _ contacts: [(a: EntityID, b: EntityID, day: Day)], removing: Bool = false) throws {
        try record(db, entries: contacts.map { entry($0.a, $0.b, day: $0.day) }, removing: removing)
    }

    /// `record` of contacts already made into entries (`entry`), in any order.
    static func record(_ db: Database, entries: [(Pair, Int32)], removing: Bool = false) throws {
        guard !entries.isEmpty else { return }
        // One sort of (pair, code) entries groups them: pairs in key order, each pair's codes ascending. A dictionary
        // of arrays cost a hash lookup per contact and an array per pair (3.6M and 420k writing the 100k demo).
        var entries = entries
        entries.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        // A fresh directory (the demo, a first import) has nothing to merge with: skip a million lookups.
        let empty = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM tie_pair)") ?? false)
        let select = try db.cachedStatement(sql: "SELECT contacts FROM tie_pair WHERE low = ? AND high = ?")
        let upsert = try RowInserter(db, sql: "INSERT OR REPLACE INTO tie_pair (low, high, contacts) VALUES (?, ?, ?)")
        let delete = try db.cachedStatement(sql: "DELETE FROM tie_pair WHERE low = ? AND high = ?")
        var start = entries.startIndex
        while start < entries.endIndex {
            let pair = entries[start].0
            var end = start + 1
            while end < entries.endIndex, entries[end].0 == pair { end += 1 }
            let change = entries[start..<end].map(\.1)
            start = end
            let stored = empty ? [] : try storedCodes(select, pair)
            let codes = removing ? removingOnce(change, from: stored) : merged(stored, change)
            if codes.isEmpty {
                try delete.execute(arguments: [pair.low, pair.high])
            } else {
                try upsert.insert(pair.low, pair.high, encode(codes))
            }
        }
    }

    /// One pair's stored codes through `select` (low, high → contacts), bound and stepped through the C API: an import
    /// looks up every pair it touches, a million of them for a million contacts.
    private static func storedCodes(_ select: Statement, _ pair: Pair) throws -> [Int32] {
        sqlite3_bind_int64(select.sqliteStatement, 1, pair.low)
        sqlite3_bind_int64(select.sqliteStatement, 2, pair.high)
        var codes: [Int32] = []
        try stepRawRows(select) { raw in
            if let blob = sqlite3_column_blob(raw, 0) {
                append(UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(raw, 0))), to: &codes)
            }
            return false
        }
        return codes
    }

    /// What `tie_pair` must hold, derived from the interaction table alone. Dates are converted by SQLite;
    /// rows whose day is not a real `YYYY-MM-DD` date are left out, as the graph always left them out.
    static func rebuilt(_ db: Database) throws -> [Pair: [Int32]] {
        var pairs: [Pair: [Int32]] = [:]
        let statement = try db.makeStatement(sql: """
            SELECT coalesce(a_person_id, a_organization_id - \(organizationOffset)),
                   coalesce(b_person_id, b_organization_id - \(organizationOffset)),
                   CAST(julianday(day) - 2440587.5 AS INTEGER)
            FROM interaction
            WHERE length(day) = 10 AND day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(day) IS day
            """)
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            let a: Int64 = row[0], b: Int64 = row[1], day: Int64 = row[2]
            pairs[Pair(low: min(a, b), high: max(a, b)), default: []].append(Int32(day * 2 + (a > b ? 1 : 0)))
        }
        for key in pairs.keys { pairs[key]!.sort() }
        return pairs
    }

    /// Replaces `tie_pair` with a rebuild from the interaction table (migration and `doctor --repair`).
    static func rebuild(_ db: Database) throws {
        let pairs = try rebuilt(db)
        try db.execute(sql: "DELETE FROM tie_pair")
        let insert = try db.cachedStatement(sql: "INSERT INTO tie_pair (low, high, contacts) VALUES (?, ?, ?)")
        for pair in pairs.keys.sorted() { try insert.execute(arguments: [pair.low, pair.high, encode(pairs[pair]!)]) }
    }

    /// The pairs whose stored contacts differ from a rebuild (0 when the table is right), and how many pairs there are.
    static func mismatches(_ db: Database) throws -> (wrong: Int, pairs: Int) {
        var expected = try rebuilt(db)
        var wrong = 0, stored = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT low, high, contacts FROM tie_pair")
        while let row = try cursor.next() {
            stored += 1
            let pair = Pair(low: row[0], high: row[1])
            if expected.removeValue(forKey: pair) != decode(row[2]) { wrong += 1 }
        }
        return (wrong + expected.count, stored)
    }

    /// `doctor`'s verdict on `tie_pair`: equal to a rebuild from the interactions, or how many pairs are wrong.
    static func doctorCheck(_ db: Database) throws -> (ok: Bool, detail: String) {
        let (wrong, pairs) = try mismatches(db)
        return wrong == 0
            ? (true, "\(pairs) pairs of logged contacts match a rebuild from the interactions")
            : (false, "\(wrong) pairs of logged contacts differ from a rebuild from the interactions; run `bailanys doctor --repair`")
    }

    /// Every stored pair, in key (= node) order, as the snapshot builder takes them. `progress` hears the fraction read.
    static func contactRuns(_ db: Database, progress: (Double) -> Void) throws -> ContactRuns {
        var runs = ContactRuns()
        // Sized up front (pairs counted, contacts bounded by the interactions' largest id): no regrowth of 14 MB arrays.
        let pairs = try Int.fetchOne(db, sql: "SELECT count(*) FROM tie_pair") ?? 0
        runs.low.reserveCapacity(pairs)
        runs.high.reserveCapacity(pairs)
        runs.offsets.reserveCapacity(pairs)
        runs.codes.reserveCapacity(try Int.fetchOne(db, sql: "SELECT max(id) FROM interaction") ?? 0)
        var ticks = ProgressTicks(total: pairs)
        try forEachRawRow(db, sql: "SELECT low, high, contacts FROM tie_pair ORDER BY low, high") { raw in
            ticks.advance(runs.low.count, progress)
            runs.low.append(id(key: sqlite3_column_int64(raw, 0)))
            runs.high.append(id(key: sqlite3_column_int64(raw, 1)))
            let length = Int(sqlite3_column_bytes(raw, 2))
            if length >= 4, let blob = sqlite3_column_blob(raw, 2) {
                append(UnsafeRawBufferPointer(start: blob, count: length), to: &runs.codes)
            }
            runs.offsets.append(Int32(runs.codes.count))
        }
        progress(1)
        return runs
    }

    /// Every stored pair with its number of contacts on or before `through` and how many of those fall in the
    /// `windowDays` days ending on it (the study indicators' counts), read blob by blob without decoding into arrays.
    static func forEachPairCount(_ db: Database, through: Day, windowDays: Int,
                                 _ body: (EntityID, EntityID, Int, Int) throws -> Void) throws {
        // Codes are day × 2 + direction, ascending: contacts on or before `through` are those below `end`, and
        // those in the window are at or above `start`.
        let end = Int64(through.ordinal) * 2 + 2, start = Int64(through.ordinal - windowDays) * 2 + 2
        try forEachRawRow(db, sql: "SELECT low, high, contacts FROM tie_pair") { raw in
            let length = Int(sqlite3_column_bytes(raw, 2))
            guard length >= 4, let blob = sqlite3_column_blob(raw, 2) else { return }
            let bytes = UnsafeRawBufferPointer(start: blob, count: length)
            var allTime = 0, inWindow = 0
            for offset in stride(from: 0, to: length - 3, by: 4) {
                let code = Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                if code >= end { break }
                allTime += 1
                if code >= start { inWindow += 1 }
            }
            if allTime > 0 { try body(id(key: sqlite3_column_int64(raw, 0)), id(key: sqlite3_column_int64(raw, 1)), allTime, inWindow) }
        }
    }

    // MARK: The blob: little-endian Int32 codes, ascending.

    static func encode(_ codes: [Int32]) -> Data {
        var data = Data(count: codes.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (i, code) in codes.enumerated() { raw.storeBytes(of: code.littleEndian, toByteOffset: i * 4, as: Int32.self) }
        }
        return data
    }

    static func decode(_ data: Data?) -> [Int32] {
        var codes: [Int32] = []
        if let data { append(data, to: &codes) }
        return codes
    }

    private static func append(_ data: Data, to codes: inout [Int32]) {
        data.withUnsafeBytes { append($0, to: &codes) }
    }

    private static func append(_ raw: UnsafeRawBufferPointer, to codes: inout [Int32]) {
        for offset in stride(from: 0, to: raw.count - 3, by: 4) {
            codes.append(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        }
    }

    private static func merged(_ x: [Int32], _ y: [Int32]) -> [Int32] {
        guard !x.isEmpty else { return y }
        var result: [Int32] = []
        result.reserveCapacity(x.count + y.count)
        var i = 0, j = 0
        while i < x.count || j < y.count {
            if j == y.count || (i < x.count && x[i] <= y[j]) { result.append(x[i]); i += 1 } else { result.append(y[j]); j += 1 }
        }
        return result
    }

    /// `stored` without one occurrence of each code in `removed` (both ascending).
    private static func removingOnce(_ removed: [Int32], from stored: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var j = 0
        for code in stored {
            while j < removed.count, removed[j] < code { j += 1 }
            if j < removed.count, removed[j] == code { j += 1 } else { result.append(code) }
        }
        return result
    }
}

extension DirectoryStore {
    /// Rebuilds the maintained tie state from the interactions (`doctor --repair`); returns the pairs written.
    @discardableResult
    public func repairTieState() throws -> Int {
        try write { db in
            try TiePairs.rebuild(db)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM tie_pair") ?? 0
        }
    }
}
