/// Settings for `StudyIndicators.compute`.
public struct IndicatorParameters: Sendable, Equatable {
    /// Interactions within the window needed to count as interacting "often" (the study used 4).
    public var oftenThreshold: Int
    /// Length of the window, in days, ending on `now` inclusive (the study asked about the last 12 months).
    public var windowDays: Int

    public init(oftenThreshold: Int = 4, windowDays: Int = 365) {
        self.oftenThreshold = oftenThreshold
        self.windowDays = windowDays
    }
}

/// `count` of `total` people; the fraction is 0 when nobody is counted.
public struct Share: Sendable, Equatable {
    public var count: Int
    public var total: Int

    public init(count: Int = 0, total: Int = 0) {
        self.count = count
        self.total = total
    }

    public var fraction: Double { total == 0 ? 0 : Double(count) / Double(total) }
    public var percent: Double { fraction * 100 }

    mutating func tally(_ hit: Bool) {
        total += 1
        if hit { count += 1 }
    }
}

/// The study's two network questions for one group of alumni.
public struct OftenShares: Sendable, Equatable {
    /// Alumni with at least `oftenThreshold` interactions in the window with anyone who was in
    /// any of their teams.
    public var ownTeam = Share()
    /// Alumni with at least `oftenThreshold` interactions in the window with alumni who were in
    /// none of their teams.
    public var otherParticipants = Share()

    public init() {}
}

/// Mean interactions per alumnus, counting every interaction an alumnus takes part in, with
/// people and organisations alike.
public struct TieIntensity: Sendable, Equatable {
    public var alumni = 0
    public var allTimeInteractions = 0
    public var windowInteractions = 0

    public init() {}

    public var meanAllTime: Double { alumni == 0 ? 0 : Double(allTimeInteractions) / Double(alumni) }
    public var meanInWindow: Double { alumni == 0 ? 0 : Double(windowInteractions) / Double(alumni) }
}

/// Cross-team contact of one round's alumni.
public struct RoundCrossTeam: Sendable, Equatable {
    public var round: EntityID
    public var format: TrainingFormat
    /// Alumni who were in a team of this round.
    public var alumni: Int
    /// Their interactions in the window with alumni outside all of their teams.
    public var crossTeamInteractions: Int

    public var meanPerAlumnus: Double { alumni == 0 ? 0 : Double(crossTeamInteractions) / Double(alumni) }
}

/// The PaperLab study's figures on ZhasProject, computed back from any directory, so the
/// `report` screen can set the live directory beside the study.
///
/// An *alumnus* is a person with the `alumnus` role. Groupings use the alumnus's own record:
/// the *latest round* is the round of their initiative that started last, the *status* is that
/// initiative's, and the *team role* is `leader` if they led any initiative. Interactions count
/// whatever their source; an interaction after `now` is ignored.
public struct StudyIndicators: Sendable, Equatable {
    public var now: Day
    public var parameters: IndicatorParameters
    public var alumni: Int

    public var all = OftenShares()
    /// Alumni recorded as not in employment, education or training.
    public var neet = OftenShares()
    public var vulnerable = OftenShares()
    /// By the training format of the alumnus's latest round.
    public var byFormat: [TrainingFormat: OftenShares] = [:]
    public var byTeamRole: [TeamRole: OftenShares] = [:]
    /// By the status of the alumnus's latest initiative.
    public var byStatus: [InitiativeStatus: OftenShares] = [:]

    /// Per round in start order: mean interactions in the window with alumni outside the
    /// alumnus's teams. An alumnus in two rounds counts in both. The study found the online
    /// round the most isolated.
    public var crossTeamByRound: [RoundCrossTeam] = []

    /// Tie intensity by team role and by status of the latest initiative.
    public var intensityByTeamRole: [TeamRole: TieIntensity] = [:]
    public var intensityByStatus: [InitiativeStatus: TieIntensity] = [:]

    /// Alumni with at least one `local-problem-solving` activity, living in a village…
    public var localProblemSolvingRural = Share()
    /// …and in a city or town. Alumni whose settlement is not in the gazetteer are in neither.
    public var localProblemSolvingUrban = Share()

    /// Alumni with at least one activity of each kind, at any date up to `now`.
    public var activities: [ActivityKind: Share] = [:]

    /// Alumni with at least one interaction, at any date up to `now`, with an akimat, an
    /// Atameken chamber or a youth resource centre.
    public var partnerContact = Share()

    /// Alumni with at least one community activity of any kind, at any date up to `now`.
    public var anyActivity = Share()
    /// Initiatives in the directory, whatever their status.
    public var initiatives = 0

    public init(now: Day, parameters: IndicatorParameters) {
        self.now = now
        self.parameters = parameters
        alumni = 0
    }

