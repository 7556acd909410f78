import BailanysCore
import Foundation
import GRDB

/// Everything one import changes, already validated and resolved to ids: the store only writes it,
/// in one transaction, so a failure or a killed process leaves the directory as it was.
public struct ImportBatch: Sendable, Equatable {
    public var newPeople: [Person] = []
    public var updatedPeople: [Person] = []
    public var newOrganizations: [Organization] = []
    public var updatedOrganizations: [Organization] = []
    public var newRounds: [Round] = []
    public var newInitiatives: [Initiative] = []
    public var updatedInitiatives: [Initiative] = []
    public var interactions: [Interaction] = []
    /// vCard properties without a Bailanys field, as JSON, per person (replaces what was kept before).
    public var vcardExtras: [EntityID: String] = [:]
    /// Only a coordinator's import writes sensitive categories; otherwise they are left as they were.
    public var writesSensitive = false

    public init() {}

    public var rowCount: Int {
        newPeople.count + updatedPeople.count + newOrganizations.count + updatedOrganizations.count + newRounds.count
            + newInitiatives.count + updatedInitiatives.count + interactions.count
    }
}

/// What an importer must know of the directory to resolve external ids in memory, without a query per row.
public struct ImportIndex: Sendable {
    public var people: [String: EntityID] = [:]
    public var organizations: [String: EntityID] = [:]
    public var initiatives: [String: EntityID] = [:]
    /// Ids without an external id can still be named by their Bailanys id (P12, O3).
    public var knownIDs: Set<EntityID> = []
    public var rounds: [Round] = []
    public var nextPerson = 1, nextOrganization = 1, nextInitiative = 1, nextRound = 1

    public init() {}
}

extension DirectoryStore {
    /// External ids, Bailanys ids, rounds and the next free ids: one pass per table.
    public func importIndex() throws -> ImportIndex {
        try read { db in
            var index = ImportIndex()
            /// External ids of one table, and the next free id; every id goes into `knownIDs`.
            func load(_ table: String, _ kind: EntityID.Kind) throws -> (map: [String: EntityID], next: Int) {
                var map: [String: EntityID] = [:], highest = 0
                let cursor = try Row.fetchCursor(db, sql: "SELECT id, external_id FROM \(table)")
                while let row = try cursor.next() {
                    let id = EntityID(kind, row[0])
                    highest = max(highest, id.number)
                    index.knownIDs.insert(id)
                    if let external: String = row[1] { map[external] = id }
                }
                return (map, highest + 1)
            }
            (index.people, index.nextPerson) = try load("person", .person)
            (index.organizations, index.nextOrganization) = try load("organization", .organization)
            (index.initiatives, index.nextInitiative) = try load("initiative", .initiative)
            index.rounds = try Self.rounds(db)
            index.nextRound = (index.rounds.map(\.id.number).max() ?? 0) + 1
            return index
        }
    }

    /// Interactions already recorded, as `InteractionKey`s, so a re-import does not log them twice.
    public func interactionKeys() throws -> Set<InteractionKey> {
        try read { db in
            var keys = Set<InteractionKey>()
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM interaction")
            while let row = try cursor.next() { keys.insert(InteractionKey(Self.interaction(row))) }
            return keys
        }
    }

