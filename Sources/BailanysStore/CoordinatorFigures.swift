import BailanysCore
import GRDB
import GRDBSQLite

extension DirectoryStore {
    /// Alumni per region key (people with the alumnus role, whatever their other roles).
    public func alumniByRegion() throws -> [String: Int] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT region, count(*) FROM person WHERE is_alumnus GROUP BY region").map {
                    ($0[0] as String, $0[1] as Int)
                })
        }
    }

    /// The study's figures recomputed from this directory. Sensitive categories are read only for a
    /// coordinator, so for anyone else the NEET and vulnerable groups are empty. Logged contacts are counted per
    /// pair straight from the maintained tie state (`tie_pair`): no interaction is read or materialised.
    public func studyIndicators(audience: Audience, now: Day,
                                parameters: IndicatorParameters = .init()) throws -> StudyIndicators {
        try read { db in
            let data = try indicatorInput(db, audience: audience)
            return try StudyIndicators.compute(data, gazetteer: gazetteer, now: now, parameters: parameters) { tally in
                try TiePairs.forEachPairCount(db, through: now, windowDays: parameters.windowDays, tally)
            }
        }
    }

    /// The part of the directory the indicators use besides the contacts, read lean: no names, contacts, notes or
    /// channels, and no interactions (`DirectoryData.interactions` stays empty).
    func indicatorInput(_ db: Database, audience: Audience) throws -> DirectoryData {
        var sensitive: [Int: SensitiveCategories] = [:]
        if audience == .coordinator {
            for row in try Row.fetchAll(db, sql: "SELECT person_id, neet, vulnerable, disability_group FROM person_sensitive") {
                sensitive[row[0]] = SensitiveCategories(neet: row[1], vulnerable: row[2], disabilityGroup: row[3])
            }
        }
        // Only what the indicators read (roles, settlement, sensitive categories), by column position.
        // The two big tables are stepped through SQLite's C API (`forEachRawRow`): no GRDB row per person or activity.
        var people: [Person] = []
        people.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? 0)
        try forEachRawRow(db, sql: "SELECT id, is_alumnus, is_mentor, is_coordinator, settlement FROM person ORDER BY id") { raw in
            let id = columnInt(raw, 0)
            people.append(Person(id: EntityID(.person, id), fullName: "", roles: columnRoles(raw, from: 1), settlement: columnText(raw, 4),
                                 sensitive: sensitive[id] ?? .none))
        }
        let organizations = try Row.fetchAll(db, sql: "SELECT * FROM organization ORDER BY id").map(Self.organizationValues)
        let epoch = "julianday('1970-01-01')"
        var activities: [CommunityActivity] = []
        try forEachRawRow(db, sql: """
            SELECT person_id, kind, CAST(julianday(day) - \(epoch) AS INTEGER) FROM activity ORDER BY id
            """) { raw in
            // A day that is not a date reads as NULL: each day is converted once, not once to filter and once to read.
            guard sqlite3_column_type(raw, 2) != SQLITE_NULL, let kind = ActivityKind(rawValue: columnText(raw, 1)) else { return }
            activities.append(CommunityActivity(person: EntityID(.person, Int(sqlite3_column_int64(raw, 0))), kind: kind,
                                                day: Day(ordinal: Int(sqlite3_column_int64(raw, 2)))))
        }
        return DirectoryData(people: people, organizations: organizations, rounds: try Self.rounds(db),
                             initiatives: try Self.initiatives(db, whereSQL: "1", arguments: []),
                             interactions: [], activities: activities)
    }
}
