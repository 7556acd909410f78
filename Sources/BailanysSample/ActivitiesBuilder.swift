import BailanysCore

/// Community activity as the study counted it: charity, clean-ups and sport are each reported
/// by about three alumni in ten; village alumni take on local problems more often than townspeople.
enum ActivitiesBuilder {
    static func chance(of kind: ActivityKind, settlement: SettlementType) -> Double {
        switch kind {
        case .charity: 0.30
        case .cleanup: 0.30
        case .sport: 0.28
        case .culture: 0.18
        case .volunteering: 0.25
        case .localProblemSolving:
            switch settlement {
            case .village: 0.34
            case .town: 0.20
            case .city: 0.12
            }
        }
    }

    /// The first activity of each kind falls in the alumnus's round, so whether someone has one
    /// does not depend on `today`; later ones are kept only up to `today`.
    static func build(cohorts: Cohorts, places: Places, today: Day, _ root: SeededRandom) -> [CommunityActivity] {
        var activities: [CommunityActivity] = []
        activities.reserveCapacity(cohorts.alumniCount * 2)
        for alumnus in 0..<cohorts.alumniCount {
            var rng = root.fork(UInt64(alumnus))
            let type = places.settlements[cohorts.alumniSettlement[alumnus]].type
            let round = cohorts.teams[cohorts.teamsOfAlumnus[alumnus][0]].round
            let start = ProgrammeSchedule.rounds[round].start
            let person = EntityID(.person, alumnus + 1)
            for kind in ActivityKind.allCases where rng.chance(chance(of: kind, settlement: type)) {
                var day = start.adding(days: rng.index(below: ProgrammeSchedule.activePhaseDays))
                for _ in 0..<(1 + rng.count(mean: 0.8)) {
                    if day <= today { activities.append(CommunityActivity(person: person, kind: kind, day: day)) }
                    day = day.adding(days: rng.int(in: 60...400))
                }
            }
        }
        return activities
    }
}
