import BailanysCore
import Foundation

public enum SuggestionKind: String, Hashable, Sendable, Codable {
    case reconnect, meet, partner
}

public struct NamedNode: Hashable, Sendable {
    public var id: EntityID
    public var name: String

    public init(id: EntityID, name: String) {
        self.id = id
        self.name = name
    }
}

/// Why something is suggested, as data: the UI words it in Kazakh, Russian or English.
/// Settlements, regions and themes are keys; titles are the initiatives' own titles.
public enum SuggestionReason: Hashable, Sendable {
    // Shared history (reconnect).
    case teamMates(initiative: EntityID, title: String, round: RoundRef?, settlement: String)
    /// The other person mentored your initiative.
    case yourMentor(initiative: EntityID?, title: String?)
    /// You mentored the other person's initiative.
    case yourMentee(initiative: EntityID?, title: String?)
    case sameCohort(round: RoundRef)
    /// Meetups, logged contacts and the like, counted.
    case sharedEvents(kind: TieEventKind, count: Int)
    case strengthFell(fractionOfPeak: Double)
    /// The last logged contact (nil: none was ever logged), as the directory and cards show it, with how long ago in
    /// whole calendar months and in days (a fast network's ties fade within weeks).
    case lastContact(day: Day?, monthsAgo: Int?, daysAgo: Int?)
    case leadsInitiative(initiative: EntityID, title: String)
    case initiativeContinues(initiative: EntityID, title: String)
    // Meet.
    /// Up to three mutual contacts are named, strongest first; `count` is all of them.
    case mutualContacts(count: Int, named: [NamedNode])
    case sameSettlement(settlement: String)
    case sameRegion(region: String)
    case sharedTheme(theme: String)
    case sameRound(round: RoundRef)
    /// An alumnus of an earlier round whose similar initiative continues nearby.
    case crossRoundExperience(initiative: EntityID, title: String, theme: String, round: RoundRef, distanceKm: Double)
    /// They keep in touch with many people (ties of any kind).
    case activeContacts(count: Int)
    /// They were in touch with someone lately (no date or name: that is about third parties).
    case activeLately
    // Partners.
    case helpedAlumniSharingTheme(count: Int, theme: String)
    case helpedAlumniInRegion(count: Int, region: String)
    case helpedAlumniOfRound(count: Int, round: RoundRef)
    case nearby(settlement: String, distanceKm: Double)
}

extension SuggestionReason {
    /// A stable name for the kind of reason, for JSON and for looking up its wording.
    public var code: String {
        switch self {
        case .teamMates: "teamMates"
        case .yourMentor: "yourMentor"
        case .yourMentee: "yourMentee"
        case .sameCohort: "sameCohort"
        case .sharedEvents: "sharedEvents"
        case .strengthFell: "strengthFell"
        case .lastContact: "lastContact"
        case .leadsInitiative: "leadsInitiative"
        case .initiativeContinues: "initiativeContinues"
        case .mutualContacts: "mutualContacts"
        case .sameSettlement: "sameSettlement"
        case .sameRegion: "sameRegion"
        case .sharedTheme: "sharedTheme"
        case .sameRound: "sameRound"
        case .crossRoundExperience: "crossRoundExperience"
        case .activeContacts: "activeContacts"
        case .activeLately: "activeLately"
        case .helpedAlumniSharingTheme: "helpedAlumniSharingTheme"
        case .helpedAlumniInRegion: "helpedAlumniInRegion"
        case .helpedAlumniOfRound: "helpedAlumniOfRound"
        case .nearby: "nearby"
        }
    }
}

public struct ScoredReason: Hashable, Sendable {
    public var reason: SuggestionReason
    /// This reason's part of the score, 0…1; a suggestion's shares sum to 1.
    public var share: Double
}

public struct Suggestion: Hashable, Sendable {
    public var kind: SuggestionKind
    /// The person or organisation suggested.
    public var subject: EntityID
    public var name: String
    public var score: Double
    /// Largest share first.
    public var reasons: [ScoredReason]
    /// Stable key for dismiss and snooze, e.g. "reconnect:P12:P40".
    public var key: String
    /// The tie between me and the subject at `now`, for reconnect suggestions.
    public var tie: TieState?
}

