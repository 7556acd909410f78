import BailanysCore
import Foundation
import GRDB

extension DirectoryStore {
    /// Inserts a whole directory (the demo generator's output, or a parsed import) in one
    /// transaction: either every row lands or none does.
    ///
    /// From `BulkWriter.defaultBulkRows` interactions on (the demo at 100k people writes 3.6M), SQLite's
    /// per-row reference lookups are off: the writer checks the interactions' parties in memory and every
    /// other table's references are checked once before the commit (`writeCheckingReferences`).
    public func insert(_ data: DirectoryData) throws { try insert(data, bulkFrom: BulkWriter.defaultBulkRows) }

    /// `insert` of a directory whose contacts are still being made: `contacts` is called once, on another thread, and
    /// its contacts are written there into a file of their own while this thread writes every other row, then copied in
    /// whole (`StagedContacts`). Always the bulk path, whatever their number (the new demo: its contacts are drawn
    /// while its people are written, `SampleGenerator.draft`). Returns the contacts written.
    @discardableResult
    public func insert(_ data: DirectoryData, contactsLater contacts: @escaping () throws -> [Interaction]) throws -> [Interaction] {
        let (definitions, pageSize) = try read { db in
            (try StagedContacts.definitions(db), try Int.fetchOne(db, sql: "PRAGMA page_size") ?? DirectoryStore.newPageSize)
        }
        let staged = StagedContacts(beside: path, definitions: definitions, pageSize: pageSize)
        defer { staged.finish(queue) }
        let drawn = OnSecondCore { Result { try contacts() } }
        staged.start(drawn)
        return try writeCheckingReferences(except: ["interaction"], { db in
            try BulkWriter(db: db, gazetteer: gazetteer).insert(data, checkingParties: true, contacts: { try drawn.value.get() },
                                                               staged: true)
        }, afterCheck: { db, interactions in try staged.copy(into: db, expecting: interactions.count) })
    }

    func insert(_ data: DirectoryData, bulkFrom bulkInteractions: Int) throws {
        if data.interactions.count >= bulkInteractions {
            try writeCheckingReferences(except: ["interaction"]) { db in
                try BulkWriter(db: db, gazetteer: gazetteer).insert(data, checkingParties: true)
            }
        } else {
            try write { db in try BulkWriter(db: db, gazetteer: gazetteer).insert(data) }
        }
    }
}

/// Prepared statements reused across rows: the difference between seconds and minutes at 1M rows.
struct BulkWriter {
    let db: Database
    let gazetteer: Gazetteer
    let places: SearchDocument.PlaceCache
    let lists = ListCache()

    /// From this many rows on, a table's secondary indexes are dropped and rebuilt around the inserts.
    let bulkRows: Int

    /// The inserts made once or more per person, prepared once per writer.
    private let personRow, contactRow, searchRow, initialRow: RowInserter
    /// Nil in a member copy, which has no table for sensitive categories at all.
    private let sensitiveRow: RowInserter?
    /// With `defersTies`, the contacts inserted wait here for `recordPendingTies`.
    private let pendingTies: PendingTies?

    static let defaultBulkRows = 50_000

