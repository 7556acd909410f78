import BailanysCore

/// The knobs that make the sample reproduce the ZhasProject study. Counts in the study's
/// 12-month window depend only on these, not on `today`, because every lasting tie is a stream
/// whose gaps never exceed `maxSteadyGap` (so it always shows at least four contacts a year) and
/// every passing contact is capped at `passingContactCap` in total (so it never shows four).
enum TieModel {
    /// A lasting tie's longest silence in days; 4 × 88 < 365.
    static let maxSteadyGap = 88
    /// Lifetime cap on passing contacts of someone without a lasting tie of that kind.
    static let passingContactCap = 3

    /// Chance that a team member keeps in touch with the team for years.
    static func keepsInTouch(leader: Bool, status: InitiativeStatus, format: TrainingFormat,
                             sensitive: SensitiveCategories) -> Double {
        var chance = 0.625
        if leader { chance += 0.14 }
        chance += statusShift(status)
        chance += sensitive.neet ? 0.015 : 0
        chance -= sensitive.vulnerable ? 0.02 : 0
        chance -= format == .online ? 0.08 : format == .hybrid ? 0.03 : 0
        return chance
    }

    /// Chance that an alumnus keeps a lasting tie with someone from another team. The online
    /// round met in person least, so it formed the fewest. The study found NEET and vulnerable
    /// youth interacting with other participants *more* than alumni as a whole.
    static func bridgesTeams(leader: Bool, status: InitiativeStatus, format: TrainingFormat,
                             sensitive: SensitiveCategories) -> Double {
        var chance = 0.25
        if leader { chance += 0.07 }
        chance += statusShift(status) / 3
        chance += sensitive.neet ? 0.055 : 0
        chance += sensitive.vulnerable ? 0.037 : 0
        chance *= format == .online ? 0.5 : format == .hybrid ? 0.85 : 1
        return chance
    }

    private static func statusShift(_ status: InitiativeStatus) -> Double {
        switch status {
        case .continuing: 0.10
        case .completed: -0.02
        case .stopped: -0.12
        }
    }

    /// Mean days between contacts in a team that stays in touch, right after the round.
    static func teamGap(leader: Bool, status: InitiativeStatus) -> Double {
        let base = leader ? 34.0 : 48.0
        return base * (status == .continuing ? 0.8 : status == .stopped ? 1.15 : 1)
    }

    static let bridgeGap = 55.0
    /// Gaps during training and implementation, when teams meet weekly or so.
    static let activePhaseGap = 12...30
    /// Mean cross-team contacts at shared events during a round, by format.
    static func sharedEventContacts(_ format: TrainingFormat) -> Double {
        switch format {
        case .offline: 2.0
        case .hybrid: 1.4
        case .online: 0.3
        }
    }

    /// A lasting tie's next gap: it lengthens by 30 % a year after the round (ties fade) but
    /// never beyond `maxSteadyGap`.
    static func steadyGap(mean: Double, yearsSinceRound: Double, _ rng: inout SeededRandom) -> Int {
        let faded = mean * (1 + 0.3 * max(0, yearsSinceRound)) * (0.7 + 0.6 * rng.unit())
        return max(7, min(maxSteadyGap, Int(faded)))
    }
}
