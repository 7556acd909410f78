import BailanysCore
import BailanysPolicy
import Foundation
import GRDB

/// Entries of an import the actor may not write: the whole import is refused, each one listed.
public struct ImportRefusal: Error, Equatable, CustomStringConvertible {
    public struct Entry: Equatable, Sendable {
        public var refusal: Refusal
        /// The first byte of the row that asked for it (nil: not read from a file).
        public var offset: Int?
        /// "people.csv:3", once the importer has placed the offset in its file.
        public var place: String?
    }

    public var entries: [Entry]

    public var description: String {
        let shown = entries.prefix(20).map { entry in
            let subject = entry.place ?? entry.refusal.action.subjectID.map { "\($0)" }
            return "  \(subject.map { "\($0): " } ?? "")\(entry.refusal.reason(in: "en"))"
        }
        let more = entries.count > 20 ? ["  … and \(entries.count - 20) more"] : []
        let who = entries.first.map { " (\($0.refusal.actorPhrase(in: "en")))" } ?? ""
        return (["Not allowed to import \(entries.count) entr\(entries.count == 1 ? "y" : "ies")\(who); nothing was imported:"] + shown + more)
            .joined(separator: "\n")
    }

    /// The same refusal with each entry's place in `file`.
    public func placed(_ place: (Int) -> String) -> ImportRefusal {
        var placed = self
        for i in placed.entries.indices { placed.entries[i].place = placed.entries[i].offset.map(place) }
        return placed
    }
}

extension DirectoryStore {
    /// Writes a whole import as `actor`: every row is checked against the same policy as a single edit first,
    /// and any row refused refuses the whole import. Audited changes (roles, others' consent, sensitive
    /// categories, new coordinators) are recorded once the import is in.
    public func apply(_ batch: ImportBatch, by actor: Actor, at time: Date = Date(),
                      progress: ((Int, Int) -> Void)? = nil) throws {
        let audited = try authorize(batch, by: actor)
        try apply(batch, progress: progress)
        guard !audited.isEmpty else { return }
        try write { db in
            for (action, detail) in audited { try Self.audit(db, actor: actor, action: action, detail: "import " + detail, at: time) }
        }
    }

    /// The audited actions of a batch, or `ImportRefusal` listing every row the actor may not write.
    public func authorize(_ batch: ImportBatch, by actor: Actor) throws -> [(PolicyAction, String)] {
        try read { try authorize($0, batch, by: actor) }
    }

