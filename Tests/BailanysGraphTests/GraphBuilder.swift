import BailanysCore
@testable import BailanysGraph

func day(_ iso: String) -> Day { Day(iso: iso)! }
func person(_ n: Int) -> EntityID { EntityID(.person, n) }
func org(_ n: Int) -> EntityID { EntityID(.organization, n) }

/// Three rounds: two offline, the last online (as in the study).
enum Rounds {
    static let first = RoundRef(id: EntityID(.round, 1), year: 2021, number: 1, format: .offline, start: day("2021-03-01"))
    static let second = RoundRef(id: EntityID(.round, 2), year: 2022, number: 2, format: .offline, start: day("2022-03-01"))
    static let third = RoundRef(id: EntityID(.round, 3), year: 2025, number: 3, format: .online, start: day("2025-03-01"))
}

/// A settlement with its region and coordinates.
struct Place {
    var settlement: String
    var region: String
    var latitude: Double
    var longitude: Double

    static let aktau = Place(settlement: "aktau", region: "mangystau", latitude: 43.65, longitude: 51.17)
    /// About 150 km from Aktau.
    static let zhanaozen = Place(settlement: "zhanaozen", region: "mangystau", latitude: 43.34, longitude: 52.86)
    static let shymkent = Place(settlement: "shymkent", region: "shymkent", latitude: 42.32, longitude: 69.59)
}

/// Small graphs for tests, written as a list of people, organisations and dated events.
struct GraphBuilder {
    var nodes: [GraphNode] = []
    var events: [TieEvent] = []

    @discardableResult
    mutating func addPerson(_ n: Int, role: Role = .alumnus, at place: Place = .aktau, rounds: [RoundRef] = [],
                            initiatives: [InitiativeMembership] = [], optOut: Bool = false) -> EntityID {
        nodes.append(.person(person(n), name: "Person \(n)", role: role, settlement: place.settlement,
                             region: place.region, latitude: place.latitude, longitude: place.longitude,
                             rounds: rounds, initiatives: initiatives, suggestionsOptOut: optOut))
        return person(n)
    }

    @discardableResult
    mutating func addOrganization(_ n: Int, kind: OrganizationKind = .akimat, at place: Place = .aktau) -> EntityID {
        nodes.append(.organization(org(n), name: "Org \(n)", kind: kind, settlement: place.settlement,
                                   region: place.region, latitude: place.latitude, longitude: place.longitude))
        return org(n)
    }

    mutating func link(_ a: EntityID, _ b: EntityID, _ iso: String, _ kind: TieEventKind = .interaction,
                       context: TieContext? = nil) {
        events.append(TieEvent(a, b, day: day(iso), kind: kind, context: context))
    }

    func snapshot() throws -> GraphSnapshot { try GraphSnapshot.build(nodes: nodes, events: events) }
}

func membership(_ n: Int, theme: String = "ecology", status: InitiativeStatus = .completed,
                role: TeamRole = .member, round: RoundRef = Rounds.first, at place: Place = .aktau) -> InitiativeMembership {
    InitiativeMembership(initiative: EntityID(.initiative, n), title: "Initiative \(n)", theme: theme, status: status,
                         teamRole: role, round: round.id, settlement: place.settlement)
}

/// A random small directory for property tests: people with random places, themes, rounds and opt-outs,
/// a few organisations, and events of every kind over five years.
func randomGraph(seed: UInt64, people: Int = 30, events: Int = 150) -> GraphBuilder {
    var random = SeededRandom(seed: seed)
    var builder = GraphBuilder()
    let places = [Place.aktau, .zhanaozen, .shymkent]
    let rounds = [Rounds.first, Rounds.second, Rounds.third]
    let themes = ["ecology", "sport", "culture"]
    for n in 1...people {
        let round = rounds[Int(random.next() % 3)]
        let place = places[Int(random.next() % 3)]
        let initiative = membership(Int(random.next() % 10) + 1, theme: themes[Int(random.next() % 3)],
                                    status: random.chance(0.5) ? .continuing : .completed,
                                    role: random.chance(0.3) ? .leader : .member, round: round, at: place)
        builder.addPerson(n, role: random.chance(0.1) ? .mentor : .alumnus, at: place, rounds: [round],
                          initiatives: [initiative], optOut: random.chance(0.25))
    }
    for n in 1...4 { builder.addOrganization(n, at: places[n % 3]) }
    let start = day("2021-01-01").ordinal
    for _ in 0..<events {
        let kind = TieEventKind.allCases[Int(random.next() % 6)]
        let a = person(Int(random.next() % UInt64(people)) + 1)
        let b = kind == .organization ? org(Int(random.next() % 4) + 1) : person(Int(random.next() % UInt64(people)) + 1)
        let context = TieContext(initiative: EntityID(.initiative, Int(random.next() % 10) + 1), round: Rounds.first.id)
        builder.events.append(TieEvent(a, b, day: Day(ordinal: start + Int(random.next() % 1800)), kind: kind,
                                       context: context))
    }
    return builder
}
