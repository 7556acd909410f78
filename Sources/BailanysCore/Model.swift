/// The directory's entities as plain values. The store persists them; the sample generator,
/// importers and the graph module all speak this vocabulary.

public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case alumnus, mentor, coordinator
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    private var rank: Int { Role.allCases.firstIndex(of: self)! }
}

public enum ContactKind: String, Sendable, Codable, CaseIterable {
    case phone, email, telegram
}

/// One way to reach someone, and whether they agreed to show it to other alumni.
public struct Contact: Hashable, Sendable, Codable {
    public var kind: ContactKind
    public var value: String
    public var shared: Bool

    public init(kind: ContactKind, value: String, shared: Bool) {
        self.kind = kind
        self.value = value
        self.shared = shared
    }
}

/// Coordinator-only categories. Never shown to alumni or mentors, never exported unless asked.
public struct SensitiveCategories: Hashable, Sendable, Codable {
    public var neet: Bool
    public var vulnerable: Bool
    /// Disability group 1–3 under Kazakh law; nil when none.
    public var disabilityGroup: Int?

    public init(neet: Bool = false, vulnerable: Bool = false, disabilityGroup: Int? = nil) {
        self.neet = neet
        self.vulnerable = vulnerable
        self.disabilityGroup = disabilityGroup
    }

    public static let none = SensitiveCategories()
    public var isEmpty: Bool { !neet && !vulnerable && disabilityGroup == nil }
}

public enum Gender: String, Sendable, Codable { case female, male }

public struct Person: Hashable, Sendable, Codable, Identifiable {
    public var id: EntityID
    /// The id in the coordinator's own spreadsheet; re-imports update by it.
    public var externalID: String?
    public var fullName: String
    public var gender: Gender?
    public var birthYear: Int?
    public var roles: Set<Role>
    /// Gazetteer key of the settlement; the region follows from it.
    public var settlement: String
    public var contacts: [Contact]
    public var languages: [String]
    public var interests: [String]
    public var sensitive: SensitiveCategories
    /// People who opted out never appear in anyone's suggestions.
    public var suggestionsOptOut: Bool
    public var note: String

    public init(id: EntityID, externalID: String? = nil, fullName: String, gender: Gender? = nil, birthYear: Int? = nil,
                roles: Set<Role>, settlement: String, contacts: [Contact] = [], languages: [String] = [],
                interests: [String] = [], sensitive: SensitiveCategories = .none, suggestionsOptOut: Bool = false,
                note: String = "") {
        self.id = id
        self.externalID = externalID
        self.fullName = fullName
        self.gender = gender
        self.birthYear = birthYear
        self.roles = roles
        self.settlement = settlement
        self.contacts = contacts
        self.languages = languages
        self.interests = interests
        self.sensitive = sensitive
        self.suggestionsOptOut = suggestionsOptOut
        self.note = note
    }

    /// The role that decides the person's view: coordinator over mentor over alumnus.
    public var primaryRole: Role { roles.max() ?? .alumnus }
}

public enum OrganizationKind: String, Sendable, Codable, CaseIterable {
    case akimat, atameken, youthCentre = "youth-centre", foundation, ngo
}

public struct Organization: Hashable, Sendable, Codable, Identifiable {
    public var id: EntityID
    public var externalID: String?
    public var name: String
    public var kind: OrganizationKind
    public var settlement: String
    public var contacts: [Contact]
    public var note: String

    public init(id: EntityID, externalID: String? = nil, name: String, kind: OrganizationKind, settlement: String,
                contacts: [Contact] = [], note: String = "") {
        self.id = id
        self.externalID = externalID
        self.name = name
        self.kind = kind
        self.settlement = settlement
        self.contacts = contacts
        self.note = note
    }
}

public enum TrainingFormat: String, Sendable, Codable, CaseIterable {
    case offline, online, hybrid
}

/// A grant round: a cohort trained together.
public struct Round: Hashable, Sendable, Codable, Identifiable {
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

public enum InitiativeStatus: String, Sendable, Codable, CaseIterable {
    case completed, continuing, stopped
}

public enum TeamRole: String, Sendable, Codable, CaseIterable {
    case leader, member
}

public struct TeamMember: Hashable, Sendable, Codable {
    public var person: EntityID
    public var role: TeamRole

    public init(person: EntityID, role: TeamRole) {
        self.person = person
        self.role = role
    }
}

public struct Initiative: Hashable, Sendable, Codable, Identifiable {
    public var id: EntityID
    public var externalID: String?
    public var title: String
    public var theme: String
    public var round: EntityID
    public var settlement: String
    public var status: InitiativeStatus
    public var team: [TeamMember]
    public var mentors: [EntityID]
    /// Partner bodies that supported the initiative.
    public var partners: [EntityID]

    public init(id: EntityID, externalID: String? = nil, title: String, theme: String, round: EntityID,
                settlement: String, status: InitiativeStatus, team: [TeamMember], mentors: [EntityID],
                partners: [EntityID] = []) {
        self.id = id
        self.externalID = externalID
        self.title = title
        self.theme = theme
        self.round = round
        self.settlement = settlement
        self.status = status
        self.team = team
        self.mentors = mentors
        self.partners = partners
    }

    public var leader: EntityID? { team.first { $0.role == .leader }?.person }
}

public enum Channel: String, Sendable, Codable, CaseIterable {
    case meeting, call, message, email, event
}

public enum InteractionSource: String, Sendable, Codable, CaseIterable {
    case manual, imported, sample, meetup
}

/// A dated contact between two parties, each a person or an organisation.
public struct Interaction: Hashable, Sendable, Codable {
    public var a: EntityID
    public var b: EntityID
    public var day: Day
    public var channel: Channel
    public var note: String
    public var source: InteractionSource

    public init(a: EntityID, b: EntityID, day: Day, channel: Channel, note: String = "", source: InteractionSource) {
        self.a = a
        self.b = b
        self.day = day
        self.channel = channel
        self.note = note
        self.source = source
    }
}

/// Forms of community activity the study counted.
public enum ActivityKind: String, Sendable, Codable, CaseIterable {
    case charity, cleanup = "clean-up", sport, culture, localProblemSolving = "local-problem-solving", volunteering
}

public struct CommunityActivity: Hashable, Sendable, Codable {
    public var person: EntityID
    public var kind: ActivityKind
    public var day: Day

    public init(person: EntityID, kind: ActivityKind, day: Day) {
        self.person = person
        self.kind = kind
        self.day = day
    }
}

/// A whole directory as values: what the sample generator produces and the store loads.
public struct DirectoryData: Sendable, Equatable {
    public var people: [Person]
    public var organizations: [Organization]
    public var rounds: [Round]
    public var initiatives: [Initiative]
    public var interactions: [Interaction]
    public var activities: [CommunityActivity]

    public init(people: [Person] = [], organizations: [Organization] = [], rounds: [Round] = [],
                initiatives: [Initiative] = [], interactions: [Interaction] = [], activities: [CommunityActivity] = []) {
        self.people = people
        self.organizations = organizations
        self.rounds = rounds
        self.initiatives = initiatives
        self.interactions = interactions
        self.activities = activities
    }
}