    /// People by id in the given order (unknown ids are skipped), contacts included; sensitive
    /// categories only for a coordinator.
    public func people(ids: [EntityID], audience: Audience) throws -> [Person] {
        try read { db in
            let numbers = ids.filter { $0.kind == .person }.map(\.number)
            var byID: [Int: Person] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM person WHERE id IN (SELECT value FROM json_each(?))",
                                        arguments: [jsonIntegers(numbers)])
            var contacts: [Int: [Contact]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT person_id, kind, value, shared FROM contact WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY id
                """, arguments: [jsonIntegers(numbers)]) {
                contacts[row["person_id"], default: []].append(Self.contact(row))
            }
            var sensitive: [Int: SensitiveCategories] = [:]
            if audience == .coordinator {
                for s in try Row.fetchAll(db, sql: "SELECT * FROM person_sensitive WHERE person_id IN (SELECT value FROM json_each(?))",
                                          arguments: [jsonIntegers(numbers)]) {
                    sensitive[s["person_id"]] = SensitiveCategories(neet: s["neet"], vulnerable: s["vulnerable"],
                                                                    disabilityGroup: s["disability_group"])
                }
            }
            for row in rows {
                var person = Self.personValues(row)
                person.contacts = contacts[person.id.number] ?? []
                person.sensitive = sensitive[person.id.number] ?? .none
                byID[person.id.number] = person
            }
            return numbers.compactMap { byID[$0] }
        }
    }

    /// The kept vCard properties (JSON) of the given people.
    public func vcardExtras(_ ids: [EntityID]) throws -> [EntityID: String] {
        try read { db in
            var result: [EntityID: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT person_id, properties FROM person_vcard_extra WHERE person_id IN (SELECT value FROM json_each(?))
                """, arguments: [jsonIntegers(ids.filter { $0.kind == .person }.map(\.number))]) {
                result[EntityID(.person, row[0])] = row[1]
            }
            return result
        }
    }

    /// Writes a whole import in one transaction. `progress` hears (rows written, total) now and then.
    func apply(_ batch: ImportBatch, progress: ((Int, Int) -> Void)? = nil) throws {
        let bulk = batch.interactions.count >= BulkWriter.defaultBulkRows
        // Looking up both parties of a million interactions took most of SQLite's time: a bulk batch
        // checks them against in-memory id sets instead (`checkParties`), and every other table's
        // references before the commit.
        let transaction: ((Database) throws -> Void) throws -> Void = bulk
            ? { try writeCheckingReferences(except: ["interaction"], $0) }
            : { try write($0) }
        try transaction { db in
            // A big batch must not spill its pages into the WAL and read them back: give it a larger cache.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = \(Self.bulkCacheKiB)")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            let writer = try BulkWriter(db: db, gazetteer: gazetteer)
            let total = batch.rowCount
            var done = 0
            func step() {
                done += 1
                if done % 10_000 == 0 { progress?(done, total) }
            }
            func each<T>(_ items: [T], _ body: (T) throws -> Void) rethrows {
                for item in items {
                    try body(item)
                    step()
                }
            }
            try writer.withoutIndexes(on: batch.newPeople.count >= writer.bulkRows ? ["person", "contact"] : []) {
                try each(batch.newPeople) { try writer.insertPerson($0, initiativeTexts: [], isNew: true) }
            }
            try each(batch.updatedPeople) { try writer.updatePerson($0, writesSensitive: batch.writesSensitive) }
            try each(batch.newOrganizations, writer.insertOrganization)
            try each(batch.updatedOrganizations, writer.updateOrganization)
            try each(batch.newRounds, writer.insertRound)
            try each(batch.newInitiatives, writer.insertInitiative)
            try each(batch.updatedInitiatives, writer.replaceInitiative)
            if !batch.newInitiatives.isEmpty || !batch.updatedInitiatives.isEmpty {
                try writer.reindexTeams(of: batch.newInitiatives + batch.updatedInitiatives)
            }
            let before = done
            if bulk { try writer.checkParties(batch.interactions) }
            try writer.withoutIndexes(on: bulk ? ["interaction"] : []) {
                try writer.insertInteractions(batch.interactions) { progress?(before + $0, total) }
            }
            done += batch.interactions.count
            let extras = try db.cachedStatement(sql: "INSERT OR REPLACE INTO person_vcard_extra (person_id, properties) VALUES (?, ?)")
            for (id, json) in batch.vcardExtras.sorted(by: { $0.key < $1.key }) {
                try extras.execute(arguments: [id.number, json])
            }
            progress?(total, total)
        }
    }

    /// Records a privacy-relevant action (such as an export with sensitive categories) in the audit log.
    public func recordAudit(actor: EntityID?, action: String, detail: String, at time: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO audit_log (recorded_at, actor, action, detail) VALUES (?, ?, ?, ?)",
                           arguments: [ISO8601DateFormatter().string(from: time), actor?.description, action, detail])
        }
    }

    /// The audit trail, oldest first: (actor, action, detail).
    public func auditLog() throws -> [(actor: String?, action: String, detail: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT actor, action, detail FROM audit_log ORDER BY id").map { ($0[0], $0[1], $0[2]) }
        }
    }
}

