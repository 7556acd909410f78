import BailanysCore
import BailanysPolicy
import BailanysStore
import Foundation

public struct ImportOptions: Sendable {
    /// Required for CSV files whose headers do not make the kind clear; vCards are always people.
    public var kind: RecordKind?
    /// `--map COLUMN=FIELD` pairs.
    public var mappings: [String: String] = [:]
    /// Gazetteer key of the settlement for new entries without one.
    public var defaultSettlement: String?
    public var today: Day
    /// Sensitive columns are accepted only from a coordinator.
    public var audience: Audience
    /// vCards carry no consent: contacts from them are private unless the importer says the people agreed.
    public var contactsShared = false

    public init(today: Day, audience: Audience) {
        self.today = today
        self.audience = audience
    }
}

/// What an import would change, for `--dry-run` and for the report after a real one.
public struct ImportSummary: Sendable, Equatable {
    public var file: String
    public var format: String
    public var kind: RecordKind
    public var added = 0
    public var updated = 0
    /// Interactions already in the directory, not logged again.
    public var alreadyPresent = 0
    /// Remarks that are not errors, e.g. photos skipped.
    public var notes: [String] = []
    /// Stored values the file deletes with `#delete` (an empty cell never deletes), one line per entry:
    /// `FILE:LINE: ID "Name": deletes phone, note`.
    public var deletions: [String] = []

    public var lines: [String] {
        var out = ["\(file) (\(format)): \(kind.rawValue): \(added) new, \(updated) updated"
            + (alreadyPresent > 0 ? ", \(alreadyPresent) already present" : "")
            + (deletions.isEmpty ? "" : ", \(deletions.count) with deletions:")]
        out += deletions
        out += notes
        return out
    }
}

public struct ImportPlan: Sendable {
    public var batch: ImportBatch
    public var summary: ImportSummary
}

/// Reads a CSV or vCard file and resolves it against the directory. Either every row is valid and every
/// change is made, or `ImportFailure` lists every problem with its place and nothing changes.
public enum Importer {
    /// The whole import planned in memory, written later with `DirectoryStore.apply` (tests, benchmarks).
    public static func plan(file: String, data: Data, store: DirectoryStore, options: ImportOptions) throws -> ImportPlan {
        try plan(file: file, bytes: [UInt8](data), store: store, options: options)
    }

    public static func plan(file: String, bytes: [UInt8], store: DirectoryStore, options: ImportOptions) throws -> ImportPlan {
        let source = try SourceText(file: file, bytes: bytes)
        return try store.importing(writes: false, expectedRows: 0) { session in
            var planner = try Planner(source: source, store: store, session: session, options: options, streams: false)
            let summary = try planner.planFile()
            return ImportPlan(batch: planner.batch, summary: summary)
        }
    }

    /// The import `bailanys import` runs: planned and written a chunk of rows at a time inside one transaction,
    /// so memory stays bounded by the chunk, not the file; any problem rolls it all back. A dry run writes
    /// nothing. `progress` hears (bytes planned, bytes in the file) after each chunk.
    /// Every chunk obeys the policy for `actor` row by row before it is written (a dry run checks too); any
    /// refused row refuses the whole import (`ImportRefusal`), and the audited rows are recorded in the same
    /// transaction as the import.
    public static func run(file: String, bytes: [UInt8], store: DirectoryStore, options: ImportOptions, by actor: Actor,
                           dryRun: Bool, at time: Date = Date(), progress: ((Int, Int) -> Void)? = nil) throws -> ImportSummary {
        let source = try SourceText(file: file, bytes: bytes)
        let rows = source.bytes.withUnsafeBufferPointer { $0.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        do {
            return try store.importing(writes: !dryRun, expectedRows: rows) { session in
                let summary = try session.planning {
                    var planner = try Planner(source: source, store: store, session: session, options: options, streams: true)
                    planner.actor = actor
                    planner.progress = progress
                    return try planner.planFile()
                }
                try session.audit(by: actor, at: time)
                return summary
            }
        } catch let refusal as ImportRefusal {
            // Named like every other problem of the file: FILE:LINE.
            throw refusal.placed { offset in
                let issue = source.issue(at: offset, "")
                return "\(issue.file):\(issue.line)"
            }
        }
    }
}

/// A reference to a row's cell, for placing issues.
struct Cell {
    var field: String
    var value: String
    var offset: Int
}

struct Planner {
    let source: SourceText
    let store: DirectoryStore
    let session: ImportSession
    let options: ImportOptions
    /// Streaming: each planned chunk is written (or, in a dry run, dropped) as soon as it is planned.
    let streams: Bool
    var progress: ((Int, Int) -> Void)?
    /// Who imports: each streamed chunk is authorised for them before it is written (nil: `Importer.plan`,
    /// whose caller authorises the whole batch with `DirectoryStore.apply(_:by:)`).
    var actor: Actor?
    var index: ImportIndex
    var issues: [ImportIssue] = []
    var batch = ImportBatch()
    /// Where each external id of the file was first used, across chunks.
    var claimed: [String: Int] = [:]
    /// Interactions already in the directory, loaded with the first chunk of interactions.
    var existingInteractions: InteractionKeys?
    private var places: [String: Result<String, Values.Invalid>] = [:]
    private let resolver: PlaceResolver
    /// Rows planned and written together: enough to amortise the lookups, few enough to bound memory.
    static let chunkRows = 10_000