/// What the user already said about suggestions, and which of them the programme keeps back to measure uplift.
public struct SuggestionFeedback: Hashable, Sendable, Codable {
    public var dismissed: Set<String>
    /// Hidden while `now` is before the day.
    public var snoozedUntil: [String: Day]
    /// The share of new suggestions kept back as the comparison group (0 = none; docs/algorithms.md).
    public var holdoutShare: Double
    /// The arm each suggestion was first recorded in (true: kept back), so a change of share never moves one.
    public var recordedArms: [String: Bool]

    public init(dismissed: Set<String> = [], snoozedUntil: [String: Day] = [:], holdoutShare: Double = 0,
                recordedArms: [String: Bool] = [:]) {
        self.dismissed = dismissed
        self.snoozedUntil = snoozedUntil
        self.holdoutShare = holdoutShare
        self.recordedArms = recordedArms
    }

    /// Whether the suggestion is kept back from its person: its recorded arm, else its place in the hold-out.
    public func keepsBack(_ key: String) -> Bool {
        recordedArms[key] ?? Holdout.contains(key, share: holdoutShare)
    }

    public static let none = SuggestionFeedback()

    public func hides(_ key: String, at now: Day) -> Bool {
        if dismissed.contains(key) { return true }
        if let until = snoozedUntil[key] { return now < until }
        return false
    }
}

public struct SuggestionSet: Hashable, Sendable {
    public var reconnect: [Suggestion]
    public var meet: [Suggestion]
    public var partners: [Suggestion]
    /// Suggestions that ranked among those shown but were kept back (the hold-out), with the rank they would have
    /// had; the person never sees them, the uplift report compares them with the shown ones.
    public var heldOut: [RankedSuggestion] = []

    public init(reconnect: [Suggestion], meet: [Suggestion], partners: [Suggestion], heldOut: [RankedSuggestion] = []) {
        self.reconnect = reconnect
        self.meet = meet
        self.partners = partners
        self.heldOut = heldOut
    }

    public var all: [Suggestion] { reconnect + meet + partners }

    /// Every shown suggestion with its rank (1 = first of its kind).
    public var shown: [RankedSuggestion] {
        [reconnect, meet, partners].flatMap { list in list.enumerated().map { RankedSuggestion(suggestion: $0.element, rank: $0.offset + 1) } }
    }
}

public struct RankedSuggestion: Hashable, Sendable {
    public var suggestion: Suggestion
    /// Its place among the shown suggestions of its kind (for a kept-back one: the place it would have had).
    public var rank: Int
}

/// A fixed share of suggestion keys kept back from their person, so that contacts that follow shown suggestions
/// can be compared with contacts that follow equally good ones nobody saw. The choice hashes the key (FNV-1a), so
/// it is the same in every process and on every day, and does not depend on the score.
public enum Holdout {
    public static let maximumShare = 0.5

    public static func contains(_ key: String, share: Double) -> Bool {
        guard share > 0 else { return false }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Double(hash % 1_000_000) / 1_000_000 < share
    }
}

public enum Suggestions {
    public static func key(_ kind: SuggestionKind, me: EntityID, subject: EntityID) -> String {
        "\(kind.rawValue):\(me):\(subject)"
    }

    /// Suggestions for person `me` at `now`, at most `limit` of each kind, ordered by score desc then id asc.
    public static func compute(
        snapshot: GraphSnapshot, me: EntityID, now: Day, model: TieModel = .standard,
        feedback: SuggestionFeedback = .none, limit: Int = 10, weights: RankingWeights? = nil
    ) throws -> SuggestionSet {
        let context = SuggestionContext(snapshot: snapshot, me: try snapshot.personIndex(of: me), now: now, model: model,
                                        weights: weights ?? .handSet(model))
        var heldOut: [RankedSuggestion] = []
        // Best first; a kept-back suggestion takes no place, so the person still sees `limit` of each kind.
        func finish(_ list: [Suggestion]) -> [Suggestion] {
            var shown: [Suggestion] = []
            for s in list.sorted(by: { $0.score != $1.score ? $0.score > $1.score : $0.subject < $1.subject })
            where !feedback.hides(s.key, at: now) {
                guard shown.count < limit else { break }
                if feedback.keepsBack(s.key) {
                    heldOut.append(RankedSuggestion(suggestion: s, rank: shown.count + 1))
                } else {
                    shown.append(s)
                }
            }
            return shown
        }
        let reconnect = finish(context.reconnect())
        let meet = finish(context.meet(limit: limit, hides: { feedback.hides($0, at: now) }, keptBack: feedback.keepsBack))
        let partners = finish(context.partners())
        return SuggestionSet(reconnect: reconnect, meet: meet, partners: partners, heldOut: heldOut)
    }
}

