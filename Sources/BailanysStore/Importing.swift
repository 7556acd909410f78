import BailanysCore
import BailanysPolicy
import Foundation
import GRDB
import GRDBSQLite

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
    /// Where in the file each person, organisation and initiative was read (the row's first byte), and each
    /// interaction (in `interactions`' order): a refused row is named by its line.
    public var rowOffsets: [EntityID: Int] = [:]
    public var interactionOffsets: [Int] = []
    /// Stored people a row named a private or sensitive value of, and stored contacts a row named the note of
    /// (with the row's offset), changed or not: the policy decides these rows too, so that whether a guessed value
    /// was right never decides the outcome.
    public var namesPrivate: [EntityID: Int] = [:]
    public var namesSensitive: [EntityID: Int] = [:]
    public var namedContactNotes: [NamedNote] = []

    public struct NamedNote: Sendable, Equatable {
        public var a: EntityID, b: EntityID, offset: Int
        public init(a: EntityID, b: EntityID, offset: Int) { (self.a, self.b, self.offset) = (a, b, offset) }
    }

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
    public func importIndex() throws -> ImportIndex { try read(Self.importIndex) }

    static func importIndex(_ db: Database) throws -> ImportIndex {
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

    /// Interactions already recorded, as `InteractionKey`s, so a re-import does not log them twice.
    public func interactionKeys() throws -> InteractionKeys { try read(Self.interactionKeys) }

    static func interactionKeys(_ db: Database) throws -> InteractionKeys {
        var keys: [InteractionKey] = []
        keys.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM interaction") ?? 0)
        // Raw rows: a GRDB row per stored contact was half of checking a 300k-row file against a million of them.
        try forEachRawRow(db, sql: """
            SELECT a_person_id, a_organization_id, b_person_id, b_organization_id, day, channel, note FROM interaction
            """) { raw in
            func party(_ column: Int32) -> EntityID {
                sqlite3_column_type(raw, column) == SQLITE_NULL ? EntityID(.organization, columnInt(raw, column + 1)) : EntityID(.person, columnInt(raw, column))
            }
            var stored = Interaction(a: party(0), b: party(2), day: Day(iso: columnText(raw, 4)) ?? Day(ordinal: 0),
                                     channel: Channel(rawValue: columnText(raw, 5)) ?? .message, note: columnText(raw, 6), source: .manual)
            keys.append(InteractionKey(stored))
            // A noted contact is also the same row without its note: an export withholds the notes its exporter may
            // not read, and that file imported again would have logged every such contact twice.
            if !stored.note.isEmpty {
                stored.note = ""
                keys.append(InteractionKey(stored))
            }
        }
        keys.sort()
        return InteractionKeys(sorted: keys)
    }

    /// People by id in the given order (unknown ids are skipped), contacts included; sensitive
    /// categories only for a coordinator.
    public func people(ids: [EntityID], audience: Audience) throws -> [Person] {
        try read { db in try Self.people(db, ids: ids, audience: audience) }
    }

    static func people(_ db: Database, ids: [EntityID], audience: Audience) throws -> [Person] {
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

    /// The kept vCard properties (JSON) of the given people.
    public func vcardExtras(_ ids: [EntityID]) throws -> [EntityID: String] { try read { db in try Self.vcardExtras(db, ids) } }

    static func vcardExtras(_ db: Database, _ ids: [EntityID]) throws -> [EntityID: String] {
        var result: [EntityID: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT person_id, properties FROM person_vcard_extra WHERE person_id IN (SELECT value FROM json_each(?))
            """, arguments: [jsonIntegers(ids.filter { $0.kind == .person }.map(\.number))]) {
            result[EntityID(.person, row[0])] = row[1]
        }
        return result
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
            let session = try ImportSession(db: db, store: self, writes: true, bulk: bulk)
            try session.apply(batch, progress: progress)
            try session.finish()
        }
    }

    /// Runs a streamed import on one connection in one transaction: `body` reads what it needs through the
    /// session and writes each planned chunk with `ImportSession.apply`; a throw rolls everything back.
    /// `writes: false` (a dry run) only reads. `expectedRows` of 50,000 or more takes the bulk path:
    /// interaction parties checked in memory and foreign keys checked once before the commit.
    public func importing<T>(writes: Bool, expectedRows: Int, _ body: (ImportSession) throws -> T) throws -> T {
        let bulk = expectedRows >= BulkWriter.defaultBulkRows
        return try withoutActuallyEscaping(body) { body in
            func run(_ db: Database, writes: Bool) throws -> T {
                let session = try ImportSession(db: db, store: self, writes: writes, bulk: bulk && writes)
                let result = try body(session)
                try session.finish()
                return result
            }
            guard writes else { return try read { try run($0, writes: false) } }
            return bulk ? try writeCheckingReferences(except: ["interaction"]) { try run($0, writes: true) } : try write { try run($0, writes: true) }
        }
    }

    /// Records a privacy-relevant action (such as an export with sensitive categories) in the audit log.
    public func recordAudit(actor: EntityID?, action: String, detail: String, at time: Date = Date()) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO audit_log (recorded_at, actor, action, detail, key_fingerprint) VALUES (?, ?, ?, ?, ?)",
                           arguments: [ISO8601DateFormatter().string(from: time), actor?.description, action, detail, provenKey])
        }
    }

    /// The audit trail, oldest first: (actor, action, detail).
    public func auditLog() throws -> [(actor: String?, action: String, detail: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT actor, action, detail FROM audit_log ORDER BY id").map { ($0[0], $0[1], $0[2]) }
        }
    }
}

/// One import's connection, inside its transaction: the reads planning needs and the writes of each
/// planned chunk, so a file of any size is planned and written a chunk at a time.
public final class ImportSession {
    let db: Database
    let store: DirectoryStore
    let writer: BulkWriter?
    let bulk: Bool
    /// Secondary indexes dropped while only new rows are inserted; recreated before any update and at the end.
    private var dropped: [(name: String, sql: String)] = []
    private var parties: (people: IDSet, organizations: IDSet)?
    private var restoreCacheSize: Int?
    /// Set while `planning` runs.
    private var lane: ConnectionLane?
    /// What the chunks submitted hold that the audit log must record.
    private var audited: [(PolicyAction, String)] = []

    init(db: Database, store: DirectoryStore, writes: Bool, bulk: Bool) throws {
        self.db = db
        self.store = store
        let gazetteer = store.gazetteer
        self.bulk = bulk
        writer = writes ? try BulkWriter(db: db, gazetteer: gazetteer, defersTies: true) : nil
        if writes {
            // A big import must not spill its pages into the WAL and read them back: give it a larger cache.
            restoreCacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? BulkWriter.defaultCacheKiB
            try db.execute(sql: "PRAGMA cache_size = \(DirectoryStore.bulkCacheKiB)")
        }
    }

    public var writes: Bool { writer != nil }

    // The reads planning needs. Inside `planning` they come from the planner's thread and run on this connection's.
    public func importIndex() throws -> ImportIndex { try onConnection { try DirectoryStore.importIndex($0) } }
    public func interactionKeys() throws -> InteractionKeys { try onConnection { try DirectoryStore.interactionKeys($0) } }
    public func people(ids: [EntityID], audience: Audience) throws -> [Person] {
        try onConnection { try DirectoryStore.people($0, ids: ids, audience: audience) }
    }
    public func vcardExtras(_ ids: [EntityID]) throws -> [EntityID: String] { try onConnection { try DirectoryStore.vcardExtras($0, ids) } }

    public func organization(_ id: EntityID) throws -> Organization {
        try onConnection { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM organization WHERE id = ?", arguments: [id.number]) else {
                throw StoreError.unknownID(id)
            }
            return try DirectoryStore.organization(row, db: db)
        }
    }

    public func initiative(_ id: EntityID) throws -> Initiative {
        try onConnection { db in
            guard let initiative = try DirectoryStore.initiatives(db, whereSQL: "id = ?", arguments: [id.number]).first else {
                throw StoreError.unknownID(id)
            }
            return initiative
        }
    }

    /// Runs `body` on another thread while this connection writes the chunks it hands to `submit`: reading the file
    /// and planning the next chunk no longer wait for the last one to be written (the 100k-people import spent a
    /// third of its time planning). Every read and write still runs in the order `body` makes them
    /// (`ConnectionLane`), so the outcome is what planning and writing in turn would give. Call it on the connection's
    /// thread (inside `importing`); `body` must use this session only through its public reads and `submit`.
    public func planning<T>(_ body: @escaping () throws -> T) throws -> T {
        let lane = ConnectionLane()
        self.lane = lane
        defer { self.lane = nil }
        return try lane.run(body)
    }

    /// Authorises a planned chunk for `actor` (nil: the caller authorises it) and writes it (a dry run writes
    /// nothing); the audited rows wait for `audit`. Inside `planning` the chunk is written on the connection's thread
    /// while planning goes on, and a refusal or failure of an earlier chunk is thrown here.
    public func submit(_ batch: ImportBatch, by actor: Actor?) throws {
        guard let lane else { return try authorizeAndApply(batch, by: actor) }
        try lane.write { [self] in try authorizeAndApply(batch, by: actor) }
    }

    private func authorizeAndApply(_ batch: ImportBatch, by actor: Actor?) throws {
        if let actor { audited += try store.authorize(db, batch, by: actor) }
        try apply(batch)
        if let actor, writes { try store.makeFirstCoordinatorNational(db, by: actor, at: Date()) }
    }

    /// Records the audited rows of the chunks submitted, in the import's transaction (nothing in a dry run).
    public func audit(by actor: Actor, at time: Date) throws {
        guard writes else { return }
        for (action, detail) in audited { try DirectoryStore.audit(db, actor: actor, action: action, detail: "import " + detail, at: time) }
    }

    /// `read` on this connection: directly, or through the lane when called from `planning`'s thread.
    private func onConnection<R>(_ read: @escaping (Database) throws -> R) throws -> R {
        guard let lane else { return try read(db) }
        return try lane.read { [db] in try read(db) }
    }

    /// Writes one planned chunk. `progress` hears (rows written, rows in the chunk) now and then.
    public func apply(_ batch: ImportBatch, progress: ((Int, Int) -> Void)? = nil) throws {
        guard let writer else { return }
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
        let updates = !batch.updatedPeople.isEmpty || !batch.updatedOrganizations.isEmpty || !batch.updatedInitiatives.isEmpty
        if updates { try restoreIndexes() } else if bulk || batch.newPeople.count >= writer.bulkRows {
            try dropIndexes(on: (batch.newPeople.isEmpty ? [] : ["person", "contact", "search_initial"]) + (batch.interactions.isEmpty ? [] : ["interaction"]))
        }
        try each(batch.newPeople) { try writer.insertPerson($0, initiativeTexts: [], isNew: true) }
        try each(batch.updatedPeople) { try writer.updatePerson($0, writesSensitive: batch.writesSensitive) }
        try each(batch.newOrganizations) { try writer.insertOrganization($0, isNew: true) }
        try each(batch.updatedOrganizations, writer.updateOrganization)
        try each(batch.newRounds, writer.insertRound)
        try each(batch.newInitiatives, writer.insertInitiative)
        try each(batch.updatedInitiatives, writer.replaceInitiative)
        if !batch.newInitiatives.isEmpty || !batch.updatedInitiatives.isEmpty {
            try writer.reindexTeams(of: batch.newInitiatives + batch.updatedInitiatives)
        }
        let before = done
        if bulk { try checkParties(batch.interactions) }
        try writer.insertInteractions(batch.interactions) { progress?(before + $0, total) }
        let extras = try db.cachedStatement(sql: "INSERT OR REPLACE INTO person_vcard_extra (person_id, properties) VALUES (?, ?)")
        for (id, json) in batch.vcardExtras.sorted(by: { $0.key < $1.key }) {
            try extras.execute(arguments: [id.number, json])
        }
        progress?(total, total)
    }

    /// Indexes back, cache size back; the transaction is then ready to commit.
    func finish() throws {
        try writer?.recordPendingTies()
        try restoreIndexes()
        if let restoreCacheSize { try db.execute(sql: "PRAGMA cache_size = \(restoreCacheSize)") }
    }

    /// Dropped only while nothing but new rows arrive (`BulkWriter.insert` explains why).
    private func dropIndexes(on tables: [String]) throws {
        guard let writer else { return }
        dropped += try writer.dropIndexes(on: tables)
    }

    private func restoreIndexes() throws {
        try writer?.recreate(dropped)
        dropped = []
    }

    /// What SQLite's foreign keys would check for each interaction (they are off on the bulk path).
    private func checkParties(_ interactions: [Interaction]) throws {
        guard !interactions.isEmpty else { return }
        if parties == nil {
            parties = (IDSet(try Int.fetchAll(db, sql: "SELECT id FROM person")), IDSet(try Int.fetchAll(db, sql: "SELECT id FROM organization")))
        }
        try BulkWriter.checkParties(interactions, people: parties!.0, organizations: parties!.1)
    }
}

/// Identifies an interaction by its parties, day, channel and note: a re-imported row with the same
/// key is the same interaction. 32 bytes, so the keys of millions of interactions fit in a sorted array;
/// the note is kept as its 64-bit FNV-1a hash (two different notes of the same pair, day and channel
/// colliding has odds of 2⁻⁶⁴).
public struct InteractionKey: Hashable, Comparable, Sendable {
    let a: Int64, b: Int64, day: Int32, channel: UInt8, note: UInt64

    public init(_ item: Interaction) {
        func party(_ id: EntityID) -> Int64 { id.kind == .person ? Int64(id.number) : -Int64(id.number) }
        a = party(item.a)
        b = party(item.b)
        day = Int32(truncatingIfNeeded: item.day.ordinal)
        channel = UInt8(Channel.allCases.firstIndex(of: item.channel) ?? 0)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in item.note.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        note = hash
    }

    public static func < (l: Self, r: Self) -> Bool { (l.a, l.b, l.day, l.channel, l.note) < (r.a, r.b, r.day, r.channel, r.note) }
}

/// The interactions of a directory, sorted for binary search: a quarter of the memory of a `Set`.
public struct InteractionKeys: Sendable {
    private let sorted: [InteractionKey]

    init(sorted: [InteractionKey]) { self.sorted = sorted }

    public var isEmpty: Bool { sorted.isEmpty }

    public func contains(_ key: InteractionKey) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == key
    }
}

extension BulkWriter {
    /// Replaces a person's row, contacts and search entry; sensitive categories only when `writesSensitive`.
    func updatePerson(_ person: Person, writesSensitive: Bool) throws {
        try checkSettlement(person.settlement, field: "settlement of \(person.id)")
        let document = SearchDocument.person(person, initiativeTexts: try initiativeTexts(person.id), places: places)
        try db.cachedStatement(sql: """
            UPDATE person SET external_id = ?, full_name = ?, gender = ?, birth_year = ?, is_alumnus = ?, is_mentor = ?,
                is_coordinator = ?, settlement = ?, region = ?, languages = ?, interests = ?, suggestions_opt_out = ?,
                note = ?, sort_key = ? WHERE id = ?
            """).execute(arguments: [person.externalID, person.fullName, person.gender?.rawValue, person.birthYear,
                                     person.roles.contains(.alumnus), person.roles.contains(.mentor), person.roles.contains(.coordinator),
                                     person.settlement, regionKey(person.settlement), lists.json(person.languages),
                                     lists.json(person.interests), person.suggestionsOptOut, person.note, document.sortKey,
                                     person.id.number])
        if writesSensitive { try writeSensitive(person.id, person.sensitive) }
        try db.cachedStatement(sql: "DELETE FROM contact WHERE person_id = ?").execute(arguments: [person.id.number])
        try insertContacts(person.contacts, owner: person.id)
        try index(person.id, document)
    }

    func updateOrganization(_ org: Organization) throws {
        try checkSettlement(org.settlement, field: "settlement of \(org.id)")
        let document = SearchDocument.organization(org, places: places)
        try db.cachedStatement(sql: """
            UPDATE organization SET external_id = ?, name = ?, kind = ?, settlement = ?, region = ?, note = ?, sort_key = ?
            WHERE id = ?
            """).execute(arguments: [org.externalID, org.name, org.kind.rawValue, org.settlement, regionKey(org.settlement),
                                     org.note, document.sortKey, org.id.number])
        try db.cachedStatement(sql: "DELETE FROM contact WHERE organization_id = ?").execute(arguments: [org.id.number])
        try insertContacts(org.contacts, owner: org.id)
        try index(org.id, document)
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
