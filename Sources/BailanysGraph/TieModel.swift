/// Every tunable number of the graph engine in one place. Defaults are modelling choices informed by
/// the literature (see docs/algorithms.md), not values fitted to ZhasProject data.
public struct TieModel: Hashable, Sendable, Codable {
    public struct KindParameters: Hashable, Sendable, Codable {
        /// Strength one event adds on its day.
        public var weight: Double
        /// Days after which that contribution has halved; must be positive.
        public var halfLifeDays: Double

        public init(weight: Double, halfLifeDays: Double) {
            self.weight = weight
            self.halfLifeDays = halfLifeDays
        }
    }

    // Per-kind weight and half-life.
    public var team = KindParameters(weight: 3.0, halfLifeDays: 1095)
    public var mentorship = KindParameters(weight: 3.0, halfLifeDays: 730)
    public var cohort = KindParameters(weight: 1.0, halfLifeDays: 365)
    public var meetup = KindParameters(weight: 1.0, halfLifeDays: 270)
    public var interaction = KindParameters(weight: 1.0, halfLifeDays: 180)
    public var organization = KindParameters(weight: 1.5, halfLifeDays: 365)

    // Fading and liveness.
    /// A tie must once have been at least this strong to count as fading.
    public var fadingMinPeak = 2.0
    /// Fading when current strength is below this fraction of the peak …
    public var fadingFraction = 0.35
    /// … and the last event is more than this many days old.
    public var fadingMinQuietDays = 120
    /// A tie at least this strong is live (health view, partner exclusion).
    public var liveThreshold = 0.5

    // Hand-set reconnect, a young directory's ranking: the recency of the last contact (in (0, 1]) plus these
    // weights × their features. Recency leads because on every network evaluated the fading ties that renewed were
    // the recently faded ones, and lost strength ranked below every single baseline (docs/algorithms.md). The
    // contacts term, ln(1 + events), orders ties long quiet, whose recency is near 0; the bonuses are 0 because
    // mentorship pointed the wrong way on the demo and the others were not shown to help: set them to put those
    // ties first (a bonus of 0.1 outweighs the recency of any tie quiet for more than 3.3 half-lives).
    public var reconnectContactsWeight = 0.01
    public var reconnectMentorBonus = 0.0
    public var reconnectLeaderBonus = 0.0
    public var reconnectContinuingBonus = 0.0

    // Meet bonuses, added to the weighted resource-allocation score.
    /// × activity, ln(1 + their ties) + ln(1 + my ties), at most about 0.002: it orders candidates otherwise equal,
    /// most of them with no mutual contact, by how many ties the two keep (docs/algorithms.md).
    public var meetActivityTieBreak = 0.0001
    public var meetSameSettlementBonus = 0.15
    public var meetSameRegionBonus = 0.05
    public var meetSharedThemeBonus = 0.10
    public var meetSameRoundBonus = 0.10
    public var crossRoundBonus = 0.40
    public var crossRoundRadiusKm = 100.0
    /// A team counts as new while its round started at most this many days ago.
    public var newTeamWindowDays = 730

    // Partner scoring.
    public var partnerThemeWeight = 1.0
    public var partnerRegionWeight = 0.5
    public var partnerRoundWeight = 0.5
    public var partnerNearbyWeight = 0.5
    public var partnerDistanceScaleKm = 50.0

    public init() {}

    public static let standard = TieModel()

    public func parameters(for kind: TieEventKind) -> KindParameters {
        switch kind {
        case .team: team
        case .mentorship: mentorship
        case .cohort: cohort
        case .meetup: meetup
        case .interaction: interaction
        case .organization: organization
        }
    }

    /// Configuration files usually override a few keys; everything missing keeps its default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var m = TieModel()
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.team, into: &m.team)
        try read(.mentorship, into: &m.mentorship)
        try read(.cohort, into: &m.cohort)
        try read(.meetup, into: &m.meetup)
        try read(.interaction, into: &m.interaction)
        try read(.organization, into: &m.organization)
        try read(.fadingMinPeak, into: &m.fadingMinPeak)
        try read(.fadingFraction, into: &m.fadingFraction)
        try read(.fadingMinQuietDays, into: &m.fadingMinQuietDays)
        try read(.liveThreshold, into: &m.liveThreshold)
        try read(.reconnectContactsWeight, into: &m.reconnectContactsWeight)
        try read(.reconnectMentorBonus, into: &m.reconnectMentorBonus)
        try read(.reconnectLeaderBonus, into: &m.reconnectLeaderBonus)
        try read(.reconnectContinuingBonus, into: &m.reconnectContinuingBonus)
        try read(.meetActivityTieBreak, into: &m.meetActivityTieBreak)
        try read(.meetSameSettlementBonus, into: &m.meetSameSettlementBonus)
        try read(.meetSameRegionBonus, into: &m.meetSameRegionBonus)
        try read(.meetSharedThemeBonus, into: &m.meetSharedThemeBonus)
        try read(.meetSameRoundBonus, into: &m.meetSameRoundBonus)
        try read(.crossRoundBonus, into: &m.crossRoundBonus)
        try read(.crossRoundRadiusKm, into: &m.crossRoundRadiusKm)
        try read(.newTeamWindowDays, into: &m.newTeamWindowDays)
        try read(.partnerThemeWeight, into: &m.partnerThemeWeight)
        try read(.partnerRegionWeight, into: &m.partnerRegionWeight)
        try read(.partnerRoundWeight, into: &m.partnerRoundWeight)
        try read(.partnerNearbyWeight, into: &m.partnerNearbyWeight)
        try read(.partnerDistanceScaleKm, into: &m.partnerDistanceScaleKm)
        self = m
    }
}
