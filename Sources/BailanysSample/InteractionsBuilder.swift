import BailanysCore

/// Dated contacts from each round's start until `today`: lasting team and cross-team ties,
/// passing contacts, mentoring, coordination and partner bodies.
struct InteractionsBuilder {
    let cohorts: Cohorts
    let organizations: OrganizationsBuilder
    let places: Places
    let sensitive: [SensitiveCategories]
    let names: NameLists
    let today: Int
    private(set) var interactions: [Interaction] = []

    private let roundStart: [Int]
    private let roundFormat: [TrainingFormat]
    /// Per team, the members who keep in touch for years (never exactly one).
    private var keepers: [[Int]] = []
    private var keepsInTouch: [Bool]
    private var bridges: [Bool]
    private var teamPassing: [Int]
    private var crossPassing: [Int]

    init(cohorts: Cohorts, organizations: OrganizationsBuilder, places: Places, sensitive: [SensitiveCategories],
         names: NameLists, today: Day) {
        self.cohorts = cohorts
        self.organizations = organizations
        self.places = places
        self.sensitive = sensitive
        self.names = names
        self.today = today.ordinal
        roundStart = ProgrammeSchedule.rounds.map(\.start.ordinal)
        roundFormat = ProgrammeSchedule.rounds.map(\.format)
        let alumni = cohorts.alumniCount
        keepsInTouch = Array(repeating: false, count: alumni)
        bridges = Array(repeating: false, count: alumni)
        teamPassing = Array(repeating: 0, count: alumni)
        crossPassing = Array(repeating: 0, count: alumni)
        interactions.reserveCapacity(alumni * 30)
    }

    mutating func build(_ root: SeededRandom) {
        var choices = root.fork(1)
        chooseLastingTies(&choices)
        let alumniRoot = root.fork(2), teamRoot = root.fork(3), staffRoot = root.fork(4)
        var sameRound = Array(repeating: [Int](), count: roundStart.count)
        var bridgersInRegion = Array(repeating: [Int](), count: places.regions.count)
        var bridgersInRound = Array(repeating: [Int](), count: roundStart.count)
        for (index, team) in cohorts.teams.enumerated() {
            sameRound[team.round].append(contentsOf: team.members)
            for member in team.members where bridges[member] && cohorts.teamsOfAlumnus[member].last == index {
                bridgersInRegion[region(of: member)].append(member)
                bridgersInRound[team.round].append(member)
            }
        }
        for alumnus in 0..<cohorts.alumniCount {
            // Separate forks per purpose: a stream that runs longer for a later `today` must not
            // shift the draws of anything after it.
            let base = alumniRoot.fork(UInt64(alumnus))
            teamTies(of: alumnus, base.fork(1))
            if bridges[alumnus] {
                crossTeamTies(of: alumnus, inRegion: bridgersInRegion, inRound: bridgersInRound, base.fork(2))
            }
            var events = base.fork(3), bodies = base.fork(4)
            sharedEvents(of: alumnus, sameRound: sameRound, &events)
            partnerBodyContacts(of: alumnus, &bodies)
        }
        for team in cohorts.teams.indices {
            mentoring(cohorts.teams[team], teamRoot.fork(UInt64(team)))
        }
        coordination(staffRoot)
        interactions = Self.chronological(interactions)
    }

    /// By day, parties, channel name and note, then in the order given (as a stable sort would leave them). Sorted as
    /// keys of plain integers and the contacts moved once: sorting the contacts themselves, strings inside, retained and
    /// released at every move, took 1.4 s at 100k people, while the writing of the demo's contacts waited for them.
    static func chronological(_ items: [Interaction]) -> [Interaction] {
        func party(_ id: EntityID) -> UInt64 { UInt64(id.kind.rawValue.utf8.first!) << 56 | UInt64(id.number) }
        var keys = items.indices.map { (day: items[$0].day.ordinal, a: party(items[$0].a), b: party(items[$0].b), index: $0) }
        keys.sort { l, r in
            if l.day != r.day { return l.day < r.day }
            if l.a != r.a { return l.a < r.a }
            if l.b != r.b { return l.b < r.b }
            let (x, y) = (items[l.index], items[r.index])
            if x.channel != y.channel { return x.channel.rawValue < y.channel.rawValue }
            if x.note != y.note { return x.note < y.note }
            return l.index < r.index
        }
        return keys.map { items[$0.index] }
    }

