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
    public var stats: DirectoryStats
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

    /// Integrity, foreign keys, the search index, schema version and file permissions.
    public func doctor() throws -> DoctorReport {
        var checks: [DoctorReport.Check] = []
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            checks.append(.init(name: "integrity", ok: integrity == ["ok"], detail: integrity.prefix(5).joined(separator: "; ")))
            let orphans = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            checks.append(.init(name: "foreign keys", ok: orphans.isEmpty,
                                detail: orphans.isEmpty ? "ok" : "\(orphans.count) rows point at missing entries"))
            let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM search") ?? 0
            let entries = try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM organization)") ?? 0
            checks.append(.init(name: "search index", ok: indexed == entries,
                                detail: "\(indexed) indexed of \(entries) people and organisations"))
            let unknownPlaces = try String.fetchAll(db, sql: "SELECT DISTINCT settlement FROM person UNION SELECT DISTINCT settlement FROM organization")
                .filter { gazetteer.settlement($0) == nil }
            if let copy = try memberCopyCheck(db) { checks.append(copy) }
            checks.append(.init(name: "places", ok: unknownPlaces.isEmpty,
                                detail: unknownPlaces.isEmpty ? "every settlement is in the gazetteer" : "unknown: \(unknownPlaces.prefix(5).joined(separator: ", "))"))
        }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int {
            checks.append(.init(name: "permissions", ok: mode & 0o077 == 0,
                                detail: String(format: "mode %o%@", mode, mode & 0o077 == 0 ? "" : " — others can read personal data; run chmod 600")))
        }
        let schema = try schemaVersions()
        checks.append(.init(name: "schema", ok: schema.last == Self.currentSchemaVersion,
                            detail: "\(schema.last ?? "none") (this Bailanys writes \(Self.currentSchemaVersion))"))
        return DoctorReport(path: path, schema: schema, currentSchema: Self.currentSchemaVersion, checks: checks, stats: try stats())
    }

    /// Small settings kept with the directory (e.g. how the demo was generated).
    public func meta(_ key: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try write { try $0.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value]) }
    }
}
