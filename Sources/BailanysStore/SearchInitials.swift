import BailanysCore
import Foundation
import GRDB

/// The first one and two letters of every folded word of each name, beside the entry's sort key
/// (`search_initial`), so that a query of one or two letters reads the first names with a word starting so in
/// the directory's order straight from an index instead of ranking four names in five, or one in eight
/// (`DirectoryStore.search`; bm25 over the 12,700 entries "ай" matches at 100k people took 36 ms). `entry` is the search rowid: a person id,
/// or minus an organisation id. Written with every search row (`BulkWriter.index`).
enum SearchInitials {
    static let insertSQL = "INSERT INTO search_initial (initial, sort_key, entry) VALUES (?, ?, ?)"

    /// The longest prefix a query may have to be read from this table.
    static let longest = 2

    /// The distinct prefixes of one and two letters (or digits) of the words of a folded name, in order.
    static func initials(ofFolded name: String) -> [String] {
        var seen = Set<Substring>()
        var result: [String] = []
        for word in name.split(separator: " ") {
            for length in 1...longest where word.count >= length {
                let prefix = word.prefix(length)
                if seen.insert(prefix).inserted { result.append(String(prefix)) }
            }
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
            -- A whole place name lists the place's entries alphabetically (`DirectoryStore.search`).
            CREATE INDEX person_settlement_order ON person(settlement, sort_key);
            CREATE INDEX person_region_order ON person(region, sort_key);
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