    // MARK: Who keeps which ties

    private mutating func chooseLastingTies(_ rng: inout SeededRandom) {
        for team in cohorts.teams {
            let format = roundFormat[team.round]
            var circle = team.members.enumerated().filter { position, member in
                rng.chance(TieModel.keepsInTouch(leader: position == 0, status: team.status, format: format,
                                                 sensitive: sensitive[member]))
            }.map(\.element)
            // Nobody keeps in touch alone: a lone keeper pulls one teammate along.
            if circle.count == 1 {
                circle.append(rng.pick(team.members.filter { $0 != circle[0] }))
            }
            for member in circle { keepsInTouch[member] = true }
            keepers.append(circle)
        }
        for alumnus in 0..<cohorts.alumniCount {
            let latest = cohorts.teams[cohorts.teamsOfAlumnus[alumnus].last!]
            bridges[alumnus] = rng.chance(TieModel.bridgesTeams(
                leader: isLeader(alumnus), status: latest.status, format: roundFormat[latest.round],
                sensitive: sensitive[alumnus]))
        }
    }

    // MARK: Alumni

    private mutating func teamTies(of alumnus: Int, _ base: SeededRandom) {
        for teamIndex in cohorts.teamsOfAlumnus[alumnus] {
            var rng = base.fork(UInt64(teamIndex))
            let team = cohorts.teams[teamIndex]
            let start = roundStart[team.round]
            let circle = keepers[teamIndex]
            if circle.contains(alumnus) {
                let others = circle.filter { $0 != alumnus }
                let mean = TieModel.teamGap(leader: team.members[0] == alumnus, status: team.status)
                Self.stream(from: start + rng.int(in: 0...14), until: today, roundStart: start, steadyMean: mean, &rng) { day, rng in
                    add(alumnus, rng.pick(others), day, teamChannel(&rng))
                }
            } else {
                for _ in 0..<rng.int(in: 1...2) {
                    let other = rng.pick(team.members.filter { $0 != alumnus })
                    let day = start + rng.index(below: ProgrammeSchedule.activePhaseDays)
                    let channel = teamChannel(&rng)
                    guard day <= today, Self.takePassing(&teamPassing, alumnus, other, lasting: keepsInTouch) else { continue }
                    add(alumnus, other, day, channel)
                }
            }
        }
    }

    private mutating func crossTeamTies(of alumnus: Int, inRegion: [[Int]], inRound: [[Int]], _ base: SeededRandom) {
        var choice = base.fork(0)
        for tie in 1...(choice.chance(0.3) ? 2 : 1) {
            var rng = base.fork(UInt64(tie))
            let pool = rng.chance(0.6) ? inRegion[region(of: alumnus)] : inRound[latestRound(of: alumnus)]
            guard let partner = pickOutsider(for: alumnus, from: pool, &rng) else { continue }
            let firstMet = max(firstRoundStart(of: alumnus), firstRoundStart(of: partner)) + rng.int(in: 10...120)
            // Met at a forum or a training, not while working together: no intense start.
            Self.stream(from: firstMet, until: today, roundStart: firstMet - ProgrammeSchedule.activePhaseDays,
                        steadyMean: TieModel.bridgeGap, &rng) { day, rng in
                add(alumnus, partner, day, teamChannel(&rng))
            }
        }
    }

    /// Forums and trainings where teams of a round met; online rounds met least.
    private mutating func sharedEvents(of alumnus: Int, sameRound: [[Int]], _ rng: inout SeededRandom) {
        for teamIndex in cohorts.teamsOfAlumnus[alumnus] {
            let round = cohorts.teams[teamIndex].round
            for _ in 0..<rng.count(mean: TieModel.sharedEventContacts(roundFormat[round])) {
                guard let other = pickOutsider(for: alumnus, from: sameRound[round], &rng) else { continue }
                let day = roundStart[round] + rng.index(below: ProgrammeSchedule.activePhaseDays)
                guard day <= today, Self.takePassing(&crossPassing, alumnus, other, lasting: bridges) else { continue }
                add(alumnus, other, day, .event)
            }
        }
    }