    /// As above, on a connection already in use (an import's own transaction).
    func authorize(_ db: Database, _ batch: ImportBatch, by actor: Actor) throws -> [(PolicyAction, String)] {
        var refusals: [ImportRefusal.Entry] = [], audited: [(PolicyAction, String)] = []
        func consider(_ actions: [PolicyAction], at offset: Int?, detail: (PolicyAction) -> String = { _ in "" }) {
            // Once each, in the order asked: `Policy.actions` puts a move before the card edit it implies, so the row's
            // refusal names who may move (sorted by name, the edit came first and named one region's coordinators).
            var seen = Set<PolicyAction>()
            for action in actions where seen.insert(action).inserted {
                if let refusal = Policy.decide(action, by: actor) {
                    refusals.append(ImportRefusal.Entry(refusal: refusal, offset: offset))
                } else if action.isAudited(by: actor) {
                    audited.append((action, detail(action)))
                }
            }
        }
        for person in batch.newPeople {
            consider([.addPerson(subject(person.id, settlement: person.settlement), roles: person.roles)], at: batch.rowOffsets[person.id]) { _ in
                "roles=\(person.roles.sorted().map(\.rawValue).joined(separator: ","))"
            }
        }
        let newIDs = Set(batch.newPeople.map(\.id))
        let updatedIDs = Set(batch.updatedPeople.map(\.id)).union(batch.vcardExtras.keys.filter { !newIDs.contains($0) })
        let stored = Dictionary(try Self.people(db, ids: updatedIDs.sorted(), audience: try Self.hasSensitiveTable(db) ? .coordinator : .member).map { ($0.id, $0) }) { a, _ in a }
        // A national coordinator (or the owner) reaches every contact: a million rows need no look-ups then.
        let contactParties = actor.isNational ? [] : (batch.interactions.flatMap { [$0.a, $0.b] } + batch.namedContactNotes.flatMap { [$0.a, $0.b] })
        let namedHidden = Set(batch.namesPrivate.keys).union(batch.namesSensitive.keys)
        var regions = try Self.regionsOf(db, Set(contactParties).union(updatedIDs).union(namedHidden).union(batch.updatedOrganizations.map(\.id)))
        for person in batch.newPeople { regions[person.id] = gazetteer.settlement(person.settlement)?.region ?? "" }
        for org in batch.newOrganizations { regions[org.id] = gazetteer.settlement(org.settlement)?.region ?? "" }
        for var person in batch.updatedPeople {
            guard let before = stored[person.id] else { continue }
            if !batch.writesSensitive { person.sensitive = before.sensitive }
            let target = subject(person.id, region: regions[person.id] ?? "")
            let merged = Policy.merge(person, onto: before, by: actor, subject: target)
            consider(Policy.actions(changing: before, to: merged, subject: target,
                                    moved: subject(person.id, settlement: person.settlement)), at: batch.rowOffsets[person.id]) { action in
                Self.auditDetail(action, before, merged)
            }
        }
        for id in batch.vcardExtras.keys.sorted() where stored[id] != nil {
            consider([.editCard(subject(id, region: regions[id] ?? ""))], at: batch.rowOffsets[id])
        }
        for org in batch.newOrganizations {
            consider([.editOrganization(subject(org.id, settlement: org.settlement))], at: batch.rowOffsets[org.id])
        }
        for org in batch.updatedOrganizations {
            consider([.editOrganization(subject(org.id, region: regions[org.id] ?? "")),
                      .editOrganization(subject(org.id, settlement: org.settlement))], at: batch.rowOffsets[org.id])
        }
        let initiatives = batch.newInitiatives + batch.updatedInitiatives
        if !batch.newRounds.isEmpty || !initiatives.isEmpty {
            // One refusal for the programme, at its first row.
            consider([.editProgramme], at: initiatives.compactMap { batch.rowOffsets[$0.id] }.min())
        }
        if !actor.isNational {
            for (index, item) in batch.interactions.enumerated() {
                consider([.logContact([subject(item.a, region: regions[item.a] ?? ""), subject(item.b, region: regions[item.b] ?? "")])],
                         at: batch.interactionOffsets.indices.contains(index) ? batch.interactionOffsets[index] : nil)
            }
        }
        // Read, not written: refused when not allowed, never audited.
        func mayRead(_ action: PolicyAction, at offset: Int) {
            if let refusal = Policy.decide(action, by: actor) { refusals.append(ImportRefusal.Entry(refusal: refusal, offset: offset)) }
        }
        for (id, offset) in batch.namesPrivate { mayRead(.readPrivate(subject(id, region: regions[id] ?? "")), at: offset) }
        for (id, offset) in batch.namesSensitive { mayRead(.readSensitive(subject(id, region: regions[id] ?? "")), at: offset) }
        if !actor.isNational {
            for named in batch.namedContactNotes {
                mayRead(.readContactNote([subject(named.a, region: regions[named.a] ?? ""), subject(named.b, region: regions[named.b] ?? "")]), at: named.offset)
            }
        }
        guard refusals.isEmpty else { throw ImportRefusal(entries: Self.onePerRow(refusals)) }
        return audited
    }

    /// In the file's order, one refusal per row: a row that names a value its importer may not read is refused for
    /// that alone, so that whether it would also have changed something (a wrong guess) never shows; otherwise the
    /// row's first refusal (a move before the card edit it implies).
    static func onePerRow(_ refusals: [ImportRefusal.Entry]) -> [ImportRefusal.Entry] {
        func reads(_ entry: ImportRefusal.Entry) -> Bool {
            switch entry.refusal.action {
            case .readPrivate, .readSensitive, .readContactNote: true
            default: false
            }
        }
        var kept: [Int: ImportRefusal.Entry] = [:], unplaced: [ImportRefusal.Entry] = []
        for entry in refusals {
            guard let offset = entry.offset else { unplaced.append(entry); continue }
            if let earlier = kept[offset], reads(earlier) || !reads(entry) { continue }
            kept[offset] = entry
        }
        return unplaced + kept.keys.sorted().map { kept[$0]! }
    }

    /// Regions of existing people and organisations.
    static func regionsOf(_ db: Database, _ ids: Set<EntityID>) throws -> [EntityID: String] {
        var result: [EntityID: String] = [:]
        for (kind, table) in [(EntityID.Kind.person, "person"), (.organization, "organization")] {
            let numbers = ids.filter { $0.kind == kind }.map(\.number)
            guard !numbers.isEmpty else { continue }
            // Raw rows: a GRDB row each cost a regional coordinator's import 36 ms per chunk of 10,000 contacts.
            try forEachRawRow(db, sql: "SELECT id, region FROM \(table) WHERE id IN (SELECT value FROM json_each(?))",
                              arguments: [jsonIntegers(numbers)]) { raw in
                result[EntityID(kind, columnInt(raw, 0))] = columnText(raw, 1)
            }
        }
        return result
    }
}
