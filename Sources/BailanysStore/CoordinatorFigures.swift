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
            let people = try Row.fetchAll(db, sql: "SELECT * FROM person ORDER BY id").map { row in
                var person = Self.personValues(row)
                person.sensitive = sensitive[person.id.number] ?? .none
                return person
            }
            let organizations = try Row.fetchAll(db, sql: "SELECT * FROM organization ORDER BY id").map(Self.organizationValues)
            // Parties as signed ids (organisations negative) and days as ordinals, both computed by SQLite:
            // decoding 300k ISO dates and nullable column pairs in Swift took two seconds.
            func party(_ signed: Int) -> EntityID { signed > 0 ? EntityID(.person, signed) : EntityID(.organization, -signed) }
            let epoch = "julianday('1970-01-01')"
            var interactions: [Interaction] = []
            let parties = try Row.fetchCursor(db, sql: """
                SELECT coalesce(a_person_id, -a_organization_id), coalesce(b_person_id, -b_organization_id),
                       CAST(julianday(day) - \(epoch) AS INTEGER) FROM interaction WHERE julianday(day) IS NOT NULL ORDER BY id
                """)
            while let row = try parties.next() {
                interactions.append(Interaction(a: party(row[0]), b: party(row[1]), day: Day(ordinal: row[2]), channel: .message,
                                                source: .manual))
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