    /// Leaders whose initiative had a partner body work with it; some other alumni find one too.
    private mutating func partnerBodyContacts(of alumnus: Int, _ rng: inout SeededRandom) {
        let teamIndex = cohorts.teamsOfAlumnus[alumnus].last!
        let team = cohorts.teams[teamIndex]
        let start = roundStart[team.round]
        var bodies: [Int] = []
        if team.members[0] == alumnus, !team.partners.isEmpty {
            if rng.chance(0.7) { bodies = team.partners }
        } else if rng.chance(isLeader(alumnus) ? 0.12 : 0.08) {
            let local = organizations.bodies[region(of: alumnus)]
            let settlement = cohorts.alumniSettlement[alumnus]
            let roll = rng.unit()
            bodies = [roll < 0.5 ? local.youthCentre(near: settlement) : roll < 0.8 ? local.akimat(near: settlement) : local.atameken]
        }
        for body in bodies {
            for _ in 0..<rng.int(in: 1...4) {
                let day = start + rng.index(below: 730)
                let channel: Channel = rng.pick([.meeting, .meeting, .email, .call])
                if day <= today { add(alumnus, organization: body, day, channel) }
            }
        }
    }

    // MARK: Mentors and coordinators

    private mutating func mentoring(_ team: TeamDraft, _ base: SeededRandom) {
        let start = roundStart[team.round]
        let phaseEnd = start + ProgrammeSchedule.activePhaseDays
        let leader = team.members[0]
        for (position, mentor) in team.mentors.enumerated() {
            var rng = base.fork(UInt64(position))
            for member in team.members {
                let contacts = member == leader ? rng.int(in: 3...6) : rng.int(in: 1...2)
                for _ in 0..<contacts {
                    let day = start + rng.index(below: ProgrammeSchedule.activePhaseDays)
                    let channel: Channel = rng.pick([.meeting, .call, .message])
                    if day <= today { add(mentor, member, day, channel) }
                }
            }
            switch team.status {
            case .continuing:
                var day = phaseEnd + rng.int(in: 30...120)
                while day <= today {
                    add(mentor, leader, day, rng.pick([.call, .message, .meeting]))
                    day += rng.int(in: 90...200)
                }
            case .completed, .stopped:
                let contacts = team.status == .completed ? rng.int(in: 1...2) : rng.int(in: 0...1)
                for _ in 0..<contacts {
                    let day = phaseEnd + rng.index(below: 365)
                    if day <= today { add(mentor, leader, day, .message) }
                }
            }
        }
    }

    /// Coordinators check in with every leader during the round and keep regular contact with
    /// their region's mentors and partner bodies.
    private mutating func coordination(_ base: SeededRandom) {
        var rng = base.fork(0)
        var coordinatorOf = Array(repeating: [Int](), count: places.regions.count)
        for (person, region) in cohorts.coordinators { coordinatorOf[region].append(person) }
        for team in cohorts.teams {
            let coordinators = coordinatorOf[places.regionOfSettlement[team.settlement]]
            let day = roundStart[team.round] + rng.index(below: ProgrammeSchedule.activePhaseDays)
            let (coordinator, channel): (Int, Channel) = (rng.pick(coordinators), rng.pick([.call, .email]))
            if day <= today { add(coordinator, team.members[0], day, channel) }
        }
        let firstStart = roundStart[0]
        for (person, region) in cohorts.coordinators {
            let local = organizations.bodies[region]
            for body in [local.akimat, local.youthCentre, local.atameken] {
                var rng = base.fork(1).fork(UInt64(person) << 20 | UInt64(body))
                var day = firstStart + rng.int(in: 0...90)
                while day <= today {
                    add(person, organization: body, day, rng.pick([.meeting, .email, .call]))
                    day += rng.int(in: 60...150)
                }
            }
        }
        for mentor in cohorts.mentors {
            let region = mentorRegion(mentor)
            guard let coordinator = coordinatorOf[region].first else { continue }
            var rng = base.fork(2).fork(UInt64(mentor))
            var day = firstStart + rng.int(in: 0...180)
            while day <= today {
                add(coordinator, mentor, day, rng.pick([.call, .message, .event]))
                day += rng.int(in: 90...240)
            }
        }
    }