/// Identifies an interaction by its parties, day, channel and note: a re-imported row with the same
/// key is the same interaction.
public struct InteractionKey: Hashable, Sendable {
    let a: EntityID, b: EntityID, day: Int, channel: Channel, note: String

    public init(_ item: Interaction) {
        a = item.a
        b = item.b
        day = item.day.ordinal
        channel = item.channel
        note = item.note
    }
}

extension BulkWriter {
    /// Replaces a person's row, contacts and search entry; sensitive categories only when `writesSensitive`.
    func updatePerson(_ person: Person, writesSensitive: Bool) throws {
        try checkSettlement(person.settlement, field: "settlement of \(person.id)")
        try db.cachedStatement(sql: """
            UPDATE person SET external_id = ?, full_name = ?, gender = ?, birth_year = ?, is_alumnus = ?, is_mentor = ?,
                is_coordinator = ?, settlement = ?, region = ?, languages = ?, interests = ?, suggestions_opt_out = ?,
                note = ?, sort_key = ? WHERE id = ?
            """).execute(arguments: [person.externalID, person.fullName, person.gender?.rawValue, person.birthYear,
                                     person.roles.contains(.alumnus), person.roles.contains(.mentor), person.roles.contains(.coordinator),
                                     person.settlement, regionKey(person.settlement), lists.json(person.languages),
                                     lists.json(person.interests), person.suggestionsOptOut, person.note, sortKey(person.fullName),
                                     person.id.number])
        if writesSensitive { try writeSensitive(person.id, person.sensitive) }
        try db.cachedStatement(sql: "DELETE FROM contact WHERE person_id = ?").execute(arguments: [person.id.number])
        try insertContacts(person.contacts, owner: person.id)
        try index(person.id, SearchDocument.person(person, initiativeTexts: try initiativeTexts(person.id), places: places))
    }

    func updateOrganization(_ org: Organization) throws {
        try checkSettlement(org.settlement, field: "settlement of \(org.id)")
        try db.cachedStatement(sql: """
            UPDATE organization SET external_id = ?, name = ?, kind = ?, settlement = ?, region = ?, note = ?, sort_key = ?
            WHERE id = ?
            """).execute(arguments: [org.externalID, org.name, org.kind.rawValue, org.settlement, regionKey(org.settlement),
                                     org.note, sortKey(org.name), org.id.number])
        try db.cachedStatement(sql: "DELETE FROM contact WHERE organization_id = ?").execute(arguments: [org.id.number])
        try insertContacts(org.contacts, owner: org.id)
        try index(org.id, SearchDocument.organization(org, places: places))
    }

    /// An initiative's row and its team, mentors and partners, replaced.
    func replaceInitiative(_ initiative: Initiative) throws {
        for table in ["team_member", "initiative_mentor", "initiative_partner"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE initiative_id = ?").execute(arguments: [initiative.id.number])
        }
        try db.cachedStatement(sql: "DELETE FROM initiative WHERE id = ?").execute(arguments: [initiative.id.number])
        try insertInitiative(initiative)
    }

    /// Titles and themes of a person's initiatives, for their search entry.
    func initiativeTexts(_ person: EntityID) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT i.title FROM initiative i JOIN team_member t ON t.initiative_id = i.id WHERE t.person_id = ?1
            UNION ALL SELECT i.theme FROM initiative i JOIN team_member t ON t.initiative_id = i.id WHERE t.person_id = ?1
            """), arguments: [person.number])
    }

    /// Team members of changed initiatives get their search entries rebuilt with the new titles and themes.
    func reindexTeams(of initiatives: [Initiative]) throws {
        let members = Set(initiatives.flatMap { $0.team.map(\.person) })
        for id in members.sorted() {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM person WHERE id = ?"), arguments: [id.number]) else { continue }
            let person = DirectoryStore.personValues(row)
            try db.cachedStatement(sql: "UPDATE search SET other = ? WHERE rowid = ?").execute(arguments: [
                SearchDocument.person(person, initiativeTexts: try initiativeTexts(id), places: places).other, searchRowID(id)])
        }
    }
}
