import BailanysCore
import Foundation
import GRDB
import GRDBSQLite

/// A person, organisation or initiative named alongside another, with the link's detail.
public struct EntityRef: Sendable, Equatable, Hashable {
    public var id: EntityID
    public var name: String

    public init(id: EntityID, name: String) {
        self.id = id
        self.name = name
    }
}

public struct TeamEntry: Sendable, Equatable {
    public var person: EntityRef
    public var role: TeamRole
}

/// One initiative as seen from a person's card.
public struct Membership: Sendable, Equatable {
    public var initiative: Initiative
    public var round: Round?
    /// The person's part in it: a team role, or nil when they mentored it.
    public var role: TeamRole?
    public var team: [TeamEntry]
    public var mentors: [EntityRef]
    public var partners: [EntityRef]
}

/// A dated contact as shown on a card: the other party named.
public struct InteractionEntry: Sendable, Equatable {
    public var id: EntityID
    public var other: EntityRef
    public var day: Day
    public var channel: Channel
    public var note: String
    public var source: InteractionSource
}

/// Someone this person has dealt with, with how often and when last.
public struct ContactSummary: Sendable, Equatable {
    public var party: EntityRef
    public var interactions: Int
    public var last: Day
}

public struct PersonCard: Sendable, Equatable {
    public var person: Person
    public var memberships: [Membership]
    public var mentors: [EntityRef]
    public var mentees: [EntityRef]
    public var organizations: [ContactSummary]
    public var people: [ContactSummary]
    public var recent: [InteractionEntry]
}

public struct OrganizationCard: Sendable, Equatable {
    public var organization: Organization
    /// Initiatives the organisation supported as a partner.
    public var initiatives: [Membership]
    public var people: [ContactSummary]
    public var recent: [InteractionEntry]
}

public struct InitiativeCard: Sendable, Equatable {
    public var membership: Membership
}