    /// `defersTies`: `insertInteractions` leaves `tie_pair` to one `recordPendingTies` at the end of the write (a
    /// streamed import), so each pair is read and written once however many chunks name it.
    init(db: Database, gazetteer: Gazetteer, bulkRows: Int = defaultBulkRows, defersTies: Bool = false) throws {
        self.db = db
        self.gazetteer = gazetteer
        self.bulkRows = bulkRows
        pendingTies = defersTies ? PendingTies() : nil
        self.places = SearchDocument.PlaceCache(gazetteer: gazetteer)
        personRow = try RowInserter(db, sql: """
            INSERT INTO person (id, external_id, full_name, gender, birth_year, is_alumnus, is_mentor, is_coordinator,
                                settlement, region, languages, interests, suggestions_opt_out, note, sort_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        sensitiveRow = try DirectoryStore.hasSensitiveTable(db)
            ? RowInserter(db, sql: "INSERT INTO person_sensitive (person_id, neet, vulnerable, disability_group) VALUES (?, ?, ?, ?)")
            : nil
        contactRow = try RowInserter(db, sql: "INSERT INTO contact (person_id, organization_id, kind, value, shared) VALUES (?, ?, ?, ?, ?)")
        searchRow = try RowInserter(db, sql: "INSERT INTO search (rowid, name, place, other) VALUES (?, ?, ?, ?)")
        initialRow = try RowInserter(db, sql: SearchInitials.insertSQL)
    }

    func insert(_ data: DirectoryData, checkingParties: Bool = false) throws {
        try insert(data, checkingParties: checkingParties) { data.interactions }
    }

    /// Each person is indexed once, with the titles and themes of their initiatives. `checkingParties` when
    /// SQLite's foreign keys are off: the interactions' parties are then checked here. `contacts` gives the
    /// interactions (`data`'s own are not used), asked for once the other rows are written; when `staged`, they are
    /// being written with their tie state into a file of their own, to be copied from there (`StagedContacts`), and only
    /// their parties are checked here. Returns the interactions.
    /// From `bulkRows` rows of a table on, its secondary indexes are dropped before its rows are inserted and recreated
    /// from their own definitions at the end, in the same transaction: sorting many entries once is far faster than as
    /// many random B-tree inserts, and the schema ends exactly as it was.
    @discardableResult
    func insert(_ data: DirectoryData, checkingParties: Bool, contacts: () throws -> [Interaction],
                staged: Bool = false) throws -> [Interaction] {
        func bulkTables(_ counts: [(String, Int)]) -> [String] { counts.filter { $0.1 >= bulkRows }.map(\.0) }
        var texts: [EntityID: [String]] = [:]
        for initiative in data.initiatives {
            for member in initiative.team { texts[member.person, default: []] += [initiative.title, initiative.theme] }
        }
        var dropped = try dropIndexes(on: bulkTables([("person", data.people.count), ("contact", data.people.count),
                                                      ("search_initial", data.people.count), ("team_member", data.initiatives.count),
                                                      ("activity", data.activities.count)]))
        for person in data.people { try insertPerson(person, initiativeTexts: texts[person.id] ?? [], isNew: true) }
        for org in data.organizations { try insertOrganization(org, isNew: true) }
        for round in data.rounds { try insertRound(round) }
        for initiative in data.initiatives { try insertInitiative(initiative) }
        let days = StaticTexts<Day>()
        defer { withExtendedLifetime(days) {} }
        try BatchInserter(db, into: "activity", columns: ["person_id", "kind", "day"]).insert(data.activities) { item in
            (item.person.number, item.kind.rawValue, days.text(item.day, \.iso))
        }
        if staged {
            // While the other core writes the contacts: its index sorts may use this core once it waits for them.
            try recreate(dropped, sorterThreads: 0)
        }
        let interactions = try contacts()
        if checkingParties {
            try Self.checkParties(interactions, people: IDSet(try Int.fetchAll(db, sql: "SELECT id FROM person")),
                                  organizations: IDSet(try Int.fetchAll(db, sql: "SELECT id FROM organization")))
        }
        if !staged {
            dropped += try dropIndexes(on: bulkTables([("interaction", interactions.count)]))
            try insertInteractions(interactions)
            try recreate(dropped)
        }
        return interactions
    }

    /// Recreates dropped indexes (`createIndexes`).
    func recreate(_ indexes: [(name: String, sql: String)], sorterThreads: Int = defaultSorterThreads) throws {
        try Self.createIndexes(db, indexes.map(\.sql), sorterThreads: sorterThreads)
    }

    /// Creates indexes from their definitions. SQLite sorts an index's entries in runs as large as the page cache: in
    /// the sqlite3 shell, the interaction indexes of the 100k demo took 4.1–5 s in a bulk write's 256 MiB cache against
    /// 2.2–2.8 s in SQLite's default 2 MiB, so the cache is back at the default while they are built.
    /// Their sorts also run on the machine's other cores (SQLite's sorter threads): the two person indexes of the
    /// 100k demo's interactions took 3.3 s with two threads against 4.1 s with one in the sqlite3 shell.
    static func createIndexes(_ db: Database, _ definitions: some Collection<String>,
                              sorterThreads: Int = defaultSorterThreads) throws {
        guard !definitions.isEmpty else { return }
        let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? Self.defaultCacheKiB
        try db.execute(sql: "PRAGMA cache_size = \(Self.defaultCacheKiB)")
        try db.execute(sql: "PRAGMA threads = \(sorterThreads)")
        for definition in definitions { try db.execute(sql: definition) }
        try db.execute(sql: "PRAGMA threads = 0")
        try db.execute(sql: "PRAGMA cache_size = \(cache)")
    }

    /// SQLite's helper threads for sorting an index's entries: one per other core, up to 4.
    static let defaultSorterThreads = min(4, ProcessInfo.processInfo.activeProcessorCount)

    /// SQLite's default page cache, as its negative KiB count.
    static let defaultCacheKiB = -2_000

    /// Drops the secondary indexes of `tables` and returns their definitions, to recreate them.
    func dropIndexes(on tables: [String]) throws -> [(name: String, sql: String)] {
        guard !tables.isEmpty else { return [] }
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY rowid
            """, arguments: [jsonList(tables)]).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
        for index in indexes { try db.execute(sql: "DROP INDEX \(index.name)") }
        return indexes
    }