/// Accumulates additive score terms per reason, then turns them into shares.
struct ReasonLedger {
    private var terms: [(reason: SuggestionReason, amount: Double)] = []

    mutating func add(_ reason: SuggestionReason, _ amount: Double) {
        guard amount > 0 else { return }
        if let i = terms.firstIndex(where: { $0.reason == reason }) {
            terms[i].amount += amount
        } else {
            terms.append((reason, amount))
        }
    }

    var total: Double { terms.reduce(0) { $0 + $1.amount } }

    /// Largest share first; ties keep the order terms were added, so output is deterministic.
    var shares: [ScoredReason] {
        let sum = total
        return terms.enumerated()
            .sorted { $0.element.amount != $1.element.amount ? $0.element.amount > $1.element.amount : $0.offset < $1.offset }
            .map { ScoredReason(reason: $0.element.reason, share: $0.element.amount / sum) }
    }
}

struct SuggestionContext {
    let snapshot: GraphSnapshot
    let me: Int
    let now: Day
    let model: TieModel
    let decay: DecayTable
    let myNode: GraphNode
    let reconnectWeights: SIMD16<Double>
    let meetWeights: SIMD16<Double>
    /// The evaluation and the learner need every feature; the suggestions skip those weighted 0.
    var computesAllFeatures = false
    /// `activeLately` of every node, when the caller scores many people's candidates at one `now` (the
    /// evaluation and the learner); nil computes it per candidate.
    var activeLatelyCache: [Double]?

    init(snapshot: GraphSnapshot, me: Int, now: Day, model: TieModel, weights: RankingWeights? = nil) {
        self.snapshot = snapshot
        self.me = me
        self.now = now
        self.model = model
        self.decay = DecayTable(model)
        self.myNode = snapshot.nodes[me]
        let w = weights ?? .handSet(model)
        reconnectWeights = Self.vector(w.reconnect)
        meetWeights = Self.vector(w.meet)
    }

    static func vector(_ values: [Double]) -> SIMD16<Double> {
        var v = SIMD16<Double>()
        for (i, x) in values.enumerated() { v[i] = x }
        return v
    }

    /// People who may be suggested or named: not me, a person, not opted out.
    func isSuggestable(_ i: Int) -> Bool {
        i != me && snapshot.profiles.suggestable[i]
    }

    func suggestion(_ kind: SuggestionKind, _ subject: Int, _ ledger: ReasonLedger, tie: TieState? = nil) -> Suggestion {
        let node = snapshot.nodes[subject]
        return Suggestion(kind: kind, subject: node.id, name: node.name, score: ledger.total, reasons: ledger.shares,
                          key: Suggestions.key(kind, me: myNode.id, subject: node.id), tie: tie)
    }

    // MARK: Reconnect

    /// One fading tie of mine, seen from my side: its state and features at `now`.
    struct FadingTie {
        var other: Int
        var edge: Int
        var state: TieState
        var features: SIMD16<Double>
    }

    /// My fading ties to suggestable people, with their features; the one list both the suggestions and the
    /// evaluation rank.
    func fadingTies() -> [FadingTie] {
        var result: [FadingTie] = []
        for slot in snapshot.adjacency(of: me) {
            let other = Int(snapshot.adjacentNodes[slot]), edge = Int(snapshot.adjacentEdges[slot])
            guard isSuggestable(other) else { continue }
            let state = snapshot.tieState(edge: edge, at: now, decay: decay)
            guard state.isFading(at: now, model: model), let last = state.lastContact else { continue }
            var x = SIMD16<Double>()
            x[ReconnectFeature.lostStrength.rawValue] = state.lostStrength
            x[ReconnectFeature.recency.rawValue] = exp2(-Double(now.days(since: last)) / model.interaction.halfLifeDays)
            x[ReconnectFeature.strength.rawValue] = state.strength
            x[ReconnectFeature.peak.rawValue] = state.peak
            x[ReconnectFeature.contacts.rawValue] = log1p(Double(state.eventCounts.wrappedSum()))
            x[ReconnectFeature.mentorship.rawValue] = state.eventCount(of: .mentorship) > 0 ? 1 : 0
            let otherNode = snapshot.nodes[other]
            x[ReconnectFeature.leader.rawValue] = otherNode.initiatives.contains { $0.teamRole == .leader } ? 1 : 0
            x[ReconnectFeature.continuing.rawValue] = otherNode.initiatives.contains { $0.status == .continuing } ? 1 : 0
            x[ReconnectFeature.otherActive.rawValue] = activeLately(other)
            result.append(FadingTie(other: other, edge: edge, state: state, features: x))
        }
        return result
    }

