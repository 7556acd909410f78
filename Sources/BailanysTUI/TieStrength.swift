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
    /// Ties, fading ties and isolated alumni per region key on `day`, for the map.
    func regionHealth(at day: Day) -> [String: HealthFigures]
}

extension TieStrengthProvider {
    /// Without a graph no region has figures; the map then shows alumni counts only.
    public func regionHealth(at day: Day) -> [String: HealthFigures] { [:] }
}

/// No graph available: every tie shows as unknown (`—`).
public struct NoTieStrength: TieStrengthProvider {
    public init() {}
    public func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] { [:] }
}

/// Tie strengths from the graph module's snapshot of the directory.
public struct GraphTieStrength: TieStrengthProvider {
    private let snapshot: GraphSnapshot
    private let model: TieModel

    /// Builds the snapshot once (all interactions, teams and rounds); later lookups are cheap.
    public init(store: DirectoryStore, model: TieModel = .standard) throws {
        self.snapshot = try store.graphSnapshot()
        self.model = model
    }

    /// Every tie the person has at `day` (teams, mentors, cohort, meetups, contacts, organisations),
    /// normalised so the strongest is 1.
    public func ties(of person: EntityID, at day: Day) -> [EntityID: TieSummary] {
        guard let states = try? snapshot.ties(of: person, at: day, model: model) else { return [:] }
        let strongest = states.map(\.tie.strength).max() ?? 0
        guard strongest > 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: states.map { other, state in
            (other, TieSummary(strength: state.strength / strongest, isFading: state.isFading(at: day, model: model)))
        })
    }

    /// The graph module's network health, by region.
    public func regionHealth(at day: Day) -> [String: HealthFigures] {
        let health = GraphViews.networkHealth(snapshot: snapshot, now: day, model: model)
        return Dictionary(uniqueKeysWithValues: health.regions.map { ($0.key, $0.figures) })
    }
}
