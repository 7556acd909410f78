import BailanysCore
import BailanysGraph
import GRDB

public enum MeetupStatus: String, Sendable, Codable, CaseIterable {
    case planned, held
}

/// Why someone was invited, as saved: ids only, so the words follow the reader's language and today's names.
public enum SavedInviteReason: Hashable, Sendable {
    case revivesFadingTie(with: EntityID)
    case isolated
    case onlineRound(EntityID)
    case round(EntityID)
    case mentorOf(EntityID)

    /// `revives:P2`, `isolated`, `online:R3`, `round:R1`, `mentor-of:P1`.
    public var code: String {
        switch self {
        case .revivesFadingTie(let id): "revives:\(id)"
        case .isolated: "isolated"
        case .onlineRound(let id): "online:\(id)"
        case .round(let id): "round:\(id)"
        case .mentorOf(let id): "mentor-of:\(id)"
        }
    }

    public init?(code: some StringProtocol) {
        if code == "isolated" {
            self = .isolated
            return
        }
        let kind = code.prefix { $0 != ":" }
        guard let id = EntityID(code.drop { $0 != ":" }.dropFirst()) else { return nil }
        switch kind {
        case "revives": self = .revivesFadingTie(with: id)
        case "online": self = .onlineRound(id)
        case "round": self = .round(id)
        case "mentor-of": self = .mentorOf(id)
        default: return nil
        }
    }

    public init(_ reason: InviteReason) {
        switch reason {
        case .revivesFadingTie(let other, _, _, _): self = .revivesFadingTie(with: other)
        case .isolated: self = .isolated
        case .onlineRound(let round): self = .onlineRound(round.id)
        case .round(let round, _): self = .round(round.id)
        case .mentorOf(let mentee, _): self = .mentorOf(mentee)
        }
    }
}

public struct MeetupInvite: Hashable, Sendable {
    public var person: EntityRef
    public var isMentor: Bool
    /// Table number from 1, when the plan seated them.
    public var table: Int?
    public var reasons: [SavedInviteReason]

    public init(person: EntityRef, isMentor: Bool, table: Int?, reasons: [SavedInviteReason]) {
        self.person = person
        self.isMentor = isMentor
        self.table = table
        self.reasons = reasons
    }
}

/// A meetup as planned, before it has an id.
public struct MeetupDraft: Hashable, Sendable {
    public var host: String
    public var venue: EntityID?
    public var startsAt: LocalDateTime
    public var capacity: Int
    public var radiusKm: Double
    public var focus: MeetupFocus?
    public var invitees: [MeetupInvite]

    public init(host: String, venue: EntityID?, startsAt: LocalDateTime, capacity: Int, radiusKm: Double,
                focus: MeetupFocus?, invitees: [MeetupInvite]) {
        self.host = host
        self.venue = venue
        self.startsAt = startsAt
        self.capacity = capacity
        self.radiusKm = radiusKm
        self.focus = focus
        self.invitees = invitees
    }

    /// The planner's result as a draft: the best venue unless one is chosen, tables numbered from 1.
    public init(plan: MeetupPlan, startsAt: LocalDateTime, venue: EntityID? = nil) {
        var table: [EntityID: Int] = [:]
        for (n, members) in plan.tables.enumerated() { for id in members { table[id] = n + 1 } }
        self.init(host: plan.request.host.settlement, venue: venue ?? plan.venues.first?.id, startsAt: startsAt,
                  capacity: plan.request.capacity, radiusKm: plan.request.radiusKm, focus: plan.request.focus,
                  invitees: plan.invitees.map { invitee in
                      MeetupInvite(person: EntityRef(id: invitee.id, name: invitee.name), isMentor: invitee.isMentor,
                                   table: table[invitee.id], reasons: invitee.reasons.map(SavedInviteReason.init))
                  })
    }
}

public struct Meetup: Hashable, Sendable {
    public var id: EntityID
    public var host: String
    public var venue: EntityRef?
    public var startsAt: LocalDateTime
    public var capacity: Int
    public var radiusKm: Double
    public var focus: MeetupFocus?
    public var status: MeetupStatus
    public var invitees: [MeetupInvite]
    /// In id order.
    public var attendees: [EntityRef]
}