    init(source: SourceText, store: DirectoryStore, session: ImportSession, options: ImportOptions, streams: Bool) throws {
        self.source = source
        self.store = store
        self.session = session
        self.options = options
        self.streams = streams
        index = try session.importIndex()
        resolver = PlaceResolver(gazetteer: store.gazetteer)
        batch.writesSensitive = options.audience == .coordinator
    }

    mutating func issue(_ offset: Int, _ message: String) { issues.append(source.issue(at: offset, message)) }

    /// A sensitive category in the file of an importer who is no coordinator (the one refusal found while reading).
    mutating func refuseSensitive(_ offset: Int, _ what: String, leaveOut: String) {
        issues.append(source.issue(at: offset, "\(what) holds a sensitive category, which only a coordinator may import "
                                   + "(expected --as a coordinator's id, or \(leaveOut) to leave it out)", isRefusal: true))
    }

    mutating func planFile() throws -> ImportSummary {
        if VCardReader.looksLikeVCard(source) {
            if let kind = options.kind, kind != .people {
                throw ImportFailure([ImportIssue(file: source.file, line: 1, column: 1, message: "a vCard file holds people (expected --kind people or no --kind)")])
            }
            // Planned first: `finish(planVCards())` would check a copy of `self` taken before planning.
            let summary = try planVCards()
            return try finish(summary)
        }
        // A .vcf file that is no vCard was read as CSV and refused column by column (review): said at once.
        if ["vcf", "vcard"].contains((source.file as NSString).pathExtension.lowercased()) {
            throw ImportFailure([ImportIssue(file: source.file, line: 1, column: 1,
                                             message: "a .\((source.file as NSString).pathExtension) file that does not begin with BEGIN:VCARD (expected a vCard; a CSV file is read from any other name)")])
        }
        let summary = try planCSV()
        return try finish(summary)
    }

    /// Streaming: writes the planned chunk while the file is clean (a dry run drops it), and starts the next.
    mutating func flush(at offset: Int) throws {
        guard streams else { return }
        if issues.isEmpty { try session.submit(batch, by: actor) }
        let writesSensitive = batch.writesSensitive
        batch = ImportBatch()
        batch.writesSensitive = writesSensitive
        progress?(offset, source.bytes.count)
    }

    func finish(_ summary: ImportSummary) throws -> ImportSummary {
        guard issues.isEmpty else { throw ImportFailure(issues) }
        return summary
    }

    // MARK: - CSV

    mutating func planCSV() throws -> ImportSummary {
        var layout: (headers: [String], kind: RecordKind, mapping: ColumnMapping)?
        var summary: ImportSummary?
        var rows: [CSVRow] = []
        // Most files have no control characters at all: one byte scan decides whether cells need a look.
        let checksControls = source.bytes.withUnsafeBufferPointer { ExportText.hasUnsafe($0) }
        // Rows become cells as they are read and are planned a chunk at a time.
        try CSVReader(source: source).forEachRecord { record in
            guard let (headers, kind, mapping) = layout else {
                layout = try readHeader(record)
                summary = ImportSummary(file: source.file, format: "CSV, \(source.encoding.rawValue)", kind: layout!.kind)
                return
            }
            guard record.fields.count == headers.count else {
                issue(record.fields.count > headers.count ? record.offsets[headers.count] : record.offsets[record.offsets.count - 1],
                      "\(record.fields.count) fields (expected \(headers.count), as in the header; quote a cell that contains the delimiter)")
                return
            }
            var cells: [Cell] = []
            cells.reserveCapacity(record.fields.count)
            for (column, field) in mapping.fields.enumerated() {
                guard let field else { continue }
                let value = SpreadsheetCell.restored(record.fields[column])
                if checksControls, let character = ExportText.firstUnsafe(value) {
                    issue(record.offsets[column], ExportText.refusal(field, character))
                }
                cells.append(Cell(field: field, value: value, offset: record.offsets[column]))
            }
            rows.append(CSVRow(start: record.start, cells: cells))
            if rows.count >= Self.chunkRows {
                try plan(rows, kind: kind, summary: &summary!)
                rows.removeAll(keepingCapacity: true)
                try flush(at: record.start)
            }
        }
        guard let kind = layout?.kind, var summary else {
            throw ImportFailure([ImportIssue(file: source.file, line: 1, column: 1, message: "the file is empty (expected a header row and data rows)")])
        }
        try plan(rows, kind: kind, summary: &summary)
        try flush(at: source.bytes.count)
        return summary
    }