    /// `isNew` skips the deletes a replaced row needs: a fresh id has no sensitive row and no index entry.
    func insertPerson(_ person: Person, initiativeTexts: [String], isNew: Bool = false) throws {
        try checkSettlement(person.settlement, field: "settlement of \(person.id)")
        let document = SearchDocument.person(person, initiativeTexts: initiativeTexts, places: places)
        try personRow.insert(
            person.id.number, person.externalID, person.fullName, person.gender?.rawValue, person.birthYear,
            person.roles.contains(.alumnus), person.roles.contains(.mentor), person.roles.contains(.coordinator),
            person.settlement, regionKey(person.settlement), lists.json(person.languages), lists.json(person.interests),
            person.suggestionsOptOut, person.note, document.sortKey)
        try writeSensitive(person.id, person.sensitive, replacing: !isNew)
        try insertContacts(person.contacts, owner: person.id)
        try index(person.id, document, replacing: !isNew)
    }

    /// `isNew` as for `insertPerson`: with the search indexes dropped for a bulk insert, each needless delete scans
    /// every initials row (162 organisations × 400k rows took a fifth of writing the 100k demo).
    func insertOrganization(_ org: Organization, isNew: Bool = false) throws {
        try checkSettlement(org.settlement, field: "settlement of \(org.id)")
        let document = SearchDocument.organization(org, places: places)
        try db.cachedStatement(sql: """
            INSERT INTO organization (id, external_id, name, kind, settlement, region, note, sort_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [org.id.number, org.externalID, org.name, org.kind.rawValue, org.settlement,
                                     regionKey(org.settlement), org.note, document.sortKey])
        try insertContacts(org.contacts, owner: org.id)
        try index(org.id, document, replacing: !isNew)
    }

    func insertRound(_ round: Round) throws {
        try db.cachedStatement(sql: "INSERT INTO round (id, year, number, format, start_day) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [round.id.number, round.year, round.number, round.format.rawValue, round.start.iso])
    }

    func insertInitiative(_ initiative: Initiative) throws {
        try checkSettlement(initiative.settlement, field: "settlement of \(initiative.id)")
        try db.cachedStatement(sql: """
            INSERT INTO initiative (id, external_id, title, theme, round_id, settlement, region, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [initiative.id.number, initiative.externalID, initiative.title, initiative.theme,
                                     initiative.round.number, initiative.settlement, regionKey(initiative.settlement),
                                     initiative.status.rawValue])
        let member = try RowInserter(db, sql: "INSERT INTO team_member (initiative_id, person_id, role) VALUES (?, ?, ?)")
        for m in initiative.team { try member.insert(initiative.id.number, m.person.number, m.role.rawValue) }
        let mentor = try RowInserter(db, sql: "INSERT INTO initiative_mentor (initiative_id, person_id) VALUES (?, ?)")
        for m in initiative.mentors { try mentor.insert(initiative.id.number, m.number) }
        let partner = try RowInserter(db, sql: "INSERT INTO initiative_partner (initiative_id, organization_id) VALUES (?, ?)")
        for p in initiative.partners { try partner.insert(initiative.id.number, p.number) }
    }

    /// `inserted` hears the running count every 10,000 rows.
    func insertInteractions(_ interactions: [Interaction], inserted: ((Int) -> Void)? = nil) throws {
        try Self.insertInteractionRows(db, interactions, inserted: inserted)
        try recordTies(of: interactions)
    }

    /// The interactions' rows alone, without their tie state (`insertInteractions`, `StagedContacts`).
    static func insertInteractionRows(_ db: Database, _ interactions: [Interaction], inserted: ((Int) -> Void)? = nil) throws {
        let rows = BatchInserter(db, into: "interaction", columns: ["a_person_id", "a_organization_id", "b_person_id",
                                                                     "b_organization_id", "day", "channel", "note", "source"])
        let days = StaticTexts<Day>(), channels = StaticTexts<Channel>(), sources = StaticTexts<InteractionSource>()
        // Their bytes must outlive every statement they are bound to.
        defer { withExtendedLifetime((days, channels, sources)) {} }
        var done = 0
        // In slices, so that a long import hears its progress.
        while done < interactions.count {
            let slice = interactions[done..<min(done + 10_000, interactions.count)]
            try rows.insert(slice) { item in
                let (ap, ao) = partyColumns(item.a)
                let (bp, bo) = partyColumns(item.b)
                return (ap, ao, bp, bo, days.text(item.day, \.iso), channels.text(item.channel, \.rawValue),
                        item.note, sources.text(item.source, \.rawValue))
            }
            done = slice.endIndex
            if done % 10_000 == 0 { inserted?(done) }
        }
    }

    /// Folds inserted interactions into `tie_pair`, now or, with `defersTies`, at `recordPendingTies`.
    private func recordTies(of interactions: [Interaction]) throws {
        let entries = TiePairs.entries(interactions)
        if let pendingTies { pendingTies.entries += entries } else { try TiePairs.record(db, entries: entries) }
    }

    /// Folds the contacts `insertInteractions` deferred into `tie_pair`, in the same transaction.
    func recordPendingTies() throws {
        guard let pendingTies else { return }
        try TiePairs.record(db, entries: pendingTies.entries)
        pendingTies.entries = []
    }

    func writeSensitive(_ id: EntityID, _ sensitive: SensitiveCategories, replacing: Bool = true) throws {
        guard let sensitiveRow else {
            guard sensitive.isEmpty else { throw StoreError.invalidField(field: "sensitive categories", value: "", expected: "none in a member copy") }
            return
        }
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM person_sensitive WHERE person_id = ?").execute(arguments: [id.number])
        }
        guard !sensitive.isEmpty else { return }
        try sensitiveRow.insert(id.number, sensitive.neet, sensitive.vulnerable, sensitive.disabilityGroup)
    }