extension DirectoryStore {
    /// Everything a person's card shows. Contacts are those the viewer may see (see `visibleContacts`).
    public func personCard(_ id: EntityID, audience: Audience = .member, recentLimit: Int = 20) throws -> PersonCard {
        try requireKind(id, .person, "a person")
        return try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM person WHERE id = ?"), arguments: [id.number]) else {
                throw StoreError.unknownID(id)
            }
            let person = try Self.person(row, db: db, audience: audience)
            let teams = try Row.fetchAll(db.cachedStatement(sql: "SELECT initiative_id, role FROM team_member WHERE person_id = ?"), arguments: [id.number])
                .map { (initiativeID: $0["initiative_id"] as Int, role: ($0["role"] as String?).flatMap(TeamRole.init(rawValue:))) }
            let mentored = try Int.fetchAll(db.cachedStatement(sql: "SELECT initiative_id FROM initiative_mentor WHERE person_id = ?"), arguments: [id.number])
            // One read for both lists, split again by position: the teams first, then the mentored initiatives.
            let both = try Self.memberships(db, teams + mentored.map { (initiativeID: $0, role: nil) })
            let asMember = Array(both.prefix(teams.count)), asMentor = Array(both.dropFirst(teams.count))
            let memberships = (asMember + asMentor).sorted { ($0.round?.start ?? Day(ordinal: 0)) > ($1.round?.start ?? Day(ordinal: 0)) }
            let mentors = unique(asMember.flatMap(\.mentors))
            let mentees = unique(asMentor.flatMap { $0.team.map(\.person) })
            let summaries = try Self.contactSummaries(db, of: id)
            return PersonCard(person: person, memberships: memberships, mentors: mentors, mentees: mentees,
                              organizations: summaries.filter { $0.party.id.kind == .organization },
                              people: summaries.filter { $0.party.id.kind == .person },
                              recent: try Self.interactions(db, of: id, limit: recentLimit))
        }
    }

    public func organizationCard(_ id: EntityID, recentLimit: Int = 20) throws -> OrganizationCard {
        let organization = try self.organization(id)
        return try read { db in
            let supported = try Int.fetchAll(db.cachedStatement(sql: "SELECT initiative_id FROM initiative_partner WHERE organization_id = ? ORDER BY initiative_id"),
                                             arguments: [id.number])
            let initiatives = try Self.memberships(db, supported.map { ($0, nil) })
            return OrganizationCard(organization: organization, initiatives: initiatives,
                                    people: try Self.contactSummaries(db, of: id),
                                    recent: try Self.interactions(db, of: id, limit: recentLimit))
        }
    }

    public func initiativeCard(_ id: EntityID) throws -> InitiativeCard {
        try requireKind(id, .initiative, "an initiative")
        return try read { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM initiative WHERE id = ?)", arguments: [id.number]) == true else {
                throw StoreError.unknownID(id)
            }
            return InitiativeCard(membership: try Self.memberships(db, [(id.number, nil)])[0])
        }
    }

    /// Interactions of one party, newest first.
    public func interactions(of id: EntityID, limit: Int = .max) throws -> [InteractionEntry] {
        try read { db in try Self.interactions(db, of: id, limit: limit) }
    }

    /// The last day each party had contact with `me`: the directory's "last contact" column.
    public func lastContacts(with me: EntityID) throws -> [EntityID: Day] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Self.contactSummaries(db, of: me).map { ($0.party.id, $0.last) })
        }
    }

    // MARK: - Queries shared by the cards

    /// The memberships of `wanted`, one each in its order, read with one query per table, not per initiative: a partner body's
    /// card lists every initiative it supported, and the preview reads a card at every step through the list.
    static func memberships(_ db: Database, _ wanted: [(initiativeID: Int, role: TeamRole?)]) throws -> [Membership] {
        guard !wanted.isEmpty else { return [] }
        let found = try initiatives(db, whereSQL: "id IN (SELECT value FROM json_each(?))",
                                    arguments: [jsonIntegers(wanted.map(\.initiativeID))])
        let byID = Dictionary(found.map { ($0.id.number, $0) }, uniquingKeysWith: { first, _ in first })
        let rounds = Dictionary(try rounds(db).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = try personNames(db, found.flatMap { $0.team.map(\.person) + $0.mentors })
        let partnerNames = try organizationNames(db, found.flatMap(\.partners))
        return try wanted.map { wanted in
            guard let initiative = byID[wanted.initiativeID] else { throw StoreError.unknownID(EntityID(.initiative, wanted.initiativeID)) }
            return Membership(
                initiative: initiative, round: rounds[initiative.round], role: wanted.role,
                team: initiative.team.map { TeamEntry(person: EntityRef(id: $0.person, name: names[$0.person] ?? ""), role: $0.role) },
                mentors: initiative.mentors.map { EntityRef(id: $0, name: names[$0] ?? "") },
                partners: initiative.partners.map { EntityRef(id: $0, name: partnerNames[$0] ?? "") })
        }
    }

    static func interactions(_ db: Database, of id: EntityID, limit: Int) throws -> [InteractionEntry] {
        // Each side walks its (party, day) index backwards and stops at `limit`: an OR of the two sides read and sorted
        // every contact of the party (1.3 ms for a partner body's 500 at 100k people, on every preview).
        let (a, b) = (try partyColumn(id, "a"), try partyColumn(id, "b"))
        let limit = min(limit, Int(Int32.max))
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM (SELECT i.* FROM interaction i WHERE i.\(a) = ? ORDER BY i.day DESC, i.id DESC LIMIT ?)
            UNION ALL
            SELECT * FROM (SELECT i.* FROM interaction i WHERE i.\(b) = ? AND i.\(a) IS NOT ? ORDER BY i.day DESC, i.id DESC LIMIT ?)
            ORDER BY day DESC, id DESC LIMIT ?
            """), arguments: [id.number, limit, id.number, id.number, limit, limit])
        let entries = rows.map { row -> (Int, Interaction, EntityID) in
            let item = interaction(row)
            return (row["id"], item, item.a == id ? item.b : item.a)
        }
        let names = try names(db, entries.map(\.2))
        return entries.map { rowID, item, other in
            InteractionEntry(id: EntityID(.interaction, rowID), other: EntityRef(id: other, name: names[other] ?? ""),
                             day: item.day, channel: item.channel, note: item.note, source: item.source)
        }
    }

    static func contactSummaries(_ db: Database, of id: EntityID) throws -> [ContactSummary] {
        // Raw rows: a partner body's card (and its preview at every keystroke that selects it) sums ~200 parties.
        var rows: [(party: EntityID, count: Int, last: Day)] = []
        try forEachRawRow(db, sql: """
            SELECT CASE WHEN \(selfMatch(id, "a")) THEN coalesce(b_person_id, -b_organization_id)
                        ELSE coalesce(a_person_id, -a_organization_id) END AS other,
                   count(*) AS n, max(day) AS last
            FROM interaction i WHERE \(try partySQL(id)) GROUP BY other ORDER BY last DESC, other
            """, arguments: [id.number, id.number, id.number]) { raw in
            let other = columnInt(raw, 0)
            rows.append((other > 0 ? EntityID(.person, other) : EntityID(.organization, -other), columnInt(raw, 1),
                         Day(iso: columnText(raw, 2)) ?? Day(ordinal: 0)))
        }
        let names = try names(db, rows.map(\.party))
        return rows.map { ContactSummary(party: EntityRef(id: $0.party, name: names[$0.party] ?? ""), interactions: $0.count, last: $0.last) }
    }

    /// SQL matching interactions that involve `id` (it takes the id twice as arguments).
    private static func partySQL(_ id: EntityID) throws -> String {
        "(i.\(try partyColumn(id, "a")) = ? OR i.\(try partyColumn(id, "b")) = ?)"
    }

    /// The column of `side` ("a" or "b") that holds a party of `id`'s kind.
    private static func partyColumn(_ id: EntityID, _ side: String) throws -> String {
        switch id.kind {
        case .person: "\(side)_person_id"
        case .organization: "\(side)_organization_id"
        default: throw StoreError.wrongKind(id, expected: "a person or an organisation")
        }
    }

    private static func selfMatch(_ id: EntityID, _ side: String) -> String {
        id.kind == .person ? "\(side)_person_id IS ?" : "\(side)_organization_id IS ?"
    }

    static func names(_ db: Database, _ ids: [EntityID]) throws -> [EntityID: String] {
        try personNames(db, ids.filter { $0.kind == .person })
            .merging(organizationNames(db, ids.filter { $0.kind == .organization })) { a, _ in a }
    }

    static func personNames(_ db: Database, _ ids: [EntityID]) throws -> [EntityID: String] {
        try entityNames(db, ids, kind: .person, sql: "SELECT id, full_name FROM person WHERE id IN (SELECT value FROM json_each(?))")
    }

    static func organizationNames(_ db: Database, _ ids: [EntityID]) throws -> [EntityID: String] {
        try entityNames(db, ids, kind: .organization, sql: "SELECT id, name FROM organization WHERE id IN (SELECT value FROM json_each(?))")
    }

    /// Names of `ids` by `sql` (id, name of the ids in a JSON list), read raw: a partner body's card names the
    /// ~400 members of the teams it supported and ~200 parties it met.
    private static func entityNames(_ db: Database, _ ids: [EntityID], kind: EntityID.Kind, sql: String) throws -> [EntityID: String] {
        guard !ids.isEmpty else { return [:] }
        var result: [EntityID: String] = [:]
        try forEachRawRow(db, sql: sql, arguments: [jsonIntegers(ids.map(\.number))]) { raw in
            result[EntityID(kind, columnInt(raw, 0))] = columnText(raw, 1)
        }
        return result
    }
}

private func unique(_ refs: [EntityRef]) -> [EntityRef] {
    var seen = Set<EntityID>()
    return refs.filter { seen.insert($0.id).inserted }
}

extension Person {
    /// Contacts the viewer may see: their own, all for coordinators, else only those shared by consent.
    public func visibleContacts(to viewer: EntityID?, audience: Audience) -> [Contact] {
        if viewer == id || audience == .coordinator { return contacts }
        return contacts.filter(\.shared)
    }
}