    func reconnect() -> [Suggestion] {
        fadingTies().map { tie in
            let (other, edge, state, x) = (tie.other, tie.edge, tie.state, tie.features)
            let w = reconnectWeights
            func term(_ f: ReconnectFeature) -> Double { w[f.rawValue] * x[f.rawValue] }
            var ledger = ReasonLedger()
            let peakKinds = TieEventKind.allCases.filter { state.peakContribution(of: $0) > 0 }
            // Lost strength: half explains what the tie was (split by each kind's part of the peak), half how far
            // it faded. Peak: what the tie was. Contacts: split by each kind's count of events.
            let lost = term(.lostStrength), peak = term(.peak), contacts = term(.contacts)
            for kind in peakKinds {
                let amount = (lost / 2 + peak) * state.peakContribution(of: kind) / state.peak
                ledger.add(historyReason(kind, edge: edge, other: other, state: state), amount)
            }
            let events = Double(state.eventCounts.wrappedSum())
            for kind in TieEventKind.allCases where state.eventCount(of: kind) > 0 {
                ledger.add(historyReason(kind, edge: edge, other: other, state: state),
                           contacts * Double(state.eventCount(of: kind)) / events)
            }
            ledger.add(.strengthFell(fractionOfPeak: state.fractionOfPeak), lost / 4 + term(.strength))
            // Recency is scored from the tie's last event; people are shown the last logged contact.
            let logged = state.lastLoggedContact
            ledger.add(.lastContact(day: logged, monthsAgo: logged.map { now.wholeMonths(since: $0) },
                                    daysAgo: logged.map { now.days(since: $0) }),
                       lost / 4 + term(.recency))
            if x[ReconnectFeature.mentorship.rawValue] > 0 {
                ledger.add(historyReason(.mentorship, edge: edge, other: other, state: state), term(.mentorship))
            }
            let otherNode = snapshot.nodes[other]
            if let led = latest(otherNode.initiatives.filter { $0.teamRole == .leader }) {
                ledger.add(.leadsInitiative(initiative: led.initiative, title: led.title), term(.leader))
            }
            if let going = latest(otherNode.initiatives.filter { $0.status == .continuing }) {
                ledger.add(.initiativeContinues(initiative: going.initiative, title: going.title), term(.continuing))
            }
            ledger.add(.activeLately, term(.otherActive))
            return suggestion(.reconnect, other, ledger, tie: state)
        }
    }

    /// The most recent initiative by round start, then id, so the reason names the freshest one.
    func latest(_ list: [InitiativeMembership]) -> InitiativeMembership? {
        list.max { a, b in
            let sa = snapshot.roundsByID[a.round]?.start.ordinal ?? .min
            let sb = snapshot.roundsByID[b.round]?.start.ordinal ?? .min
            return sa != sb ? sa < sb : a.initiative < b.initiative
        }
    }

    /// The most recent context of a given kind on the edge (events are day-sorted, so the last wins).
    func lastContext(_ kind: TieEventKind, edge: Int) -> (context: TieContext?, mentor: Int)? {
        var found: (TieContext?, Int)?
        for i in snapshot.events(of: edge) where snapshot.eventDays[i] <= Int32(now.ordinal) && snapshot.kind(ofEvent: i) == kind {
            found = (snapshot.context(ofEvent: i), snapshot.firstEndpoint(ofEvent: i, edge: edge))
        }
        return found
    }

    func membership(_ initiative: EntityID?, of people: [Int]) -> InitiativeMembership? {
        guard let initiative else { return nil }
        for p in people {
            if let m = snapshot.nodes[p].initiatives.first(where: { $0.initiative == initiative }) { return m }
        }
        return nil
    }

