import BailanysCore
import Foundation
import GRDB

extension DirectoryStore {
    /// Adds a person with the next free id; returns it.
    @discardableResult
    public func addPerson(_ draft: Person) throws -> EntityID {
        try validate(draft)
        return try write { db in
            var person = draft
            person.id = EntityID(.person, try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM person")!)
            try ensureUniqueExternalID(db, person.externalID, table: "person", except: nil)
            try BulkWriter(db: db, gazetteer: gazetteer).insertPerson(person, initiativeTexts: [])
            return person.id
        }
    }

    @discardableResult
    public func addOrganization(_ draft: Organization) throws -> EntityID {
        try checkName(draft.name, field: "name")
        return try write { db in
            var org = draft
            org.id = EntityID(.organization, try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM organization")!)
            try ensureUniqueExternalID(db, org.externalID, table: "organization", except: nil)
            try BulkWriter(db: db, gazetteer: gazetteer).insertOrganization(org)
            return org.id
        }
    }

    /// Replaces a person's record. Sensitive categories are written only for a coordinator,
    /// so an alumnus's edit can never clear what they cannot see.
    public func updatePerson(_ person: Person, audience: Audience) throws {
        try validate(person)
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person WHERE id = ?)", arguments: [person.id.number]) == true else {
                throw StoreError.unknownID(person.id)
            }
            try ensureUniqueExternalID(db, person.externalID, table: "person", except: person.id.number)
            try BulkWriter(db: db, gazetteer: gazetteer).updatePerson(person, writesSensitive: audience == .coordinator)
        }
    }

    public func updateOrganization(_ org: Organization) throws {
        try checkName(org.name, field: "name")
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM organization WHERE id = ?)", arguments: [org.id.number]) == true else {
                throw StoreError.unknownID(org.id)
            }
            try ensureUniqueExternalID(db, org.externalID, table: "organization", except: org.id.number)
            try BulkWriter(db: db, gazetteer: gazetteer).updateOrganization(org)
        }
    }

    /// Records a contact between two parties on a day no later than `today`; returns its id.
    @discardableResult
    public func logInteraction(_ interaction: Interaction, today: Day) throws -> EntityID {
        guard interaction.a != interaction.b else { throw StoreError.sameParty(interaction.a) }
        guard interaction.day <= today else { throw StoreError.futureDate(interaction.day, today: today) }
        for party in [interaction.a, interaction.b] {
            guard party.kind == .person || party.kind == .organization else {
                throw StoreError.wrongKind(party, expected: "a person or an organisation")
            }
            guard try exists(party) else { throw StoreError.unknownID(party) }
        }
        return try write { db in
            try BulkWriter(db: db, gazetteer: gazetteer).insertInteractions([interaction])
            return EntityID(.interaction, Int(db.lastInsertedRowID))
        }
    }

    // MARK: - Validation shared by add and edit

    private func validate(_ person: Person) throws {
        try checkName(person.fullName, field: "name")
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
    }

    private func ensureUniqueExternalID(_ db: Database, _ externalID: String?, table: String, except: Int?) throws {
        guard let externalID else { return }
        let taken = try Int.fetchOne(db, sql: "SELECT id FROM \(table) WHERE external_id = ?", arguments: [externalID])
        if let taken, taken != except { throw StoreError.duplicateExternalID(externalID) }
    }
}
