import BailanysCore
import BailanysPolicy
import Foundation
import GRDB

/// What a member's copy keeps when a newer copy arrives.
public struct TakenCopy: Sendable, Equatable {
    public var keptContacts: Int
    /// Contacts the member logged with people the new copy does not hold, dropped as they asked.
    public var droppedContacts: Int
    public var keptFeedback: Int
    public var kind: FileKind
}

extension DirectoryStore {
    /// Contacts `me` logged in this file (published contacts of a member copy are marked imported), oldest first.
    public func ownLog(of me: EntityID) throws -> [Interaction] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM interaction WHERE source = 'manual' AND (a_person_id = ?1 OR b_person_id = ?1) ORDER BY day, id
                """, arguments: [me.number]).map(Self.interaction)
        }
    }

    /// Replaces this member copy with a newer one from `newer`, keeping the contacts `me` logged here and all
    /// suggestion feedback (by their stable ids and keys). A contact the newer copy already holds (it went to the
    /// coordinator and came back, its note left out) is kept as the member wrote it, once.
    ///
    /// Refused, with nothing replaced: a copy for another audience or region, or published before this one (it
    /// replaced the member's copy and lost their log, saying it kept it); and a copy that lacks someone the member
    /// logged a contact with, unless `droppingMissing` (they sent their log first, `bailanys export-log`).
    public func takeNewerCopy(from newer: String, me: EntityID?, droppingMissing: Bool = false) throws -> TakenCopy {
        let current = try fileKind()
        guard current.isMemberCopy else {
            throw StoreError.invalidField(field: "directory", value: path, expected: "a member copy (a master is never replaced by a copy)")
        }
        let incoming = try Self.open(path: newer, gazetteer: gazetteer)
        let kind = try incoming.fileKind()
        guard kind.isMemberCopy else {
            throw StoreError.invalidField(field: "new copy", value: newer, expected: "a member copy made by `bailanys publish`")
        }
        guard kind.audience == current.audience, kind.region == current.region else {
            throw StoreError.invalidField(field: "new copy", value: newer,
                                          expected: "a copy for the same members as this \(describe(current)); that one is a \(describe(kind))")
        }
        if let mine = current.published, let theirs = kind.published, theirs < mine {
            throw StoreError.invalidField(field: "new copy", value: newer,
                                          expected: "a copy published on or after \(mine), as this one was (that one: \(theirs))")
        }
        let own = try me.map(ownLog) ?? []
        let (people, bodies) = try incoming.read { db in
            (Set(try Int.fetchAll(db, sql: "SELECT id FROM person")), Set(try Int.fetchAll(db, sql: "SELECT id FROM organization")))
        }
        let present = { (id: EntityID) in id.kind == .person ? people.contains(id.number) : bodies.contains(id.number) }
        let kept = own.filter { present($0.a) && present($0.b) }
        let missing = Set(own.flatMap { [$0.a, $0.b] }.filter { !present($0) }).sorted { $0.description < $1.description }
        guard missing.isEmpty || droppingMissing else {
            throw StoreError.invalidField(
                field: "new copy", value: newer,
                expected: "a copy holding everyone you logged a contact with; it lacks \(missing.map(\.description).joined(separator: ", ")), so \(own.count - kept.count) of your contacts would be lost. Nothing was replaced: send your log first (`bailanys export-log`), then take the copy with --drop-missing")
        }
        let feedback = try read { try Row.fetchAll($0, sql: "SELECT key, state, until_day, recorded_day FROM suggestion_feedback") }
        _ = try Self.replace(path: path, gazetteer: gazetteer, overwrite: true) { copy in
            try incoming.queue.backup(to: copy.queue)
            try copy.write { db in
                for item in kept {
                    let (a, b) = (partyColumns(item.a), partyColumns(item.b))
                    try db.execute(sql: """
                        DELETE FROM interaction WHERE source = 'imported' AND a_person_id IS ? AND a_organization_id IS ?
                            AND b_person_id IS ? AND b_organization_id IS ? AND day = ? AND channel = ?
                        """, arguments: [a.0, a.1, b.0, b.1, item.day.iso, item.channel.rawValue])
                    try TiePairs.record(db, Array(repeating: (item.a, item.b, item.day), count: db.changesCount), removing: true)
                }
                try BulkWriter(db: db, gazetteer: gazetteer).insertInteractions(kept)
                for row in feedback {
                    try db.execute(sql: "INSERT OR REPLACE INTO suggestion_feedback (key, state, until_day, recorded_day) VALUES (?, ?, ?, ?)",
                                   arguments: [row[0] as String, row[1] as String, row[2] as String?, row[3] as String])
                }
            }
        }
        return TakenCopy(keptContacts: kept.count, droppedContacts: own.count - kept.count, keptFeedback: feedback.count, kind: kind)
    }

}