    mutating func plan(_ rows: [CSVRow], kind: RecordKind, summary: inout ImportSummary) throws {
        switch kind {
        case .people: try planPeople(rows.map { PersonRow(start: $0.start, cells: $0.cells) }, summary: &summary)
        case .organizations: try planOrganizations(rows, summary: &summary)
        case .initiatives: try planInitiatives(rows, summary: &summary)
        case .interactions: try planInteractions(rows, summary: &summary)
        }
    }

    /// The header row: the kind (given or guessed), which field each column feeds, and a refusal of
    /// sensitive columns outside coordinator mode.
    mutating func readHeader(_ record: CSVRecord) throws -> (headers: [String], kind: RecordKind, mapping: ColumnMapping) {
        let headers = record.fields.map(\.trimmed)
        guard let kind = options.kind ?? Fields.guessKind(headers: headers) else {
            // A JSON export looks like rows of nothing: say what it is (review).
            let first = source.bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            throw ImportFailure([source.issue(at: 0, first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
                ? "this is JSON, which import does not read (expected CSV or vCard: export with --format csv or vcard to move entries)"
                : "cannot tell what the rows are (expected --kind people, organizations, initiatives or interactions)")])
        }
        let mapping = try ColumnMapping(headers: headers, kind: kind, overrides: options.mappings, offsets: record.offsets, source: source)
        if options.audience != .coordinator {
            for (column, field) in mapping.fields.enumerated() {
                guard let field, Fields.specs(kind).contains(where: { $0.name == field && $0.sensitive }) else { continue }
                refuseSensitive(record.offsets[column], "column \(headers[column])", leaveOut: "--map \"\(headers[column])=-\"")
            }
        }
        return (headers, kind, mapping)
    }

    /// A data row of a CSV file: where it starts and its mapped cells.
    struct CSVRow {
        var start: Int
        var cells: [Cell]
    }

    /// A new entry's external id must not look like the directory's own ids: exports name an entry without an
    /// external id by its Bailanys id, so "P9231" on a new person later named two people, and a member's log for
    /// P9231 went to the wrong one (review).
    mutating func mayNameANewEntry(_ external: String, at offset: Int) -> Bool {
        guard let id = EntityID.namingAnEntry(external) else { return true }
        issue(offset, "external_id \"\(external)\" has the form of a Bailanys id, and this directory has no \(id) (expected your own id, not shaped like P12, O3 or I40)")
        return false
    }

    /// Records where an external id is first used; false (with an issue) when it is empty or repeated. `derived`: the
    /// id is a vCard's without UID, made from its name and first contact, which the person never wrote.
    mutating func claim(_ external: String, at offset: Int, derived: Bool = false) -> Bool {
        guard !external.isEmpty else {
            issue(offset, "an empty external_id (expected an id unique in the file)")
            return false
        }
        if let earlier = claimed[external] {
            let line = source.position(of: earlier).line
            issue(offset, derived
                ? "this card repeats the card of line \(line): the same name and first contact, and no UID to tell them apart (expected each person once per file: merge the two cards, or give each a UID)"
                : "external_id \"\(external)\" repeats line \(line) (expected each id once per file)")
            return false
        }
        claimed[external] = offset
        return true
    }

    // MARK: - People (CSV and vCard)

    struct PersonRow {
        var start: Int
        var cells: [Cell]
        /// vCard only: the person's contacts replace the stored ones, and these properties are kept.
        var contacts: [Contact]? = nil
        var vcardExtras: String? = nil
        var externalIDOffset: Int { cells.first { $0.field == "external_id" }?.offset ?? start }
        /// vCard only: an address that names a place (known or not), so `--settlement` does not replace it.
        var namesAddress = false
        var namesPlace: Bool { namesAddress || cells.contains { $0.field == "settlement" && !$0.value.trimmed.isEmpty } }
        var externalID: String { cells.first { $0.field == "external_id" }?.value.trimmed ?? "" }
        /// vCard only: the card has no UID, so its external id is derived from its name and first contact.
        var hasDerivedID = false
        /// How messages name the row's person: by name when the id is derived (the person never wrote it).
        var shownAs: String {
            hasDerivedID ? cells.first { $0.field == "full_name" }?.value.trimmed ?? externalID : externalID
        }
    }