extension DirectoryStore {
    /// Saves a planned meetup; returns its id (`M1`, `M2`, …).
    @discardableResult
    func saveMeetup(_ draft: MeetupDraft) throws -> EntityID {
        guard gazetteer.settlement(draft.host) != nil else {
            throw StoreError.invalidField(field: "host", value: draft.host, expected: "a settlement in the gazetteer")
        }
        guard draft.capacity > 0 else {
            throw StoreError.invalidField(field: "capacity", value: "\(draft.capacity)", expected: "a whole number above 0")
        }
        guard draft.radiusKm >= 0, draft.radiusKm.isFinite else {
            throw StoreError.invalidField(field: "radius", value: "\(draft.radiusKm)", expected: "kilometres, 0 or more")
        }
        guard !draft.invitees.isEmpty else {
            throw StoreError.invalidField(field: "invitees", value: "0", expected: "someone to invite: widen the radius or change the focus")
        }
        if let venue = draft.venue {
            try requireKind(venue, .organization, "an organisation")
            guard try exists(venue) else { throw StoreError.unknownID(venue) }
        }
        return try write { db in
            let number = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM meetup")!
            try db.execute(sql: """
                INSERT INTO meetup (id, host_settlement, venue_organization_id, starts_at, capacity, radius_km, focus, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'planned')
                """, arguments: [number, draft.host, draft.venue?.number, draft.startsAt.iso, draft.capacity, draft.radiusKm,
                                 draft.focus?.code])
            let statement = try db.cachedStatement(sql: """
                INSERT INTO meetup_invitee (meetup_id, person_id, position, is_mentor, table_number, reasons)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for (position, invite) in draft.invitees.enumerated() {
                guard invite.person.id.kind == .person,
                      try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM person WHERE id = ?)", arguments: [invite.person.id.number]) == true
                else { throw StoreError.unknownID(invite.person.id) }
                try statement.execute(arguments: [number, invite.person.id.number, position, invite.isMentor, invite.table,
                                                  invite.reasons.map(\.code).joined(separator: " ")])
            }
            return EntityID(.meetup, number)
        }
    }

    /// Every meetup, soonest last.
    public func meetups() throws -> [Meetup] {
        try read { db in
            try Int.fetchAll(db, sql: "SELECT id FROM meetup ORDER BY starts_at, id").map { try Self.meetup(db, number: $0)! }
        }
    }

    public func meetup(_ id: EntityID) throws -> Meetup {
        try requireKind(id, .meetup, "a meetup")
        return try read { db in
            guard let meetup = try Self.meetup(db, number: id.number) else { throw StoreError.unknownID(id) }
            return meetup
        }
    }

    /// Records who came and marks the meetup held. Every pair of attendees then shares a dated meetup
    /// event in the graph (`graphInput`), so revived ties show at once. Attending again adds people.
    /// Records who came and marks the meetup held. Returns the tie events the new attendees add (each
    /// new pair of attendees), for a live graph to fold in; the store's graph input has them from now on.
    @discardableResult
    func markAttendance(_ id: EntityID, people: [EntityID], today: Day) throws -> [TieEvent] {
        let meetup = try self.meetup(id)
        guard meetup.startsAt.day <= today else { throw StoreError.notYetHeld(id, on: meetup.startsAt.day, today: today) }
        for person in people {
            try requireKind(person, .person, "a person")
            guard try exists(person) else { throw StoreError.unknownID(person) }
        }
        return try write { db in
            let before = Set(try Int.fetchAll(db, sql: "SELECT person_id FROM meetup_attendee WHERE meetup_id = ?",
                                              arguments: [id.number]).map { EntityID(.person, $0) })
            for person in people {
                try db.execute(sql: "INSERT OR IGNORE INTO meetup_attendee (meetup_id, person_id) VALUES (?, ?)",
                               arguments: [id.number, person.number])
            }
            try db.execute(sql: "UPDATE meetup SET status = 'held' WHERE id = ?", arguments: [id.number])
            let after = before.union(people).sorted { $0.number < $1.number }
            return Self.tieEvents(meetup: id, day: meetup.startsAt.day, attendees: after)
                .filter { !before.contains($0.a) || !before.contains($0.b) }
        }
    }

    /// Every pair of a meetup's attendees met on its day.
    static func tieEvents(meetup: EntityID, day: Day, attendees: [EntityID]) -> [TieEvent] {
        let context = TieContext(meetup: meetup)
        var events: [TieEvent] = []
        for (i, a) in attendees.enumerated() {
            for b in attendees[(i + 1)...] { events.append(TieEvent(a, b, day: day, kind: .meetup, context: context)) }
        }
        return events
    }

    static func meetup(_ db: Database, number: Int) throws -> Meetup? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT m.*, o.name AS venue_name FROM meetup m LEFT JOIN organization o ON o.id = m.venue_organization_id
            WHERE m.id = ?
            """, arguments: [number]) else { return nil }
        let invitees = try Row.fetchAll(db, sql: """
            SELECT i.*, p.full_name FROM meetup_invitee i JOIN person p ON p.id = i.person_id
            WHERE i.meetup_id = ? ORDER BY i.position
            """, arguments: [number]).map { r in
            MeetupInvite(person: EntityRef(id: EntityID(.person, r["person_id"]), name: r["full_name"]), isMentor: r["is_mentor"],
                         table: r["table_number"],
                         reasons: (r["reasons"] as String).split(separator: " ").compactMap { SavedInviteReason(code: $0) })
        }
        let attendees = try Row.fetchAll(db, sql: """
            SELECT a.person_id, p.full_name FROM meetup_attendee a JOIN person p ON p.id = a.person_id
            WHERE a.meetup_id = ? ORDER BY a.person_id
            """, arguments: [number]).map { EntityRef(id: EntityID(.person, $0["person_id"]), name: $0["full_name"]) }
        let venue = (row["venue_organization_id"] as Int?).map { EntityRef(id: EntityID(.organization, $0), name: row["venue_name"]) }
        return Meetup(id: EntityID(.meetup, number), host: row["host_settlement"], venue: venue,
                      startsAt: LocalDateTime(iso: row["starts_at"] as String) ?? LocalDateTime(minutes: 0),
                      capacity: row["capacity"], radiusKm: row["radius_km"],
                      focus: (row["focus"] as String?).flatMap { MeetupFocus(code: $0) },
                      status: MeetupStatus(rawValue: row["status"]) ?? .planned, invitees: invitees, attendees: attendees)
    }

    /// One meetup event for every pair of people who attended the same held meetup, dated on its day.
    static func meetupTieEvents(_ db: Database) throws -> [TieEvent] {
        var attendees: [Int: (day: Day, people: [EntityID])] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT m.id, m.starts_at, a.person_id FROM meetup m JOIN meetup_attendee a ON a.meetup_id = m.id
            WHERE m.status = 'held' ORDER BY m.id, a.person_id
            """) {
            guard let start = LocalDateTime(iso: row["starts_at"] as String) else { continue }
            attendees[row["id"], default: (start.day, [])].people.append(EntityID(.person, row["person_id"]))
        }
        return attendees.keys.sorted().flatMap { number in
            tieEvents(meetup: EntityID(.meetup, number), day: attendees[number]!.day, attendees: attendees[number]!.people)
        }
    }
}
