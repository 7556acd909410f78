import BailanysCore
import Foundation
import GRDB

/// The initial of every folded word of each name, beside the entry's sort key (`search_initial`), so that a
/// one-letter query reads the first names with that initial in the directory's order straight from an index
/// instead of ranking four names in five (`DirectoryStore.search`). `entry` is the search rowid: a person id,
/// or minus an organisation id. Written with every search row (`BulkWriter.index`).
enum SearchInitials {
    static let insertSQL = "INSERT INTO search_initial (initial, sort_key, entry) VALUES (?, ?, ?)"

    /// The distinct first letters (or digits) of the words of a folded name, in order.
    static func initials(ofFolded name: String) -> [String] {
        var seen = Set<Character>()
        var result: [String] = []
        for word in name.split(separator: " ") {
            if let first = word.first, seen.insert(first).inserted { result.append(String(first)) }
        }
        return result
    }

    /// Migration `v8-search-order`: names sort in `NameOrder` (every spelling with its twins) and `TextFold`
    /// reads `j` before a consonant as й. Recomputes every sort key, refolds the index rows that hold a `j`,
    /// and builds the initials table from the index.
    static func createAndRebuild(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE search_initial (initial TEXT NOT NULL, sort_key BLOB NOT NULL, entry INTEGER NOT NULL);
            CREATE INDEX search_initial_order ON search_initial(initial, sort_key, entry);
            CREATE INDEX search_initial_entry ON search_initial(entry);
            """)
        for (table, column) in [("person", "full_name"), ("organization", "name")] {
            let update = try db.makeStatement(sql: "UPDATE \(table) SET sort_key = ? WHERE id = ?")
            let rows = try Row.fetchAll(db, sql: "SELECT id, \(column) AS name FROM \(table)")
            for row in rows { try update.execute(arguments: [sortKey(row["name"]), row["id"] as Int]) }
        }
        let refold = try db.makeStatement(sql: "UPDATE search SET name = ?, place = ?, other = ? WHERE rowid = ?")
        for row in try Row.fetchAll(db, sql: """
                                           SELECT rowid AS entry, name, place, other FROM search
                                           WHERE name LIKE '%j%' OR place LIKE '%j%' OR other LIKE '%j%'
                                           """) {
            try refold.execute(arguments: [TextFold.fold(row["name"] as String), SearchDocument.uniqueWords([row["place"]]),
                                           SearchDocument.uniqueWords([row["other"]]), row["entry"] as Int])
        }
        let insert = try db.makeStatement(sql: insertSQL)
        for row in try Row.fetchAll(db, sql: """
            SELECT s.rowid AS entry, s.name, coalesce(p.sort_key, o.sort_key) AS sort_key FROM search s
            LEFT JOIN person p ON s.rowid > 0 AND p.id = s.rowid LEFT JOIN organization o ON s.rowid < 0 AND o.id = -s.rowid
            """) {
            guard let key = row["sort_key"] as Data? else { continue }
            for initial in initials(ofFolded: row["name"]) { try insert.execute(arguments: [initial, key, row["entry"] as Int]) }
        }
    }
}