    func historyReason(_ kind: TieEventKind, edge: Int, other: Int, state: TieState) -> SuggestionReason {
        let fallback = SuggestionReason.sharedEvents(kind: kind, count: state.eventCount(of: kind))
        switch kind {
        case .team:
            let shared = lastContext(.team, edge: edge)?.context?.initiative
                ?? myNode.initiatives.first { mine in snapshot.nodes[other].initiatives.contains { $0.initiative == mine.initiative } }?.initiative
            guard let m = membership(shared, of: [me, other]) else { return fallback }
            return .teamMates(initiative: m.initiative, title: m.title, round: snapshot.roundsByID[m.round],
                              settlement: m.settlement)
        case .mentorship:
            guard let (context, mentor) = lastContext(.mentorship, edge: edge) else { return fallback }
            let mentee = mentor == me ? other : me
            let m = membership(context?.initiative, of: [mentee])
            let initiative = context?.initiative
            return mentor == me ? .yourMentee(initiative: initiative, title: m?.title)
                : .yourMentor(initiative: initiative, title: m?.title)
        case .cohort:
            guard let id = lastContext(.cohort, edge: edge)?.context?.round, let round = snapshot.roundsByID[id] else {
                return fallback
            }
            return .sameCohort(round: round)
        case .meetup, .interaction, .organization:
            return fallback
        }
    }

    // MARK: Meet

    /// Current strengths of a node's ties to suggestable-or-me people, computed once per node.
    func personTies(of node: Int) -> [(other: Int, strength: Double)] {
        snapshot.adjacency(of: node).compactMap { slot in
            let other = Int(snapshot.adjacentNodes[slot])
            guard other == me || isSuggestable(other) else { return nil }
            let s = snapshot.tieState(edge: Int(snapshot.adjacentEdges[slot]), at: now, decay: decay).strength
            return s > 0 ? (other, s) : nil
        }
    }

    func hasTieWithMe(_ other: Int) -> Bool {
        guard let e = snapshot.edge(between: me, other) else { return false }
        return snapshot.existed(edge: e, at: now)
    }

    /// What links me to a candidate beyond our attributes: mutual contacts and cross-round experience.
    struct MeetEvidence {
        var paths: [(via: Int, amount: Double)] = []
        /// Σ over the paths' contacts of 1 / their number of current ties to people.
        var allocation = 0.0
        var crossRound: (reason: SuggestionReason, factor: Double)?
    }

    /// Weighted resource allocation: each mutual contact w passes min(s(me,w), s(w,c)) / D(w) to c, where D(w)
    /// is w's strength-degree over people; plus cross-round candidates.
    func meetEvidence() -> [Int: MeetEvidence] {
        var evidence: [Int: MeetEvidence] = [:]
        for (w, myStrength) in personTies(of: me) {
            let ties = personTies(of: w)
            let strengthDegree = ties.reduce(0) { $0 + $1.strength }
            for (candidate, theirStrength) in ties where candidate != me && !hasTieWithMe(candidate) {
                evidence[candidate, default: MeetEvidence()].paths.append((w, min(myStrength, theirStrength) / strengthDegree))
                evidence[candidate]!.allocation += 1 / Double(ties.count)
            }
        }
        for (candidate, found) in crossRoundCandidates() { evidence[candidate, default: MeetEvidence()].crossRound = found }
        return evidence
    }