    // MARK: Helpers

    /// A lasting tie: frequent while the round runs, then fading gaps capped at `maxSteadyGap`.
    private static func stream(from first: Int, until today: Int, roundStart: Int, steadyMean: Double,
                               _ rng: inout SeededRandom, emit: (Int, inout SeededRandom) -> Void) {
        let phaseEnd = roundStart + ProgrammeSchedule.activePhaseDays
        var day = first
        while day <= today {
            emit(day, &rng)
            day += day < phaseEnd
                ? rng.int(in: TieModel.activePhaseGap)
                : TieModel.steadyGap(mean: steadyMean, yearsSinceRound: Double(day - phaseEnd) / 365, &rng)
        }
    }

    /// Books a passing contact against the lifetime cap of whichever side has no lasting tie.
    private static func takePassing(_ counts: inout [Int], _ a: Int, _ b: Int, lasting: [Bool]) -> Bool {
        let cap = TieModel.passingContactCap
        guard (lasting[a] || counts[a] < cap), (lasting[b] || counts[b] < cap) else { return false }
        if !lasting[a] { counts[a] += 1 }
        if !lasting[b] { counts[b] += 1 }
        return true
    }

    private func pickOutsider(for alumnus: Int, from pool: [Int], _ rng: inout SeededRandom) -> Int? {
        guard !pool.isEmpty else { return nil }
        for _ in 0..<8 {
            let candidate = rng.pick(pool)
            if candidate != alumnus, !shareTeam(alumnus, candidate) { return candidate }
        }
        return nil
    }

    private func shareTeam(_ a: Int, _ b: Int) -> Bool {
        cohorts.teamsOfAlumnus[a].contains { cohorts.teams[$0].members.contains(b) }
    }

    private func isLeader(_ alumnus: Int) -> Bool {
        cohorts.teamsOfAlumnus[alumnus].contains { cohorts.teams[$0].members[0] == alumnus }
    }

    private func region(of alumnus: Int) -> Int { places.regionOfSettlement[cohorts.alumniSettlement[alumnus]] }
    private func latestRound(of alumnus: Int) -> Int { cohorts.teams[cohorts.teamsOfAlumnus[alumnus].last!].round }
    private func firstRoundStart(of alumnus: Int) -> Int { roundStart[cohorts.teams[cohorts.teamsOfAlumnus[alumnus][0]].round] }
    private func mentorRegion(_ mentor: Int) -> Int {
        if let settlement = cohorts.mentorSettlement[mentor] { return places.regionOfSettlement[settlement] }
        return region(of: mentor)
    }

    private func teamChannel(_ rng: inout SeededRandom) -> Channel {
        let roll = rng.unit()
        return roll < 0.45 ? .message : roll < 0.72 ? .call : roll < 0.95 ? .meeting : .email
    }

    private mutating func add(_ a: Int, _ b: Int, _ day: Int, _ channel: Channel) {
        append(EntityID(.person, a + 1), EntityID(.person, b + 1), day, channel)
    }

    private mutating func add(_ person: Int, organization: Int, _ day: Int, _ channel: Channel) {
        append(EntityID(.person, person + 1), EntityID(.organization, organization + 1), day, channel)
    }

    private mutating func append(_ a: EntityID, _ b: EntityID, _ day: Int, _ channel: Channel) {
        interactions.append(Interaction(a: a, b: b, day: Day(ordinal: day), channel: channel,
                                        note: note(a, b, day), source: .sample))
    }

    /// About one contact in 25 carries a short note, chosen from the contact itself so that
    /// notes draw nothing from the streams.
    private func note(_ a: EntityID, _ b: EntityID, _ day: Int) -> String {
        guard !names.notes.isEmpty else { return "" }
        var rng = SeededRandom(seed: UInt64(a.number) << 40 ^ UInt64(b.number) << 20 ^ UInt64(day))
        return rng.chance(0.04) ? rng.pick(names.notes) : ""
    }
}
