import BailanysCore
import Foundation
import GRDB

/// How an enrolment code is kept (docs/server.md): never as text, only as SHA-256 of a random 16-byte salt followed by
/// the code's UTF-8, so that a copy of the file or a backup does not let anyone enrol as the person. The codes carry
/// about 79 bits of chance, so a fast hash is enough: nobody can try them all.
enum InviteDigest {
    static let saltLength = 16

    static func salt() -> [UInt8] {
        var random = SystemRandomNumberGenerator()
        return (0..<saltLength).map { _ in UInt8.random(in: .min ... .max, using: &random) }
    }

    static func digest(code: String, salt: [UInt8]) -> [UInt8] { SHA256.digest(salt + Array(code.utf8)) }

    /// The invite whose digest matches `code`: every row is compared, in constant time, whatever matches first.
    static func matching(_ db: Database, code: String) throws -> Row? {
        var found: Row?
        for row in try Row.fetchAll(db, sql: "SELECT id, salt, digest, person_id, expires_day, used_at FROM access_invite") {
            let stored = [UInt8](row["digest"] as Data)
            if SHA256.constantTimeEqual(digest(code: code, salt: [UInt8](row["salt"] as Data)), stored), found == nil { found = row }
        }
        return found
    }

    /// v10-invite-hash: the v9 table kept each code as text. Every row is rewritten with a salt and the digest of its
    /// code (used codes too, so that a reused one is still told "already used"), the text is gone, and the pages that
    /// held it are zeroed (secure_delete) rather than left in the file's free list.
    static func hashStoredCodes(_ db: Database) throws {
        // Debian builds SQLite with secure_delete on by default; other builds need it asked for. Restored afterwards.
        let secureDelete = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 0
        try db.execute(sql: "PRAGMA secure_delete = ON")
        try db.execute(sql: """
            CREATE TABLE access_invite_hashed (
                id INTEGER PRIMARY KEY,
                salt BLOB NOT NULL CHECK (length(salt) = \(saltLength)),
                digest BLOB NOT NULL CHECK (length(digest) = 32),
                person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_day TEXT NOT NULL,
                used_at TEXT,
                used_key TEXT
            );
            """)
        let insert = try db.makeStatement(sql: """
            INSERT INTO access_invite_hashed (salt, digest, person_id, created_at, expires_day, used_at, used_key)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for row in try Row.fetchAll(db, sql: "SELECT code, person_id, created_at, expires_day, used_at, used_key FROM access_invite ORDER BY rowid") {
            let salt = salt()
            try insert.execute(arguments: [Data(salt), Data(digest(code: row["code"], salt: salt)), row["person_id"],
                                           row["created_at"], row["expires_day"], row["used_at"], row["used_key"]])
        }
        try db.execute(sql: """
            DROP TABLE access_invite;
            ALTER TABLE access_invite_hashed RENAME TO access_invite;
            CREATE INDEX access_invite_person ON access_invite(person_id);
            """)
        try db.execute(sql: "PRAGMA secure_delete = \(secureDelete == 0 ? "OFF" : "ON")")
    }
}
