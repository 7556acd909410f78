import BailanysCore
import BailanysGraph
import BailanysStore

/// How strong one person's tie to another is, as the directory and cards show it.
public struct TieSummary: Hashable, Sendable {
    /// Normalised to 0…1 across the person's ties, for drawing a bar.
    public var strength: Double
    /// Was strong, has gone quiet: worth reconnecting.
    public var isFading: Bool

    public init(strength: Double, isFading: Bool) {
        self.strength = strength
        self.isFading = isFading
    }
}

/// Where tie strengths come from. The graph module plugs in here; the app never computes them.
public protocol TieStrengthProvider: Sendable {
    /// Ties of `person` as they stand on `day`, keyed by the other party. Unknown parties are absent.
    func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary]
}

/// No graph available: every tie shows as unknown (`—`).
public struct NoTieStrength: TieStrengthProvider {
    public init() {}
    public func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] { [:] }
}

/// Tie strengths from the graph module's snapshot of the directory.
public struct GraphTieStrength: TieStrengthProvider {
    private let snapshot: GraphSnapshot
    private let store: DirectoryStore
    private let model: TieModel

    /// Builds the snapshot once (all interactions, teams and rounds); later lookups are cheap.
    public init(store: DirectoryStore, model: TieModel = .standard) throws {
        self.snapshot = try store.graphSnapshot()
        self.store = store
        self.model = model
    }

    /// Ties to everyone the person's card names (contacts, team-mates, mentors, mentees, organisations),
    /// normalised so the strongest is 1.
    public func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] {
        guard let card = try? store.personCard(person, recentLimit: 0) else { return [:] }
        var candidates = Set(card.people.map(\.party.id) + card.organizations.map(\.party.id))
        candidates.formUnion(card.mentors.map(\.id) + card.mentees.map(\.id))
        candidates.formUnion(card.memberships.flatMap { $0.team.map(\.person.id) + $0.mentors.map(\.id) })
        candidates.remove(person)
        let states = candidates.compactMap { other -> (EntityID, TieState)? in
            guard let state = try? snapshot.tie(person, other, at: day, model: model), state.exists else { return nil }
            return (other, state)
        }
        let strongest = states.map(\.1.strength).max() ?? 0
        guard strongest > 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: states.map { other, state in
            (other, TieSummary(strength: state.strength / strongest, isFading: state.isFading(at: day, model: model)))
        })
    }
}
