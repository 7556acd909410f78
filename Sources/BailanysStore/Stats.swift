import BailanysCore
import Foundation
import GRDB

/// What the directory holds, for `bailanys stats` and the start-up line.
public struct DirectoryStats: Sendable, Equatable, Codable {
    public var people: Int
    public var alumni: Int
    public var mentors: Int
    public var coordinators: Int
    public var organizations: [String: Int]
    public var rounds: Int
    public var initiatives: [String: Int]
    public var interactions: Int
    public var activities: Int
    public var regions: Int
    public var firstInteraction: Day?
    public var lastInteraction: Day?
    /// Master or member copy, and for whom (docs/privacy.md).
    public var file: FileKind = .master
}

/// The result of `bailanys doctor`: every check with its outcome.
public struct DoctorReport: Sendable, Equatable, Codable {
    public struct Check: Sendable, Equatable, Codable {
        public var name: String
        public var ok: Bool
        public var detail: String
    }

    public var path: String
    public var schema: [String]
    public var currentSchema: String
    public var checks: [Check]
    /// Nil when the file is too damaged to count its rows.
    public var stats: DirectoryStats?
    public var healthy: Bool { checks.allSatisfy(\.ok) }
}

extension DirectoryStore {
    public func stats() throws -> DirectoryStats {
        try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            func grouped(_ sql: String) throws -> [String: Int] {
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as Int) })
            }
            let range = try Row.fetchOne(db, sql: "SELECT min(day), max(day) FROM interaction")
            return DirectoryStats(
                people: try count("SELECT count(*) FROM person"),
                alumni: try count("SELECT count(*) FROM person WHERE is_alumnus"),
                mentors: try count("SELECT count(*) FROM person WHERE is_mentor"),
                coordinators: try count("SELECT count(*) FROM person WHERE is_coordinator"),
                organizations: try grouped("SELECT kind, count(*) FROM organization GROUP BY kind"),
                rounds: try count("SELECT count(*) FROM round"),
                initiatives: try grouped("SELECT status, count(*) FROM initiative GROUP BY status"),
                interactions: try count("SELECT count(*) FROM interaction"),
                activities: try count("SELECT count(*) FROM activity"),
                regions: try count("SELECT count(DISTINCT region) FROM person"),
                firstInteraction: (range?[0] as String?).flatMap { Day(iso: $0) },
                lastInteraction: (range?[1] as String?).flatMap { Day(iso: $0) },
                file: try Self.fileKind(db))
        }
    }

    /// Reads every page of the file (SQLite's quick check) and throws `damaged` if one is not sound. A command
    /// only notices damage on the pages it reads; this is for the commands that vouch for the whole file.
    public func checkIntegrity() throws {
        let problems = try read { try String.fetchAll($0, sql: "PRAGMA quick_check(5)") }
        guard problems == ["ok"] else { throw StoreError.damaged(path: path, detail: problems.joined(separator: "; ")) }
    }

    /// Integrity, foreign keys, the search index, schema version and file permissions. A check that cannot
    /// even run on a damaged file is reported as failed with the reason, so the report always comes out.
    public func doctor() throws -> DoctorReport {
        // The whole-file check reads every page and index entry: at 100k people (620 MB) it took 22 of doctor's 31 s,
        // most of it reading again pages that SQLite's 2 MiB cache had dropped (review). It runs on a connection of
        // its own on the second core while the other checks run here, both with the bulk cache.
        let wholeFile = OnSecondCore { [self] in
            Self.doctorCheck("integrity", on: Result { try readingConnection() }) { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
                return (integrity == ["ok"], integrity.prefix(5).joined(separator: "; "))
            }
        }
        var checks: [DoctorReport.Check] = []
        func check(_ name: String, _ body: (Database) throws -> (ok: Bool, detail: String)) {
            checks.append(Self.doctorCheck(name, on: .success(self), body))
        }
        check("foreign keys") { db in
            let orphans = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            return (orphans.isEmpty, orphans.isEmpty ? "ok" : "\(orphans.count) rows point at missing entries")
        }
        check("search index") { db in
            let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM search") ?? 0
            let entries = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM organization)") ?? 0
            return (indexed == entries, "\(indexed) indexed of \(entries) people and organisations")
        }
        check("places") { db in
            let unknownPlaces = try String.fetchAll(db, sql: "SELECT DISTINCT settlement FROM person UNION SELECT DISTINCT settlement FROM organization")
                .filter { gazetteer.settlement($0) == nil }
            return (unknownPlaces.isEmpty, unknownPlaces.isEmpty ? "every settlement is in the gazetteer" : "unknown: \(unknownPlaces.prefix(5).joined(separator: ", "))")
        }
        check("tie state") { db in try TiePairs.doctorCheck(db) }
        checks.insert(wholeFile.value, at: 0)
        if let copy = try? read({ try memberCopyCheck($0) }) { checks.append(copy) }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int {
            checks.append(.init(name: "permissions", ok: mode & 0o077 == 0,
                                detail: String(format: "mode %o%@", mode, mode & 0o077 == 0 ? "" : " — others can read personal data; run chmod 600")))
        }
        let schema = try schemaVersions()
        checks.append(.init(name: "schema", ok: schema.last == Self.currentSchemaVersion,
                            detail: "\(schema.last ?? "none") (this Bailanys writes \(Self.currentSchemaVersion))"))
        return DoctorReport(path: path, schema: schema, currentSchema: Self.currentSchemaVersion, checks: checks, stats: try? stats())
    }

    /// One check of `doctor` on `store`'s connection with the bulk page cache (the checks read the whole file), put
    /// back to SQLite's default after. A check that cannot run fails with the reason.
    private static func doctorCheck(_ name: String, on store: Result<DirectoryStore, Error>,
                                    _ body: (Database) throws -> (ok: Bool, detail: String)) -> DoctorReport.Check {
        do {
            let (ok, detail) = try store.get().read { db in
                try db.execute(sql: "PRAGMA cache_size = \(bulkCacheKiB)")
                defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
                return try body(db)
            }
            return .init(name: name, ok: ok, detail: detail)
        } catch {
            return .init(name: name, ok: false, detail: String(describing: error))
        }
    }

    /// Small settings kept with the directory (e.g. how the demo was generated).
    public func meta(_ key: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try write { try $0.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value]) }
    }
}