    /// Every meet feature of a candidate (a person I have no tie with), given the evidence found for them.
    func meetFeatures(_ candidate: Int, _ evidence: MeetEvidence?) -> SIMD16<Double> {
        var x = SIMD16<Double>()
        let profiles = snapshot.profiles
        if let evidence {
            x[MeetFeature.mutualStrength.rawValue] = evidence.paths.reduce(0) { $0 + $1.amount }
            x[MeetFeature.mutualCount.rawValue] = log1p(Double(evidence.paths.count))
            x[MeetFeature.mutualAllocation.rawValue] = evidence.allocation
            x[MeetFeature.crossRound.rawValue] = evidence.crossRound?.factor ?? 0
        }
        if profiles.settlement[candidate] == profiles.settlement[me] {
            x[MeetFeature.sameSettlement.rawValue] = 1
        } else if profiles.region[candidate] == profiles.region[me] {
            x[MeetFeature.sameRegion.rawValue] = 1
        }
        if Self.intersects(profiles.themeIndices, profiles.themes(of: me), profiles.themes(of: candidate)) {
            x[MeetFeature.sharedTheme.rawValue] = 1
        }
        let mine = profiles.rounds(of: me), theirs = profiles.rounds(of: candidate)
        if Self.intersects(profiles.roundIndices, mine, theirs) { x[MeetFeature.sameRound.rawValue] = 1 }
        if let a = mine.last, let b = theirs.last, profiles.roundIndices[a] == profiles.roundIndices[b] {
            x[MeetFeature.sameLatestRound.rawValue] = 1
        }
        x[MeetFeature.activity.rawValue] = log1p(Double(snapshot.adjacency(of: candidate).count))
            + log1p(Double(snapshot.adjacency(of: me).count))
        if meetWeights[MeetFeature.active.rawValue] != 0 || computesAllFeatures {
            x[MeetFeature.active.rawValue] = activeLately(candidate)
        }
        return x
    }

    /// 2^(−days since the node's last event with anyone, up to `now` / interaction half-life); 0 with no event.
    func activeLately(_ node: Int) -> Double {
        if let activeLatelyCache { return activeLatelyCache[node] }
        var last = Int32.min
        let limit = Int32(now.ordinal)
        for slot in snapshot.adjacency(of: node) {
            let range = snapshot.events(of: Int(snapshot.adjacentEdges[slot]))
            var i = range.upperBound - 1
            while i >= range.lowerBound, snapshot.eventDays[i] > limit { i -= 1 }
            if i >= range.lowerBound, snapshot.eventDays[i] > last { last = snapshot.eventDays[i] }
        }
        guard last > Int32.min else { return 0 }
        return exp2(-Double(limit - last) / model.interaction.halfLifeDays)
    }