    func insertContacts(_ contacts: [Contact], owner: EntityID) throws {
        let (person, org) = partyColumns(owner)
        for c in contacts { try contactRow.insert(person, org, c.kind.rawValue, c.value, c.shared) }
    }

    /// The entry's full-text row and its initials (`SearchInitials`).
    func index(_ id: EntityID, _ document: SearchDocument, replacing: Bool = true) throws {
        let entry = searchRowID(id)
        if replacing {
            try db.cachedStatement(sql: "DELETE FROM search WHERE rowid = ?").execute(arguments: [entry])
            try db.cachedStatement(sql: "DELETE FROM search_initial WHERE entry = ?").execute(arguments: [entry])
        }
        try searchRow.insert(entry, document.name, document.place, document.other)
        for initial in SearchInitials.initials(ofFolded: document.name) { try initialRow.insert(initial, document.sortKey, entry) }
    }

    /// What SQLite's foreign keys would check for each interaction, against the ids stored, on the bulk paths
    /// that turn them off: looking up both parties of millions of rows took most of SQLite's time.
    static func checkParties(_ interactions: [Interaction], people: IDSet, organizations: IDSet) throws {
        func exists(_ id: EntityID) -> Bool { id.kind == .person ? people.contains(id.number) : organizations.contains(id.number) }
        if let orphan = interactions.first(where: { !exists($0.a) || !exists($0.b) }) {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY,
                                message: "FOREIGN KEY constraint failed: interaction \(orphan.a)–\(orphan.b) names a missing party")
        }
    }

    func regionKey(_ settlement: String) -> String { gazetteer.settlement(settlement)?.region ?? "" }

    func checkSettlement(_ key: String, field: String) throws {
        guard gazetteer.settlement(key) != nil else {
            throw StoreError.invalidField(field: field, value: key, expected: "a settlement in the gazetteer")
        }
    }
}

