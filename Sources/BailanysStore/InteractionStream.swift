import BailanysCore
import GRDB

extension DirectoryStore {
    /// Every interaction in id order, one at a time from a cursor: an export of millions holds none of them
    /// at once (`loadDirectory(events: false)` gives the rest of the directory).
    public func forEachInteraction(_ body: (Interaction) throws -> Void) throws {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM interaction ORDER BY id")
            while let row = try cursor.next() { try body(Self.interaction(row)) }
        }
    }
}