    mutating func planPeople(_ rows: [PersonRow], summary: inout ImportSummary) throws {
        var existingIDs: [EntityID] = []
        var accepted: [PersonRow] = []
        for row in rows {
            let external = row.externalID
            guard claim(external, at: row.externalIDOffset, derived: row.hasDerivedID) else { continue }
            if let id = personID(external) { existingIDs.append(id) } else if !mayNameANewEntry(external, at: row.externalIDOffset) { continue }
            accepted.append(row)
        }
        // Only rows naming stored people read them: a read waits for the chunks still being written (`ImportSession.planning`).
        let stored = existingIDs.isEmpty ? [] : try session.people(ids: existingIDs, audience: options.audience)
        let existing = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
        let storedExtras = rows.contains { $0.vcardExtras != nil } ? try session.vcardExtras(existingIDs) : [:]
        for row in accepted {
            let known = personID(row.externalID).flatMap { existing[$0] }
            var person = known ?? Person(id: EntityID(.person, index.nextPerson), externalID: row.externalID, fullName: "",
                                         roles: [.alumnus], settlement: "")
            var deleted: [String] = []
            for cell in row.cells where cell.field != "external_id" {
                // An empty cell keeps what is stored: exports leave private values empty, and a re-import must not lose them.
                if cell.value.trimmed.isEmpty { continue }
                do {
                    if DeletionMarker.matches(cell.value) {
                        if try deletePersonField(cell.field, from: &person) { deleted.append(cell.field) }
                    } else {
                        try applyPersonField(cell.field, cell.value, to: &person)
                    }
                } catch let invalid as Values.Invalid {
                    issue(cell.offset, "\(cell.field) \"\(String(cell.value.prefix(40)))\" (expected \(invalid.expected))")
                }
            }
            if let contacts = row.contacts {
                // A card adds its contacts; stored ones it does not list stay (X-BAILANYS-DELETE removes them).
                for contact in contacts where !person.contacts.contains(where: { $0.kind == contact.kind && $0.value == contact.value }) {
                    var c = contact
                    c.shared = options.contactsShared
                    person.contacts.append(c)
                }
            }
            if let known { noteHiddenValues(named: row, of: known) }
            if person.settlement.isEmpty && !row.namesPlace {
                if let fallback = options.defaultSettlement {
                    person.settlement = fallback
                } else {
                    issue(row.start, "no settlement for new person \"\(row.shownAs)\" (expected a settlement or address, or --settlement PLACE for everyone without one)")
                }
            }
            if person.fullName.trimmed.isEmpty { issue(row.start, "no name for \"\(row.externalID)\" (expected a full name)") }
            if let extras = row.vcardExtras {
                batch.vcardExtras[person.id] = VCardPeople.merging(extras, stored: storedExtras[person.id], keptContacts: person.contacts,
                                                                   cardContacts: row.contacts ?? [])
            }
            if let known {
                let sameExtras = row.vcardExtras == nil
                    || VCardPeople.decode(batch.vcardExtras[person.id]) == VCardPeople.decode(storedExtras[person.id])
                // Unchanged: nothing to write (nor to authorise).
                if person == known && sameExtras {
                    batch.vcardExtras[person.id] = nil
                    summary.alreadyPresent += 1
                    continue
                }
                if !deleted.isEmpty { noteDeletion(at: row.start, id: row.externalID, name: person.fullName, fields: deleted, in: &summary) }
                batch.updatedPeople.append(person)
                batch.rowOffsets[person.id] = row.start
                summary.updated += 1
            } else {
                index.people[row.externalID] = person.id
                index.nextPerson += 1
                batch.newPeople.append(person)
                batch.rowOffsets[person.id] = row.start
                summary.added += 1
            }
        }
    }

    /// One line of the deletion list `--dry-run` shows.
    func noteDeletion(at offset: Int, id: String, name: String, fields: [String], in summary: inout ImportSummary) {
        summary.deletions.append("\(source.file):\(source.position(of: offset).line): \(id) \"\(ExportText.clean(name))\": deletes \(fields.joined(separator: ", "))")
    }

    /// The entry of `kind` an external id names (in `byExternal`, that kind's external ids); a Bailanys id (P12,
    /// O3, I40, as exports write for entries without an external id) names that entry when nothing has it as external
    /// id. Organisations and initiatives took only external ids, so their own export came back as new entries.
    func existingID(_ external: String, _ kind: EntityID.Kind, in byExternal: [String: EntityID]) -> EntityID? {
        if let id = byExternal[external] { return id }
        if let id = EntityID(external), id.kind == kind, index.knownIDs.contains(id) { return id }
        return nil
    }

    func personID(_ external: String) -> EntityID? { existingID(external, .person, in: index.people) }