/// The `tie_pair` entries of a streamed import's interactions, kept until its last chunk is written: a million
/// contacts in 100 chunks cost a lookup and a rewrite of each pair per chunk, 3.3 s of a 11 s import.
final class PendingTies {
    var entries: [(TiePairs.Pair, Int32)] = []
}

/// Stored ids, for testing millions of parties: a bit per id up to the largest where ids are dense (they are numbered
/// from 1), a hash set where they are not. Hashing both parties of each contact into a `Set<Int>` cost 0.4 s of the first
/// core's 6 s writing the 100k demo.
struct IDSet {
    private let bits: [UInt64]
    private let sparse: Set<Int>?

    init(_ ids: [Int]) {
        let largest = ids.max() ?? 0
        if ids.allSatisfy({ $0 >= 0 }), largest <= 64 * ids.count + 4_096 {
            var bits = [UInt64](repeating: 0, count: largest / 64 + 1)
            for id in ids { bits[id / 64] |= 1 << UInt64(id % 64) }
            (self.bits, sparse) = (bits, nil)
        } else {
            (bits, sparse) = ([], Set(ids))
        }
    }

    func contains(_ id: Int) -> Bool {
        if let sparse { return sparse.contains(id) }
        return id >= 0 && id / 64 < bits.count && bits[id / 64] & (1 << UInt64(id % 64)) != 0
    }
}

/// Lists (languages, interests) repeat across people, so each distinct one is encoded to JSON once.
final class ListCache: Sendable {
    private let encoded = Memo<[String], String>()

    func json(_ values: [String]) -> String { encoded.value(values, make: jsonList) }
}

/// People and organisations share one index: organisations take negative rowids.
func searchRowID(_ id: EntityID) -> Int { id.kind == .person ? id.number : -id.number }

/// Splits a party id into the (person, organisation) column pair of a polymorphic reference.
func partyColumns(_ id: EntityID) -> (Int?, Int?) {
    id.kind == .person ? (id.number, nil) : (nil, id.number)
}

func jsonList(_ values: [String]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: values, options: [])) ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
}

func decodeList(_ text: String?) -> [String] {
    guard let text, let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else { return [] }
    return value
}
