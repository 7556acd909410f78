import BailanysCore
import BailanysGraph
import Foundation
import GRDB
import GRDBSQLite

/// Who is looking decides what is visible: only coordinators see sensitive categories.
public enum Audience: Sendable, Equatable {
    case member
    case coordinator

    public init(role: Role) { self = role == .coordinator ? .coordinator : .member }
}

extension DirectoryStore {
    public func person(_ id: EntityID, audience: Audience = .member) throws -> Person {
        try requireKind(id, .person, "a person")
        return try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM person WHERE id = ?"), arguments: [id.number]) else {
                throw StoreError.unknownID(id)
            }
            return try Self.person(row, db: db, audience: audience)
        }
    }

    public func organization(_ id: EntityID) throws -> Organization {
        try requireKind(id, .organization, "an organisation")
        return try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM organization WHERE id = ?"), arguments: [id.number]) else {
                throw StoreError.unknownID(id)
            }
            return try Self.organization(row, db: db)
        }
    }

    public func initiative(_ id: EntityID) throws -> Initiative {
        try requireKind(id, .initiative, "an initiative")
        return try read { db in
            guard let initiative = try Self.initiatives(db, whereSQL: "id = ?", arguments: [id.number]).first else {
                throw StoreError.unknownID(id)
            }
            return initiative
        }
    }

    public func rounds() throws -> [Round] {
        try read { db in try Self.rounds(db) }
    }

    /// The themes the initiatives hold: the bundled keys (`ecology`) and any imported as free text.
    public func themes() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT theme FROM initiative ORDER BY theme") }
    }

    /// Whether an id names an existing entry of any kind.
    public func exists(_ id: EntityID) throws -> Bool {
        guard let table = Self.table(for: id.kind) else { return false }
        return try read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id.number]) ?? false }
    }

    /// The display name of a person or organisation (or an initiative's title).
    public func displayName(_ id: EntityID) throws -> String {
        let sql: String
        switch id.kind {
        case .person: sql = "SELECT full_name FROM person WHERE id = ?"
        case .organization: sql = "SELECT name FROM organization WHERE id = ?"
        case .initiative: sql = "SELECT title FROM initiative WHERE id = ?"
        default: throw StoreError.unknownID(id)
        }
        return try read { db in
            guard let name = try String.fetchOne(db, sql: sql, arguments: [id.number]) else { throw StoreError.unknownID(id) }
            return name
        }
    }

    /// The whole directory as values — for the graph, the study indicators and exports. `events: false`
    /// leaves interactions and activities out (exports stream them with `forEachInteraction`).
    public func loadDirectory(audience: Audience = .member, events: Bool = true) throws -> DirectoryData {
        try read { db in
            var sensitive: [Int: SensitiveCategories] = [:]
            if audience == .coordinator, try Self.hasSensitiveTable(db) {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM person_sensitive") {
                    sensitive[row["person_id"]] = SensitiveCategories(neet: row["neet"], vulnerable: row["vulnerable"],
                                                                      disabilityGroup: row["disability_group"])
                }
            }
            let contacts = try Self.allContacts(db)
            let people = try Row.fetchAll(db, sql: "SELECT * FROM person ORDER BY id").map { row in
                var p = Self.personValues(row)
                p.contacts = contacts[p.id] ?? []
                p.sensitive = sensitive[p.id.number] ?? .none
                return p
            }
            let orgs = try Row.fetchAll(db, sql: "SELECT * FROM organization ORDER BY id").map { row in
                var o = Self.organizationValues(row)
                o.contacts = contacts[o.id] ?? []
                return o
            }
            var interactions: [Interaction] = []
            // A cursor, not fetchAll: millions of Row objects held at once cost gigabytes.
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM interaction WHERE \(events ? 1 : 0) ORDER BY id")
            while let row = try cursor.next() { interactions.append(Self.interaction(row)) }
            let activities = try Row.fetchAll(db, sql: "SELECT * FROM activity WHERE \(events ? 1 : 0) ORDER BY id").map { row in
                CommunityActivity(person: EntityID(.person, row["person_id"]),
                                  kind: ActivityKind(rawValue: row["kind"]) ?? .volunteering,
                                  day: Day(iso: row["day"] as String) ?? Day(ordinal: 0))
            }
            return DirectoryData(people: people, organizations: orgs, rounds: try Self.rounds(db),
                                 initiatives: try Self.initiatives(db, whereSQL: "1", arguments: []),
                                 interactions: interactions, activities: activities)
        }
    }

    // MARK: - Row mapping shared by every read

    /// A member copy has no table of sensitive categories at all (docs/privacy.md).
    static func hasSensitiveTable(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_sensitive')")) ?? false
    }

    static func person(_ row: Row, db: Database, audience: Audience) throws -> Person {
        var p = personValues(row)
        p.contacts = try contacts(db, owner: p.id)
        if audience == .coordinator, try hasSensitiveTable(db),
           let s = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM person_sensitive WHERE person_id = ?"), arguments: [p.id.number]) {
            p.sensitive = SensitiveCategories(neet: s["neet"], vulnerable: s["vulnerable"], disabilityGroup: s["disability_group"])
        }
        return p
    }

    static func personValues(_ row: Row) -> Person {
        Person(id: EntityID(.person, row["id"]), externalID: row["external_id"], fullName: row["full_name"],
               gender: (row["gender"] as String?).flatMap(Gender.init(rawValue:)), birthYear: row["birth_year"],
               roles: roles(row), settlement: row["settlement"], languages: decodeList(row["languages"]),
               interests: decodeList(row["interests"]), suggestionsOptOut: row["suggestions_opt_out"], note: row["note"])
    }

    static func roles(_ row: Row) -> Set<Role> {
        var roles = Set<Role>()
        if row["is_alumnus"] as Bool { roles.insert(.alumnus) }
        if row["is_mentor"] as Bool { roles.insert(.mentor) }
        if row["is_coordinator"] as Bool { roles.insert(.coordinator) }
        return roles
    }

    static func organization(_ row: Row, db: Database) throws -> Organization {
        var o = organizationValues(row)
        o.contacts = try contacts(db, owner: o.id)
        return o
    }

    static func organizationValues(_ row: Row) -> Organization {
        Organization(id: EntityID(.organization, row["id"]), externalID: row["external_id"], name: row["name"],
                     kind: OrganizationKind(rawValue: row["kind"]) ?? .ngo, settlement: row["settlement"], note: row["note"])
    }

    static func contacts(_ db: Database, owner: EntityID) throws -> [Contact] {
        let column = owner.kind == .person ? "person_id" : "organization_id"
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, value, shared FROM contact WHERE \(column) = ? ORDER BY id"),
                                arguments: [owner.number]).map(contact)
    }

    static func allContacts(_ db: Database) throws -> [EntityID: [Contact]] {
        var result: [EntityID: [Contact]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM contact ORDER BY id") {
            let owner: EntityID = (row["person_id"] as Int?).map { EntityID(.person, $0) }
                ?? EntityID(.organization, row["organization_id"])
            result[owner, default: []].append(contact(row))
        }
        return result
    }

    static func contact(_ row: Row) -> Contact {
        Contact(kind: ContactKind(rawValue: row["kind"]) ?? .phone, value: row["value"], shared: row["shared"])
    }

    static func rounds(_ db: Database) throws -> [Round] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM round ORDER BY year, number")).map { row in
            Round(id: EntityID(.round, row["id"]), year: row["year"], number: row["number"],
                  format: TrainingFormat(rawValue: row["format"]) ?? .offline,
                  start: Day(iso: row["start_day"] as String) ?? Day(ordinal: 0))
        }
    }

    /// Stepped through SQLite's C API by column position (by name, GRDB folds the case of every lookup, which the
    /// graph's load of every team at 100k people felt). The lists come in initiative order and are attached by
    /// walking beside the initiatives: no dictionary per list. `progress` hears the fraction done.
    static func initiatives(_ db: Database, whereSQL: String, arguments: StatementArguments,
                            progress: (Double) -> Void = { _ in }) throws -> [Initiative] {
        var initiatives: [Initiative] = []
        try forEachRawRow(db, sql: """
            SELECT id, external_id, title, theme, round_id, settlement, status FROM initiative WHERE \(whereSQL) ORDER BY id
            """, arguments: arguments) { r in
            initiatives.append(Initiative(
                id: EntityID(.initiative, columnInt(r, 0)), externalID: columnOptionalText(r, 1), title: columnText(r, 2),
                theme: columnText(r, 3), round: EntityID(.round, columnInt(r, 4)), settlement: columnText(r, 5),
                status: InitiativeStatus(rawValue: columnText(r, 6)) ?? .completed, team: [], mentors: [], partners: []))
        }
        guard let last = initiatives.last else { return [] }
        // The parts' shares of the time at 100k people, so the fraction reported moves at about an even pace. Each list
        // comes in initiative order: how far its ids have got is how far it has been read.
        progress(0.2)
        var ticks = ProgressTicks(total: last.id.number + 1)
        // A few initiatives (a card) are looked up by id; many (the graph's load of every team) are read whole.
        let scope = initiatives.count <= 500
            ? "initiative_id IN (\(initiatives.map { String($0.id.number) }.joined(separator: ",")))" : "1"
        /// Hands each row of `sql` (initiative id first, ascending) to `add` with the initiative it belongs to.
        func attach(_ sql: String, _ add: (inout Initiative, SQLiteStatement) -> Void) throws {
            var position = 0
            try forEachRawRow(db, sql: sql) { r in
                let id = columnInt(r, 0)
                while position < initiatives.count, initiatives[position].id.number < id { position += 1 }
                guard position < initiatives.count, initiatives[position].id.number == id else { return }
                add(&initiatives[position], r)
            }
        }
        // Leaders first within each team, each part by person: the order `ORDER BY initiative_id, role = 'member',
        // person_id` gives, without a sort in SQLite.
        try attach("SELECT initiative_id, person_id, role = 'leader' FROM team_member WHERE \(scope) ORDER BY initiative_id, person_id") {
            ticks.advance(columnInt($1, 0)) { progress(0.2 + 0.5 * $0) }
            $0.team.append(TeamMember(person: EntityID(.person, columnInt($1, 1)), role: columnInt($1, 2) != 0 ? .leader : .member))
        }
        for i in initiatives.indices where initiatives[i].team.count > 1 {
            // Already leaders first (the usual case: a leader with the lowest id, or no leader) costs no copy.
            let members = initiatives[i].team
            guard let firstMember = members.firstIndex(where: { $0.role == .member }),
                  members[firstMember...].contains(where: { $0.role == .leader }) else { continue }
            initiatives[i].team = members.filter { $0.role == .leader } + members.filter { $0.role == .member }
        }
        progress(0.7)
        try attach("SELECT initiative_id, person_id FROM initiative_mentor WHERE \(scope) ORDER BY initiative_id, person_id") {
            $0.mentors.append(EntityID(.person, columnInt($1, 1)))
        }
        progress(0.8)
        try attach("SELECT initiative_id, organization_id FROM initiative_partner WHERE \(scope) ORDER BY initiative_id, organization_id") {
            $0.partners.append(EntityID(.organization, columnInt($1, 1)))
        }
        progress(0.9)
        return initiatives
    }

    static func interaction(_ row: Row) -> Interaction {
        Interaction(a: party(row, "a"), b: party(row, "b"), day: Day(iso: row["day"] as String) ?? Day(ordinal: 0),
                    channel: Channel(rawValue: row["channel"]) ?? .message, note: row["note"],
                    source: InteractionSource(rawValue: row["source"]) ?? .manual)
    }

    static func party(_ row: Row, _ side: String) -> EntityID {
        if let person: Int = row["\(side)_person_id"] { return EntityID(.person, person) }
        return EntityID(.organization, row["\(side)_organization_id"])
    }

    static func table(for kind: EntityID.Kind) -> String? {
        switch kind {
        case .person: "person"
        case .organization: "organization"
        case .initiative: "initiative"
        case .round: "round"
        case .meetup: "meetup"
        default: nil
        }
    }

    func requireKind(_ id: EntityID, _ kind: EntityID.Kind, _ expected: String) throws {
        guard id.kind == kind else { throw StoreError.wrongKind(id, expected: expected) }
    }
}