    mutating func applyPersonField(_ field: String, _ value: String, to person: inout Person) throws {
        switch field {
        case "full_name": person.fullName = value.trimmed
        case "gender": person.gender = try Values.gender(value)
        case "birth_year": person.birthYear = try Values.year(value, today: options.today)
        case "roles": person.roles = try Values.roles(value)
        case "settlement": person.settlement = try settlement(value)
        case "phone": try setContact(.phone, value, in: &person.contacts)
        case "email": try setContact(.email, value, in: &person.contacts)
        case "telegram": try setContact(.telegram, value, in: &person.contacts)
        case "phone_shared": try share(.phone, value, in: &person.contacts)
        case "email_shared": try share(.email, value, in: &person.contacts)
        case "telegram_shared": try share(.telegram, value, in: &person.contacts)
        case "languages": person.languages = Values.list(value)
        case "interests": person.interests = Values.list(value)
        case "suggestions_opt_out": person.suggestionsOptOut = try Values.bool(value)
        case "note": person.note = value
        case "neet": person.sensitive.neet = try Values.bool(value)
        case "vulnerable": person.sensitive.vulnerable = try Values.bool(value)
        case "disability_group": person.sensitive.disabilityGroup = try Values.disabilityGroup(value)
        default: break
        }
    }

    /// `#delete` in a cell: clears the field and says whether there was something to clear. Fields
    /// every person must have cannot be deleted.
    mutating func deletePersonField(_ field: String, from person: inout Person) throws -> Bool {
        func clear<T: Equatable>(_ value: inout T, to empty: T) -> Bool {
            defer { value = empty }
            return value != empty
        }
        switch field {
        case "gender": return clear(&person.gender, to: nil)
        case "birth_year": return clear(&person.birthYear, to: nil)
        case "phone": return removeContacts(.phone, from: &person.contacts)
        case "email": return removeContacts(.email, from: &person.contacts)
        case "telegram": return removeContacts(.telegram, from: &person.contacts)
        case "languages": return clear(&person.languages, to: [])
        case "interests": return clear(&person.interests, to: [])
        case "note": return clear(&person.note, to: "")
        case "neet": return clear(&person.sensitive.neet, to: false)
        case "vulnerable": return clear(&person.sensitive.vulnerable, to: false)
        case "disability_group": return clear(&person.sensitive.disabilityGroup, to: nil)
        default: throw Values.Invalid(expected: DeletionMarker.undeletable(field))
        }
    }

    func removeContacts(_ kind: ContactKind, from contacts: inout [Contact]) -> Bool {
        let before = contacts.count
        contacts.removeAll { $0.kind == kind }
        return contacts.count != before
    }

    /// Records a row about a stored person that names anything but what every member sees of them: a private
    /// field, a contact that is not one of their shared ones, a consent beside no shared contact, stored vCard
    /// properties, a sensitive category. The policy then decides the row by who may read those values, the same way
    /// whatever the value: "already present", another refusal's wording or their number confirmed a guess (a member
    /// learned a birth year or a private Telegram handle, a coordinator of another region NEET; reviews).
    mutating func noteHiddenValues(named row: PersonRow, of known: Person) {
        let named = row.cells.filter { !$0.value.trimmed.isEmpty }
        let shown = known.contacts.filter(\.shared)
        func isShown(_ kind: ContactKind, _ value: String) -> Bool {
            let normalized = ContactValidation.normalized(value.trimmed, as: kind) ?? value
            return shown.contains { $0.kind == kind && $0.value == normalized }
        }
        func showsConsent(_ kind: ContactKind, _ value: String) -> Bool {
            (try? Values.bool(value)) == true && shown.contains { $0.kind == kind }
        }
        let namesPrivate = named.contains { cell in
            switch cell.field {
            case "gender", "birth_year", "note": true
            case "phone": !isShown(.phone, cell.value)
            case "email": !isShown(.email, cell.value)
            case "telegram": !isShown(.telegram, cell.value)
            case "phone_shared": !showsConsent(.phone, cell.value)
            case "email_shared": !showsConsent(.email, cell.value)
            case "telegram_shared": !showsConsent(.telegram, cell.value)
            default: false
            }
        } || (row.contacts ?? []).contains { !isShown($0.kind, $0.value) }
            || (row.vcardExtras.map { !VCardPeople.decode($0).isEmpty } ?? false)
        if namesPrivate { batch.namesPrivate[known.id] = row.start }
        if named.contains(where: { ["neet", "vulnerable", "disability_group"].contains($0.field) }) { batch.namesSensitive[known.id] = row.start }
    }

    /// Sets the contact of this kind. The same value again changes nothing (its consent and any other
    /// contact of the kind stay); a different one replaces the kind's contacts and keeps their consent.
    func setContact(_ kind: ContactKind, _ value: String, in contacts: inout [Contact]) throws {
        guard let normalized = ContactValidation.normalized(value.trimmed, as: kind) else {
            throw Values.Invalid(expected: ContactValidation.expected(kind))
        }
        if contacts.contains(where: { $0.kind == kind && $0.value == normalized }) { return }
        let shared = contacts.first { $0.kind == kind }?.shared ?? false
        contacts.removeAll { $0.kind == kind }
        contacts.append(Contact(kind: kind, value: normalized, shared: shared))
    }