    /// The indicators from every interaction in `data`: the reference definition.
    public static func compute(_ data: DirectoryData, gazetteer: Gazetteer, now: Day,
                               parameters: IndicatorParameters = .init()) -> StudyIndicators {
        compute(data, gazetteer: gazetteer, now: now, parameters: parameters) { tally in
            for interaction in data.interactions where interaction.day <= now && interaction.a != interaction.b {
                tally(interaction.a, interaction.b, 1, interaction.day.ordinal > now.ordinal - parameters.windowDays ? 1 : 0)
            }
        }
    }

    /// The indicators with logged contacts given counted per pair instead of one by one (`data.interactions` is not
    /// read): `contacts` calls its argument with each pair of distinct parties (in any order, a pair at most once or
    /// split over several calls), the contacts between them on or before `now` and how many of those fall in the
    /// window (`now` − `windowDays`, `now`]. The indicators only count contacts per alumnus and per kind of other
    /// party, so this gives exactly what `compute(_:gazetteer:now:parameters:)` gives from the same contacts.
    public static func compute(_ data: DirectoryData, gazetteer: Gazetteer, now: Day, parameters: IndicatorParameters = .init(),
                               contacts: ((_ a: EntityID, _ b: EntityID, _ allTime: Int, _ inWindow: Int) -> Void) throws -> Void)
        rethrows -> StudyIndicators {
        var result = StudyIndicators(now: now, parameters: parameters)
        var index: [EntityID: Int] = [:]
        var alumnusIDs: [EntityID] = []
        // Positions in `data.people`, not copies: copying 100k people retains and releases every field of each.
        var alumni: [Int] = []
        for k in data.people.indices where data.people[k].roles.contains(.alumnus) {
            index[data.people[k].id] = alumnusIDs.count
            alumnusIDs.append(data.people[k].id)
            alumni.append(k)
        }
        if index.count != alumnusIDs.count {
            // A person listed twice: every slot of that id reads the first record, and lookups find the last slot.
            var first: [EntityID: Int] = [:]
            for k in data.people.indices where first[data.people[k].id] == nil { first[data.people[k].id] = k }
            alumni = alumnusIDs.map { first[$0]! }
        }
        let count = alumnusIDs.count
        // Alumni are looked up by person number in an array when the numbers are dense (always, for a directory's
        // own ids), so millions of pairs and team rows cost no hashing.
        let maxNumber = alumnusIDs.map(\.number).max() ?? 0
        let dense = alumnusIDs.allSatisfy { $0.number >= 0 } && maxNumber < 4 * count + 1024
        var slotByNumber = dense ? Array(repeating: Int32(-1), count: maxNumber + 1) : []
        if dense { for (slot, id) in alumnusIDs.enumerated() { slotByNumber[id.number] = Int32(slot) } }
        func slot(_ id: EntityID) -> Int? {
            guard id.kind == .person else { return nil }
            guard dense else { return index[id] }
            guard id.number >= 0, id.number < slotByNumber.count, slotByNumber[id.number] >= 0 else { return nil }
            return Int(slotByNumber[id.number])
        }
        result.alumni = count
        result.initiatives = data.initiatives.count

        // Teams, latest initiative and leadership per alumnus.
        let roundOrder = data.rounds.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        var roundRank: [EntityID: Int] = [:]
        for (rank, round) in roundOrder.enumerated() { roundRank[round.id] = rank }
        // Each alumnus's teammates (with repeats) in one flat array, `teammateList[teammateStart[me]..<teammateStart[me + 1]]`:
        // not an array per alumnus to allocate and free.
        var teammateStart = Array(repeating: 0, count: count + 1)
        for initiative in data.initiatives {
            let members = initiative.team.compactMap { slot($0.person) }
            for member in initiative.team {
                if let me = slot(member.person) { teammateStart[me + 1] += members.reduce(0) { $0 + ($1 != me ? 1 : 0) } }
            }
        }
        for me in 0..<count { teammateStart[me + 1] += teammateStart[me] }
        var teammateList = Array(repeating: 0, count: teammateStart[count])
        var teammateFill = teammateStart
        func isTeammate(_ other: Int, of me: Int) -> Bool {
            teammateList[teammateStart[me]..<teammateStart[me + 1]].contains(other)
        }
        var rounds = Array(repeating: [Int](), count: count)
        var latest = Array(repeating: (rank: -1, status: InitiativeStatus?.none), count: count)
        var leads = Array(repeating: false, count: count)
        var inTeam = Array(repeating: false, count: count)
        for initiative in data.initiatives {
            let members = initiative.team.compactMap { slot($0.person) }
            let rank = roundRank[initiative.round] ?? -1
            for member in initiative.team {
                guard let me = slot(member.person) else { continue }
                for other in members where other != me {
                    teammateList[teammateFill[me]] = other
                    teammateFill[me] += 1
                }
                inTeam[me] = true
                if member.role == .leader { leads[me] = true }
                if rank >= 0, !rounds[me].contains(rank) { rounds[me].append(rank) }
                if latest[me].status == nil || rank >= latest[me].rank { latest[me] = (rank, initiative.status) }
            }
        }

        // One pass over the contacts, counted per pair.
        var ownTeam = Array(repeating: 0, count: count)
        var others = Array(repeating: 0, count: count)
        var allTime = Array(repeating: 0, count: count)
        var inWindow = Array(repeating: 0, count: count)
        var partner = Array(repeating: false, count: count)
        var partnerBodies: Set<EntityID> = []
        for organization in data.organizations where [.akimat, .atameken, .youthCentre].contains(organization.kind) {
            partnerBodies.insert(organization.id)
        }
        func tallyContacts(_ me: Int?, with other: Int?, _ otherID: EntityID, allTime n: Int, inWindow recent: Int) {
            guard let me, n > 0 else { return }
            allTime[me] += n
            if !partner[me], otherID.kind == .organization, partnerBodies.contains(otherID) { partner[me] = true }
            guard recent > 0 else { return }
            inWindow[me] += recent
            guard let other else { return }
            if isTeammate(other, of: me) { ownTeam[me] += recent } else { others[me] += recent }
        }
        try contacts { a, b, n, recent in
            guard a != b else { return }
            let x = slot(a), y = slot(b)
            tallyContacts(x, with: y, b, allTime: n, inWindow: recent)
            tallyContacts(y, with: x, a, allTime: n, inWindow: recent)
        }

        var roundTotals = Array(repeating: (alumni: 0, cross: 0), count: roundOrder.count)
        // One bit per activity kind, in `ActivityKind.allCases` order.
        var activityBits = Array(repeating: 0, count: count)
        let kinds = ActivityKind.allCases
        for activity in data.activities where activity.day <= now {
            if let me = slot(activity.person) { activityBits[me] |= 1 << kinds.firstIndex(of: activity.kind)! }
        }
        func has(_ me: Int, _ kind: ActivityKind) -> Bool { activityBits[me] & (1 << kinds.firstIndex(of: kind)!) != 0 }
        // Per kind of activity, tallied in an array and stored once (not 100k dictionary updates per kind).
        var activityShares = Array(repeating: Share(), count: kinds.count)
        for me in 0..<count {
            let often = (ownTeam[me] >= parameters.oftenThreshold, others[me] >= parameters.oftenThreshold)
            let sensitive = data.people[alumni[me]].sensitive
            func tally(_ shares: inout OftenShares) {
                shares.ownTeam.tally(often.0)
                shares.otherParticipants.tally(often.1)
            }
            func add(_ intensity: inout TieIntensity) {
                intensity.alumni += 1
                intensity.allTimeInteractions += allTime[me]
                intensity.windowInteractions += inWindow[me]
            }
            tally(&result.all)
            if sensitive.neet { tally(&result.neet) }
            if sensitive.vulnerable { tally(&result.vulnerable) }
            if latest[me].rank >= 0 { tally(&result.byFormat[roundOrder[latest[me].rank].format, default: .init()]) }
            if inTeam[me] {
                let role: TeamRole = leads[me] ? .leader : .member
                tally(&result.byTeamRole[role, default: .init()])
                add(&result.intensityByTeamRole[role, default: .init()])
            }
            if let status = latest[me].status {
                tally(&result.byStatus[status, default: .init()])
                add(&result.intensityByStatus[status, default: .init()])
            }
            for rank in rounds[me] {
                roundTotals[rank].alumni += 1
                roundTotals[rank].cross += others[me]
            }
            if let type = gazetteer.settlement(data.people[alumni[me]].settlement)?.type {
                let solves = has(me, .localProblemSolving)
                if type.isRural { result.localProblemSolvingRural.tally(solves) } else { result.localProblemSolvingUrban.tally(solves) }
            }
            for k in kinds.indices { activityShares[k].tally(activityBits[me] & (1 << k) != 0) }
            result.anyActivity.tally(activityBits[me] != 0)
            result.partnerContact.tally(partner[me])
        }
        if count > 0 { for (k, kind) in kinds.enumerated() { result.activities[kind] = activityShares[k] } }
        result.crossTeamByRound = roundOrder.enumerated().map { rank, round in
            RoundCrossTeam(round: round.id, format: round.format, alumni: roundTotals[rank].alumni,
                           crossTeamInteractions: roundTotals[rank].cross)
        }
        return result
    }
}
