import BailanysCore
import BailanysGraph
import Foundation
import BailanysPolicy
import GRDB
import UnsafeText

extension DirectoryStore {
    /// Adds a person with the next free id; returns it. Only a coordinator reaching the person's region may
    /// (or the owner of a file without coordinators); adding a coordinator is audited.
    @discardableResult
    public func addPerson(_ draft: Person, by actor: Actor, at time: Date = Date()) throws -> EntityID {
        try validate(draft)
        return try write { db in
            var person = draft
            person.id = EntityID(.person, try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM person")!)
            let action = PolicyAction.addPerson(subject(person.id, settlement: person.settlement), roles: person.roles)
            try Policy.check([action], by: actor)
            try ensureUniqueExternalID(db, person.externalID, table: "person", except: nil)
            try BulkWriter(db: db, gazetteer: gazetteer).insertPerson(person, initiativeTexts: [])
            if action.isAudited(by: actor) {
                try Self.audit(db, actor: actor, action: action, detail: "roles=\(person.roles.sorted().map(\.rawValue).joined(separator: ","))", at: time)
            }
            try makeFirstCoordinatorNational(db, by: actor, at: time)
            return person.id
        }
    }

    @discardableResult
    public func addOrganization(_ draft: Organization, by actor: Actor) throws -> EntityID {
        try validate(draft)
        return try write { db in
            var org = draft
            org.id = EntityID(.organization, try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM organization")!)
            try Policy.check([.editOrganization(subject(org.id, settlement: org.settlement))], by: actor)
            try ensureUniqueExternalID(db, org.externalID, table: "organization", except: nil)
            try BulkWriter(db: db, gazetteer: gazetteer).insertOrganization(org)
            return org.id
        }
    }

    /// Writes a person's record as edited from `base`, the record as the actor saw it when the edit began (a form,
    /// `$EDITOR`): only the fields the edit changed, onto the record as stored now (`EditMerge`); a field someone else
    /// changed meanwhile to another value refuses the edit (`changedMeanwhile`). Without `base`, the edit is of the
    /// record as stored now. Fields the actor cannot see are kept as stored (an edit never clears what it could not
    /// show); role, reach, sensitive and other people's consent changes are written to the audit log in the same
    /// transaction.
    /// Returns the record as written, as the actor may see it: with a change made elsewhere, not `edited`.
    @discardableResult
    public func updatePerson(_ edited: Person, base: Person? = nil, by actor: Actor, at time: Date = Date()) throws -> Person {
        try validate(edited)
        return try write { db in
            try updatePerson(db, edited, stored: try Self.storedPerson(db, edited.id), base: base, by: actor, at: time)
        }
    }

    /// Reads the person as the actor may see them, lets `change` edit that, and writes it, in one transaction: no
    /// other write comes between the read and the write (the command line's `edit`).
    public func updatePerson(_ id: EntityID, by actor: Actor, at time: Date = Date(), _ change: (inout Person) throws -> Void) throws {
        try write { db in
            let stored = try Self.storedPerson(db, id)
            var edited = Policy.visible(stored.person, to: actor, subject: subject(id, region: stored.region))
            try change(&edited)
            edited.id = id
            try validate(edited)
            _ = try updatePerson(db, edited, stored: stored, base: nil, by: actor, at: time)
        }
    }

    private static func storedPerson(_ db: Database, _ id: EntityID) throws -> (person: Person, region: String) {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM person WHERE id = ?", arguments: [id.number]) else {
            throw StoreError.unknownID(id)
        }
        return (try person(row, db: db, audience: .coordinator), row["region"])
    }

    /// Writes `edited` over `stored` (read in this transaction), as the policy lets `actor` change it; returns what it
    /// wrote as the actor may see it.
    private func updatePerson(_ db: Database, _ edited: Person, stored: (person: Person, region: String), base: Person?,
                              by actor: Actor, at time: Date) throws -> Person {
        let (stored, region) = stored
        let target = subject(edited.id, region: region)
        var incoming = edited
        if let base {
            let shown = Policy.visible(stored, to: actor, subject: target)
            let (merged, conflicts) = EditMerge.person.merge(edited, base: base, onto: stored, shown: shown)
            guard conflicts.isEmpty else {
                let rebased = EditMerge.person.merge(edited, base: base, onto: shown, shown: shown).merged
                throw StoreError.changedMeanwhile(edited.id, fields: conflicts, current: shown, rebased: rebased)
            }
            incoming = merged
        }
        let person = Policy.merge(incoming, onto: stored, by: actor, subject: target)
        let actions = Policy.actions(changing: stored, to: person, subject: target,
                                     moved: subject(edited.id, settlement: person.settlement))
        try Policy.check(actions, by: actor)
        try ensureUniqueExternalID(db, person.externalID, table: "person", except: person.id.number)
        try BulkWriter(db: db, gazetteer: gazetteer).updatePerson(person, writesSensitive: true)
        for action in Set(actions) where action.isAudited(by: actor) {
            try Self.audit(db, actor: actor, action: action, detail: Self.auditDetail(action, stored, person), at: time)
        }
        return Policy.visible(person, to: actor, subject: subject(person.id, settlement: person.settlement))
    }

    /// What changed, for the audit log: the old and new values of the audited field group.
    static func auditDetail(_ action: PolicyAction, _ before: Person, _ after: Person) -> String {
        let roles = { (p: Person) in p.roles.sorted().map(\.rawValue).joined(separator: ",") }
        let consent = { (p: Person) in p.contacts.map { "\($0.kind.rawValue)=\($0.shared ? "shared" : "private")" }.joined(separator: ",") }
        switch action {
        case .changeRoles: return "roles \(roles(before)) -> \(roles(after))"
        case .movePerson: return "settlement \(before.settlement) -> \(after.settlement)"
        case .changeConsent: return "consent \(consent(before)) -> \(consent(after))"
        case .changeSensitive: return "sensitive categories changed"  // the values themselves stay out of the log
        default: return ""
        }
    }

    /// Reads an organisation, lets `change` edit it and writes it, in one transaction: no other write comes between
    /// the read and the write (it read before and wrote the whole record, undoing what another process wrote between).
    public func updateOrganization(_ id: EntityID, by actor: Actor, _ change: (inout Organization) throws -> Void) throws {
        try requireKind(id, .organization, "an organisation")
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM organization WHERE id = ?", arguments: [id.number]) else {
                throw StoreError.unknownID(id)
            }
            var org = try Self.organization(row, db: db)
            try change(&org)
            org.id = id
            try validate(org)
            let before = try subject(db, org.id)
            try Policy.check([.editOrganization(before), .editOrganization(subject(org.id, settlement: org.settlement))], by: actor)
            try ensureUniqueExternalID(db, org.externalID, table: "organization", except: org.id.number)
            try BulkWriter(db: db, gazetteer: gazetteer).updateOrganization(org)
        }
    }

    /// Records a contact between two parties on a day no later than `today`; returns its id. The actor must be
    /// one of the parties, or a coordinator reaching one of them. With `suggestion`, the key of the suggestion it
    /// was logged from (its person and subject must be the two parties), which is marked as acted on.
    @discardableResult
    public func logInteraction(_ interaction: Interaction, by actor: Actor, today: Day, suggestion: String? = nil) throws -> EntityID {
        if let suggestion {
            guard let (_, viewer, subject) = Self.suggestionParts(suggestion),
                  Set([viewer, subject]) == Set([interaction.a, interaction.b]) else {
                throw StoreError.invalidField(field: "suggestion", value: suggestion,
                                              expected: "the key of a suggestion between \(interaction.a) and \(interaction.b), e.g. reconnect:\(interaction.a):\(interaction.b)")
            }
        }
        guard interaction.a != interaction.b else { throw StoreError.sameParty(interaction.a) }
        try checkPlainText(interaction.note, field: "note", allowingLineBreaks: true)
        guard interaction.day <= today else { throw StoreError.futureDate(interaction.day, today: today) }
        for party in [interaction.a, interaction.b] {
            guard party.kind == .person || party.kind == .organization else {
                throw StoreError.wrongKind(party, expected: "a person or an organisation")
            }
            guard try exists(party) else { throw StoreError.unknownID(party) }
        }
        return try write { db in
            try Policy.check([.logContact([try subject(db, interaction.a), try subject(db, interaction.b)])], by: actor)
            try BulkWriter(db: db, gazetteer: gazetteer).insertInteractions([interaction])
            let id = EntityID(.interaction, Int(db.lastInsertedRowID))
            if let suggestion { try Self.markSuggestionUse(db, key: suggestion, .acted, today: today) }
            return id
        }
    }

    /// Removes a logged contact (one logged by mistake) and returns it, so that the tie graph can drop it too. Whoever
    /// may log a contact between its parties may remove one a person logged; one the programme recorded (imported,
    /// the demo's, a meetup's attendance) only a coordinator reaching a party. A suggestion marked as acted on stays
    /// so only while a contact logged by a person remains between the two (the uplift study counts it).
    /// With `expecting`, the contact must still be that one: an id freed by a removal elsewhere is given to the next
    /// contact logged, and the app's `u` took that other person's contact (review).
    @discardableResult
    public func removeInteraction(_ id: EntityID, expecting: Interaction? = nil, by actor: Actor, at time: Date = Date()) throws -> Interaction {
        try requireKind(id, .interaction, "a logged contact's id like X12 (`bailanys log` prints it)")
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM interaction WHERE id = ?", arguments: [id.number]) else {
                throw StoreError.unknownID(id)
            }
            let interaction = Self.interaction(row)
            if let expecting, expecting != interaction { throw StoreError.contactGone(id) }
            let parties = [try subject(db, interaction.a), try subject(db, interaction.b)]
            let action = PolicyAction.removeContact(parties, recorded: interaction.source != .manual)
            try Policy.check([action], by: actor)
            try db.execute(sql: "DELETE FROM interaction WHERE id = ?", arguments: [id.number])
            // A date SQLite cannot read was never in the tie state (`TiePairs.rebuilt`).
            if Day(iso: row["day"] as String) != nil {
                try TiePairs.record(db, [(interaction.a, interaction.b, interaction.day)], removing: true)
            }
            try Self.unmarkActedWithoutContact(db, interaction.a, interaction.b)
            if action.isAudited(by: actor) {
                try Self.audit(db, actor: actor, action: action, detail: "\(id) \(interaction.a)–\(interaction.b) \(interaction.day.iso)", at: time)
            }
            return interaction
        }
    }

    /// Clears "acted on" from the suggestions between two parties when no contact a person logged is left between them.
    private static func unmarkActedWithoutContact(_ db: Database, _ a: EntityID, _ b: EntityID) throws {
        let (ap, ao) = partyColumns(a), (bp, bo) = partyColumns(b)
        let logged = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM interaction WHERE source = 'manual' AND (
                (a_person_id IS ?1 AND a_organization_id IS ?2 AND b_person_id IS ?3 AND b_organization_id IS ?4)
                OR (a_person_id IS ?3 AND a_organization_id IS ?4 AND b_person_id IS ?1 AND b_organization_id IS ?2)))
            """, arguments: [ap, ao, bp, bo]) ?? false
        guard !logged else { return }
        let keys = [SuggestionKind.reconnect, .meet, .partner].flatMap { ["\($0.rawValue):\(a):\(b)", "\($0.rawValue):\(b):\(a)"] }
        try db.execute(sql: "UPDATE suggestion_use SET \(SuggestionUseMark.acted.rawValue) = NULL WHERE key IN (SELECT value FROM json_each(?))",
                       arguments: [jsonList(keys)])
    }

    /// Hides a suggestion for good. Suggestions belong to the person they are made to (the key's middle id).
    public func dismissSuggestion(_ key: String, by actor: Actor, today: Day) throws {
        try recordFeedback(key, state: "dismissed", until: nil, by: actor, today: today, mark: .dismissed)
    }

    /// Hides a suggestion until a day after today.
    public func snoozeSuggestion(_ key: String, until: Day, by actor: Actor, today: Day) throws {
        guard until > today else {
            throw StoreError.invalidField(field: "until", value: until.iso, expected: "a day after today (\(today.iso))")
        }
        try recordFeedback(key, state: "snoozed", until: until, by: actor, today: today, mark: .snoozed)
    }

    /// A suggestion key's kind, the person it is made to and whom it is about (`reconnect:P12:P40`, `partner:P12:O3`):
    /// nil for a key no suggestion could have (an unknown kind, someone about themself, a partner suggestion about a
    /// person or another suggestion about an organisation).
    public static func suggestionParts(_ key: String) -> (kind: SuggestionKind, owner: EntityID, subject: EntityID)? {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = SuggestionKind(rawValue: String(parts[0])), let owner = EntityID(parts[1]),
              let subject = EntityID(parts[2]), owner.kind == .person, owner != subject,
              subject.kind == (kind == .partner ? .organization : .person) else { return nil }
        return (kind, owner, subject)
    }

    /// The person a suggestion key is made to.
    public static func suggestionOwner(_ key: String) -> EntityID? { suggestionParts(key)?.owner }

    private func recordFeedback(_ key: String, state: String, until: Day?, by actor: Actor, today: Day, mark: SuggestionUseMark) throws {
        guard let (_, owner, subject) = Self.suggestionParts(key) else {
            throw StoreError.invalidField(field: "suggestion key", value: key, expected: "kind:P12:P40, as `bailanys suggest` lists it")
        }
        try Policy.check([.manageSuggestions(owner: owner)], by: actor)
        guard try exists(subject) else { throw StoreError.unknownID(subject) }
        try write { db in
            try db.execute(sql: """
                INSERT INTO suggestion_feedback (key, state, until_day, recorded_day) VALUES (?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET state = excluded.state, until_day = excluded.until_day,
                                               recorded_day = excluded.recorded_day
                """, arguments: [key, state, until?.iso, today.iso])
            try Self.markSuggestionUse(db, key: key, mark, today: today)
        }
    }

    // MARK: - Validation shared by add and edit

    private func validate(_ org: Organization) throws {
        try checkName(org.name, field: "name")
        try checkPlainText(org.note, field: "note", allowingLineBreaks: true)
        try checkPlainText(org.externalID ?? "", field: "external id")
        try checkExternalIDShape(org.externalID, of: org.id)
    }

    /// Exports name an entry without an external id by its Bailanys id: another entry's external id of that form
    /// would make two entries one name (the import refuses it too).
    private func checkExternalIDShape(_ externalID: String?, of id: EntityID) throws {
        guard let externalID, let shaped = EntityID.namingAnEntry(externalID), shaped != id else { return }
        throw StoreError.invalidField(field: "external id", value: externalID, expected: "your own id, not shaped like P12, O3 or I40")
    }

    private func validate(_ person: Person) throws {
        try checkName(person.fullName, field: "name")
        try checkPlainText(person.note, field: "note", allowingLineBreaks: true)
        for (field, values) in [("external id", [person.externalID ?? ""]), ("languages", person.languages), ("interests", person.interests)] {
            for value in values { try checkPlainText(value, field: field) }
        }
        try checkExternalIDShape(person.externalID, of: person.id)
        guard !person.roles.isEmpty else {
            throw StoreError.invalidField(field: "role", value: "", expected: "alumnus, mentor or coordinator")
        }
        guard gazetteer.settlement(person.settlement) != nil else {
            throw StoreError.invalidField(field: "settlement", value: person.settlement, expected: "a settlement in the gazetteer")
        }
        for contact in person.contacts where ContactValidation.normalized(contact.value, as: contact.kind) == nil {
            throw StoreError.invalidField(field: contact.kind.rawValue, value: contact.value, expected: ContactValidation.expected(contact.kind))
        }
        if let group = person.sensitive.disabilityGroup, !(1...3).contains(group) {
            throw StoreError.invalidField(field: "disability group", value: "\(group)", expected: "1, 2 or 3")
        }
    }

    private func checkName(_ name: String, field: String) throws {
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError.invalidField(field: field, value: name, expected: "a non-empty name")
        }
        try checkPlainText(name, field: field)
    }

    /// Refuses terminal controls and bidi overrides (`UnsafeScalars`), as an import does: stored, they would reach
    /// every screen and export that shows the text (a note keeps its line breaks and tabs).
    func checkPlainText(_ text: String, field: String, allowingLineBreaks: Bool = false) throws {
        guard UnsafeScalars.containsUnsafe(text.utf8, allowingLineBreaks: allowingLineBreaks) else { return }
        throw StoreError.invalidField(field: field, value: UnsafeScalars.removingUnsafe(from: text, allowingLineBreaks: allowingLineBreaks),
                                      expected: "plain text: terminal controls and bidi overrides are refused")
    }

    private func ensureUniqueExternalID(_ db: Database, _ externalID: String?, table: String, except: Int?) throws {
        guard let externalID else { return }
        let taken = try Int.fetchOne(db, sql: "SELECT id FROM \(table) WHERE external_id = ?", arguments: [externalID])
        if let taken, taken != except { throw StoreError.duplicateExternalID(externalID) }
    }
}