    func share(_ kind: ContactKind, _ value: String, in contacts: inout [Contact]) throws {
        let shared = try Values.bool(value)
        for i in contacts.indices where contacts[i].kind == kind { contacts[i].shared = shared }
    }

    /// A settlement key from any spelling (or the gazetteer key itself, which exports write).
    mutating func settlement(_ text: String) throws -> String {
        let key = text.trimmed
        if let cached = places[key] { return try cached.get() }
        let result: Result<String, Values.Invalid>
        switch resolver.settlement(key) {
        case .found(let settlement):
            result = .success(settlement)
        case .unknown:
            result = .failure(Values.Invalid(expected: "a settlement in the gazetteer, in any spelling (Ақтау, Актау, Aktau)"))
        case .ambiguous(let matches):
            let options = matches.prefix(3).compactMap { m in
                store.gazetteer.settlement(m.settlementKey).map { "\($0.names.en), \(store.gazetteer.region($0.region)?.names.en ?? $0.region)" }
            }
            result = .failure(Values.Invalid(expected: "one place, not several: add the region, e.g. \(options.map { "\"\($0)\"" }.joined(separator: " or "))"))
        }
        places[key] = result
        return try result.get()
    }

    // MARK: - Organisations

    mutating func planOrganizations(_ rows: [CSVRow], summary: inout ImportSummary) throws {
        for row in rows {
            let cells = row.cells
            let idCell = cells.first { $0.field == "external_id" }!
            let external = idCell.value.trimmed
            guard claim(external, at: idCell.offset) else { continue }
            let known = try existingID(external, .organization, in: index.organizations).map { try session.organization($0) }
            if known == nil, !mayNameANewEntry(external, at: idCell.offset) { continue }
            var org = known ?? Organization(id: EntityID(.organization, index.nextOrganization), externalID: external, name: "",
                                            kind: .ngo, settlement: "")
            var deleted: [String] = []
            for cell in cells where cell.field != "external_id" && !cell.value.trimmed.isEmpty {
                do {
                    if DeletionMarker.matches(cell.value) {
                        switch cell.field {
                        case "phone": if removeContacts(.phone, from: &org.contacts) { deleted.append(cell.field) }
                        case "email": if removeContacts(.email, from: &org.contacts) { deleted.append(cell.field) }
                        case "note": if !org.note.isEmpty { org.note = ""; deleted.append(cell.field) }
                        default: throw Values.Invalid(expected: DeletionMarker.undeletable(cell.field))
                        }
                        continue
                    }
                    switch cell.field {
                    case "name": org.name = cell.value.trimmed
                    case "kind": org.kind = try Values.choice(cell.value, OrganizationKind.self, words: Self.organizationWords)
                    case "settlement": org.settlement = try settlement(cell.value)
                    case "phone": try setContact(.phone, cell.value, in: &org.contacts)
                    case "email": try setContact(.email, cell.value, in: &org.contacts)
                    case "note": org.note = cell.value
                    default: break
                    }
                } catch let invalid as Values.Invalid {
                    issue(cell.offset, "\(cell.field) \"\(String(cell.value.prefix(40)))\" (expected \(invalid.expected))")
                }
            }
            if known == nil, let kindCell = cells.first(where: { $0.field == "kind" }), kindCell.value.trimmed.isEmpty {
                issue(kindCell.offset, "no kind for new organisation \"\(external)\" (expected one of \(OrganizationKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if known != nil && !deleted.isEmpty { noteDeletion(at: row.start, id: external, name: org.name, fields: deleted, in: &summary) }
            // An organisation's contacts are public by nature.
            for i in org.contacts.indices { org.contacts[i].shared = true }
            if org.settlement.isEmpty && !cells.contains(where: { $0.field == "settlement" && !$0.value.trimmed.isEmpty }) {
                if let fallback = options.defaultSettlement { org.settlement = fallback } else {
                    issue(row.start, "no settlement for new organisation \"\(external)\" (expected a settlement, or --settlement PLACE)")
                }
            }
            if org.name.isEmpty { issue(row.start, "no name for \"\(external)\" (expected the organisation's name)") }
            if let known {
                // Unchanged: nothing to write (nor to authorise).
                if org == known { summary.alreadyPresent += 1; continue }
                batch.updatedOrganizations.append(org)
                batch.rowOffsets[org.id] = row.start
                summary.updated += 1
            } else {
                index.organizations[external] = org.id
                index.nextOrganization += 1
                batch.newOrganizations.append(org)
                batch.rowOffsets[org.id] = row.start
                summary.added += 1
            }
        }
    }

    static let organizationWords: [String: OrganizationKind] = [
        "әкімдік": .akimat, "акимат": .akimat, "атамекен": .atameken, "жастар ресурстық орталығы": .youthCentre,
        "молодёжный ресурсный центр": .youthCentre, "қор": .foundation, "фонд": .foundation, "ҮЕҰ": .ngo, "НКО": .ngo,
    ]

    // MARK: - Initiatives

    mutating func planInitiatives(_ rows: [CSVRow], summary: inout ImportSummary) throws {
        for row in rows {
            var values: [String: Cell] = [:]
            for cell in row.cells { values[cell.field] = cell }
            let idCell = values["external_id"]!
            let external = idCell.value.trimmed
            guard claim(external, at: idCell.offset) else { continue }
            let before = issues.count
            func check<T>(_ field: String, _ parse: (String) throws -> T) -> T? {
                guard let cell = values[field] else { return nil }
                do { return try parse(cell.value) } catch let invalid as Values.Invalid {
                    issue(cell.offset, "\(field) \"\(String(cell.value.prefix(40)))\" (expected \(invalid.expected))")
                } catch { issue(cell.offset, "\(field): \(error)") }
                return nil
            }
            let known = try existingID(external, .initiative, in: index.initiatives).map { try session.initiative($0) }
            if known == nil, !mayNameANewEntry(external, at: idCell.offset) { continue }
            /// A cell with text; an empty one keeps the stored value, so it is nil for an initiative already known.
            func given(_ field: String) -> Cell? { values[field].flatMap { $0.value.trimmed.isEmpty ? nil : $0 } }
            var deleted: [String] = []
            /// A list of references: empty keeps the stored list, `#delete` empties it.
            func list(_ field: String, stored: [EntityID], people: Bool) -> [EntityID]? {
                guard let cell = given(field) else { return known == nil ? [] : stored }
                if DeletionMarker.matches(cell.value) {
                    if !stored.isEmpty { deleted.append(field) }
                    return []
                }
                return check(field) { text in try Values.list(text).map { try self.reference($0, people: people) } }
            }
            func required<T>(_ field: String, stored: T?, _ parse: (String) throws -> T) -> T? {
                guard values[field].map({ !$0.value.trimmed.isEmpty }) ?? false else {
                    if stored == nil { issue(values[field]?.offset ?? row.start, "no \(field) for new initiative \"\(external)\" (expected a value)") }
                    return stored
                }
                if DeletionMarker.matches(values[field]!.value) {
                    issue(values[field]!.offset, "\(field) \"\(values[field]!.value)\" (expected \(DeletionMarker.undeletable(field)))")
                    return nil
                }
                return check(field, parse)
            }
            let status = required("status", stored: known?.status) { try Values.choice($0, InitiativeStatus.self) }
            let place = required("settlement", stored: known?.settlement) { try settlement($0) }
            let title = required("title", stored: known?.title) { $0.trimmed }
            let theme = required("theme", stored: known?.theme) { $0.trimmed }
            var round = known?.round
            if given("round") != nil { round = roundFor(values) } else if known == nil {
                issue(values["round"]?.offset ?? row.start, "no round for new initiative \"\(external)\" (expected YEAR-NUMBER such as 2023-5)")
            }
            let storedLeader = known?.team.first { $0.role == .leader }?.person
            let leader = list("leader", stored: storedLeader.map { [$0] } ?? [], people: true)?.first
            let members = (list("members", stored: known?.team.filter { $0.role == .member }.map(\.person) ?? [], people: true) ?? [])
                .filter { $0 != leader }
            let mentors = list("mentors", stored: known?.mentors ?? [], people: true) ?? []
            let partners = list("partners", stored: known?.partners ?? [], people: false) ?? []
            guard issues.count == before, let status, let place, let round, let title, let theme else { continue }
            let id = known?.id ?? EntityID(.initiative, index.nextInitiative)
            let initiative = Initiative(
                // Found by its Bailanys id, an entry keeps having no external id.
                id: id, externalID: known.map(\.externalID) ?? external, title: title, theme: theme,
                round: round, settlement: place, status: status,
                team: (leader.map { [TeamMember(person: $0, role: .leader)] } ?? []) + members.map { TeamMember(person: $0, role: .member) },
                mentors: mentors, partners: partners)
            if let known {
                if initiative == known { summary.alreadyPresent += 1; continue }
                if !deleted.isEmpty { noteDeletion(at: row.start, id: external, name: title, fields: deleted, in: &summary) }
                batch.updatedInitiatives.append(initiative)
                batch.rowOffsets[id] = row.start
                summary.updated += 1
            } else {
                index.initiatives[external] = id
                index.nextInitiative += 1
                batch.newInitiatives.append(initiative)
                batch.rowOffsets[id] = row.start
                summary.added += 1
            }
        }
    }

    /// The round a row names as `YEAR-NUMBER` (or an id like R3); created when format and start are given.
    mutating func roundFor(_ values: [String: Cell]) -> EntityID? {
        guard let cell = values["round"] else { return nil }
        let text = cell.value.trimmed
        if let id = EntityID(text), id.kind == .round, index.rounds.contains(where: { $0.id == id }) { return id }
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), number > 0 else {
            issue(cell.offset, "round \"\(text)\" (expected YEAR-NUMBER such as 2023-5, or a round id such as R3)")
            return nil
        }
        if let round = index.rounds.first(where: { $0.year == year && $0.number == number }) { return round.id }
        guard let formatCell = values["round_format"], let startCell = values["round_start"],
              !formatCell.value.trimmed.isEmpty, !startCell.value.trimmed.isEmpty else {
            issue(cell.offset, "round \(text) is not in the directory (expected an existing round, or round_format and round_start columns to create it)")
            return nil
        }
        guard let format = try? Values.choice(formatCell.value, TrainingFormat.self) else {
            issue(formatCell.offset, "round_format \"\(formatCell.value)\" (expected offline, online or hybrid)")
            return nil
        }
        guard let start = try? Values.day(startCell.value) else {
            issue(startCell.offset, "round_start \"\(startCell.value)\" (expected a real date as YYYY-MM-DD)")
            return nil
        }
        let round = Round(id: EntityID(.round, index.nextRound), year: year, number: number, format: format, start: start)
        index.nextRound += 1
        index.rounds.append(round)
        batch.newRounds.append(round)
        return round.id
    }

    /// A person or organisation named by external id, or by its Bailanys id (P12, O3).
    func reference(_ text: String, people: Bool) throws -> EntityID {
        let key = text.trimmed
        if people, let id = index.people[key] { return id }
        if !people, let id = index.organizations[key] { return id }
        if let id = EntityID(key), id.kind == (people ? .person : .organization), index.knownIDs.contains(id) { return id }
        throw Values.Invalid(expected: "the external id of \(people ? "a person" : "an organisation") in the directory; import those first")
    }

    // MARK: - Interactions

    mutating func planInteractions(_ rows: [CSVRow], summary: inout ImportSummary) throws {
        batch.interactions.reserveCapacity(rows.count)
        for row in rows {
            var a: EntityID?, b: EntityID?, day: Day?, channel = Channel.meeting, note = ""
            var bCell: Cell?
            var ok = true
            for cell in row.cells {
                switch cell.field {
                case "a", "b":
                    if let id = party(cell.value) {
                        if cell.field == "a" { a = id } else { b = id; bCell = cell }
                    } else {
                        issue(cell.offset, "unknown id \"\(String(cell.value.prefix(40)))\" (expected the external id of a person or organisation in the directory; import people first)")
                        ok = false
                    }
                case "date":
                    if let parsed = Values.isoDay(cell.value) ?? Day(iso: cell.value.trimmed) {
                        if parsed > options.today {
                            issue(cell.offset, "date \(parsed) is after today, \(options.today) (expected a day on which the contact happened)")
                            ok = false
                        }
                        day = parsed
                    } else {
                        issue(cell.offset, "date \"\(String(cell.value.prefix(40)))\" (expected a real date as YYYY-MM-DD)")
                        ok = false
                    }
                case "channel":
                    if let exact = Channel(rawValue: cell.value) { channel = exact } else if !cell.value.trimmed.isEmpty {
                        do { channel = try Values.choice(cell.value, Channel.self) } catch let invalid as Values.Invalid {
                            issue(cell.offset, "channel \"\(String(cell.value.prefix(40)))\" (expected \(invalid.expected))")
                            ok = false
                        }
                    }
                case "note": note = cell.value
                default: break
                }
            }
            guard ok, let a, let b, let day else { continue }
            guard a != b else {
                issue(bCell!.offset, "\(bCell!.value) meets themself (expected two different parties)")
                continue
            }
            let interaction = Interaction(a: a, b: b, day: day, channel: channel, note: note, source: .imported)
            // Loaded with the first valid row: a file of nothing but bad rows is listed without reading them all.
            if existingInteractions == nil { existingInteractions = try session.interactionKeys() }
            // A note is judged by who may read it, new or already stored alike: which one it was told a guess right.
            if !note.isEmpty { batch.namedContactNotes.append(ImportBatch.NamedNote(a: a, b: b, offset: row.start)) }
            if existingInteractions!.contains(InteractionKey(interaction)) {
                summary.alreadyPresent += 1
                continue
            }
            batch.interactions.append(interaction)
            batch.interactionOffsets.append(row.start)
            summary.added += 1
        }
    }

    func party(_ text: String) -> EntityID? {
        if let id = index.people[text] ?? index.organizations[text] { return id }
        let key = text.trimmed
        if let id = index.people[key] ?? index.organizations[key] { return id }
        if let id = EntityID(key), id.kind == .person || id.kind == .organization, index.knownIDs.contains(id) { return id }
        return nil
    }
}
