import BailanysCore

/// A grant round as the graph needs it: enough to name it in a reason ("round 2, 2023, online").
public struct RoundRef: Hashable, Sendable, Codable {
    public var id: EntityID
    public var year: Int
    public var number: Int
    public var format: TrainingFormat
    public var start: Day

    public init(id: EntityID, year: Int, number: Int, format: TrainingFormat, start: Day) {
        self.id = id
        self.year = year
        self.number = number
        self.format = format
        self.start = start
    }
}

/// One initiative a person was on, flattened so the store can fill it from a single join.
public struct InitiativeMembership: Hashable, Sendable, Codable {
    public var initiative: EntityID
    public var title: String
    public var theme: String
    public var status: InitiativeStatus
    public var teamRole: TeamRole
    public var round: EntityID
    /// Gazetteer key of the settlement where the initiative ran.
    public var settlement: String

    public init(initiative: EntityID, title: String, theme: String, status: InitiativeStatus, teamRole: TeamRole,
                round: EntityID, settlement: String) {
        self.initiative = initiative
        self.title = title
        self.theme = theme
        self.status = status
        self.teamRole = teamRole
        self.round = round
        self.settlement = settlement
    }
}

/// A person (`P…`) or an organisation (`O…`). Deliberately carries nothing sensitive
/// (no NEET, vulnerability or disability data), so no reason can ever mention it.
public struct GraphNode: Hashable, Sendable, Codable {
    public var id: EntityID
    /// Display name, used only to name mutual contacts in reasons.
    public var name: String
    /// Primary role; nil for organisations.
    public var role: Role?
    /// Whether the person is an alumnus, whatever their primary role: an alumnus who mentors or coordinates counts
    /// among the alumni of the network's health, as in the report and on the map (health left 7 of 8,900 out; review).
    public var isAlumnus: Bool
    /// Nil for people.
    public var organizationKind: OrganizationKind?
    public var settlement: String
    public var region: String
    /// Coordinates of the settlement, in degrees.
    public var latitude: Double
    public var longitude: Double
    public var rounds: [RoundRef]
    public var initiatives: [InitiativeMembership]
    public var suggestionsOptOut: Bool

    public static func person(
        _ id: EntityID, name: String, role: Role = .alumnus, alumnus: Bool? = nil, settlement: String, region: String,
        latitude: Double, longitude: Double, rounds: [RoundRef] = [], initiatives: [InitiativeMembership] = [],
        suggestionsOptOut: Bool = false
    ) -> GraphNode {
        GraphNode(id: id, name: name, role: role, isAlumnus: alumnus ?? (role == .alumnus), organizationKind: nil,
                  settlement: settlement, region: region,
                  latitude: latitude, longitude: longitude, rounds: rounds, initiatives: initiatives,
                  suggestionsOptOut: suggestionsOptOut)
    }

    public static func organization(
        _ id: EntityID, name: String, kind: OrganizationKind, settlement: String, region: String,
        latitude: Double, longitude: Double
    ) -> GraphNode {
        GraphNode(id: id, name: name, role: nil, isAlumnus: false, organizationKind: kind, settlement: settlement, region: region,
                  latitude: latitude, longitude: longitude, rounds: [], initiatives: [], suggestionsOptOut: false)
    }

    /// The role a person's node carries: the highest of their roles (coordinator, mentor, alumnus).
    public static func primaryRole(_ roles: Set<Role>) -> Role { roles.max() ?? .alumnus }

    public var isPerson: Bool { id.kind == .person }
    public var isLeader: Bool { initiatives.contains { $0.teamRole == .leader } }
}

/// What an edit of a person's card changes that the graph reads: the name shown in reasons, the role, the place
/// (for "also in …", distances and the meet candidates of a settlement) and whether they take suggestions.
public struct NodeProfileEdit: Hashable, Sendable {
    public var id: EntityID
    public var name: String
    public var role: Role
    public var isAlumnus: Bool
    public var settlement: String
    public var region: String
    public var latitude: Double
    public var longitude: Double
    public var suggestionsOptOut: Bool

    public init(id: EntityID, name: String, role: Role, isAlumnus: Bool? = nil, settlement: String, region: String, latitude: Double,
                longitude: Double, suggestionsOptOut: Bool) {
        self.id = id
        self.name = name
        self.role = role
        self.isAlumnus = isAlumnus ?? (role == .alumnus)
        self.settlement = settlement
        self.region = region
        self.latitude = latitude
        self.longitude = longitude
        self.suggestionsOptOut = suggestionsOptOut
    }
}

public enum TieEventKind: String, Sendable, Codable, CaseIterable {
    /// Same initiative team; dated at the round's start.
    case team
    /// Mentor and mentee; in a `TieEvent` the mentor is `a`.
    case mentorship
    /// Same round and same settlement.
    case cohort
    /// Attended the same meetup.
    case meetup
    /// A logged contact.
    case interaction
    /// A person's contact with, or an initiative's partnership with, an organisation.
    case organization

    /// Dense slot used for per-kind arrays; follows declaration order.
    var slot: Int {
        switch self {
        case .team: 0
        case .mentorship: 1
        case .cohort: 2
        case .meetup: 3
        case .interaction: 4
        case .organization: 5
        }
    }

    static let bySlot: [TieEventKind] = allCases
}

/// What an event was about, so reasons can name the initiative, round or meetup.
public struct TieContext: Hashable, Sendable, Codable {
    public var initiative: EntityID?
    public var round: EntityID?
    public var meetup: EntityID?

    public init(initiative: EntityID? = nil, round: EntityID? = nil, meetup: EntityID? = nil) {
        self.initiative = initiative
        self.round = round
        self.meetup = meetup
    }
}

/// One dated reason two nodes know each other. Order of `a`/`b` matters only for mentorship.
public struct TieEvent: Hashable, Sendable, Codable {
    public var a: EntityID
    public var b: EntityID
    public var day: Day
    public var kind: TieEventKind
    public var context: TieContext?

    public init(_ a: EntityID, _ b: EntityID, day: Day, kind: TieEventKind, context: TieContext? = nil) {
        self.a = a
        self.b = b
        self.day = day
        self.kind = kind
        self.context = context
    }
}

/// Logged contacts grouped by pair, as the store keeps them: pair `p` joins `low[p] < high[p]` (ids), and its
/// contacts are `codes[offsets[p - 1] ..< offsets[p]]` (from 0 for the first pair), each the day ordinal × 2
/// plus 1 when logged from `high` to `low`, ascending. Pairs come in (low, high) order. A contact is an
/// `interaction` between two people and an `organization` event otherwise, as `TieEvent.contact` says.
public struct ContactRuns: Sendable {
    public var low: [EntityID] = []
    public var high: [EntityID] = []
    public var offsets: [Int32] = []
    public var codes: [Int32] = []

    public init() {}

    public var pairCount: Int { low.count }

    func range(of pair: Int) -> Range<Int> { (pair == 0 ? 0 : Int(offsets[pair - 1]))..<Int(offsets[pair]) }
}
