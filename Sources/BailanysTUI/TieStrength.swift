import BailanysCore

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