    /// Two ascending index lists share a value.
    static func intersects(_ values: [Int32], _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound, j < b.upperBound {
            if values[i] == values[j] { return true }
            if values[i] < values[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// Candidates: people reached through a mutual contact or by cross-round experience, and, when their
    /// weights count, people of my settlement and of my latest round (attributes alone reach them).
    func meetCandidates(_ evidence: [Int: MeetEvidence]) -> [Int] {
        var candidates = Set(evidence.keys)
        let profiles = snapshot.profiles
        let bySettlement = meetWeights[MeetFeature.sameSettlement.rawValue] > 0
        let byRound = meetWeights[MeetFeature.sameLatestRound.rawValue] > 0 || meetWeights[MeetFeature.sameRound.rawValue] > 0
        let myLatest = profiles.rounds(of: me).last.map { profiles.roundIndices[$0] }
        var reached: [Int32] = []
        if bySettlement { reached += profiles.people(inSettlement: profiles.settlement[me]) }
        if byRound, let myLatest { reached += profiles.people(inRound: myLatest) }
        for c in reached.lazy.map(Int.init) where isSuggestable(c) && !candidates.contains(c) && !hasTieWithMe(c) {
            candidates.insert(c)
        }
        return candidates.sorted()
    }

    /// The score `meetSuggestion` will give: the ledger's terms in the ledger's order, so the two are equal.
    func meetScore(_ x: SIMD16<Double>) -> Double {
        let w = meetWeights
        func term(_ f: MeetFeature) -> Double { w[f.rawValue] * x[f.rawValue] }
        var total = 0.0
        for amount in [term(.mutualStrength) + term(.mutualCount) + term(.mutualAllocation), term(.sameSettlement), term(.sameRegion),
                       term(.sharedTheme), term(.sameRound) + term(.sameLatestRound), term(.crossRound),
                       term(.activity), term(.active)] where amount > 0 {
            total += amount
        }
        return total
    }

    /// The best `limit` meet suggestions not hidden by `hides`, best first, and those of them `keptBack` (which
    /// take no place in the limit). Every candidate is scored; the reasons are built only for those returned (a
    /// city can hold thousands of candidates).
    func meet(limit: Int = .max, hides: (String) -> Bool = { _ in false }, keptBack: (String) -> Bool = { _ in false }) -> [Suggestion] {
        let evidence = meetEvidence()
        var scored: [(candidate: Int, x: SIMD16<Double>, score: Double)] = []
        for candidate in meetCandidates(evidence) {
            let x = meetFeatures(candidate, evidence[candidate])
            let score = meetScore(x)
            if score > 0 { scored.append((candidate, x, score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.candidate < $1.candidate }
        var result: [Suggestion] = []
        var shown = 0
        for item in scored {
            guard shown < limit else { break }
            let key = Suggestions.key(.meet, me: myNode.id, subject: snapshot.nodes[item.candidate].id)
            guard !hides(key) else { continue }
            let suggestion = meetSuggestion(item.candidate, item.x, evidence[item.candidate])
            assert(suggestion.score == item.score, "meet score and its reasons disagree")
            result.append(suggestion)
            if !keptBack(key) { shown += 1 }
        }
        return result
    }

    func meetSuggestion(_ candidate: Int, _ x: SIMD16<Double>, _ found: MeetEvidence?) -> Suggestion {
        let w = meetWeights
        func term(_ f: MeetFeature) -> Double { w[f.rawValue] * x[f.rawValue] }
        var ledger = ReasonLedger()
        if let paths = found?.paths, !paths.isEmpty {
            let named = paths.sorted { $0.amount != $1.amount ? $0.amount > $1.amount : $0.via < $1.via }
                .prefix(3).map { NamedNode(id: snapshot.nodes[$0.via].id, name: snapshot.nodes[$0.via].name) }
            ledger.add(.mutualContacts(count: paths.count, named: named),
                       term(.mutualStrength) + term(.mutualCount) + term(.mutualAllocation))
        }
        let other = snapshot.nodes[candidate]
        ledger.add(.sameSettlement(settlement: other.settlement), term(.sameSettlement))
        ledger.add(.sameRegion(region: other.region), term(.sameRegion))
        if x[MeetFeature.sharedTheme.rawValue] > 0 {
            let theirThemes = Set(other.initiatives.map(\.theme))
            if let theme = Set(myNode.initiatives.map(\.theme)).intersection(theirThemes).min() {
                ledger.add(.sharedTheme(theme: theme), term(.sharedTheme))
            }
        }
        let theirRounds = Set(other.rounds.map(\.id))
        if let round = myNode.rounds.filter({ theirRounds.contains($0.id) }).max(by: { $0.start < $1.start }) {
            // The latest shared round is our latest round whenever sameLatestRound holds.
            ledger.add(.sameRound(round: round), term(.sameRound) + term(.sameLatestRound))
        }
        if let crossRound = found?.crossRound { ledger.add(crossRound.reason, term(.crossRound)) }
        ledger.add(.activeContacts(count: snapshot.adjacency(of: candidate).count), term(.activity))
        ledger.add(.activeLately, term(.active))
        return suggestion(.meet, candidate, ledger)
    }

    /// For my initiatives in recent rounds: alumni of earlier rounds, within the radius, whose
    /// same-theme initiative continues. The factor shrinks linearly to half at the radius.
    func crossRoundCandidates() -> [Int: (reason: SuggestionReason, factor: Double)] {
        var found: [Int: (reason: SuggestionReason, factor: Double)] = [:]
        for mine in myNode.initiatives {
            guard let myRound = snapshot.roundsByID[mine.round], myRound.start <= now,
                  now.days(since: myRound.start) <= model.newTeamWindowDays else { continue }
            for c in snapshot.continuingByTheme[mine.theme] ?? [] {
                let candidate = Int(c)
                guard isSuggestable(candidate), !hasTieWithMe(candidate) else { continue }
                let other = snapshot.nodes[candidate]
                let distance = Geography.distanceKm(myNode, other)
                guard distance <= model.crossRoundRadiusKm else { continue }
                let earlier = other.initiatives.filter { theirs in
                    guard theirs.status == .continuing, theirs.theme == mine.theme,
                          let round = snapshot.roundsByID[theirs.round] else { return false }
                    return round.start < myRound.start
                }
                guard let best = latest(earlier), let round = snapshot.roundsByID[best.round] else { continue }
                let factor = 1 - 0.5 * distance / model.crossRoundRadiusKm
                if let existing = found[candidate], existing.factor >= factor { continue }
                found[candidate] = (.crossRoundExperience(initiative: best.initiative, title: best.title, theme: best.theme,
                                                          round: round, distanceKm: distance), factor)
            }
        }
        return found
    }

    // MARK: Partners

    func partners() -> [Suggestion] {
        // Alumni like me share a theme, my region or a round; opted-out people do not contribute.
        // Scanning organisations' ties is cheaper than scanning everyone alike, who can be a quarter of the
        // network; themes, rounds and regions are compared as the snapshot's small integers.
        let profiles = snapshot.profiles
        let myThemes = profiles.themes(of: me).map { profiles.themeIndices[$0] }
        let myRounds = profiles.rounds(of: me).map { profiles.roundIndices[$0] }
        let myRegion = profiles.region[me]
        struct Help {
            var theme = 0.0, region = 0.0, round = 0.0
            var regionCount = 0
            /// Counts per position in myThemes / myRounds.
            var themeCounts: [Int], roundCounts: [Int]
        }
        var help: [Int: Help] = [:]
        var h = Help(themeCounts: Array(repeating: 0, count: myThemes.count), roundCounts: Array(repeating: 0, count: myRounds.count))
        for o in snapshot.organizations {
            let org = Int(o)
            h.theme = 0; h.region = 0; h.round = 0; h.regionCount = 0
            for k in h.themeCounts.indices { h.themeCounts[k] = 0 }
            for k in h.roundCounts.indices { h.roundCounts[k] = 0 }
            for slot in snapshot.adjacency(of: org) {
                let p = Int(snapshot.adjacentNodes[slot])
                guard isSuggestable(p) else { continue }
                // Their alphabetically first theme shared with me, and their latest round shared with me.
                let theme = profiles.themes(of: p).lazy.compactMap { myThemes.firstIndex(of: profiles.themeIndices[$0]) }.first
                let sameRegion = profiles.region[p] == myRegion
                let round = profiles.rounds(of: p).reversed().lazy.compactMap { myRounds.firstIndex(of: profiles.roundIndices[$0]) }.first
                guard theme != nil || sameRegion || round != nil else { continue }
                let peak = snapshot.tieState(edge: Int(snapshot.adjacentEdges[slot]), at: now, decay: decay).peak
                guard peak > 0 else { continue }
                if let theme {
                    h.theme += peak * model.partnerThemeWeight
                    h.themeCounts[theme] += 1
                }
                if sameRegion {
                    h.region += peak * model.partnerRegionWeight
                    h.regionCount += 1
                }
                if let round {
                    h.round += peak * model.partnerRoundWeight
                    h.roundCounts[round] += 1
                }
            }
            if h.theme + h.region + h.round > 0 { help[org] = h }
        }

        var result: [Suggestion] = []
        for (org, h) in help {
            if let e = snapshot.edge(between: me, org),
               snapshot.tieState(edge: e, at: now, decay: decay).isLive(model: model) { continue }
            var ledger = ReasonLedger()
            // The most helped theme, alphabetically first on a tie; the most helped round, lowest id on a tie.
            if let best = h.themeCounts.indices.filter({ h.themeCounts[$0] > 0 })
                .max(by: { h.themeCounts[$0] != h.themeCounts[$1] ? h.themeCounts[$0] < h.themeCounts[$1] : $0 > $1 }) {
                ledger.add(.helpedAlumniSharingTheme(count: h.themeCounts[best], theme: profiles.themes[Int(myThemes[best])]), h.theme)
            }
            if h.regionCount > 0 { ledger.add(.helpedAlumniInRegion(count: h.regionCount, region: myNode.region), h.region) }
            if let best = h.roundCounts.indices.filter({ h.roundCounts[$0] > 0 }).max(by: { a, b in
                let (x, y) = (profiles.rounds[Int(myRounds[a])], profiles.rounds[Int(myRounds[b])])
                return h.roundCounts[a] != h.roundCounts[b] ? h.roundCounts[a] < h.roundCounts[b] : x.id > y.id
            }) {
                ledger.add(.helpedAlumniOfRound(count: h.roundCounts[best], round: profiles.rounds[Int(myRounds[best])]), h.round)
            }
            let orgNode = snapshot.nodes[org]
            let distance = Geography.distanceKm(myNode, orgNode)
            let proximity = exp2(-distance / model.partnerDistanceScaleKm)
            ledger.add(.nearby(settlement: orgNode.settlement, distanceKm: distance),
                       model.partnerNearbyWeight * proximity * (h.theme + h.region + h.round))
            result.append(suggestion(.partner, org, ledger))
        }
        return result
    }
}
