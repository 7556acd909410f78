import BailanysCore
import GRDB

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
    /// coordinator, so for anyone else the NEET and vulnerable groups are empty.
    public func studyIndicators(audience: Audience, now: Day,
                                parameters: IndicatorParameters = .init()) throws -> StudyIndicators {
        StudyIndicators.compute(try indicatorInput(audience: audience), gazetteer: gazetteer, now: now, parameters: parameters)
    }

    /// The part of the directory the indicators use, read lean: no contacts, notes or channels, and the
    /// two large tables through cursors of integers.
    func indicatorInput(audience: Audience) throws -> DirectoryData {
        try read { db in
            var sensitive: [Int: SensitiveCategories] = [:]
            if audience == .coordinator {
                for row in try Row.fetchAll(db, sql: "SELECT person_id, neet, vulnerable, disability_group FROM person_sensitive") {
                    sensitive[row[0]] = SensitiveCategories(neet: row[1], vulnerable: row[2], disabilityGroup: row[3])
                }
            }
            // Only what the indicators read (roles, settlement, sensitive categories), by column position.
            var people: [Person] = []
            let personRows = try Row.fetchCursor(db, sql: """
                SELECT id, full_name, is_alumnus, is_mentor, is_coordinator, settlement FROM person ORDER BY id
                """)
            while let row = try personRows.next() {
                var roles = Set<Role>()
                if row[2] as Bool { roles.insert(.alumnus) }
                if row[3] as Bool { roles.insert(.mentor) }
                if row[4] as Bool { roles.insert(.coordinator) }
                let id: Int = row[0]
                people.append(Person(id: EntityID(.person, id), fullName: row[1], roles: roles, settlement: row[5],
                                     sensitive: sensitive[id] ?? .none))
            }
            let organizations = try Row.fetchAll(db, sql: "SELECT * FROM organization ORDER BY id").map(Self.organizationValues)
            // Logged contacts from the maintained tie state (one row per pair, days as integers), not from the
            // interaction table: the indicators count (a, b, day) only, in any order (docs/architecture.md).
            let epoch = "julianday('1970-01-01')"
            var interactions: [Interaction] = []
            interactions.reserveCapacity(try Int.fetchOne(db, sql: "SELECT max(id) FROM interaction") ?? 0)
            try TiePairs.forEachContact(db) { a, b, day in
                interactions.append(Interaction(a: a, b: b, day: day, channel: .message, source: .manual))
            }
            var activities: [CommunityActivity] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT person_id, kind, CAST(julianday(day) - \(epoch) AS INTEGER) FROM activity
                WHERE julianday(day) IS NOT NULL ORDER BY id
                """)
            while let row = try rows.next() {
                guard let kind = ActivityKind(rawValue: row[1]) else { continue }
                activities.append(CommunityActivity(person: EntityID(.person, row[0]), kind: kind, day: Day(ordinal: row[2])))
            }
            return DirectoryData(people: people, organizations: organizations, rounds: try Self.rounds(db),
                                 initiatives: try Self.initiatives(db, whereSQL: "1", arguments: []),
                                 interactions: interactions, activities: activities)
        }
    }
}
