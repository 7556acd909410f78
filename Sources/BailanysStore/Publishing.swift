import BailanysCore
import BailanysPolicy
import Foundation
import GRDB

/// Whom a member copy is for. Both see the same of others (docs/privacy.md); the file records which.
public enum MemberAudience: String, Sendable, CaseIterable, Codable {
    case alumni, mentors
}

/// What a published copy holds, for the command's summary.
public struct PublishSummary: Sendable, Equatable {
    public var people: Int
    public var organizations: Int
    public var interactions: Int
    public var kind: FileKind
}

extension DirectoryStore {
    /// Writes a member copy to `path`: only what every member may see. No sensitive categories (not even their
    /// table), no unshared contacts, no private fields (gender, birth year, notes, external ids, vCard extras),
    /// no interaction notes, no meetups, suggestion feedback or use, or audit log; the file says what it is.
    /// With `region`, only that region's people, their initiatives' teams and mentors, and the coordinators.
    @discardableResult
    public func publishMemberCopy(to target: String, for audience: MemberAudience, region: String?, by actor: Actor,
                                  today: Day, overwrite: Bool, at time: Date = Date()) throws -> PublishSummary {
        let action = PolicyAction.publish(region: region, regionNames: region.map(gazetteer.regionNames))
        try Policy.check([action], by: actor)
        if OpenDirectories.contains(target) { throw StoreError.outputIsTheDirectory(path: target) }
        // A newer copy replaces an older one; never a master, another process's open directory or a journal.
        if DatabaseFileSignature.marksADatabase(target) {
            guard let logged = Self.memberCopyLog(target) else { throw StoreError.outputIsADatabase(path: target) }
            // A copy in use holds its member's own log (`manual` contacts): replacing it lost them without a word
            // (review); the member takes a newer copy with take-copy, which keeps them.
            guard logged == 0 else {
                throw StoreError.invalidField(field: "output", value: target,
                                              expected: "a new file or an unused copy: this one holds \(logged) contact\(logged == 1 ? "" : "s") its member logged; "
                                                  + "publish to another name and let them run `bailanys take-copy`")
            }
        }
        guard !(try fileKind().isMemberCopy) else {
            throw StoreError.invalidField(field: "directory", value: path, expected: "a coordinator's master, not a member copy")
        }
        let data = Self.memberView(try loadDirectory(audience: .member), region: region, gazetteer: gazetteer)
        let kind = FileKind(kind: "member", audience: audience.rawValue, region: region, published: today.iso,
                            source: (path as NSString).lastPathComponent)
        _ = try Self.replace(path: target, gazetteer: gazetteer, overwrite: overwrite) { copy in
            try copy.insert(data)
            try copy.write { db in
                // Not even an empty place to fill in: the table goes, and with it its schema entry.
                try db.execute(sql: "DROP TABLE person_sensitive")
                for table in ["person_vcard_extra", "suggestion_feedback", "audit_log", "coordinator_reach",
                              "meetup_attendee", "meetup_invitee", "meetup", "access_invite", "suggestion_use"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                // A copy records no use, so it keeps nothing back from its members either.
                try db.execute(sql: "UPDATE suggestion_design SET holdout_share = 0")
                try db.execute(sql: "DELETE FROM meta WHERE key <> 'sample'")
                try Self.setFileKind(db, kind)
            }
        }
        try write { db in
            try Self.audit(db, actor: actor, action: action,
                           detail: "for=\(audience.rawValue) region=\(region ?? "country") to=\((target as NSString).lastPathComponent)", at: time)
        }
        return PublishSummary(people: data.people.count, organizations: data.organizations.count,
                              interactions: data.interactions.count, kind: kind)
    }

    /// How many contacts the member logged in the member copy at `path` (its only `manual` ones; published ones are
    /// `imported`); nil when it is not a member copy. Read through SQLite, which keeps every lock.
    private static func memberCopyLog(_ path: String) -> Int? {
        guard let queue = try? makeQueue(path: path, readOnly: true) else { return nil }
        defer { try? queue.close() }
        let log = try? queue.read { db -> Int? in
            guard try fileKind(db).isMemberCopy else { return nil }
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM interaction WHERE source = 'manual'") ?? 0
        }
        return log ?? nil
    }

    /// The directory as every member may see it, of one region or of all.
    static func memberView(_ full: DirectoryData, region: String?, gazetteer: Gazetteer) -> DirectoryData {
        var data = full
        if let region {
            let inRegion = { (settlement: String) in gazetteer.settlement(settlement)?.region == region }
            data.initiatives = full.initiatives.filter { inRegion($0.settlement) }
            var kept = Set(full.people.filter { inRegion($0.settlement) || $0.roles.contains(.coordinator) }.map(\.id))
            for initiative in data.initiatives { kept.formUnion(initiative.team.map(\.person) + initiative.mentors) }
            data.people = full.people.filter { kept.contains($0.id) }
            data.organizations = full.organizations.filter { inRegion($0.settlement) }
            let bodies = Set(data.organizations.map(\.id))
            data.initiatives = data.initiatives.map { initiative in
                var i = initiative
                i.partners = i.partners.filter(bodies.contains)
                return i
            }
            let parties = kept.union(bodies)
            data.interactions = full.interactions.filter { parties.contains($0.a) && parties.contains($0.b) }
            data.activities = full.activities.filter { kept.contains($0.person) }
        }
        data.people = data.people.map { person in
            var p = person
            p.externalID = nil
            p.gender = nil
            p.birthYear = nil
            p.note = ""
            p.sensitive = .none
            p.contacts = person.contacts.filter(\.shared)
            return p
        }
        data.organizations = data.organizations.map { org in
            var o = org
            o.externalID = nil
            o.note = ""
            o.contacts = org.contacts.filter(\.shared)
            return o
        }
        data.initiatives = data.initiatives.map { initiative in
            var i = initiative
            i.externalID = nil
            return i
        }
        // Notes stay with the master; marked as published, so that a member's own log (manual) stands apart.
        data.interactions = data.interactions.map { item in
            var i = item
            i.note = ""
            i.source = .imported
            return i
        }
        return data
    }
}
